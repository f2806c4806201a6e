"""A data set at scale for `manage.py load_scale_data`: many pages and records, made fast.

The text is the demo's own Chinese, cut into sentences and recombined with a seeded random
generator, so searches meet running text of realistic length: COMMON_WORD (廉政) stands in most
articles, RARE_WORD in a handful. Pages are added in bulk: tree paths are worked out here, the
page rows and their type's rows are inserted in batches, and the search index is filled in one
pass per page type (no revisions; each page is live as the admin would leave it).

Other apps register a function (home, rng, factor, today) -> {label: count} under SCALE_HOOK
to add their own records, as they do for the demo under home.demo.DEMO_HOOK.
"""

import inspect
import re
from datetime import timedelta

from django.db import connection
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from . import demo, demo_articles
from .demo import heading, paragraph, published_at
from .models import ArticleIndexPage, ArticlePage, NoticeIndexPage, NoticePage

SCALE_HOOK = "qingfeng_load_scale"

# Every slug the data set creates starts with this, so a second run can tell it is there.
SLUG_PREFIX = "scale-"

ARTICLES = 10_000
NOTICES = 2_000

COMMON_WORD = "廉政"
# A phrase no demo text uses; about one article in a thousand carries it.
RARE_WORD = "清风徐来"
RARE_SENTENCE = "傍晚的小广场上清风徐来，几位老党员围坐在一起，讲起了当年的老规矩。"

_SENTENCE_RE = re.compile(r"[\u4e00-\u9fff“][^\"'\n<>{}\\]*?[。！？]")
BATCH = 500


class Text:
    """Sentences taken from the source of the given demo modules, recombined at random."""

    def __init__(self, rng, *modules):
        found = []
        for module in modules:
            found.extend(_SENTENCE_RE.findall(inspect.getsource(module)))
        sentences = sorted({s for s in found if 8 <= len(s) <= 120 and RARE_WORD not in s})
        self.rng = rng
        self.common = [s for s in sentences if COMMON_WORD in s]
        self.other = [s for s in sentences if COMMON_WORD not in s]
        self.titles = sorted({s.rstrip("。！？")[:28] for s in sentences if len(s) <= 40})

    def sentences(self, count, common=False):
        picked = self.rng.sample(self.other, min(count, len(self.other)))
        if common and self.common:
            picked[0] = self.rng.choice(self.common)
        return picked

    def paragraph(self, count=4, common=False):
        return "".join(self.sentences(count, common))

    def title(self):
        return self.rng.choice(self.titles)

    def body(self, paragraphs=3, common=False, rare=False):
        blocks = [heading(self.title())]
        for n in range(paragraphs):
            text = self.paragraph(self.rng.randint(3, 6), common=common and n == 0)
            if rare and n == paragraphs - 1:
                text += RARE_SENTENCE
            blocks.append(paragraph(f"<p>{text}</p>"))
        return blocks


def scaled(count, factor):
    """``count`` at ``factor`` of full size, at least one."""
    return max(1, round(count * factor))


def add_pages(parent, pages, search_index=True):
    """Add ``pages`` (unsaved instances of one page type) as the last children of ``parent``,
    live, in bulk, and (unless told not to) index them for search. Returns the pages, saved."""
    if not pages:
        return pages
    model = type(pages[0])
    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    depth = parent.depth + 1
    for page in pages:
        step += 1
        page.path = Page._get_path(parent.path, depth, step)
        page.depth = depth
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.live = True
        page.has_unpublished_changes = False
        page.draft_title = page.title
        page.content_type_id = _content_type_id(model)
        page.last_published_at = page.latest_revision_created_at = page.first_published_at
    page_fields = [f.attname for f in Page._meta.concrete_fields if not f.primary_key]
    local_fields = model._meta.local_concrete_fields
    for start in range(0, len(pages), BATCH):
        chunk = pages[start : start + BATCH]
        rows = Page.objects.bulk_create(
            [Page(**{name: getattr(page, name) for name in page_fields}) for page in chunk]
        )
        for page, row in zip(chunk, rows, strict=True):
            page.id = page.page_ptr_id = row.pk
            page._state.adding = False
        model._base_manager._insert(chunk, fields=local_fields, using=connection.alias)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
    if search_index:
        index_pages(model, pages)
    return pages


def index_pages(model, pages):
    """The search index entries for ``pages``, written in batches."""
    backend = get_search_backend()
    for start in range(0, len(pages), BATCH):
        backend.add_bulk(model, pages[start : start + BATCH])


def _content_type_id(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk


def spread(rng, today, days, count):
    """``count`` days within the ``days`` before ``today``, newest first."""
    return sorted((today - timedelta(days=rng.randrange(days)) for _ in range(count)), reverse=True)


def load(*, home, rng, factor, today):
    """10,000 articles and 2,000 notices (at ``factor``); returns counts by label."""
    text = Text(rng, demo, demo_articles)
    article_index = ArticleIndexPage.objects.child_of(home).first()
    notice_index = NoticeIndexPage.objects.child_of(home).first()
    counts = {}
    if article_index is not None:
        total = scaled(ARTICLES, factor)
        rare_every = max(1, min(total, 1000))
        articles = []
        for n, day in enumerate(spread(rng, today, 3650, total)):
            articles.append(
                ArticlePage(
                    title=text.title(),
                    slug=f"{SLUG_PREFIX}{n + 1}",
                    first_published_at=published_at(day),
                    date=day,
                    intro=text.paragraph(2),
                    # Nine articles in ten speak of 廉政 at least once.
                    body=text.body(
                        rng.randint(2, 4), common=rng.random() < 0.9, rare=n % rare_every == 7
                    ),
                    source="清风社区",
                    author=rng.choice(["社区党支部", "社区居委会", "社区纪检委员", "宣传小组"]),
                )
            )
        counts["文章"] = len(add_pages(article_index, articles))
    if notice_index is not None:
        total = scaled(NOTICES, factor)
        notices = []
        for n, day in enumerate(spread(rng, today, 1825, total)):
            notices.append(
                NoticePage(
                    title=text.title(),
                    slug=f"{SLUG_PREFIX}{n + 1}",
                    first_published_at=published_at(day),
                    date=day,
                    intro=text.paragraph(1),
                    body=text.body(1, common=rng.random() < 0.5),
                    issuer=rng.choice(["清风社区党支部", "清风社区居委会", "社区纪检委员"]),
                )
            )
        counts["通知公告"] = len(add_pages(notice_index, notices))
    return counts


def already_loaded():
    return Page.objects.filter(slug__startswith=SLUG_PREFIX).exists()
