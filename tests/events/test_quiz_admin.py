"""Staff side of the online quiz in the Wagtail admin: the quiz listing and form, paper-score
entry, results and their export, statistics with their charts, and the purge.

Assertions lean on data attributes, numbers and phone numbers rather than wording, so they
hold whichever language the admin speaks.
"""

import datetime
import io
import re

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from events import quiz as services
from events import selectors
from events.models import Attempt, EventKind, Quiz, QuizMix
from events.quiz_admin import purge_quiz_personal_data
from events.quiz_admin.forms import Rule, bank_shortfalls
from events.quiz_admin.statistics import band_width, score_bands
from events.quiz_admin.views import SOURCE_LABELS
from home.hooks import PURGE_HOOK
from tests import factories
from tests.factories import phone

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

LISTING = "/admin/events/quizzes/"
ONLINE = str(SOURCE_LABELS[Attempt.Source.ONLINE])
PAPER = str(SOURCE_LABELS[Attempt.Source.PAPER])
ADD = f"{LISTING}new/"


def staff(username, *codenames):
    """An admin user holding the given permissions (app label events unless dotted)."""
    return factories.staff_user(username, *codenames, app="events")


def superuser():
    return factories.staff_user("boss", superuser=True)


def results_url(quiz):
    return reverse("event_quizzes:results", args=[quiz.pk])


def paper_url(quiz):
    return reverse("event_quizzes:paper_scores", args=[quiz.pk])


def statistics_url(quiz):
    return reverse("event_quizzes:statistics", args=[quiz.pk])


@pytest.fixture
def quiz():
    """Five single-choice questions, 20 points each: full marks 100, pass mark 60."""
    return factories.quiz(questions=5, points_per_question=20, pass_mark=60)


def bank_ids():
    from events.models import Question

    return list(Question.objects.order_by("pk").values_list("pk", flat=True))


def row_cells(html):
    """The text of each listing row's cells, tags and spacing removed."""
    table = html[html.index('<table class="listing') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S)[1:]
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        ]
        for row in rows
    ]


def queries(client, url):
    client.get(url)  # warm caches (content types, site root paths)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


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


def form_errors(response):
    form = response.context["form"]
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def test_a_quiz_the_bank_can_supply_is_created(client, quiz_event):
    for _ in range(5):
        factories.question()
    client.force_login(superuser())
    response = client.post(ADD, quiz_form(quiz_event, question_count=5))
    assert response.status_code == 302, response.content.decode()[-3000:]
    quiz = Quiz.objects.get(event=quiz_event)
    assert (quiz.paper_size, quiz.max_score) == (5, 25)


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
        ({"name": "", "phone": phone(1), "score": "50"}, "必需"),
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
    assert first[:7] == ["1", "张三", phone(1), ONLINE, "100", "100", "是"]
    submitted = timezone.localtime(best.submitted_at)
    assert f"{submitted:%Y-%m-%d %H:%M}" in lines[1]
    third = lines[3].split(",")
    assert third[1:4] == ["'=HYPERLINK(1)", phone(3), PAPER]
    assert third[6] == "是" and third[7] == ""
    assert lines[4].split(",")[6] == "否"
    assert response["Content-Disposition"].startswith(f'attachment; filename="quiz-{quiz.pk}-')


