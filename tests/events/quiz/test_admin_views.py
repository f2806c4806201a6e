"""The quiz screens in the admin: the listing, paper-score entry, results and their export,
and a quiz with results kept from deletion.

Assertions lean on data attributes, numbers and phone numbers rather than wording, so they
hold whichever language the admin speaks.
"""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from events.models import Attempt, EventKind, Quiz, QuizMix
from events.quiz import selectors, services
from events.quiz.admin.views import SOURCE_LABELS
from tests import factories
from tests.events.helpers import queries, row_cells, staff, superuser
from tests.events.quiz.admin_helpers import (
    LISTING,
    bank_ids,
    form_errors,
    paper_url,
    results_url,
    statistics_url,
)
from tests.factories import phone

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


ONLINE = str(SOURCE_LABELS[Attempt.Source.ONLINE])

PAPER = str(SOURCE_LABELS[Attempt.Source.PAPER])


# --- Quiz listing ----------------------------------------------------------------------------


def test_listing_shows_paper_size_results_and_average(client, quiz):
    factories.quiz_attempt(quiz, phone(1), right=bank_ids()[:4])  # 80
    factories.quiz_attempt(quiz, phone(2), right=bank_ids()[:3])  # 60
    factories.quiz_attempt(quiz, phone(3), submit=False)  # still answering
    client.force_login(superuser())
    [cells] = row_cells(client.get(LISTING).content.decode())
    assert cells[-3:] == ["5", "2", "70.0"]


def test_listing_queries_do_not_grow_with_its_length(client):
    client.force_login(superuser())
    first = factories.quiz(questions=2, points_per_question=50)
    factories.quiz_attempt(first, phone(1), right=bank_ids()[:1])
    one, html = queries(client, LISTING)
    assert len(row_cells(html)) == 1
    index = factories.event_index(slug="more-events")
    for number in range(19):
        quiz = factories.quiz(factories.event(index, kind=EventKind.QUIZ), questions=0)
        QuizMix.objects.create(quiz=quiz, count=2)
        factories.quiz_attempt(quiz, phone(100 + number))
    twenty, html = queries(client, LISTING)
    assert len(row_cells(html)) == 20
    assert one == twenty, (one, twenty)


# --- Paper scores ----------------------------------------------------------------------------


def test_staff_enter_a_paper_score(client, quiz):
    client.force_login(staff("clerk", "change_quiz"))
    response = client.post(
        paper_url(quiz), {"name": "李  秀英", "phone": "139 0000 0001", "score": "80"}
    )
    assert response.status_code == 302
    attempt = Attempt.objects.get(quiz=quiz)
    assert (attempt.name, attempt.phone, attempt.score, attempt.source) == (
        "李 秀英",
        phone(1),
        80,
        Attempt.Source.PAPER,
    )
    html = client.get(paper_url(quiz)).content.decode()
    assert "139****0001" in html and phone(1) not in html
    assert [a.pk for a in selectors.ranking(quiz)] == [attempt.pk]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "李秀英", "phone": phone(1), "score": "101"}, "100"),
        ({"name": "李秀英", "phone": phone(1), "score": "-5"}, "0"),
        ({"name": "李秀英", "phone": "1234", "score": "50"}, "手机"),
        ({"name": "李秀英", "phone": "12900000001", "score": "50"}, "手机"),
        ({"name": "李秀英", "phone": phone(1), "score": "八十"}, "整数"),
        ({"name": "", "phone": phone(1), "score": "50"}, "请填写姓名"),
        ({"name": "李秀英", "phone": phone(1)}, "必需"),
    ],
)
def test_bad_paper_scores_are_refused_and_nothing_is_stored(client, quiz, data, message):
    client.force_login(staff("clerk", "change_quiz"))
    response = client.post(paper_url(quiz), data)
    assert response.status_code == 400
    assert not Attempt.objects.exists()
    assert message in form_errors(response)


def test_a_phone_with_a_result_already_is_refused(client, quiz):
    online = factories.quiz_attempt(quiz, phone(1), right=bank_ids()[:2])
    client.force_login(staff("clerk", "change_quiz"))
    response = client.post(paper_url(quiz), {"name": "李秀英", "phone": phone(1), "score": "90"})
    assert response.status_code == 400
    assert "已有成绩" in form_errors(response)
    assert list(Attempt.objects.values_list("pk", "score")) == [(online.pk, 40)]


def test_entering_scores_needs_the_change_permission(client, quiz):
    client.force_login(staff("reader", "view_quiz"))
    response = client.post(paper_url(quiz), {"name": "李秀英", "phone": phone(1), "score": "90"})
    assert response.status_code in (302, 403)
    assert not Attempt.objects.exists()
    assert client.get(results_url(quiz)).status_code == 200
    client.force_login(staff("stranger"))
    assert client.get(results_url(quiz)).status_code in (302, 403)
    assert client.get(statistics_url(quiz)).status_code in (302, 403)


# --- Results and export ----------------------------------------------------------------------


def build_results(quiz):
    ids = bank_ids()
    best = factories.quiz_attempt(quiz, phone(1), name="张三", right=ids)  # 100
    middle = factories.quiz_attempt(quiz, phone(2), name="李四", right=ids[:3])  # 60
    paper = services.record_paper_score(quiz=quiz, name="=HYPERLINK(1)", phone=phone(3), score=60)
    low = factories.quiz_attempt(quiz, phone(4), name="王五", right=ids[:1])  # 20
    return best, middle, paper, low


