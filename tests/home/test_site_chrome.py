"""The frame around every page: the header's menu (with 接访日 in it), one search box on the
search page, the footer's 订阅更新 page, the feed a browser can read, and the site's icons."""

import importlib
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from wagtail.models import Page

from home import demo
from home.models import ArticlePage, NoticePage
from tests import factories

pytestmark = pytest.mark.django_db


def nav_links(html):
    start = html.index('class="main-nav"')
    nav = html[start : html.index("</nav>", start)]
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)


def test_header_has_the_switches_a_menu_button_and_the_menu_with_its_search(client):
    index = factories.article_index()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(index.url).content.decode()
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    # 大字号 and 英文版 stay links outside the menu; the menu opens without any script.
    tools = header[: header.index("<details")]
    assert "/text-size/?large=1" in tools and "/language/?code=zh-hans" in tools
    assert re.search(r'<details class="site-menu">\s*<summary class="menu-button">', header)
    assert 'role="search"' in header[header.index("<details") :]
    assert nav_links(html) == [("/", "Home"), ("/articles/", "廉政文化")]
    assert html.count('role="search"') == 1


def test_search_page_shows_one_search_box(client):
    html = client.get("/search/", {"q": "廉政"}).content.decode()
    assert html.count('role="search"') == 1
    assert html.count('type="search"') == 1
    assert 'id="search-q"' in html


def test_reception_schedule_is_in_the_menu_after_the_migration(client):
    """Sites that ran before 接访日 was in the menu get it by the data migration, on the page
    and on its revisions, so the next edit in the admin keeps the box ticked; undoing it
    takes it out again."""
    from tests.discussions.reception.helpers import schedule

    page = schedule(show_in_menus=False)
    migration = importlib.import_module("discussions.migrations.0009_reception_in_menu")

    migration.put_in_menu(apps, None)
    page.refresh_from_db()
    assert page.show_in_menus
    assert page.get_latest_revision().content["show_in_menus"] is True
    assert page.get_latest_revision_as_object().show_in_menus
    assert ("/reception/", "接访日") in nav_links(client.get("/").content.decode())

    migration.take_out_of_menu(apps, None)
    page.refresh_from_db()
    assert not page.show_in_menus
    assert page.get_latest_revision().content["show_in_menus"] is False


def test_menu_order_puts_what_residents_need_first():
    home = factories.home_page()
    for slug in ["about", "discussions", "reception", "events", "articles", "notices"]:
        factories.standard_page(title=slug, slug=slug, show_in_menus=True)
    factories.standard_page(title="privacy", slug="privacy")
    demo.order_menu(home)
    order = [p.slug for p in Page.objects.child_of(home).order_by("path")]
    assert order == [
        "privacy",
        "notices",
        "articles",
        "events",
        "reception",
        "discussions",
        "about",
    ]
    # In order already: nothing moves.
    paths = list(Page.objects.order_by("pk").values_list("path", flat=True))
    demo.order_menu(home)
    assert list(Page.objects.order_by("pk").values_list("path", flat=True)) == paths


def test_demo_items_carry_their_own_dates_and_the_menu_has_reception(client):
    """The demo's articles and notices went out on the dates their texts give (not the moment
    the demo was loaded), in the feed too; 接访日 is one of the menu's sections, in order."""
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())

    pages = list(ArticlePage.objects.all()) + list(NoticePage.objects.all())
    assert len(pages) == 10
    for page in pages:
        assert timezone.localtime(page.first_published_at).date() == page.date, page.title
        assert page.last_published_at == page.first_published_at
    assert len({page.first_published_at for page in pages}) == 10

    feed = ET.fromstring(client.get("/feed/").content).find("channel")
    newest = max(pages, key=lambda p: p.first_published_at)
    item = feed.find("item")
    assert item.findtext("title") == newest.title
    assert item.findtext("pubDate") == newest.first_published_at.astimezone(
        timezone.get_current_timezone()
    ).strftime("%a, %d %b %Y %H:%M:%S +0800")

    assert [title for _url, title in nav_links(client.get("/").content.decode())] == [
        "首页",
        "通知公告",
        "廉政文化",
        "活动报名",
        "意见建议",
        "接访日",
        "议事记录",
        "关于我们",
    ]


def test_feed_names_its_stylesheet_and_is_sent_so_a_browser_renders_it(client):
    notices = factories.notice_index()
    factories.notice(notices, title="停水通知", intro="明天上午停水。")
    response = client.get("/feed/")
    assert response.status_code == 200
    # application/rss+xml is shown as raw text by browsers; every reader also takes XML.
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    body = response.content.decode()
    head = body[: body.index("<rss")]
    assert '<?xml-stylesheet href="/static/feed/rss.xsl" media="screen" type="text/xsl"?>' in head
    assert re.search(r"<pubDate>\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0800</pubDate>", body)

    stylesheet = client.get("/static/feed/rss.xsl")
    assert stylesheet.status_code == 200
    assert stylesheet["Content-Type"].startswith("text/xsl")  # never application/octet-stream
    xsl = b"".join(stylesheet.streaming_content)
    root = ET.fromstring(xsl)
    assert root.tag == "{http://www.w3.org/1999/XSL/Transform}stylesheet"
    text = xsl.decode()
    assert "订阅更新" in text and 'href="/subscribe/"' in text and "<style" not in text


def test_footer_leads_to_the_subscribe_page_with_the_feed_address(client):
    factories.article_index()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert '<a href="/subscribe/">Subscribe to updates</a>' in footer
    assert "/feed/" not in footer
    # The home page still names its feed for readers (the public contract).
    assert '<link rel="alternate" type="application/rss+xml"' in html

    response = client.get("/subscribe/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<input id="feed-url" type="text" value="http://testserver/feed/" readonly' in html
    assert 'aria-describedby="feed-url-hint"' in html and 'id="feed-url-hint"' in html
    assert client.head("/subscribe/").status_code == 200
    assert client.post("/subscribe/").status_code == 405


def test_favicon_and_touch_icon_are_real_icons_at_the_root(client):
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 200
    data = b"".join(favicon.streaming_content)
    assert data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert Image.open(io.BytesIO(data)).format == "ICO"

    touch = client.get("/apple-touch-icon.png")
    assert touch.status_code == 200
    assert touch["Content-Type"] == "image/png"
    icon = Image.open(io.BytesIO(b"".join(touch.streaming_content)))
    assert icon.size == (180, 180) and icon.mode == "RGB"  # opaque: the phone rounds it

    html = client.get("/").content.decode()
    assert '<link rel="apple-touch-icon" href="/apple-touch-icon.png">' in html
    assert '<link rel="icon" href="/favicon.ico"' in html
