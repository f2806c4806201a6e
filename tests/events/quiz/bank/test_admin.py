"""The question bank's admin screens: permissions, the listing and its query count, and
questions on residents' papers kept from deletion."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Attempt, AttemptQuestion, EventKind, Question, Quiz
from tests import factories
from tests.events.helpers import staff, superuser
from tests.events.quiz.bank.helpers import (
    GOOD_ROWS,
    IMPORT,
    LISTING,
    TEMPLATE,
    question,
    upload,
    xlsx_file,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


# --- Permissions ------------------------------------------------------------------------------


def test_viewers_may_export_but_not_import(client):
    question("只能看的题")
    client.force_login(staff("viewer", "view_question"))
    assert client.get(LISTING).status_code == 200
    assert client.get(f"{LISTING}?export=csv").status_code == 200
    html = client.get(LISTING).content.decode()
    assert IMPORT not in html and TEMPLATE not in html

    for response in (
        client.get(IMPORT),
        client.get(TEMPLATE),
        upload(client, xlsx_file(GOOD_ROWS)),
    ):
        assert response.status_code == 403  # refused in place, as every 活动报名 screen is
    assert Question.objects.count() == 1


def test_adders_may_import_but_export_needs_view(client):
    client.force_login(staff("adder", "add_question"))
    html = client.get(LISTING).content.decode()
    assert IMPORT in html and TEMPLATE in html
    assert "export=csv" not in html
    assert client.get(TEMPLATE).status_code == 200
    assert upload(client, xlsx_file(GOOD_ROWS)).status_code == 302
    assert Question.objects.count() == 3
    refused = client.get(f"{LISTING}?export=csv")
    assert refused.status_code == 403


def test_staff_without_question_permissions_see_nothing(client):
    question("看不见的题")
    client.force_login(staff("clerk", "view_registration"))
    for url in (LISTING, IMPORT, TEMPLATE, f"{LISTING}?export=csv"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "看不见的题".encode() not in response.content


# --- Listing ----------------------------------------------------------------------------------


def test_listing_speaks_chinese_and_shows_the_answers(boss):
    question("单选题文本", options=["甲", "乙", "丙"], answer="B", category="三会一课")
    question("多选题文本", kind="multiple", options=["甲", "乙", "丙", "丁"], answer="ACD")
    question("判断题文本", kind="true_false", answer=False, active=False)
    response = boss.get(LISTING)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-hans"' in html
    for text in ("单选题文本", "多选题文本", "判断题文本", "题型", "分类", "难度"):
        assert text in html
    assert ">B<" in html.replace(" ", "").replace("\n", "")
    assert ">ACD<" in html.replace(" ", "").replace("\n", "")
    assert ">错误<" in html.replace(" ", "").replace("\n", "")


def test_the_bank_sits_in_the_events_menu(boss):
    html = boss.get("/admin/").content.decode()
    assert LISTING in html
    assert "/admin/snippets/events/question/" not in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("kind=multiple", {"多选"}),
        ("kind=true_false", {"判断"}),
        ("category=三会一课", {"单选"}),
        ("difficulty=3", {"多选"}),
        ("active=0", {"判断"}),
        ("active=1", {"单选", "多选"}),
        ("q=信访", {"判断"}),
        ("q=党支部", {"单选"}),
    ],
)
def test_listing_filters_and_search(boss, query, expected):
    question("单选：党支部的“三会”", category="三会一课", difficulty=1)
    question("多选：廉洁", kind="multiple", difficulty=3)
    question("判断：信访人", kind="true_false", active=False)
    html = boss.get(f"{LISTING}results/?{query}").content.decode()
    shown = {kind for kind in ("单选", "多选", "判断") if f"{kind}：" in html}
    assert shown == expected


# Session, user, profile; the category choices of the filter; count; locales; the admin menu's
# page checks (3); the questions, and all their options in one more; whether the staff member
# has two-step verification.
LISTING_QUERIES = 12


@pytest.mark.parametrize("length", [1, 20])
def test_listing_query_count_does_not_grow(client, length):
    client.force_login(superuser())
    for number in range(length):
        kind = ("single", "multiple", "true_false")[number % 3]
        question(f"第{number}题", kind=kind, category=f"分类{number % 4}")
    client.get(LISTING)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LISTING)
    assert response.status_code == 200
    assert response.content.decode().count("第") >= length
    assert len(queries) == LISTING_QUERIES, [q["sql"] for q in queries]


# --- Questions on papers ----------------------------------------------------------------------


def test_a_question_on_a_residents_paper_cannot_be_deleted(boss):
    used = question("答过的题")
    unused = question("没人答过的题")
    event = factories.event(factories.event_index(), kind=EventKind.QUIZ)
    now = timezone.now()
    quiz = Quiz.objects.create(
        event=event, opens_at=now, closes_at=now + timezone.timedelta(days=1)
    )
    attempt = Attempt.objects.create(quiz=quiz, token="t" * 32, max_score=100, deadline=now)
    AttemptQuestion.objects.create(attempt=attempt, question=used, position=1)

    response = boss.post(f"{LISTING}delete/{used.pk}/")
    assert response.status_code == 302
    assert Question.objects.filter(pk=used.pk).exists()
    assert boss.get(f"{LISTING}delete/{used.pk}/").status_code == 302

    bulk = f"/admin/bulk/events/question/delete/?next={LISTING}"
    boss.post(f"{bulk}&id={used.pk}&id={unused.pk}")
    assert Question.objects.filter(pk__in=[used.pk, unused.pk]).count() == 2

    assert boss.post(f"{bulk}&id={unused.pk}").status_code == 302
    assert not Question.objects.filter(pk=unused.pk).exists()
    assert Question.objects.filter(pk=used.pk).exists()
