"""The online quiz over HTTP: the start form, the paper, the result, the ranking, bad input,
and nothing on a page that gives the answers away."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from events import services as events_services
from events.models import Attempt, AttemptQuestion, EventKind, QuestionOption
from events.quiz import services
from events.quiz.selectors import option_token
from tests import factories
from tests.events.quiz.helpers import right_and_wrong

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_the_ranking_orders_by_score_then_time_and_masks_names(client, quiz):
    now = timezone.now()
    people = [("欧阳小明", 80, 300), ("张三", 80, 200), ("李小四", 100, 600), ("王五", 60, 100)]
    for number, (name, score, seconds) in enumerate(people):
        Attempt.objects.create(
            quiz=quiz,
            token=f"t{number}",
            name=name,
            phone=factories.phone(number),
            started_at=now,
            deadline=now,
            submitted_at=now,
            score=score,
            max_score=100,
            seconds_taken=seconds,
        )
    services.record_paper_score(quiz=quiz, name="赵文刚", phone="13900009999", score=80)
    html = client.get(quiz.event.url + "quiz/ranking/").content.decode()
    order = re.findall(r"<td>\d+</td><td>([^<]+)</td><td>(\d+)</td>", html)
    assert order == [
        ("李*四", "100"),
        ("张*", "80"),
        ("欧**明", "80"),
        ("赵*刚", "80"),
        ("王*", "60"),
    ]
    assert "1390000" not in html and "欧阳小明" not in html


def quiz_client(quiz, phone="13900000001"):
    browser = Client()
    response = factories.post_verified(
        browser, quiz.event.url + "quiz/", {"name": "王久余", "phone": phone, "consent": "on"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return browser, response["Location"]


def test_the_start_form_and_the_paper_follow_the_contract(quiz):
    browser = Client()
    page = browser.get(quiz.event.url + "quiz/").content.decode()
    form = re.search(r"<form[^>]*data-quiz-start[^>]*>(.*?)</form>", page, re.S).group(1)
    assert 'name="name"' in form and 'name="phone"' in form
    browser, paper_url = quiz_client(quiz)
    html = browser.get(paper_url).content.decode()
    assert re.search(r'<form method="post"[^>]*class="quiz-paper"', html)
    assert html.count('type="radio"') == 15
    event_page = browser.get(quiz.event.url).content.decode()
    assert 'href="' + quiz.event.url + 'quiz/"' in event_page


def test_nothing_on_the_paper_gives_the_answers_away(quiz):
    browser, paper_url = quiz_client(quiz)
    html = browser.get(paper_url).content.decode()
    attempt = Attempt.objects.get()
    for row, right, wrong in right_and_wrong(attempt):
        assert row.question.explanation not in html
        right_token, wrong_token = option_token(attempt, right[0]), option_token(attempt, wrong)
        right_input = re.search(rf'<label class="choice"><input[^>]*value="{right_token}"', html)
        wrong_input = re.search(rf'<label class="choice"><input[^>]*value="{wrong_token}"', html)

        # The right option's markup differs from a wrong one's only in its value.
        def without_value(match):
            return re.sub(r'value="[0-9a-f]+"', "", match.group(0))

        assert without_value(right_input) == without_value(wrong_input)
    assert "correct" not in html.lower().replace("data-correct", "")


def test_option_values_are_tokens_of_this_paper_not_database_ids(quiz):
    first, first_url = quiz_client(quiz, phone="13900000001")
    second, second_url = quiz_client(quiz, phone="13900000002")
    values = [
        set(re.findall(r'name="q\d+" value="([^"]+)"', browser.get(url).content.decode()))
        for browser, url in ((first, first_url), (second, second_url))
    ]
    ids = {str(pk) for pk in QuestionOption.objects.values_list("pk", flat=True)}
    assert len(values[0]) == 15 and not values[0] & ids
    assert not values[0] & values[1]  # the same options, other tokens on another paper
    # A database id (or another paper's token) posted as an answer is refused whole.
    attempt = Attempt.objects.get(phone="13900000001")
    row = attempt.questions.first()
    for forged in (str(row.option_order[0]), sorted(values[1])[0]):
        response = first.post(first_url, {"on_paper": [row.pk], f"q{row.pk}": forged})
        assert response.status_code == 400
    assert AttemptQuestion.objects.filter(answer__isnull=False).exclude(answer=[]).count() == 0


def test_taking_the_quiz_over_http(quiz):
    quiz.review_mode = "after_submit"
    quiz.save()
    browser, paper_url = quiz_client(quiz)
    attempt = Attempt.objects.get()
    rows = right_and_wrong(attempt)
    data = {"on_paper": [row.pk for row, _r, _w in rows]}
    for number, (row, right, wrong) in enumerate(rows):
        chosen = right if number < 4 else [wrong]
        data[f"q{row.pk}"] = [option_token(attempt, option) for option in chosen]
    # Saving, then reloading, keeps the answers ticked.
    saved = browser.post(paper_url, {**data, "action": "save"})
    assert saved.status_code == 302
    assert browser.get(paper_url).content.decode().count(" checked") == 5
    # The autosave endpoint answers JSON.
    reply = browser.post(paper_url + "save/", data).json()
    assert reply["saved"] == 0 and 0 < reply["remaining"] <= 20 * 60
    done = browser.post(paper_url, {**data, "action": "submit"})
    result = browser.get(done["Location"]).content.decode()
    assert 'data-score="80"' in result and 'data-max-score="100"' in result
    assert rows[0][0].question.explanation in result  # reviewed right after, as configured
    # Back on the paper: straight to the result. Someone else typing the number gets only the
    # code form, which the number's owner alone can answer: no paper, no result, no ranking.
    assert browser.get(paper_url)["Location"] == done["Location"]
    other = Client().post(
        quiz.event.url + "quiz/", {"name": "别人", "phone": "13900000001", "consent": "on"}
    )
    assert other.status_code == 200 and "data-verify-code" in other.content.decode()
    assert attempt.token not in other.content.decode()
    assert Attempt.objects.count() == 1 and Attempt.objects.get().name == "王久余"


def test_answers_wait_until_the_quiz_closes_unless_staff_choose_otherwise(quiz):
    assert quiz.review_mode == "after_close"  # the default: answers cannot spread mid-contest
    browser, paper_url = quiz_client(quiz)
    attempt = Attempt.objects.get()
    done = browser.post(paper_url, {"on_paper": [], "action": "submit", "confirm": "1"})
    html = browser.get(done["Location"]).content.decode()
    assert 'data-score="0"' in html
    assert attempt.questions.first().question.explanation not in html


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"q999999": ["1"]}, 400),
        ({"qabc": ["1"]}, 302),  # not an answer field at all: ignored
        ({"on_paper": ["x"]}, 400),
    ],
)
def test_bad_paper_posts_change_nothing(quiz, data, status):
    browser, paper_url = quiz_client(quiz)
    response = browser.post(paper_url, {**data, "action": "submit", "confirm": "1"})
    assert response.status_code == status
    if status == 400:
        assert "不在您的试卷上" in response.content.decode() or "选项" in response.content.decode()
        assert Attempt.objects.get().score is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "phone": "", "consent": "on"}, "姓名"),
        ({"name": "王久余", "phone": "12345", "consent": "on"}, "11 位"),
        ({"name": "王久余", "phone": "13900000001"}, "同意"),
        ({"name": "<script>x</script>", "phone": "13900000001", "consent": "on"}, ""),
    ],
)
def test_bad_start_input(quiz, data, message):
    response = Client().post(quiz.event.url + "quiz/", data)
    html = response.content.decode()
    assert "<script>x" not in html
    if message:
        assert response.status_code == 400 and message in html
        assert not Attempt.objects.exists()


def test_a_closed_or_unopened_quiz_takes_no_one(quiz):
    quiz.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    quiz.opens_at = quiz.closes_at - datetime.timedelta(days=1)
    quiz.save()
    response = Client().post(
        quiz.event.url + "quiz/", {"name": "王久余", "phone": "13900000001", "consent": "on"}
    )
    assert response.status_code == 409 and "已结束" in response.content.decode()
    assert not Attempt.objects.exists()


def test_unknown_tokens_and_events_without_a_quiz_are_404(quiz):
    assert Client().get(quiz.event.url + "quiz/paper/nope/").status_code == 404
    assert Client().get(quiz.event.url + "quiz/result/" + "x" * 200 + "/").status_code == 404
    lecture = factories.event(quiz.event.get_parent(), kind=EventKind.LECTURE)
    assert Client().get(lecture.url + "quiz/").status_code == 404
    assert AttemptQuestion.objects.count() == 0


def test_demo_has_an_open_quiz_and_a_closed_one_with_results(client):
    from django.core.management import call_command

    from events.models import Question, Quiz

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Question.objects.filter(active=True).count() >= 30
    assert {question.kind for question in Question.objects.all()} == {
        "single",
        "multiple",
        "true_false",
    }
    open_quiz = Quiz.objects.get(event__slug="integrity-quiz-first-round")
    closed = Quiz.objects.get(event__slug="integrity-quiz-preliminary")
    assert open_quiz.is_open() and not open_quiz.attempts.exists()
    assert closed.is_closed() and closed.attempts.filter(score__isnull=False).count() == 12
    ranking = client.get(closed.event.url + "quiz/ranking/").content.decode()
    assert ranking.count("<tr>") == 13 and "王*余" in ranking
    start = client.get(open_quiz.event.url + "quiz/").content.decode()
    assert "data-quiz-start" in start


def test_a_registration_code_starts_the_quiz_without_another_text(quiz, mailoutbox):
    registration = events_services.register(
        event=quiz.event, name="孙桂兰", phone="13900000007", consent=True
    ).registration
    response = Client().post(quiz.event.url + "quiz/", {"registration_code": registration.code})
    assert response.status_code == 302 and "/quiz/paper/" in response["Location"]
    assert Attempt.objects.get().name == "孙桂兰" and mailoutbox == []


def test_one_code_serves_registering_and_then_starting_the_quiz(quiz, mailoutbox):
    browser = Client()
    person = {"name": "王久余", "phone": "13900000008", "consent": "on"}
    registered = factories.post_verified(browser, quiz.event.url + "register/", person)
    assert registered.status_code == 302
    started = browser.post(quiz.event.url + "quiz/", person)  # within the half hour
    assert started.status_code == 302 and "/quiz/paper/" in started["Location"]
    assert len(factories.sent_codes("13900000008")) == 1
