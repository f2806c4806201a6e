"""The quiz form in the admin: settings checked against the bank when they are saved.

Assertions lean on data attributes and numbers rather than wording, so they hold whichever
language the admin speaks.
"""

import datetime
import re

import pytest
from django.utils import timezone

from events.models import EventKind, Quiz, QuizMix
from events.quiz import services
from events.quiz.admin.forms import Rule, bank_shortfalls
from tests import factories
from tests.events.helpers import superuser
from tests.events.quiz.admin_helpers import LISTING, form_errors
from tests.factories import phone

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


ADD = f"{LISTING}new/"


# --- The quiz form ---------------------------------------------------------------------------


def quiz_form(event, *, question_count=5, mix=(), **fields):
    opens = timezone.localtime() + datetime.timedelta(days=1)
    data = {
        "event": event.pk,
        "opens_at": f"{opens:%Y-%m-%d %H:%M}",
        "closes_at": f"{opens + datetime.timedelta(days=3):%Y-%m-%d %H:%M}",
        "time_limit_minutes": 20,
        "question_count": question_count,
        "points_per_question": 5,
        "pass_mark": 15,
        "review_mode": "after_submit",
        "mix-TOTAL_FORMS": len(mix),
        "mix-INITIAL_FORMS": 0,
        "mix-MIN_NUM_FORMS": 0,
        "mix-MAX_NUM_FORMS": 1000,
    }
    for number, (category, difficulty, count) in enumerate(mix):
        data.update(
            {
                f"mix-{number}-category": category,
                f"mix-{number}-difficulty": difficulty or "",
                f"mix-{number}-count": count,
                f"mix-{number}-ORDER": number + 1,
                f"mix-{number}-id": "",
                f"mix-{number}-DELETE": "",
            }
        )
    data.update(fields)
    return data


@pytest.fixture
def quiz_event():
    index = factories.event_index(slug="quiz-events")
    return factories.event(index, title="廉政知识竞赛", kind=EventKind.QUIZ)


def test_a_quiz_the_bank_can_supply_is_created(client, quiz_event):
    for _ in range(5):
        factories.question()
    client.force_login(superuser())
    response = client.post(ADD, quiz_form(quiz_event, question_count=5))
    assert response.status_code == 302, response.content.decode()[-3000:]
    quiz = Quiz.objects.get(event=quiz_event)
    assert (quiz.paper_size, quiz.max_score) == (5, 25)


def test_a_new_quiz_keeps_answers_back_until_it_closes_and_the_editor_says_why(client, quiz_event):
    client.force_login(superuser())
    html = client.get(ADD).content.decode()
    chosen = re.search(r'<select name="review_mode".*?</select>', html, re.S).group(0)
    assert re.search(r'<option value="after_close" selected>', chosen)
    assert "先答完的居民就能把答案传给还没答题的人" in html


def test_full_marks_stay_once_residents_have_results(client, quiz_event):
    for _ in range(8):
        factories.question()
    client.force_login(superuser())
    client.post(ADD, quiz_form(quiz_event, question_count=5))
    quiz = Quiz.objects.get(event=quiz_event)
    services.record_paper_score(quiz=quiz, name="李秀英", phone=phone(1), score=20)
    edit = f"{LISTING}edit/{quiz.pk}/"
    refused = client.post(edit, quiz_form(quiz_event, question_count=8))
    assert refused.status_code == 200 and "25" in form_errors(refused)
    quiz.refresh_from_db()
    assert quiz.max_score == 25
    # Full marks kept (5 questions of 5 points): other changes still save.
    kept = client.post(edit, quiz_form(quiz_event, question_count=5, time_limit_minutes=30))
    assert kept.status_code == 302
    quiz.refresh_from_db()
    assert quiz.time_limit_minutes == 30


def test_a_bank_too_small_for_the_paper_is_refused_in_chinese(client, quiz_event):
    for _ in range(3):
        factories.question()
    factories.question(active=False)  # not in use: does not count
    client.force_login(superuser())
    response = client.post(ADD, quiz_form(quiz_event, question_count=5))
    assert response.status_code == 200
    assert not Quiz.objects.exists()
    assert re.search(r"(?<!\d)5(?!\d).*(?<!\d)3(?!\d)", form_errors(response))


def test_a_mix_rule_the_bank_cannot_fill_is_refused(client, quiz_event):
    for _ in range(4):
        factories.question(category="信访工作")
    for _ in range(6):
        factories.question(category="廉洁从政", difficulty=3)
    client.force_login(superuser())
    response = client.post(
        ADD, quiz_form(quiz_event, mix=[("信访工作", None, 5), ("廉洁从政", 3, 2)])
    )
    assert response.status_code == 200
    assert not Quiz.objects.exists() and not QuizMix.objects.exists()
    errors = form_errors(response)
    assert "信访工作" in errors and "廉洁从政" not in errors

    response = client.post(
        ADD, quiz_form(quiz_event, mix=[("信访工作", None, 4), ("廉洁从政", 3, 6)])
    )
    assert response.status_code == 302
    assert Quiz.objects.get(event=quiz_event).paper_size == 10


def test_only_free_quiz_events_are_offered(client, quiz_event, quiz):
    lecture = factories.event(factories.event_index(slug="more-events"), title="讲座")
    client.force_login(superuser())
    html = client.get(ADD).content.decode()
    assert f'value="{quiz_event.pk}"' in html
    assert f'value="{quiz.event_id}"' not in html and f'value="{lecture.pk}"' not in html
    html = client.get(f"{LISTING}edit/{quiz.pk}/").content.decode()
    assert f'value="{quiz.event_id}"' in html


def test_pass_mark_above_full_marks_is_refused(client, quiz_event):
    for _ in range(5):
        factories.question()
    client.force_login(superuser())
    response = client.post(ADD, quiz_form(quiz_event, pass_mark=26))
    assert response.status_code == 200 and not Quiz.objects.exists()
    assert "25" in " ".join(response.context["form"].errors["pass_mark"])


def counts(*rows):
    return {(category, difficulty): n for category, difficulty, n in rows}


def test_bank_check_assumes_earlier_parts_may_take_shared_questions():
    bank = counts(("A", 1, 5), ("B", 1, 20))
    # Any 10 first could take all five A questions, leaving none for the A part.
    assert bank_shortfalls(0, [Rule(10), Rule(5, "A")], bank)
    # The narrower part first is always safe.
    assert bank_shortfalls(0, [Rule(5, "A"), Rule(10)], bank) == []
    # Parts that share nothing never compete.
    assert bank_shortfalls(0, [Rule(5, "A"), Rule(20, "B")], bank) == []
    assert bank_shortfalls(0, [Rule(3, "A", 1), Rule(3, "A", 2)], bank)
    assert bank_shortfalls(25, [], bank) == [] and bank_shortfalls(26, [], bank)


def test_bank_check_names_the_categories_when_one_is_mistyped():
    bank = counts(("信访工作", 2, 8), ("三会一课", 2, 8))
    [problem] = bank_shortfalls(0, [Rule(3, "信访")], bank)
    assert "信访工作" in problem and "三会一课" in problem
    [problem] = bank_shortfalls(0, [Rule(9, "信访工作")], bank)
    assert "三会一课" not in problem
