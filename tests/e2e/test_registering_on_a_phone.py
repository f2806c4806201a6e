"""A resident on a 360px phone: finds a lecture, registers, looks the registration up, cancels."""

import logging
import re

import pytest
from playwright.sync_api import expect

from events.models import Registration
from tests import factories
from tests.conftest import ARTIFACTS
from tests.e2e import no_sideways_scroll

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "廉政文化专题讲座"


def height(locator):
    return locator.bounding_box()["height"]


def code_in_the_log(caplog, masked):
    """The verification code the log notifier recorded for the masked number, the newest."""
    codes = re.findall(rf"{re.escape(masked)}: .*?验证码 (\d{{6}})", caplog.text)
    return codes[-1]


def test_register_look_up_and_cancel(live_server, browser, settings, caplog):
    settings.QINGFENG_NOTIFIER = "home.notifications.LogNotifier"
    caplog.set_level(logging.INFO, logger="home.notifications")
    index = factories.event_index()
    event = factories.event(index, title=TITLE, capacity=2, speaker="赵文刚")

    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + index.url)
    expect(page.locator("main h1")).to_have_text("活动报名")
    assert no_sideways_scroll(page)

    # The card in the list, not the dot for the same event in the month calendar.
    page.get_by_role("link", name=re.compile(f"^{TITLE}")).click()
    page.wait_for_url(f"**{event.url}")
    expect(page.locator("main h1")).to_have_text(TITLE)
    expect(page.locator(".page-header")).to_contain_text("报名中")
    facts = page.locator("[data-capacity]")
    expect(facts).to_have_attribute("data-capacity", "2")
    expect(facts).to_have_attribute("data-seats-left", "2")
    assert no_sideways_scroll(page)
    page.screenshot(path=ARTIFACTS / "event-360.png", full_page=True)

    # Playwright reads the label's whole text, the hidden "*" too: match the label's start.
    name = page.get_by_label(re.compile("^姓名"))
    phone = page.get_by_label(re.compile("^手机号"))
    consent = page.get_by_role("checkbox")
    submit = page.get_by_role("button", name="我要报名", exact=True)
    assert height(submit) >= 44
    assert height(page.locator(".field.checkbox label")) >= 44
    assert not consent.is_checked()

    # Without the consent box ticked: a Chinese message beside the box, and no seat taken.
    name.fill("王久余")
    phone.fill(factories.phone(1))
    submit.click()
    # The page opens at the error summary (the form's action ends in #form-errors).
    page.wait_for_url(f"**{event.url}register/#form-errors")
    expect(page.locator(".field.checkbox .field-error")).to_contain_text(
        "请先勾选同意个人信息使用说明"
    )
    assert not Registration.objects.exists()
    assert no_sideways_scroll(page)

    # What was typed is still there; tick the box and send again.
    expect(name).to_have_value("王久余")
    phone.fill(factories.phone(1))
    consent.check()
    submit.click()
    # The number is checked first: a code by text message, typed into a large numeric box.
    code_form = page.locator("form[data-verify-code]")
    expect(code_form).to_be_visible()
    expect(page.locator("main")).to_contain_text("139****0001")
    code_box = page.get_by_role("textbox", name="验证码")
    assert code_box.get_attribute("inputmode") == "numeric"
    assert code_box.get_attribute("autocomplete") == "one-time-code"
    resend = page.get_by_role("button", name=re.compile("^重新发送"))
    expect(resend).to_be_disabled()  # a new code only after the minute
    assert no_sideways_scroll(page)
    page.screenshot(path=ARTIFACTS / "verify-code-360.png", full_page=True)
    code_box.fill(code_in_the_log(caplog, "139****0001"))
    page.get_by_role("button", name="确认", exact=True).click()
    page.wait_for_url("**/registration/*/")
    result = page.locator("[data-registration-code]")
    expect(result).to_have_attribute("data-registration-status", "confirmed")
    expect(page.locator("main h1")).to_have_text("报名成功")
    code = result.get_attribute("data-registration-code")
    registration = Registration.objects.get()
    assert registration.code == code and registration.status == "confirmed"
    expect(page.locator(".registration-code")).to_have_text(code)
    expect(page.locator(".checkin-qr svg")).to_be_visible()
    assert factories.phone(1) not in page.content()  # shown masked only
    assert no_sideways_scroll(page)
    page.screenshot(path=ARTIFACTS / "registration-result-360.png", full_page=True)

    # Back on the event page, the same browser is told it is registered: no second form.
    page.locator(".registration-result .event-facts").get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**{event.url}")
    mine = page.locator("#register")
    expect(mine.get_by_role("heading")).to_have_text("您已报名")
    expect(mine).to_contain_text("已确认")
    expect(mine.locator(".registration-code")).to_have_text(code)
    expect(page.locator("input[name=phone]")).to_have_count(0)
    assert height(mine.get_by_role("link", name="查看报名详情")) >= 44
    assert no_sideways_scroll(page)
    page.screenshot(path=ARTIFACTS / "event-registered-360.png")
    mine.get_by_role("link", name="查看报名详情").click()
    page.wait_for_url("**/registration/*/")

    page.get_by_role("link", name="查询或取消报名").click()
    page.wait_for_url(f"**{index.url}my/")
    expect(page.locator("main h1")).to_have_text("我的报名")
    page.get_by_label(re.compile("^手机号")).fill(factories.phone(1))
    page.get_by_label(re.compile("^报名码")).fill(code.lower())  # typed in small letters
    page.get_by_role("button", name="查询", exact=True).click()
    found = page.locator("[data-registration-status]")
    expect(found).to_have_attribute("data-registration-status", "confirmed")
    expect(found).to_have_attribute("data-registration-code", code)
    expect(found).to_contain_text("已报名")
    expect(found).to_contain_text(TITLE)
    assert no_sideways_scroll(page)
    page.screenshot(path=ARTIFACTS / "my-registration-360.png", full_page=True)

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="取消我的报名").click()
    expect(found).to_have_attribute("data-registration-status", "cancelled")
    expect(found).to_contain_text("您的报名已取消")
    expect(page.get_by_role("button", name="取消我的报名")).to_have_count(0)
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert asked and "候补" in asked[0]  # asked once more before giving the seat away
    assert no_sideways_scroll(page)

    page.goto(live_server.url + event.url)  # the seat is free again, and the form is back
    expect(page.locator("[data-capacity]")).to_have_attribute("data-seats-left", "2")
    expect(page.get_by_role("button", name="我要报名", exact=True)).to_be_visible()
    context.close()
