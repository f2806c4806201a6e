"""Page types: where they may be created, what they show."""

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import (
    ArticleIndexPage,
    ArticlePage,
    HomePage,
    NoticeIndexPage,
    NoticePage,
    SectionPage,
    StandardPage,
)
from tests import factories


class PageTreeRulesTest(WagtailPageTestCase):
    def test_parents_and_children(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(ArticleIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(ArticlePage, {ArticleIndexPage})
        self.assertAllowedParentPageTypes(NoticeIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(NoticePage, {NoticeIndexPage})
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedParentPageTypes(SectionPage, {HomePage})
        self.assertAllowedSubpageTypes(ArticlePage, set())
        self.assertAllowedSubpageTypes(NoticePage, set())

    def test_only_one_home_page(self):
        root = Page.objects.get(depth=1)
        self.assertFalse(HomePage.can_create_at(root))

    def test_one_article_index_per_home(self):
        factories.article_index()
        self.assertFalse(ArticleIndexPage.can_create_at(factories.home_page()))


def text_of(response):
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


@pytest.mark.django_db
def test_home_shows_pinned_notices_first_and_latest_articles(client):
    articles = factories.article_index()
    notices = factories.notice_index()
    factories.notice(notices, title="普通通知", date=datetime.date(2026, 11, 20))
    factories.notice(notices, title="置顶通知", pinned=True, date=datetime.date(2026, 1, 1))
    for day in range(1, 8):
        factories.article(articles, title=f"第{day}篇文章", date=datetime.date(2026, 10, day))

    response = client.get("/")
    assert response.status_code == 200
    text = text_of(response)
    assert text.index("置顶通知") < text.index("普通通知")
    assert "置顶" in text
    shown = re.findall(r"第\d篇文章", text)
    assert shown == ["第7篇文章", "第6篇文章", "第5篇文章", "第4篇文章", "第3篇文章"]


@pytest.mark.django_db
def test_article_page_shows_date_source_tags_and_related(client):
    index = factories.article_index()
    cover = factories.image("社区宣传栏")
    first = factories.article(
        index,
        title="三不放过",
        date=datetime.date(2026, 11, 27),
        source="清风社区",
        author="社区居委会",
        tags=["信访工作"],
        image=cover,
        body=[
            ("heading", {"text": "什么是三不放过", "size": "h2"}),
            ("quote", {"text": "问题不查清不放过", "attribution": "工作要求"}),
            (
                "table",
                {"data": [["项目", "状态"], ["回访", "完成"]], "first_row_is_table_header": True},
            ),
        ],
    )
    factories.article(index, title="信访接待日", tags=["信访工作"])
    factories.article(index, title="无关文章", tags=["党建"])

    response = client.get(first.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "2026年11月27日（星期五）" in html
    assert "来源：清风社区" in html
    assert '<th scope="col">项目</th>' in html
    assert "问题不查清不放过" in html
    assert 'alt="社区宣传栏的说明文字"' in html
    assert '<meta property="og:image"' in html
    assert [a.title for a in response.context["related_articles"]] == ["信访接待日"]
    assert "?tag=%E4%BF%A1%E8%AE%BF%E5%B7%A5%E4%BD%9C" in html


@pytest.mark.django_db
def test_related_articles_are_the_editors_choice_in_its_order_else_the_newest_sharing_a_tag(
    client,
):
    from home.models import ArticleRelatedLink

    index = factories.article_index()
    article = factories.article(index, title="廉洁家风", tags=["家风"])
    for number, day in enumerate((3, 9, 6, 1)):
        factories.article(
            index, title=f"家风故事{number}", tags=["家风"], date=datetime.date(2026, 11, day)
        )
    newest = ["家风故事1", "家风故事2", "家风故事0"]
    assert [a.title for a in client.get(article.url).context["related_articles"]] == newest

    chosen = [factories.article(index, title=title, tags=["党建"]) for title in ("乙", "甲")]
    withdrawn = factories.article(index, title="已撤下")
    for order, page in enumerate([chosen[0], withdrawn, chosen[1]]):
        ArticleRelatedLink.objects.create(page=article, article=page, sort_order=order)
    withdrawn.unpublish()
    # Only the live ones the editor chose, in the editor's order, none sharing a tag besides.
    assert [a.title for a in client.get(article.url).context["related_articles"]] == ["乙", "甲"]


@pytest.mark.django_db
def test_article_index_filters_by_tag_and_paginates(client):
    index = factories.article_index()
    for number in range(12):
        factories.article(index, title=f"党建{number}", tags=["党建"])
    factories.article(index, title="信访一篇", tags=["信访工作"])

    response = client.get(index.url)
    assert len(response.context["articles"].object_list) == 10
    assert response.context["articles"].paginator.num_pages == 2

    response = client.get(index.url, {"tag": "信访工作"})
    assert [a.title for a in response.context["articles"]] == ["信访一篇"]

    response = client.get(index.url, {"tag": "党建", "page": 2})
    assert len(response.context["articles"].object_list) == 2
    assert "tag=%E5%85%9A%E5%BB%BA&amp;page=1" in response.content.decode()


@pytest.mark.django_db
def test_notice_window_states(client):
    index = factories.notice_index()
    today = timezone.localdate()
    active = factories.notice(
        index,
        title="公示中的通知",
        notice_start=today - datetime.timedelta(days=2),
        notice_end=today + datetime.timedelta(days=4),
    )
    ended = factories.notice(
        index,
        title="已结束的公示",
        notice_start=today - datetime.timedelta(days=20),
        notice_end=today - datetime.timedelta(days=13),
    )
    assert active.notice_window == {"state": "active", "days": 5}
    assert ended.notice_window["state"] == "ended"

    assert "公示中，还剩 5 天" in text_of(client.get(active.url))
    assert "公示已结束" in text_of(client.get(ended.url))
    listing = text_of(client.get(index.url))
    assert "公示中，还剩 5 天" in listing and "公示已结束" in listing


@pytest.mark.django_db
def test_notice_window_must_be_complete_and_ordered():
    from django.core.exceptions import ValidationError

    notice = NoticePage(title="x", slug="x", notice_start=datetime.date(2026, 5, 2))
    with pytest.raises(ValidationError):
        notice.clean()
    notice.notice_end = datetime.date(2026, 5, 1)
    with pytest.raises(ValidationError):
        notice.clean()


@pytest.mark.django_db
def test_section_page_says_nothing_here_yet(client):
    page = factories.section_page()
    response = client.get(page.url)
    assert response.status_code == 200
    assert "暂无内容" in text_of(response)


@pytest.mark.django_db
def test_menu_and_breadcrumbs(client):
    index = factories.article_index()
    article = factories.article(index, title="面包屑文章")
    html = client.get(article.url).content.decode()
    nav = html[
        html.index('class="main-nav"') : html.index("</nav>", html.index('class="main-nav"'))
    ]
    assert '<a href="/articles/" aria-current="page">廉政文化</a>' in nav
    crumbs = html[html.index('class="breadcrumbs"') :]
    assert crumbs.index("首页") < crumbs.index("廉政文化") < crumbs.index("面包屑文章")


@pytest.mark.django_db
def test_every_page_links_the_feed_and_the_stylesheet(client):
    index = factories.article_index()
    for url in ["/", index.url, "/search/?q=x", "/does-not-exist/"]:
        html = client.get(url).content.decode()
        assert '<link rel="alternate" type="application/rss+xml"' in html, url
        assert "css/site" in html


@pytest.mark.django_db
def test_site_settings_fill_the_footer(client):
    from wagtail.models import Site

    from home.models import SiteSettings

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.community_name = "测试社区"
    settings.address = "清风路1号"
    settings.contact_phone = "0315-1234567"
    settings.icp_number = "冀ICP备00000000号"
    settings.save()
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") :]
    assert "测试社区" in footer and "清风路1号" in footer and "冀ICP备00000000号" in footer
    assert 'href="tel:03151234567"' in footer


@pytest.mark.django_db
def test_cached_home_lists_follow_new_content_and_registrations(
    client, django_capture_on_commit_callbacks
):
    from events import services

    articles = factories.article_index()
    factories.article(articles, title="第一篇")
    events = factories.event_index()
    event = factories.event(events, title="近期讲座", capacity=5)
    assert "剩余 5 个名额" in client.get("/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.register(event=event, name="黄宇强", phone=factories.phone(1), consent=True)
    assert "剩余 4 个名额" in client.get("/").content.decode()

    factories.article(articles, title="刚发布的文章")
    assert "刚发布的文章" in client.get("/").content.decode()
