"""A resident takes the online quiz on a 360px phone in large type: answers survive a reload."""

import logging
import re

import pytest
from playwright.sync_api import expect

from events.models import Attempt, QuestionOption
from events.quiz.selectors import option_token
from tests import factories
from tests.conftest import ARTIFACTS
from tests.e2e import no_sideways_scroll

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_take_the_quiz_on_a_phone(live_server, browser, settings, caplog):
    settings.QINGFENG_NOTIFIER = "home.notifications.LogNotifier"
    caplog.set_level(logging.INFO, logger="home.notifications")
    quiz = factories.quiz(questions=4, points_per_question=25, time_limit_minutes=15)

    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + quiz.event.url)
    page.get_by_role("link", name="大字号").click()
    page.get_by_role("link", name="参加线上答题").click()
    page.wait_for_load_state()
    assert page.locator("form[data-quiz-start]").count() == 1
    page.get_by_label("姓名", exact=True).fill("陈建国")
    page.get_by_label("手机号", exact=True).fill("13900001004")
    page.get_by_label("我同意").check()
    page.get_by_role("button", name="开始答题").click()
    # The number is verified first, with the code the text message brought.
    expect(page.locator("form[data-verify-code]")).to_be_visible()
    code = re.findall(r"139\*\*\*\*1004: .*?验证码 (\d{6})", caplog.text)[-1]
    page.get_by_role("textbox", name="验证码").fill(code)
    page.get_by_role("button", name="确认", exact=True).click()
    page.wait_for_url("**/quiz/paper/*/")
    assert no_sideways_scroll(page)
    countdown = page.locator("[data-countdown]")
    assert re.fullmatch(r"1[45]分\d\d秒", countdown.inner_text())
    page.screenshot(path=ARTIFACTS / "quiz-paper-360-large.png")

    attempt = Attempt.objects.get(phone="13900001004")
    rows = list(attempt.questions.order_by("position"))
    correct = {
        row.pk: option_token(
            attempt, QuestionOption.objects.get(question_id=row.question_id, is_correct=True).pk
        )
        for row in rows
    }
    # Answer three right; each click is saved at once by the page's script.
    for row in rows[:3]:
        page.locator(f'input[name="q{row.pk}"][value="{correct[row.pk]}"]').check()
        expect(page.locator("[data-save-state]")).to_contain_text("已自动保存")
        page.locator("[data-save-state]").evaluate("element => { element.textContent = '' }")
    page.reload()  # a dropped connection or a reload loses nothing
    assert page.locator("label.choice input:checked").count() == 3

    # 交卷 asks first, counting what is still blank.
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="交卷", exact=True).click()
    page.wait_for_url("**/quiz/result/*/")
    result = page.locator("[data-score]")
    assert (result.get_attribute("data-score"), result.get_attribute("data-max-score")) == (
        "75",
        "100",
    )
    assert asked == ["还有 1 题未作答，确定交卷吗？"]  # and the server did not ask again
    assert "及格" in page.locator("main").inner_text()
    assert no_sideways_scroll(page)
    page.screenshot(path=ARTIFACTS / "quiz-result-360-large.png", full_page=True)

    page.get_by_role("link", name="查看排行榜").click()
    assert "陈*国" in page.locator("main").inner_text()
    assert "13900001004" not in page.content()
    context.close()
