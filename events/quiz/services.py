"""Every write of the online quiz: start a paper, save answers, submit, enter, correct or
delete a paper score.

Scores are computed here and only here. Time is the server's: an attempt's deadline is set
when it starts (the time limit, or the quiz's closing time if sooner), answers saved after it
do not count, and a paper submitted late is scored on what was saved in time. Submitting locks
the attempt's row (SELECT … FOR UPDATE on PostgreSQL, the IMMEDIATE transaction on SQLite), so
a double click or two tabs score a paper once. One attempt per phone per quiz is a database
constraint. Paper scores may be entered, corrected and deleted until the quiz's results are
final (Quiz.results_final); each correction and deletion goes to Wagtail's audit log.
"""

import random
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from events.models import (
    Attempt,
    AttemptQuestion,
    EventPage,
    QuestionKind,
    QuestionOption,
    Quiz,
    Registration,
    active_questions,
)
from home.codes import normalise_code
from home.formatting import format_datetime
from home.locking import lock_row

from . import audit

_random = random.SystemRandom()

# Chosen option ids, keyed by the paper's AttemptQuestion id.
Answers = dict[int, list[int]]


class QuizError(Exception):
    """Something a resident (or staff) cannot do, with the reason they can read."""

    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass
class Started:
    attempt: Attempt
    created: bool


def _draw(quiz):
    """Question ids for one paper: each part of the mix in turn, never the same question twice."""
    pool = active_questions()
    rules = list(quiz.mix.all())
    if not rules:
        ids = list(pool.values_list("pk", flat=True))
        if len(ids) < quiz.question_count:
            raise QuizError("bank", _("The question bank is too small for this quiz."))
        return _random.sample(ids, quiz.question_count)
    chosen = []
    for rule in rules:
        ids = list(rule.matching(pool).exclude(pk__in=chosen).values_list("pk", flat=True))
        if len(ids) < rule.count:
            raise QuizError("bank", _("The question bank is too small for this quiz."))
        chosen += _random.sample(ids, rule.count)
    _random.shuffle(chosen)
    return chosen


def _option_orders(question_ids):
    """Each question's option ids in the order this resident sees them."""
    rows = QuestionOption.objects.filter(question_id__in=question_ids).values_list(
        "question_id", "pk", "question__kind"
    )
    orders, kinds = defaultdict(list), {}
    for question_id, option_id, kind in rows.order_by("sort_order", "pk"):
        orders[question_id].append(option_id)
        kinds[question_id] = kind
    for question_id, options in orders.items():
        if kinds[question_id] != QuestionKind.TRUE_FALSE:  # 正确 stays before 错误
            _random.shuffle(options)
    return orders


def _registration(quiz, phone, code):
    """The resident's registration for the quiz's event: the one with the code, whatever its
    status (so that the answer can say why it does not do), or the number's active one."""
    registrations = Registration.objects.filter(event_id=quiz.event_id)
    if code:
        return registrations.filter(code=code).first()
    return registrations.active().filter(phone=phone).first()


def _admitted(quiz, registration):
    """The confirmed registration the attempt is taken under (None when there is none), or
    QuizError with the reason a registration does not admit the resident.

    A code identifies its resident whatever the registration's status: it reached them by text
    message. Only a quiz that requires registration also needs the seat confirmed.
    """
    status = registration.status if registration is not None else None
    if status == Registration.Status.CANCELLED:
        if quiz.registration_required:
            raise QuizError(
                "cancelled",
                _(
                    "This registration was cancelled: the quiz is for residents registered for "
                    "the event."
                ),
            )
        raise QuizError(
            "cancelled",
            _(
                "This registration was cancelled, so its code no longer works here. Give your "
                "name and mobile number instead."
            ),
        )
    if status == Registration.Status.WAITLISTED and quiz.registration_required:
        raise QuizError(
            "waitlisted",
            _(
                "You are on the waiting list. Once a seat becomes free and your registration is "
                "confirmed, you can take the quiz."
            ),
        )
    if quiz.registration_required and status != Registration.Status.CONFIRMED:
        raise QuizError(
            "registration",
            _("This quiz is for residents registered for the event. Register first."),
        )
    return registration if status == Registration.Status.CONFIRMED else None


def check_open(quiz: Quiz, now: datetime | None = None) -> None:
    """Raise QuizError unless residents can start the quiz now."""
    now = now or timezone.now()
    if now < quiz.opens_at:
        raise QuizError("not_open", _("The quiz has not opened yet."))
    if quiz.is_closed(now):
        raise QuizError("closed", _("The quiz has closed."))


