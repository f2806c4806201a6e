"""The online quiz's services: papers drawn from the bank, scoring on the server, the clock,
one attempt per number, tampering refused, and paper scores."""

import datetime

import pytest
from django.utils import timezone

from events.models import Attempt, EventKind, QuizMix, Registration
from events.quiz import services
from tests import factories
from tests.events.quiz.helpers import right_and_wrong, start

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


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
