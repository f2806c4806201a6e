"""A resident on a 360px phone: reads the home page, turns on large type, searches, reads."""

import pytest

from tests import factories
from tests.conftest import ARTIFACTS
from tests.e2e import no_sideways_scroll

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_home_large_type_search_and_read(live_server, browser):
    articles = factories.article_index()
    notices = factories.notice_index()
    factories.notice(notices, title="关于报名参加廉政知识竞赛的通知", pinned=True)
    factories.article(
        articles,
        title="三不放过：把群众的事办到底",
        body_text="社区坚持问题不查清不放过，推进廉政建设，群众满意度明显提高。",
        image=factories.image("宣传栏"),
    )
    factories.article(articles, title="社区议事会记录", body_text="居民代表建议举办讲座。")

    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.locator("main h1").inner_text() == "清风社区"
    assert "关于报名参加廉政知识竞赛的通知" in page.locator("main").inner_text()
    assert no_sideways_scroll(page)
    assert page.evaluate("getComputedStyle(document.body).fontSize") == "18px"
    page.screenshot(path=ARTIFACTS / "home-360.png", full_page=True)

    page.get_by_role("link", name="大字号").click()
    page.wait_for_load_state()
    assert page.evaluate("getComputedStyle(document.body).fontSize") == "22px"
    assert no_sideways_scroll(page)
    page.goto(live_server.url + "/notices/")  # the choice persists on the next page
    assert page.evaluate("getComputedStyle(document.body).fontSize") == "22px"

    page.locator("summary.menu-button").click()  # on a phone, search sits in the menu
    page.get_by_role("searchbox", name="站内搜索").fill("廉政")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url("**/search/?q=*")
    results = page.locator("ol.search-results > li > a")
    assert results.count() == 2  # the article and the pinned notice both mention 廉政
    assert no_sideways_scroll(page)
    page.screenshot(path=ARTIFACTS / "search-360-large.png", full_page=True)

    page.get_by_role("link", name="三不放过：把群众的事办到底").click()
    page.wait_for_load_state()
    assert page.locator("main h1").inner_text() == "三不放过：把群众的事办到底"
    assert no_sideways_scroll(page)
    page.screenshot(path=ARTIFACTS / "article-360-large.png", full_page=True)

    touch_targets = page.evaluate(
        """[...document.querySelectorAll('header a, header button, header summary')]
             .filter(el => el.getClientRects().length)  // the closed menu's are hidden
             .map(el => el.getBoundingClientRect().height)"""
    )
    assert min(touch_targets) >= 44
    context.close()