def start_attempt(
    *,
    quiz: Quiz,
    name: str,
    phone: str = "",
    registration_code: str = "",
    now: datetime | None = None,
) -> Started:
    """Draw a paper for a resident, or return the one they already have (created=False).

    A registration code stands in for name and phone: the registration supplies them.
    """
    now = now or timezone.now()
    check_open(quiz, now)
    code = normalise_code(registration_code, 8) if registration_code else ""
    if registration_code and not code:
        raise QuizError("code", _("A registration code has 8 letters and digits."))
    found = _registration(quiz, phone, code) if (code or phone) else None
    if code and found is None:
        raise QuizError("code", _("No registration for this event has that code."))
    registration = _admitted(quiz, found)
    if found is not None:
        name, phone = found.name or name, found.phone or phone
    existing = Attempt.objects.filter(quiz=quiz, phone=phone).first()
    if existing:
        return Started(existing, created=False)

    question_ids = _draw(quiz)
    orders = _option_orders(question_ids)
    deadline = min(now + timedelta(minutes=quiz.time_limit_minutes), quiz.closes_at)
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                quiz=quiz,
                token=secrets.token_urlsafe(16),
                name=name,
                phone=phone,
                registration=registration,
                started_at=now,
                deadline=deadline,
                max_score=len(question_ids) * quiz.points_per_question,
            )
            AttemptQuestion.objects.bulk_create(
                AttemptQuestion(
                    attempt=attempt,
                    question_id=question_id,
                    position=position,
                    option_order=orders[question_id],
                )
                for position, question_id in enumerate(question_ids, start=1)
            )
    except IntegrityError:
        # The same phone started on another server a moment ago: that paper is theirs.
        existing = Attempt.objects.filter(quiz=quiz, phone=phone).first()
        if existing:
            return Started(existing, created=False)
        raise
    return Started(attempt, created=True)


def _lock(attempt_id):
    return lock_row(
        Attempt.objects.filter(pk=attempt_id).select_related("quiz"),
        busy=QuizError("busy", _("Many people are handing in right now. Please try again.")),
    )


def _checked(paper, answers):
    """Answers keyed by AttemptQuestion id, refused whole if any is not on this paper."""
    by_id = {row.pk: row for row in paper}
    checked = {}
    for key, chosen in answers.items():
        row = by_id.get(key)
        if row is None:
            raise QuizError("tampered", _("An answer was for a question not on your paper."))
        chosen = list(dict.fromkeys(chosen))
        if any(option not in row.option_order for option in chosen):
            raise QuizError("tampered", _("An answer was not one of the question's options."))
        if row.question.kind != QuestionKind.MULTIPLE and len(chosen) > 1:
            raise QuizError("tampered", _("Choose only one answer for this question."))
        checked[row] = sorted(chosen)
    return checked


def _store(paper, answers, now):
    changed = []
    for row, chosen in _checked(paper, answers).items():
        if row.answer != chosen:
            row.answer, row.answered_at = chosen, now
            changed.append(row)
    AttemptQuestion.objects.bulk_update(changed, ["answer", "answered_at"])
    return len(changed)


def _paper(attempt):
    return list(attempt.questions.select_related("question"))


def _save(attempt, answers, now):
    """Lock the attempt and store the answers; returns the paper as stored and how many
    answers changed. Call inside a transaction."""
    attempt = _lock(attempt.pk)
    if attempt.is_submitted:
        raise QuizError("submitted", _("This paper has already been handed in."))
    if now > attempt.deadline:
        raise QuizError("late", _("Time is up: answers can no longer be changed."))
    paper = _paper(attempt)
    return paper, _store(paper, answers, now)


def save_answers(*, attempt: Attempt, answers: Answers, now: datetime | None = None) -> int:
    """Keep answers as the resident goes; refused after the deadline or once submitted."""
    now = now or timezone.now()
    with transaction.atomic():
        return _save(attempt, answers, now)[1]


def unanswered_after_saving(
    *, attempt: Attempt, answers: Answers, now: datetime | None = None
) -> int:
    """Keep the answers as save_answers does, and count the questions still left blank: what
    the hand-in confirmation tells the resident before the paper goes in."""
    now = now or timezone.now()
    with transaction.atomic():
        paper, _changed = _save(attempt, answers, now)
    return sum(1 for row in paper if not row.answer)


def _score(attempt, paper):
    correct_keys = defaultdict(set)
    rows = QuestionOption.objects.filter(
        question_id__in=[row.question_id for row in paper], is_correct=True
    ).values_list("question_id", "pk")
    for question_id, option_id in rows:
        correct_keys[question_id].add(option_id)
    right = 0
    for row in paper:
        counted = row.answered_at is not None and row.answered_at <= attempt.deadline
        row.correct = (
            counted and bool(row.answer) and set(row.answer) == correct_keys[row.question_id]
        )
        right += row.correct
    AttemptQuestion.objects.bulk_update(paper, ["correct"])
    return right * attempt.quiz.points_per_question


def submit_quiz(
    *, attempt: Attempt, answers: Answers | None = None, now: datetime | None = None
) -> tuple[Attempt, bool]:
    """Hand a paper in and score it. Late answers are dropped; a second hand-in changes nothing.

    Returns (attempt, already_submitted).
    """
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _lock(attempt.pk)
        if attempt.is_submitted:
            return attempt, True
        paper = _paper(attempt)
        if answers:
            if now <= attempt.deadline:
                _store(paper, answers, now)
            else:
                _checked(paper, answers)  # tampering is refused even when late
        attempt.score = _score(attempt, paper)
        attempt.submitted_at = now
        attempt.seconds_taken = int(
            (min(now, attempt.deadline) - attempt.started_at).total_seconds()
        )
        attempt.save(update_fields=["score", "submitted_at", "seconds_taken"])
    return attempt, False


