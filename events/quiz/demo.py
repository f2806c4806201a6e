"""The demo question bank (题库) for the knowledge quiz the community discussion asked for.

The questions cover what the seed report deals with: the Party branch's 三会一课, leaders'
一岗双责, handling residents' letters and visits (三不放过, 属地管理、分级负责, 谁主管、谁负责,
leaders receiving visitors and taking cases on), and integrity in public office. They are
written in our own words and keep to settled facts: the 中国共产党支部工作条例（试行）, the
信访工作条例 (in force since 1 May 2022), the eight-point rules of 2012 and the Party's
integrity rules.

The questions are in ``demo_questions.csv``, in the import template's format; the options are
ordered so that the right letters spread over A to D. Loading is idempotent.
"""

from datetime import time, timedelta
from pathlib import Path

from django.core.files import File

from home.formatting import local_datetime

from .bank import import_questions

BANK_FILE = Path(__file__).with_name("demo_questions.csv")


def load_bank():
    """Add the demo questions the bank lacks, through the same import staff use (so every demo
    load also runs the import path); returns how many demo questions the bank holds afterwards.
    A question whose text is already in the bank is left as it is."""
    with BANK_FILE.open("rb") as handle:
        result = import_questions(File(handle, name=BANK_FILE.name))
    if result.problems:  # pragma: no cover - the file is checked by the tests
        raise ValueError("; ".join(f"{p.row} {p.column}: {p.message}" for p in result.problems))
    return result.created + len(result.skipped)


# --- Demo quizzes ---------------------------------------------------------------------------

PAST_QUIZ_EVENT = {
    "title": "廉政知识线上预赛",
    "kind": "quiz",
    "place": "线上答题（社区网站）",
    "speaker": "社区纪检委员黄宇强",
    "organiser": "清风社区党支部",
    "capacity": 200,
    "intro": "第一场知识竞赛前的线上预赛：题目从社区题库随机抽取，成绩前十名直接进入现场赛。",
}

# (name, how many right out of 10, minutes taken); paper entries have no time.
PAST_RESULTS = [
    ("王久余", 10, 9),
    ("刘晓燕", 9, 7),
    ("陈建国", 9, 11),
    ("孙桂兰", 8, 12),
    ("周德明", 7, 10),
    ("吴海", 6, 14),
    ("赵丽", 5, 15),
    ("马雨涛", 8, 6),
    ("黄小梅", 4, 13),
]
PAPER_RESULTS = [("李秀英", 80), ("张国强", 60), ("郑和平", 90)]


def _quiz(event, **fields):
    from .models import Quiz

    quiz, _created = Quiz.objects.update_or_create(event=event, defaults=fields)
    return quiz


def _answers(attempt, right):
    """Answers for an attempt: the first ``right`` questions right, the rest wrong."""
    from .models import QuestionOption

    answers = {}
    for row in attempt.questions.order_by("position"):
        options = list(QuestionOption.objects.filter(question_id=row.question_id))
        chosen = [o.pk for o in options if o.is_correct == (row.position <= right)]
        answers[row.pk] = chosen if row.position <= right else chosen[:1]
    return answers


def _play_past_quiz(quiz):
    from . import services

    for number, (name, right, minutes) in enumerate(PAST_RESULTS):
        began = quiz.opens_at + timedelta(hours=2 + number)
        attempt = services.start_attempt(
            quiz=quiz, name=name, phone=f"1390000{2001 + number}", now=began
        ).attempt
        services.submit_quiz(
            attempt=attempt,
            answers=_answers(attempt, right),
            now=began + timedelta(minutes=minutes),
        )
    for number, (name, score) in enumerate(PAPER_RESULTS):
        services.record_paper_score(
            quiz=quiz, name=name, phone=f"1390000{2101 + number}", score=score, now=quiz.closes_at
        )


def load(*, home, today):
    """The bank, an open quiz before the first round, and last month's closed preliminary."""
    from events.models import Attempt, EventIndexPage, EventPage
    from home.demo import publish_page

    questions = load_bank()
    index = home.get_children().filter(slug="events").specific().first()
    if not isinstance(index, EventIndexPage):
        return {"题库": questions}
    first_round = index.get_children().filter(slug="integrity-quiz-first-round").first()
    if first_round is not None:
        start = first_round.specific.start
        _quiz(
            first_round.specific,
            opens_at=local_datetime(today - timedelta(days=2), time(8)),
            closes_at=start,
            question_count=10,
            points_per_question=10,
            time_limit_minutes=15,
            pass_mark=60,
        )
    held = local_datetime(today - timedelta(days=12), time(19))
    past = publish_page(
        index,
        EventPage,
        "integrity-quiz-preliminary",
        start=held,
        end=held + timedelta(hours=2),
        **PAST_QUIZ_EVENT,
    )
    if past is not None:
        quiz = _quiz(
            past,
            opens_at=held - timedelta(days=3),
            closes_at=held,
            question_count=10,
            points_per_question=10,
            time_limit_minutes=15,
            pass_mark=60,
        )
        if not Attempt.objects.filter(quiz=quiz).exists():
            _play_past_quiz(quiz)
    return {"题库": questions, "线上答题": Attempt.objects.filter(quiz__event__in=[past]).count()}
