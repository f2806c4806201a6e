"""A resident on a 360px phone sends a suggestion, keeps the code and looks it up later."""

import logging
import re

import pytest
from playwright.sync_api import expect

from discussions.models import Suggestion
from tests import factories
from tests.conftest import ARTIFACTS
from tests.e2e import no_sideways_scroll

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_send_a_suggestion_and_follow_it(live_server, browser, settings, caplog):
    settings.QINGFENG_NOTIFIER = "home.notifications.LogNotifier"
    caplog.set_level(logging.INFO, logger="home.notifications")
    index = factories.suggestion_index()
    factories.suggestion_form(
        index, questions=[("location", "涉及的地点或楼栋", "singleline", False)]
    )

    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/suggestions/")
    assert no_sideways_scroll(page)
    page.get_by_role("link", name="填写意见建议表").first.click()
    page.wait_for_load_state()
    assert no_sideways_scroll(page)

    # A first try without the consent box: told what to fix, nothing stored.
    page.get_by_label("环境卫生").check()
    page.get_by_label("您的意见建议").fill("3号楼后面的垃圾桶经常满了没人清运，希望增加清运次数。")
    page.get_by_label("涉及的地点或楼栋").fill("3号楼北侧")
    page.get_by_label("姓名", exact=True).fill("陈建国")
    page.get_by_label("手机号", exact=True).fill("139 0000 1004")
    page.get_by_role("button", name="提交意见建议").click()
    page.wait_for_load_state()
    assert "请先勾选同意个人信息使用说明" in page.locator("main").inner_text()
    assert Suggestion.objects.count() == 0
    page.screenshot(path=ARTIFACTS / "suggestion-form-error-360.png", full_page=True)

    page.get_by_label("我已阅读上面的说明").check()
    page.get_by_role("button", name="提交意见建议").click()
    # A suggestion with a name and number waits for the code the text message brought.
    expect(page.locator("form[data-verify-code]")).to_be_visible()
    code = re.findall(r"139\*\*\*\*1004: .*?验证码 (\d{6})", caplog.text)[-1]
    page.get_by_role("textbox", name="验证码").fill(code)
    page.get_by_role("button", name="确认", exact=True).click()
    page.wait_for_url("**/done/*/")
    result = page.locator("[data-tracking-code]")
    code = result.get_attribute("data-tracking-code")
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{12}", code)
    assert Suggestion.objects.get().tracking_code == code
    assert "139****1004" in page.locator("main").inner_text()
    assert no_sideways_scroll(page)
    page.screenshot(path=ARTIFACTS / "suggestion-done-360.png", full_page=True)

    # Later, from the suggestions page, typing the code as it was read out (groups, lower case).
    page.goto(live_server.url + "/suggestions/")
    typed = f"{code[:4]} {code[4:8]}-{code[8:]}".lower()
    page.get_by_label("查询码").fill(typed)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(f"**/suggestions/track/{code}/")
    status = page.locator("[data-status]")
    assert status.get_attribute("data-status") == "submitted"
    text = page.locator("main").inner_text()
    assert "已提交" in text and "环境卫生" in text
    assert "陈建国" not in text and "1004" not in text
    assert no_sideways_scroll(page)
    page.screenshot(path=ARTIFACTS / "suggestion-status-360.png", full_page=True)

    page.goto(live_server.url + "/suggestions/track/?code=NOPE")
    assert "12位" in page.locator("main").inner_text()
    context.close()