def submit_expired(*, quiz: Quiz, now: datetime | None = None) -> int:
    """Hand in the papers whose time ran out unsubmitted, scored on what they saved in time."""
    now = now or timezone.now()
    expired = Attempt.objects.filter(
        quiz=quiz, submitted_at__isnull=True, deadline__lt=now, source=Attempt.Source.ONLINE
    )
    handed_in = 0
    for attempt in expired:
        _attempt, already = submit_quiz(attempt=attempt, now=attempt.deadline)
        handed_in += not already
    return handed_in


def check_not_final(quiz: Quiz, now: datetime | None = None) -> None:
    """Raise QuizError once the quiz's results are final (Quiz.results_final)."""
    if quiz.results_final(now):
        raise QuizError(
            "final",
            _(
                "The results of this quiz have been final since %(date)s: paper scores can no "
                "longer be entered, corrected or deleted."
            )
            % {"date": format_datetime(quiz.results_final_at, weekday=False)},
        )


def _check_score(quiz, score):
    if not 0 <= score <= quiz.max_score:
        raise QuizError(
            "score",
            _("The score must be between 0 and %(max)s.") % {"max": quiz.max_score},
        )


def _phone_taken():
    return QuizError("already", _("This phone number already has a result in this quiz."))


def record_paper_score(
    *, quiz: Quiz, name: str, phone: str, score: int, now: datetime | None = None
) -> Attempt:
    """Enter the score of a resident who took the paper version; it joins the ranking."""
    now = now or timezone.now()
    check_not_final(quiz, now)
    _check_score(quiz, score)
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                quiz=quiz,
                token=secrets.token_urlsafe(16),
                name=name,
                phone=phone,
                source=Attempt.Source.PAPER,
                started_at=now,
                deadline=now,
                submitted_at=now,
                score=score,
                max_score=quiz.max_score,
            )
    except IntegrityError as clash:
        raise _phone_taken() from clash


def _lock_paper_score(quiz, attempt_id):
    """The paper score ``attempt_id`` of ``quiz``, locked; online results are never touched."""
    try:
        return lock_row(
            Attempt.objects.filter(pk=attempt_id, quiz=quiz, source=Attempt.Source.PAPER),
            busy=QuizError("busy", _("Someone else is changing this score. Please try again.")),
        )
    except Attempt.DoesNotExist:
        raise QuizError("missing", _("This paper score does not exist (any more).")) from None


def change_paper_score(
    *,
    quiz: Quiz,
    attempt_id: int,
    name: str,
    phone: str,
    score: int,
    user=None,
    now: datetime | None = None,
) -> Attempt:
    """Correct a paper score's name, number or points until the results are final; the
    correction is written to the audit log (who, when, old → new). Changing nothing logs
    nothing."""
    now = now or timezone.now()
    check_not_final(quiz, now)
    _check_score(quiz, score)
    try:
        with transaction.atomic():
            attempt = _lock_paper_score(quiz, attempt_id)
            before = {"name": attempt.name, "phone": attempt.phone, "score": attempt.score}
            after = {"name": name, "phone": phone, "score": score}
            changed = [key for key in before if before[key] != after[key]]
            if not changed:
                return attempt
            old = audit.snapshot(attempt)
            for key in changed:
                setattr(attempt, key, after[key])
            attempt.save(update_fields=changed)
            log(
                instance=attempt,
                action=audit.CHANGED,
                user=user,
                title=audit.title(attempt),
                timestamp=now,
                data={
                    "quiz": quiz.pk,
                    "old": old,
                    "new": audit.snapshot(attempt),
                    "changed": changed,
                },
            )
            return attempt
    except IntegrityError as clash:
        raise _phone_taken() from clash


def delete_paper_score(
    *, quiz: Quiz, attempt_id: int, user=None, now: datetime | None = None
) -> Attempt:
    """Delete a paper score (a paper entered twice, or for the wrong quiz) until the results
    are final; the audit log keeps what it was. Returns the deleted attempt."""
    now = now or timezone.now()
    check_not_final(quiz, now)
    with transaction.atomic():
        attempt = _lock_paper_score(quiz, attempt_id)
        log(
            instance=attempt,
            action=audit.DELETED,
            user=user,
            title=audit.title(attempt),
            timestamp=now,
            deleted=True,
            data={"quiz": quiz.pk, "old": audit.snapshot(attempt), "new": None},
        )
        attempt.delete()
    return attempt


def quiz_for(event: EventPage, with_mix: bool = True) -> Quiz | None:
    quizzes = Quiz.objects.filter(event=event)
    return (quizzes.prefetch_related("mix") if with_mix else quizzes).first()