def test_xlsx_export(client, quiz):
    build_results(quiz)
    client.force_login(staff("officer", "view_quiz", "view_full_phone"))
    response = client.get(f"{results_url(quiz)}?export=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 5
    assert rows[1][:7] == (1, "张三", phone(1), ONLINE, 100, 100, "是")
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


# --- Statistics ------------------------------------------------------------------------------


def test_statistics_numbers_and_charts(client, quiz):
    q1, q2, q3, q4, _q5 = bank_ids()
    factories.quiz_attempt(quiz, phone(1), right=bank_ids())  # 100
    factories.quiz_attempt(quiz, phone(2), right=[q1, q2, q3])  # 60
    factories.quiz_attempt(quiz, phone(3), right=[q1])  # 20
    services.record_paper_score(quiz=quiz, name="纸一", phone=phone(4), score=80)
    services.record_paper_score(quiz=quiz, name="纸二", phone=phone(5), score=40)
    factories.quiz_attempt(quiz, phone(6), submit=False)  # still answering, not counted
    client.force_login(staff("reader", "view_quiz"))
    response = client.get(statistics_url(quiz))
    assert response.status_code == 200
    html = response.content.decode()
    for name, value in {
        "participants": "5",
        "online": "3",
        "paper": "2",
        "average": "60.0",
        "highest": "100",
        "lowest": "20",
        "pass-rate": "60%",
    }.items():
        assert f'data-{name}="{value}"' in html, name

    bands_svg = re.search(r'<svg[^>]*data-chart="bands".*?</svg>', html, flags=re.S).group(0)
    assert "<title" in bands_svg and "<desc" in bands_svg and 'role="img"' in bands_svg
    assert bands_svg.count("data-bar") == 10
    bands = re.search(r'data-table="bands".*?</table>', html, flags=re.S).group(0)
    counted = re.findall(r"<th scope=\"row\">([^<]+)</th><td[^>]*>(\d+)</td>", bands)
    assert counted == [
        ("0–9", "0"),
        ("10–19", "0"),
        ("20–29", "1"),
        ("30–39", "0"),
        ("40–49", "1"),
        ("50–59", "0"),
        ("60–69", "1"),
        ("70–79", "0"),
        ("80–89", "1"),
        ("90–100", "1"),
    ]

    questions_svg = re.search(r'<svg[^>]*data-chart="questions".*?</svg>', html, flags=re.S)
    assert questions_svg.group(0).count("data-bar") == 5
    table = re.search(r'data-table="questions".*?</table>', html, flags=re.S).group(0)
    rates = re.findall(r"<td class=\"qf-num\">(\d+)</td><td class=\"qf-num\">(\d+)</td>", table)
    # Hardest first: q4 and q5 right once in three papers, q2 and q3 twice, q1 every time.
    assert rates == [("1", "3"), ("1", "3"), ("2", "3"), ("2", "3"), ("3", "3")]
    assert "<svg" not in html.split('data-chart="questions"')[1].split("</svg>")[1]


def test_statistics_of_a_quiz_without_results(client, quiz):
    client.force_login(superuser())
    html = client.get(statistics_url(quiz)).content.decode()
    assert 'data-participants="0"' in html and 'data-pass-rate="—"' in html
    assert 'data-chart="questions"' not in html


def test_score_bands_fit_the_paper():
    assert band_width(100) == 10 and band_width(200) == 20 and band_width(5) == 1
    assert [band.label for band in score_bands(100)][::3] == ["0–9", "30–39", "60–69", "90–100"]
    assert [band.label for band in score_bands(40)][-2:] == ["30–34", "35–40"]
    assert [band.label for band in score_bands(3)] == ["0", "1", "2–3"]


# --- Purge -----------------------------------------------------------------------------------


def test_purge_blanks_attempts_of_quizzes_closed_before_the_cutoff(quiz):
    now = timezone.now()
    old = factories.quiz(
        factories.event(factories.event_index(slug="old-events"), kind=EventKind.QUIZ),
        questions=0,
        question_count=5,
        opens_at=now - datetime.timedelta(days=400),
        closes_at=now - datetime.timedelta(days=399),
    )
    gone = services.record_paper_score(quiz=old, name="李秀英", phone=phone(1), score=80)
    kept = services.record_paper_score(quiz=quiz, name="王久余", phone=phone(2), score=60)
    assert purge_quiz_personal_data(before=now - datetime.timedelta(days=365)) == 1
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert (gone.name, gone.phone, gone.score) == ("", None, 80)
    assert (kept.name, kept.phone) == ("王久余", phone(2))
    assert purge_quiz_personal_data(before=now - datetime.timedelta(days=365)) == 0


def test_purge_command_runs_the_quiz_purge(quiz):
    from events.quiz_admin.purge import purge_quiz_attempts

    assert purge_quiz_attempts in hooks.get_hooks(PURGE_HOOK)
    quiz.closes_at = timezone.now() - datetime.timedelta(days=1000)
    quiz.opens_at = quiz.closes_at - datetime.timedelta(days=1)
    quiz.save()
    services.record_paper_score(quiz=quiz, name="李秀英", phone=phone(1), score=80)
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "线上答题记录 1" in out.getvalue()
    assert Attempt.objects.get().phone is None


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
    from events.models import Quiz

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
