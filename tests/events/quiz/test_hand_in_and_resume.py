"""Handing a paper in with questions left blank, coming back to a paper from another browser,
and what a registration code can and cannot start."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from events import services as events_services
from events.models import Attempt, Registration
from events.quiz import services
from events.quiz.selectors import option_token
from tests import factories
from tests.events.quiz.helpers import right_and_wrong

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

PERSON = {"name": "王久余", "phone": "13900000001", "consent": "on"}


def start(browser, quiz, person=PERSON):
    response = factories.post_verified(browser, quiz.event.url + "quiz/", person)
    assert response.status_code == 302, response.content.decode()[-800:]
    return response["Location"]


def paper_data(attempt, answered):
    """The paper's form with the first ``answered`` questions answered (rightly)."""
    rows = right_and_wrong(attempt)
    data = {"on_paper": [row.pk for row, _right, _wrong in rows]}
    for row, right, _wrong in rows[:answered]:
        data[f"q{row.pk}"] = [option_token(attempt, option) for option in right]
    return data


def test_handing_in_with_blanks_asks_first_without_javascript(quiz):
    browser = Client()
    paper_url = start(browser, quiz)
    attempt = Attempt.objects.get()
    data = paper_data(attempt, answered=1)

    asked = browser.post(paper_url, {**data, "action": "submit"})
    html = asked.content.decode()
    assert asked.status_code == 200 and 'id="quiz-confirm"' in html
    box = html[html.index('id="quiz-confirm"') : html.index("</div>", html.index("quiz-confirm"))]
    assert "还有 4 题未作答，确定交卷吗？" in box
    assert 'name="confirm" value="1"' in box and "确认交卷" in box
    assert f'href="{paper_url}#q-2"' in box  # 继续答题: back to the first blank question
    # Nothing is handed in yet, and the answer given is kept, on the page and on the server.
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert (
        html.count(" checked") == 1
        and browser.get(paper_url).content.decode().count(" checked") == 1
    )

    done = browser.post(paper_url, {**data, "action": "submit", "confirm": "1"})
    assert done.status_code == 302 and "/quiz/result/" in done["Location"]
    attempt.refresh_from_db()
    assert attempt.score == 20


def test_a_full_paper_and_a_late_one_are_handed_in_without_asking(quiz):
    browser = Client()
    paper_url = start(browser, quiz)
    attempt = Attempt.objects.get()
    done = browser.post(paper_url, {**paper_data(attempt, answered=5), "action": "submit"})
    assert done.status_code == 302 and Attempt.objects.get().score == 100

    other = Client()
    late_url = start(other, quiz, {**PERSON, "phone": "13900000002"})
    late = Attempt.objects.get(phone="13900000002")
    services.save_answers(
        attempt=late, answers={row.pk: r for row, r, _w in right_and_wrong(late)[:2]}
    )
    # Time ran out while the page was open (the clock's own hand-in, or a late press).
    with time_machine.travel(late.deadline + datetime.timedelta(seconds=5)):
        response = other.post(late_url, {**paper_data(late, answered=0), "action": "submit"})
    assert response.status_code == 302 and "/quiz/result/" in response["Location"]
    assert Attempt.objects.get(pk=late.pk).score == 40  # what was saved in time


def test_the_hand_in_button_carries_the_count_for_the_script(quiz):
    browser = Client()
    html = browser.get(start(browser, quiz)).content.decode()
    button = re.search(r"<button[^>]*data-hand-in[^>]*>", html).group(0)
    assert 'data-confirm-blank="还有 {n} 题未作答，确定交卷吗？"' in button
    assert "data-confirm-all=" in button and "data-confirm=" not in button


def test_a_paper_begun_in_one_browser_is_taken_up_in_another(quiz):
    first = Client()
    paper_url = start(first, quiz)
    attempt = Attempt.objects.get()
    data = paper_data(attempt, answered=2)
    assert first.post(paper_url, {**data, "action": "save"}).status_code == 302

    # Later, on another phone: the same number, verified again, leads back to the same paper.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=3)):
        second = Client()
        assert start(second, quiz, {**PERSON, "name": "王久余"}) == paper_url
        html = second.get(paper_url).content.decode()
        assert html.count(" checked") == 2
        start_page = second.get(quiz.event.url + "quiz/").content.decode()
        assert f'href="{paper_url}"' in start_page  # 继续答题 on the start page too
    assert Attempt.objects.count() == 1


def registration(quiz, status, number=7):
    return Registration.objects.create(
        event=quiz.event,
        code=f"WAYTKK{number}X",  # number: one digit from 2 to 9
        name="孙桂兰",
        phone=f"1390000{number:04d}",
        status=status,
    )


def test_a_waitlisted_code_gets_its_own_answer(quiz):
    quiz.registration_required = True
    quiz.save()
    waiting = registration(quiz, Registration.Status.WAITLISTED)
    response = Client().post(quiz.event.url + "quiz/", {"registration_code": waiting.code})
    html = response.content.decode()
    assert response.status_code == 409 and "您目前在候补名单上" in html
    assert "没有找到" not in html and not Attempt.objects.exists()

    # Once a seat frees up and the registration moves up, the same code starts the paper.
    seated = events_services.register(
        event=quiz.event, name="刘晓燕", phone="13900000008", consent=True
    ).registration
    Registration.objects.filter(pk=seated.pk).update(status=Registration.Status.CANCELLED)
    Registration.objects.filter(pk=waiting.pk).update(status=Registration.Status.CONFIRMED)
    started = Client().post(quiz.event.url + "quiz/", {"registration_code": waiting.code})
    assert started.status_code == 302 and Attempt.objects.get().registration_id == waiting.pk


def test_codes_on_a_quiz_open_to_everyone(quiz):
    """Without a registration rule, a code only says who the resident is: waiting in line does
    not keep them out, a cancelled registration's code is refused with what to do instead."""
    waiting = registration(quiz, Registration.Status.WAITLISTED)
    started = Client().post(quiz.event.url + "quiz/", {"registration_code": waiting.code})
    assert started.status_code == 302 and Attempt.objects.get().phone == waiting.phone

    cancelled = registration(quiz, Registration.Status.CANCELLED, number=9)
    refused = Client().post(quiz.event.url + "quiz/", {"registration_code": cancelled.code})
    assert refused.status_code == 409 and "已经取消" in refused.content.decode()
    unknown = Client().post(quiz.event.url + "quiz/", {"registration_code": "ZZZZ2345"})
    assert unknown.status_code == 409 and "没有找到" in unknown.content.decode()
    assert Attempt.objects.count() == 1
