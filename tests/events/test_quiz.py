"""The online quiz: papers, scoring on the server, the clock, one attempt, no leaks, ranking."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from events import quiz as services
from events.models import Attempt, AttemptQuestion, EventKind, QuizMix, Registration
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def start(quiz, phone="13900000001", name="王久余", **options):
    return services.start_attempt(quiz=quiz, name=name, phone=phone, **options).attempt


def right_and_wrong(attempt):
    """For each row of the paper: (row, correct option ids, one wrong option id)."""
    rows = []
    for row in attempt.questions.select_related("question").prefetch_related("question__options"):
        options = list(row.question.options.all())
        right = sorted(option.pk for option in options if option.is_correct)
        wrong = [option.pk for option in options if not option.is_correct]
        rows.append((row, right, wrong[0]))
    return rows


@pytest.fixture
def quiz():
    return factories.quiz(questions=5, points_per_question=20, pass_mark=60)


def test_a_paper_is_drawn_from_the_bank_with_shuffled_options(quiz):
    attempt = start(quiz)
    paper = list(attempt.questions.all())
    assert len(paper) == 5 and attempt.max_score == 100
    assert [row.position for row in paper] == [1, 2, 3, 4, 5]
    for row in paper:
        assert sorted(row.option_order) == sorted(row.question.options.values_list("pk", flat=True))
    assert attempt.deadline == attempt.started_at + datetime.timedelta(minutes=20)


def test_scores_are_computed_on_the_server(quiz):
    attempt = start(quiz)
    answers = {}
    for number, (row, right, wrong) in enumerate(right_and_wrong(attempt)):
        answers[row.pk] = right if number < 3 else [wrong]
    attempt, already = services.submit_quiz(attempt=attempt, answers=answers)
    assert (attempt.score, attempt.max_score, already) == (60, 100, False)
    assert attempt.passed()
    assert list(attempt.questions.values_list("correct", flat=True)) == [True] * 3 + [False] * 2


def test_multiple_choice_is_right_only_when_exactly_right():
    event = factories.event(factories.event_index(), kind=EventKind.QUIZ)
    factories.question(
        "三会一课中的“三会”指哪些？（多选）",
        kind="multiple",
        options=("支部党员大会", "支部委员会", "党小组会", "表彰大会"),
        correct=(0, 1, 2),
    )
    quiz = factories.quiz(event, questions=0, question_count=1, points_per_question=10)
    cases = {
        "exact": ["支部党员大会", "支部委员会", "党小组会"],
        "missing one": ["支部党员大会", "支部委员会"],
        "one too many": ["支部党员大会", "支部委员会", "党小组会", "表彰大会"],
        "only wrong": ["表彰大会"],
        "nothing": [],
    }
    scores = {}
    for number, (case, texts) in enumerate(cases.items()):
        attempt = start(quiz, phone=factories.phone(number))
        row = attempt.questions.select_related("question").get()
        by_text = {option.text: option.pk for option in row.question.options.all()}
        attempt, _ = services.submit_quiz(
            attempt=attempt, answers={row.pk: [by_text[text] for text in texts]}
        )
        scores[case] = attempt.score
    assert scores == {
        "exact": 10,
        "missing one": 0,
        "one too many": 0,
        "only wrong": 0,
        "nothing": 0,
    }


def test_true_false_keeps_its_order():
    event = factories.event(factories.event_index(), kind=EventKind.QUIZ)
    factories.question(
        "“三不放过”包括问题不查清不放过。", kind="true_false", options=("正确", "错误")
    )
    quiz = factories.quiz(event, questions=0, question_count=1)
    for number in range(5):
        row = start(quiz, phone=factories.phone(number)).questions.get()
        texts = [row.question.options.get(pk=pk).text for pk in row.option_order]
        assert texts == ["正确", "错误"]


def test_the_mix_draws_by_category_and_difficulty():
    event = factories.event(factories.event_index(), kind=EventKind.QUIZ)
    for number in range(4):
        factories.question(f"三会一课{number}", category="三会一课", difficulty=1)
        factories.question(f"信访{number}", category="信访工作", difficulty=3)
    quiz = factories.quiz(event, questions=0)
    QuizMix.objects.create(quiz=quiz, category="三会一课", difficulty=1, count=2)
    QuizMix.objects.create(quiz=quiz, category="信访工作", count=3)
    attempt = start(quiz)
    drawn = [row.question for row in attempt.questions.select_related("question")]
    assert sorted(question.category for question in drawn) == ["三会一课"] * 2 + ["信访工作"] * 3
    assert attempt.max_score == 5 * quiz.points_per_question
    QuizMix.objects.create(quiz=quiz, category="信访工作", count=2)  # only one left unused
    with pytest.raises(services.QuizError) as refusal:
        start(quiz, phone="13900000002")
    assert refusal.value.reason == "bank"
    assert not Attempt.objects.filter(phone="13900000002").exists()


def test_answers_after_the_deadline_do_not_count(quiz):
    began = timezone.now() - datetime.timedelta(minutes=30)
    attempt = start(quiz, now=began)
    rows = right_and_wrong(attempt)
    first, right, _wrong = rows[0]
    services.save_answers(
        attempt=attempt, answers={first.pk: right}, now=began + datetime.timedelta(minutes=5)
    )
    with pytest.raises(services.QuizError) as late:
        services.save_answers(attempt=attempt, answers={rows[1][0].pk: rows[1][1]})
    assert late.value.reason == "late"
    everything = {row.pk: right for row, right, _wrong in rows}
    attempt, _ = services.submit_quiz(attempt=attempt, answers=everything)
    assert attempt.score == 20  # only the answer saved in time
    assert attempt.seconds_taken == 20 * 60  # the clock stopped at the deadline


def test_a_paper_left_open_is_handed_in_when_time_is_up(quiz):
    began = timezone.now() - datetime.timedelta(minutes=25)
    attempt = start(quiz, now=began)
    row, right, _wrong = right_and_wrong(attempt)[0]
    services.save_answers(attempt=attempt, answers={row.pk: right}, now=began)
    assert services.submit_expired(quiz=quiz) == 1
    attempt.refresh_from_db()
    assert (attempt.score, attempt.submitted_at) == (20, attempt.deadline)
    assert services.submit_expired(quiz=quiz) == 0


def test_the_deadline_never_passes_the_closing_time():
    event = factories.event(factories.event_index(), kind=EventKind.QUIZ)
    closes = timezone.now() + datetime.timedelta(minutes=5)
    quiz = factories.quiz(event, closes_at=closes, time_limit_minutes=30)
    assert start(quiz).deadline == closes


def test_a_second_hand_in_changes_nothing(quiz):
    attempt = start(quiz)
    rows = right_and_wrong(attempt)
    attempt, _ = services.submit_quiz(attempt=attempt, answers={rows[0][0].pk: rows[0][1]})
    assert attempt.score == 20
    all_right = {row.pk: right for row, right, _wrong in rows}
    again, already = services.submit_quiz(attempt=attempt, answers=all_right)
    assert (again.score, already) == (20, True)
    with pytest.raises(services.QuizError):
        services.save_answers(attempt=attempt, answers=all_right)
    assert Attempt.objects.get(pk=attempt.pk).score == 20


def test_one_attempt_per_phone(quiz):
    first = start(quiz)
    again = services.start_attempt(quiz=quiz, name="别人", phone="13900000001")
    assert (again.created, again.attempt.pk) == (False, first.pk)
    assert Attempt.objects.filter(quiz=quiz).count() == 1


@pytest.mark.parametrize(
    "tamper",
    ["foreign question", "foreign option", "two radios"],
)
def test_tampered_answers_are_refused_whole(quiz, tamper):
    attempt = start(quiz)
    other = start(quiz, phone="13900000002")
    rows = right_and_wrong(attempt)
    row, right, wrong = rows[0]
    answers = {rows[1][0].pk: rows[1][1]}
    if tamper == "foreign question":
        answers[other.questions.first().pk] = [1]
    elif tamper == "foreign option":
        answers[row.pk] = [rows[1][1][0]]
    else:
        answers[row.pk] = [right[0], wrong]
    with pytest.raises(services.QuizError) as refusal:
        services.submit_quiz(attempt=attempt, answers=answers)
    assert refusal.value.reason == "tampered"
    attempt.refresh_from_db()
    assert attempt.score is None and not attempt.questions.exclude(answer=[]).exists()


def test_registration_can_be_required(quiz):
    quiz.registration_required = True
    quiz.save()
    with pytest.raises(services.QuizError) as refusal:
        start(quiz)
    assert refusal.value.reason == "registration"
    registration = Registration.objects.create(
        event=quiz.event,
        code="ABCD2345",
        name="刘晓燕",
        phone="13900000009",
        status=Registration.Status.CONFIRMED,
    )
    attempt = services.start_attempt(quiz=quiz, name="", registration_code="abcd-2345").attempt
    assert (attempt.name, attempt.phone, attempt.registration) == (
        "刘晓燕",
        "13900000009",
        registration,
    )
    with pytest.raises(services.QuizError):
        services.start_attempt(quiz=quiz, name="", registration_code="ZZZZ2345")


def test_paper_scores_join_the_ranking(quiz):
    entry = services.record_paper_score(quiz=quiz, name="孙桂兰", phone="13900000005", score=80)
    assert (entry.score, entry.source, entry.seconds_taken) == (80, "paper", None)
    with pytest.raises(services.QuizError):
        services.record_paper_score(quiz=quiz, name="孙桂兰", phone="13900000005", score=90)
    with pytest.raises(services.QuizError):
        services.record_paper_score(quiz=quiz, name="周", phone="13900000006", score=101)


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
    response = browser.post(
        quiz.event.url + "quiz/", {"name": "王久余", "phone": phone, "consent": "on"}
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
        right_input = re.search(rf'<label class="choice"><input[^>]*value="{right[0]}"[^>]*>', html)
        wrong_input = re.search(rf'<label class="choice"><input[^>]*value="{wrong}"[^>]*>', html)

        # The right option's markup differs from a wrong one's only in its value.
        def without_value(match):
            return re.sub(r'value="\d+"', "", match.group(0))

        assert without_value(right_input) == without_value(wrong_input)
    assert "correct" not in html.lower().replace("data-correct", "")


def test_taking_the_quiz_over_http(quiz):
    browser, paper_url = quiz_client(quiz)
    attempt = Attempt.objects.get()
    rows = right_and_wrong(attempt)
    data = {"on_paper": [row.pk for row, _r, _w in rows]}
    for number, (row, right, wrong) in enumerate(rows):
        data[f"q{row.pk}"] = right if number < 4 else [wrong]
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
    # Back on the paper: straight to the result; a new start with the same number: refused.
    assert browser.get(paper_url)["Location"] == done["Location"]
    other = Client().post(
        quiz.event.url + "quiz/", {"name": "别人", "phone": "13900000001", "consent": "on"}
    )
    assert other.status_code == 409 and "已经参加过" in other.content.decode()


def test_review_can_wait_until_the_quiz_closes(quiz):
    quiz.review_mode = "after_close"
    quiz.save()
    browser, paper_url = quiz_client(quiz)
    attempt = Attempt.objects.get()
    done = browser.post(paper_url, {"on_paper": [], "action": "submit"})
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
    response = browser.post(paper_url, {**data, "action": "submit"})
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
