"""An event day run by staff in the admin: an 编辑 member creates the event and a 审核 member
approves it, residents register on their phones, the 编辑 member prints the roster and checks
people in on a 360px phone (undoing one), and a door volunteer checks in and can do nothing else.
"""

import datetime
import logging
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from events.models import EventPage, Registration
from tests import factories
from tests.conftest import ARTIFACTS
from tests.e2e import no_sideways_scroll

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Saturday morning, an hour and a half before the lecture starts.
NOW = datetime.datetime(2026, 12, 5, 8, 30, tzinfo=SHANGHAI)
TITLE = "家风家训专题讲座"
RESIDENTS = [("王久余", 1), ("赵文刚", 2), ("孙秀英", 3)]


def staff(username, group, family, given):
    user = get_user_model().objects.create_user(
        username, password="pw-qingfeng-123", last_name=family, first_name=given
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def signed_in(browser, base, username, width, height=900):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-qingfeng-123")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{base}/admin/")
    return context, page


def register(browser, base, event, caplog, name, number):
    """A resident registers on a phone, typing the code the text message brought."""
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="zh-CN")
    page = context.new_page()
    page.goto(base + event.url)
    page.get_by_label(re.compile("^姓名")).fill(name)
    page.get_by_label(re.compile("^手机号")).fill(factories.phone(number))
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="我要报名", exact=True).click()
    expect(page.locator("form[data-verify-code]")).to_be_visible()
    masked = f"139****{number:04d}"
    code = re.findall(rf"{re.escape(masked)}: .*?验证码 (\d{{6}})", caplog.text)[-1]
    page.get_by_role("textbox", name="验证码").fill(code)
    page.get_by_role("button", name="确认", exact=True).click()
    result = page.locator("[data-registration-code]")
    expect(result).to_have_attribute("data-registration-status", "confirmed")
    registration_code = result.get_attribute("data-registration-code")
    context.close()
    return registration_code


def test_an_event_day_run_by_an_editor_and_a_door_volunteer(live_server, browser, settings, caplog):
    settings.QINGFENG_NOTIFIER = "home.notifications.LogNotifier"
    caplog.set_level(logging.INFO, logger="home.notifications")
    base = live_server.url
    with time_machine.travel(NOW, tick=True):
        index = factories.event_index()
        staff("lijianguo", "编辑", "李", "建国")
        reviewer = staff("zhouhong", "审核", "周", "红")
        staff("menkou", "活动志愿者", "陈", "志强")

        # 编辑: a new lecture in the page editor, sent to 审核 for approval.
        editor_context, desk = signed_in(browser, base, "lijianguo", 1280)
        desk.goto(f"{base}/admin/pages/add/events/eventpage/{index.pk}/")
        desk.wait_for_load_state("networkidle")  # the editor's scripts are ready
        desk.fill("input[name=title]", TITLE)
        # The slug, on the 推广 tab, is filled from the title by a script; set it outright.
        desk.locator("input[name=slug]").evaluate("input => { input.value = 'jiafeng-jiangzuo'; }")
        desk.select_option("select[name=kind]", "lecture")
        desk.fill("input[name=start]", "2026-12-05 10:00")
        desk.fill("input[name=end]", "2026-12-05 11:30")
        desk.fill("input[name=place]", "社区党群服务中心二楼会议室")
        desk.fill("input[name=capacity]", "30")
        for name, value in (("start", "2026-12-05 10:00"), ("end", "2026-12-05 11:30")):
            expect(desk.locator(f"input[name={name}]")).to_have_value(value)
        with desk.expect_navigation():
            desk.locator("button[name=action-submit]").evaluate("button => button.click()")
        errors = desk.locator(".error-message, .help-critical").all_inner_texts()
        assert EventPage.objects.filter(title=TITLE).exists(), errors
        event = EventPage.objects.get(title=TITLE)
        assert not event.live  # an editor's page waits for 审核

        # 审核 approves it through the moderation workflow.
        task_state = event.current_workflow_state.current_task_state
        task_state.task.specific.on_action(task_state, reviewer, "approve")
        event.refresh_from_db()
        assert event.live

        # Residents register from the public site on their phones.
        codes = [register(browser, base, event, caplog, name, n) for name, n in RESIDENTS]
        assert Registration.objects.filter(event=event, status="confirmed").count() == 3

        # The roster for the door: every resident, numbers masked, a column to sign.
        desk.goto(f"{base}/admin/events/checkin/")
        row = desk.locator(f"li[data-event-id='{event.pk}']")
        expect(row).to_contain_text(TITLE)
        row.locator("[data-roster-link]").click()
        roster = desk.locator("[data-roster]")
        expect(roster.locator("tbody tr")).to_have_count(3)
        expect(roster).to_contain_text("签名")
        expect(roster).to_contain_text("139****0002")
        assert factories.phone(2) not in desk.content()
        desk.emulate_media(media="print")
        desk.pdf(path=str(ARTIFACTS / "event-day-roster.pdf"), format="A4")
        desk.screenshot(path=ARTIFACTS / "event-day-roster-print.png", full_page=True)
        editor_context.close()

        # At the door, on a phone: check two residents in, undo one by mistake.
        phone_context, door = signed_in(browser, base, "lijianguo", 360, 780)
        door.goto(f"{base}/admin/events/checkin/{event.pk}/")
        for code in codes[:2]:
            door.fill("#qf-checkin-code", code)
            door.locator(".qf-checkin__form button[type=submit]").click()
            expect(door.locator("[data-checkin-result=checked_in]")).to_be_visible()
        counts = door.locator("[data-attended]")
        expect(counts).to_have_attribute("data-attended", "2")
        assert no_sideways_scroll(door)
        door.screenshot(path=ARTIFACTS / "event-day-checkin-360.png", full_page=True)
        door.locator(f"[data-undo-checkin='{codes[1]}']").click()
        expect(counts).to_have_attribute("data-attended", "1")
        # Back on the not-yet-arrived list, with a button to check in when they really come.
        expect(door.locator(f"[data-not-arrived] li[data-code='{codes[1]}']")).to_be_visible()
        assert Registration.objects.get(code=codes[1]).checked_in_at is None
        door.screenshot(path=ARTIFACTS / "event-day-undo-360.png", full_page=True)
        phone_context.close()

        # A door volunteer: 签到 and today's rosters in the menu, nothing else open to them.
        volunteer_context, gate = signed_in(browser, base, "menkou", 360, 780)
        gate.goto(f"{base}/admin/events/checkin/{event.pk}/")
        gate.fill("#qf-checkin-code", codes[2])
        gate.locator(".qf-checkin__form button[type=submit]").click()
        expect(gate.locator("[data-checkin-result=checked_in]")).to_be_visible()
        expect(gate.locator("[data-attended]")).to_have_attribute("data-attended", "2")
        assert no_sideways_scroll(gate)
        gate.screenshot(path=ARTIFACTS / "event-day-volunteer-360.png", full_page=True)
        refused = gate.goto(f"{base}/admin/events/registrations/")
        assert refused.status == 403
        gate.screenshot(path=ARTIFACTS / "event-day-volunteer-refused-360.png", full_page=True)
        volunteer_context.close()

    checked_in = Registration.objects.filter(event=event, checked_in_at__isnull=False)
    assert set(checked_in.values_list("code", flat=True)) == {codes[0], codes[2]}