def test_results_are_listed_in_ranking_order_with_masked_phones(client, quiz):
    build_results(quiz)
    client.force_login(staff("reader", "view_quiz"))
    response = client.get(results_url(quiz))
    html = response.content.decode()
    rows = row_cells(html)
    assert [row[0] for row in rows] == ["1", "2", "3", "4"]
    assert [row[4] for row in rows] == ["100", "60", "60", "20"]
    assert [row[2] for row in rows] == [
        "139****0001",
        "139****0002",
        "139****0003",
        "139****0004",
    ]
    assert phone(1) not in html
    ranked = [a.name for a in selectors.ranking(quiz)]
    assert [row[1] for row in rows] == ranked
    assert "?export=csv" not in html

    client.force_login(staff("officer", "view_quiz", "view_full_phone"))
    html = client.get(results_url(quiz)).content.decode()
    assert phone(1) in html and "?export=csv" in html


def test_export_needs_the_full_phone_permission(client, quiz):
    build_results(quiz)
    client.force_login(staff("reader", "view_quiz"))
    for format in ("csv", "xlsx"):
        response = client.get(f"{results_url(quiz)}?export={format}")
        assert response.status_code == 403
        assert phone(1).encode() not in response.content


def test_csv_export_has_full_phones_local_times_and_no_formulas(client, quiz):
    best, _middle, paper, _low = build_results(quiz)
    client.force_login(staff("officer", "view_quiz", "view_full_phone"))
    response = client.get(f"{results_url(quiz)}?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    lines = body.lstrip("\ufeff").splitlines()
    assert len(lines) == 5
    first = lines[1].split(",")
    assert first[:7] == ["1", "张三", phone(1), ONLINE, "100", "100", "合格"]
    submitted = timezone.localtime(best.submitted_at)
    assert f"{submitted:%Y-%m-%d %H:%M}" in lines[1]
    third = lines[3].split(",")
    assert third[1:4] == ["'=HYPERLINK(1)", phone(3), PAPER]
    assert third[6] == "合格" and third[7] == ""
    assert lines[4].split(",")[6] == "不合格"
    assert response["Content-Disposition"].startswith(f'attachment; filename="quiz-{quiz.pk}-')


def test_xlsx_export(client, quiz):
    build_results(quiz)
    client.force_login(staff("officer", "view_quiz", "view_full_phone"))
    response = client.get(f"{results_url(quiz)}?export=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 5
    assert rows[1][:7] == (1, "张三", phone(1), ONLINE, 100, 100, "合格")
    assert rows[3][1] == "=HYPERLINK(1)"
    assert sheet.cell(row=4, column=2).data_type == "s"
    assert isinstance(rows[1][9], datetime.datetime)


def test_results_hand_in_papers_whose_time_ran_out(client, quiz):
    began = timezone.now() - datetime.timedelta(minutes=30)
    factories.quiz_attempt(quiz, phone(1), right=bank_ids()[:2], submit=False, now=began)
    client.force_login(superuser())
    rows = row_cells(client.get(results_url(quiz)).content.decode())
    assert [row[4] for row in rows] == ["40"]


def attempts(quiz, count, start=1):
    ids = bank_ids()
    for number in range(start, start + count):
        if number % 3:
            factories.quiz_attempt(quiz, phone(number), right=ids[: number % 6])
        else:
            services.record_paper_score(
                quiz=quiz, name=f"居民{number}", phone=phone(number), score=number % 100
            )


@pytest.mark.parametrize("page", [results_url, statistics_url])
def test_quiz_screens_keep_their_query_count(client, quiz, page):
    client.force_login(superuser())
    attempts(quiz, 1)
    one, _html = queries(client, page(quiz))
    attempts(quiz, 19, start=2)
    twenty, html = queries(client, page(quiz))
    assert 'data-participants="20"' in html or len(row_cells(html)) == 20
    assert one == twenty, (one, twenty)


# --- Delete ----------------------------------------------------------------------------------


def test_the_edit_page_links_to_the_quiz_screens(client, quiz):
    client.force_login(superuser())
    html = client.get(f"{LISTING}edit/{quiz.pk}/").content.decode()
    for url in (results_url(quiz), statistics_url(quiz), paper_url(quiz)):
        assert url in html
    html = client.get(LISTING).content.decode()
    for url in (results_url(quiz), statistics_url(quiz), paper_url(quiz)):
        assert url in html


def test_a_quiz_with_results_cannot_be_deleted(client, quiz):

    client.force_login(superuser())
    assert client.get(f"{LISTING}delete/{quiz.pk}/").status_code == 200  # no results yet
    services.record_paper_score(quiz=quiz, name="李秀英", phone=phone(1), score=80)
    services.record_paper_score(quiz=quiz, name="王久余", phone=phone(2), score=70)
    for response in (
        client.get(f"{LISTING}delete/{quiz.pk}/", follow=True),
        client.post(f"{LISTING}delete/{quiz.pk}/", follow=True),
    ):
        assert "不能删除" in response.content.decode()
    assert Quiz.objects.filter(pk=quiz.pk).exists() and quiz.attempts.count() == 2
