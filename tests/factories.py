"""Small builders for the page tree used across tests. Pages are published through revisions,
as the admin does, so the search index and first_published_at are set for real."""

import datetime
import io
import itertools

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Site

from home.models import (
    ArticleIndexPage,
    ArticlePage,
    NoticeIndexPage,
    NoticePage,
    SectionPage,
    StandardPage,
)

_counter = itertools.count(1)


def home_page():
    return Site.objects.get(is_default_site=True).root_page.specific


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def article_index(**fields):
    fields.setdefault("title", "廉政文化")
    fields.setdefault("slug", "articles")
    fields.setdefault("show_in_menus", True)
    return publish(home_page(), ArticleIndexPage(**fields))


def notice_index(**fields):
    fields.setdefault("title", "通知公告")
    fields.setdefault("slug", "notices")
    fields.setdefault("show_in_menus", True)
    return publish(home_page(), NoticeIndexPage(**fields))


def article(index, title=None, body_text="", tags=(), **fields):
    number = next(_counter)
    fields.setdefault("slug", f"article-{number}")
    fields.setdefault("date", datetime.date(2026, 11, 1))
    if body_text:
        fields["body"] = [("paragraph", f"<p>{body_text}</p>")]
    page = ArticlePage(title=title or f"文章{number}", **fields)
    for tag in tags:
        page.tags.add(tag)
    return publish(index, page)


def notice(index, title=None, **fields):
    number = next(_counter)
    fields.setdefault("slug", f"notice-{number}")
    return publish(index, NoticePage(title=title or f"通知{number}", **fields))


def standard_page(parent=None, title="关于我们", **fields):
    fields.setdefault("slug", f"page-{next(_counter)}")
    return publish(parent or home_page(), StandardPage(title=title, **fields))


def section_page(title="活动报名", slug="events", **fields):
    return publish(home_page(), SectionPage(title=title, slug=slug, **fields))


def image(title="封面"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 200), (140, 28, 19)).save(buffer, "JPEG")
    return get_image_model().objects.create(
        title=title,
        description=f"{title}的说明文字",
        file=ImageFile(buffer, name=f"img-{next(_counter)}.jpg"),
    )
