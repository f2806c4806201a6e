"""The rules a question must meet, in the admin's edit form and in the importer alike."""

import pytest
from django.utils.html import escape
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from events.models import Question, QuestionKind
from events.quiz.bank import validate_question
from tests.events.quiz.bank.helpers import ADD, options_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


T, F = True, False


# --- The rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, options, ok",
    [
        ("single", [("甲", T), ("乙", F)], True),
        ("single", [("甲", T), ("乙", T), ("丙", F)], False),
        ("single", [("甲", F), ("乙", F)], False),
        ("single", [("甲", T)], False),
        ("single", [("甲", T), ("甲", F)], False),
        ("single", [("甲", T), ("乙", F), ("", F), ("  ", F)], True),  # blanks are not options
        ("single", [(str(n), n == 0) for n in range(7)], False),
        ("multiple", [("甲", T), ("乙", T), ("丙", F)], True),
        ("multiple", [("甲", T), ("乙", F), ("丙", F)], False),
        ("multiple", [("甲", T), ("乙", T)], False),
        ("multiple", [("甲", T), ("乙", T), ("丙", T)], False),
        ("true_false", [("正确", F), ("错误", T)], True),
        ("true_false", [("错误", T), ("正确", F)], True),
        ("true_false", [("正确", T), ("错误", T)], False),
        ("true_false", [("正确", F), ("错误", F)], False),
        ("true_false", [("对", T), ("错", F)], False),
        ("true_false", [("正确", T), ("错误", F), ("不知道", F)], False),
        ("", [("甲", T), ("乙", F)], False),
    ],
)
def test_validate_question(kind, options, ok):
    problems = validate_question(kind, options)
    assert (problems == []) is ok, problems
    assert all(isinstance(problem, str) and problem for problem in problems)


# --- The edit form ----------------------------------------------------------------------------


def form_data(kind, options, text="社区干部可以收受居民送的购物卡吗？"):
    return nested_form_data(
        {
            "kind": kind,
            "category": "廉洁从政",
            "difficulty": "2",
            "text": text,
            "explanation": "",
            "active": "on",
            "options": inline_formset(
                [
                    {"text": option, **({"is_correct": "on"} if correct else {})}
                    for option, correct in options
                ],
                min=2,
                max=6,
            ),
        }
    )


@pytest.mark.parametrize(
    "kind, options",
    [
        ("single", [("可以", T), ("不可以", T)]),
        ("multiple", [("甲", T), ("乙", F), ("丙", F)]),
        ("multiple", [("甲", T), ("乙", T)]),
        ("true_false", [("对", T), ("错", F)]),
    ],
)
def test_admin_form_refuses_a_malformed_question(boss, kind, options):
    response = boss.post(ADD, form_data(kind, options))
    assert response.status_code == 200
    assert not Question.objects.exists()
    expected = validate_question(kind, options)
    assert expected
    html = response.content.decode()
    for message in expected:
        assert escape(message) in html


def test_admin_form_saves_a_well_formed_question(boss):
    response = boss.post(ADD, form_data("multiple", [("甲", T), ("乙", T), ("丙", F)]))
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.kind == QuestionKind.MULTIPLE
    assert options_of(question) == [("甲", T), ("乙", T), ("丙", F)]
