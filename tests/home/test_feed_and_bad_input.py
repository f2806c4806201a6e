import datetime
import xml.etree.ElementTree as ET

import pytest

from home.chrome import content_changed
from tests import factories

pytestmark = pytest.mark.django_db


def test_rss_feed_lists_articles_and_notices_newest_first(client):
    articles = factories.article_index()
    notices = factories.notice_index()
    factories.article(articles, title="较早的文章", intro="文章摘要")
    factories.notice(notices, title="最新的通知", intro="通知摘要")

    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("language") == "zh-hans"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["最新的通知", "较早的文章"]
    assert items[0].findtext("description") == "通知摘要"
    assert (
        items[0]
        .findtext("link")
        .endswith("/notices/" + items[0].findtext("link").split("/")[-2] + "/")
    )
    assert items[1].findtext("pubDate")


def test_page_number_that_is_not_a_number_gives_the_first_page(client):
    index = factories.article_index()
    for number in range(11):
        factories.article(index, title=f"第{number}篇", date=datetime.date(2026, 1, number + 1))
    response = client.get(index.url, {"page": "abc"})
    assert response.status_code == 200
    assert response.context["articles"].number == 1


def test_page_number_past_the_end_gives_the_last_page(client):
    index = factories.article_index()
    for number in range(11):
        factories.article(index, title=f"第{number}篇")
    response = client.get(index.url, {"page": "99999"})
    assert response.status_code == 200
    assert response.context["articles"].number == 2


def test_unknown_tag_shows_a_friendly_empty_list(client):
    index = factories.article_index()
    factories.article(index, title="有标签的文章", tags=["党建"])
    response = client.get(index.url, {"tag": "<script>alert(1)</script>" * 20})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "没有带这个标签的文章" in html


def test_unknown_path_is_a_chinese_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    ["/text-size/?large=1&next=https://evil.example/", "/language/?code=en&next=//evil.example"],
)
def test_switches_never_redirect_off_site(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_large_type_switch_persists(client):
    response = client.get("/text-size/", {"large": "1", "next": "/notices/"})
    assert response["Location"] == "/notices/"
    html = client.get("/").content.decode()
    assert '<html lang="zh-Hans" class="large-text">' in html
    client.get("/text-size/", {"large": "0"})
    assert 'class="large-text"' not in client.get("/").content.decode()


def test_language_switch_to_english_and_back(client):
    client.get("/language/", {"code": "en"})
    html = client.get("/search/").content.decode()
    assert '<html lang="en"' in html and "Search" in html
    client.get("/language/", {"code": "zh-hans"})
    assert '<html lang="zh-Hans"' in client.get("/search/").content.decode()


def test_browser_language_does_not_switch_to_english(client):
    html = client.get("/search/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-Hans"' in html


def test_server_error_page_is_chinese_and_standalone(client, settings):
    settings.ROOT_URLCONF = "tests.home.failing_urls"
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务暂时出错" in html and "返回首页" in html
    assert '<html lang="zh-Hans">' in html


def test_other_apps_fill_the_home_page_through_the_hook(client):
    from wagtail import hooks

    from home.hooks import HOME_SECTIONS_HOOK, HomeSection, HomeTask

    def upcoming(request, page):
        tile = HomeTask("events", "近期活动", "/upcoming/")
        return HomeSection("home/includes/tasks.html", {"tiles": [tile]})

    with hooks.register_temporarily(HOME_SECTIONS_HOOK, upcoming):
        html = client.get("/").content.decode()
    assert 'href="/upcoming/"' in html and "近期活动" in html
    content_changed()  # the home lists are cached; a new release starts from a fresh cache
    assert "/upcoming/" not in client.get("/").content.decode()
