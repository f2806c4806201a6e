"""Correcting and deleting paper scores until the results are final (a week after the quiz
closes), the audit log of every correction, and the pass-or-fail column of the results."""

import csv
import datetime
import io
import re
import zoneinfo

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from events.models import Attempt
from events.quiz import audit, selectors, services
from events.quiz.models import CORRECTION_DAYS
from tests import factories
from tests.events.helpers import queries, row_cells, staff, superuser
from tests.events.quiz.admin_helpers import bank_ids, form_errors, paper_url, results_url
from tests.factories import phone

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI)
CLOSES = datetime.datetime(2026, 11, 20, 18, 0, tzinfo=SHANGHAI)
FINAL = CLOSES + datetime.timedelta(days=CORRECTION_DAYS)
FINAL_MESSAGE = "本次答题的成绩已于 2026年11月27日 18:00 确定，纸质成绩不能再录入、更正或删除。"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def paper_quiz(clock):
    """Open since yesterday, closing tonight: full marks 100, pass mark 60."""
    return factories.quiz(
        questions=5,
        points_per_question=20,
        pass_mark=60,
        opens_at=CLOSES - datetime.timedelta(days=1),
        closes_at=CLOSES,
    )


@pytest.fixture
def clerk():
    return factories.staff_user(
        "clerk", "change_quiz", app="events", first_name="文刚", last_name="赵"
    )


def names_ranked(quiz):
    return [attempt.name for attempt in selectors.ranking(quiz)]


def correction_rows(html):
    """The cells of the corrections table on the paper-score screen."""
    match = re.search(r'<table data-table="corrections">(.*?)</table>', html, flags=re.S)
    if match is None:
        return []
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", match.group(1), flags=re.S)[1:]
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        ]
        for row in rows
    ]


def change(client, quiz, attempt, **values):
    data = {"action": "change", "attempt": attempt.pk}
    data.update({"name": attempt.name, "phone": attempt.phone, "score": attempt.score})
    data.update(values)
    return client.post(paper_url(quiz), data)


def delete(client, quiz, attempt):
    return client.post(paper_url(quiz), {"action": "delete", "attempt": attempt.pk})


# --- Before the results are final ------------------------------------------------------------


def test_a_corrected_score_moves_in_the_ranking_and_is_logged(client, paper_quiz, clerk):
    factories.quiz_attempt(paper_quiz, phone(1), name="张三", right=bank_ids()[:4])  # 80
    slip = services.record_paper_score(quiz=paper_quiz, name="李秀英", phone=phone(2), score=50)
    assert names_ranked(paper_quiz) == ["张三", "李秀英"]
    client.force_login(clerk)

    html = client.get(paper_url(paper_quiz)).content.decode()
    assert f"?edit={slip.pk}" in html and f"?delete={slip.pk}" in html
    form = client.get(f"{paper_url(paper_quiz)}?edit={slip.pk}").content.decode()
    assert f'data-edit-paper-score="{slip.pk}"' in form and 'value="50"' in form

    assert change(client, paper_quiz, slip, score="90").status_code == 302
    slip.refresh_from_db()
    assert (slip.name, slip.phone, slip.score, slip.source) == ("李秀英", phone(2), 90, "paper")
    assert names_ranked(paper_quiz) == ["李秀英", "张三"]

    entry = ModelLogEntry.objects.get(action=audit.CHANGED)
    assert (entry.user_id, entry.object_id) == (clerk.pk, str(slip.pk))
    assert entry.data["old"] == {"name": "李*英", "phone": "139****0002", "score": 50}
    assert entry.data["new"] == {"name": "李*英", "phone": "139****0002", "score": 90}
    assert entry.data["changed"] == ["score"]
    # The log outlives the purge of personal data: no full name or number in it.
    assert "李秀英" not in entry.label and phone(2) not in str(entry.data)

    rows = correction_rows(client.get(paper_url(paper_quiz)).content.decode())
    assert rows == [["2026年11月20日 10:00", "赵文刚", "李*英（139****0002）", "得分 50 → 90"]]


def test_a_corrected_name_and_number_are_logged_and_nothing_logs_when_nothing_changes(
    client, paper_quiz, clerk
):
    slip = services.record_paper_score(quiz=paper_quiz, name="李秀英", phone=phone(2), score=50)
    client.force_login(clerk)
    assert change(client, paper_quiz, slip).status_code == 302  # saved as it was
    assert not ModelLogEntry.objects.filter(action__in=audit.ACTIONS).exists()

    assert change(client, paper_quiz, slip, name="刘秀英", phone=phone(3)).status_code == 302
    slip.refresh_from_db()
    assert (slip.name, slip.phone, slip.score) == ("刘秀英", phone(3), 50)
    [row] = correction_rows(client.get(paper_url(paper_quiz)).content.decode())
    assert row[3] == "姓名 李*英 → 刘*英 手机号 139****0002 → 139****0003"


def test_a_deleted_score_leaves_the_ranking_and_the_log_keeps_it(client, paper_quiz, clerk):
    online = factories.quiz_attempt(paper_quiz, phone(1), name="张三", right=bank_ids()[:4])
    twice = services.record_paper_score(quiz=paper_quiz, name="李秀英", phone=phone(2), score=90)
    client.force_login(clerk)

    confirm = client.get(f"{paper_url(paper_quiz)}?delete={twice.pk}")
    assert confirm.status_code == 200
    assert f'data-delete-paper-score="{twice.pk}"' in confirm.content.decode()
    assert Attempt.objects.filter(pk=twice.pk).exists()  # asking deletes nothing

    assert delete(client, paper_quiz, twice).status_code == 302
    assert not Attempt.objects.filter(pk=twice.pk).exists()
    assert names_ranked(paper_quiz) == ["张三"]
    entry = ModelLogEntry.objects.get(action=audit.DELETED)
    assert (entry.user_id, entry.object_id, entry.deleted) == (clerk.pk, str(twice.pk), True)
    assert entry.data["old"] == {"name": "李*英", "phone": "139****0002", "score": 90}
    assert entry.data["new"] is None
    rows = correction_rows(client.get(paper_url(paper_quiz)).content.decode())
    assert rows == [
        [
            "2026年11月20日 10:00",
            "赵文刚",
            "李*英（139****0002）",
            "已删除 姓名 李*英 手机号 139****0002 得分 90",
        ]
    ]

    # An online result is the resident's own paper: this screen cannot delete or change it.
    assert delete(client, paper_quiz, online).status_code == 404
    assert change(client, paper_quiz, online, score="100").status_code == 404
    online.refresh_from_db()
    assert online.score == 80


def test_corrections_are_checked_like_new_scores(client, paper_quiz, clerk):
    slip = services.record_paper_score(quiz=paper_quiz, name="李秀英", phone=phone(2), score=50)
    other = services.record_paper_score(quiz=paper_quiz, name="王五", phone=phone(3), score=70)
    client.force_login(clerk)
    too_high = change(client, paper_quiz, slip, score="101")
    assert too_high.status_code == 400 and "100" in form_errors(too_high)
    taken = change(client, paper_quiz, slip, phone=other.phone)
    assert taken.status_code == 400 and "已有成绩" in form_errors(taken)
    assert list(Attempt.objects.order_by("pk").values_list("phone", "score")) == [
        (phone(2), 50),
        (phone(3), 70),
    ]
    assert not ModelLogEntry.objects.filter(action__in=audit.ACTIONS).exists()


@pytest.mark.parametrize(
    "request_kind, expected",
    [
        ("get_edit_word", 404),
        ("get_edit_unknown", 404),
        ("post_unknown_action", 400),
        ("post_without_attempt", 404),
        ("post_word_attempt", 404),
    ],
)
def test_bad_requests_get_a_chinese_answer_and_change_nothing(
    client, paper_quiz, clerk, request_kind, expected
):
    slip = services.record_paper_score(quiz=paper_quiz, name="李秀英", phone=phone(2), score=50)
    client.force_login(clerk)
    url = paper_url(paper_quiz)
    response = {
        "get_edit_word": lambda: client.get(f"{url}?edit=abc"),
        "get_edit_unknown": lambda: client.get(f"{url}?delete={slip.pk + 99}"),
        "post_unknown_action": lambda: client.post(url, {"action": "drop", "attempt": slip.pk}),
        "post_without_attempt": lambda: client.post(url, {"action": "delete"}),
        "post_word_attempt": lambda: client.post(url, {"action": "delete", "attempt": "1 OR 1"}),
    }[request_kind]()
    assert response.status_code == expected
    html = response.content.decode()
    assert "不存在" in html or "未能提交" in html
    assert Attempt.objects.get().score == 50


def test_staff_who_may_only_read_cannot_correct_or_delete(client, paper_quiz):
    slip = services.record_paper_score(quiz=paper_quiz, name="李秀英", phone=phone(2), score=50)
    client.force_login(staff("reader", "view_quiz"))
    assert change(client, paper_quiz, slip, score="90").status_code in (302, 403)
    assert delete(client, paper_quiz, slip).status_code in (302, 403)
    assert Attempt.objects.get().score == 50


# --- Once the results are final --------------------------------------------------------------


def test_the_results_are_final_a_week_after_the_quiz_closes(paper_quiz, clock, clerk):
    slip = services.record_paper_score(quiz=paper_quiz, name="李秀英", phone=phone(2), score=50)
    clock.move_to(FINAL - datetime.timedelta(minutes=1))
    services.change_paper_score(
        quiz=paper_quiz, attempt_id=slip.pk, name="李秀英", phone=phone(2), score=55, user=clerk
    )
    clock.move_to(FINAL)
    with pytest.raises(services.QuizError) as refusal:
        services.change_paper_score(
            quiz=paper_quiz, attempt_id=slip.pk, name="李秀英", phone=phone(2), score=60
        )
    assert (refusal.value.reason, refusal.value.message) == ("final", FINAL_MESSAGE)
    with pytest.raises(services.QuizError):
        services.delete_paper_score(quiz=paper_quiz, attempt_id=slip.pk)
    with pytest.raises(services.QuizError):
        services.record_paper_score(quiz=paper_quiz, name="王五", phone=phone(3), score=70)
    assert list(Attempt.objects.values_list("score", flat=True)) == [55]
    assert ModelLogEntry.objects.filter(action__in=audit.ACTIONS).count() == 1


def test_after_the_results_are_final_the_screen_refuses_every_change(
    client, paper_quiz, clock, clerk
):
    slip = services.record_paper_score(quiz=paper_quiz, name="李秀英", phone=phone(2), score=50)
    clock.move_to(FINAL + datetime.timedelta(days=1))
    client.force_login(clerk)
    url = paper_url(paper_quiz)
    attempts = (
        lambda: change(client, paper_quiz, slip, score="90"),
        lambda: delete(client, paper_quiz, slip),
        lambda: client.get(f"{url}?edit={slip.pk}"),
        lambda: client.get(f"{url}?delete={slip.pk}"),
        lambda: client.post(url, {"name": "王五", "phone": phone(3), "score": "70"}),
    )
    for attempt in attempts:
        response = attempt()
        assert response.status_code == 409
        assert FINAL_MESSAGE in response.content.decode()
    assert list(Attempt.objects.values_list("pk", "name", "phone", "score")) == [
        (slip.pk, "李秀英", phone(2), 50)
    ]
    assert not ModelLogEntry.objects.filter(action__in=audit.ACTIONS).exists()

    html = client.get(url).content.decode()
    assert 'data-results-final="true"' in html
    assert "?edit=" not in html and "?delete=" not in html and 'name="score"' not in html
    assert f'data-paper-score="{slip.pk}"' in html  # still listed, for reading


# --- The log in Wagtail's own reports --------------------------------------------------------


def test_the_site_history_reads_the_corrections_in_chinese(client, paper_quiz, clerk):
    slip = services.record_paper_score(quiz=paper_quiz, name="李秀英", phone=phone(2), score=50)
    services.change_paper_score(
        quiz=paper_quiz, attempt_id=slip.pk, name="李秀英", phone=phone(2), score=90, user=clerk
    )
    services.delete_paper_score(quiz=paper_quiz, attempt_id=slip.pk, user=clerk)
    assert str(log_registry.get_action_label(audit.CHANGED)) == "更正纸质成绩"
    assert str(log_registry.get_action_label(audit.DELETED)) == "删除纸质成绩"
    client.force_login(superuser())
    html = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "纸质成绩已更正：得分 50 → 90" in html
    assert "纸质成绩已删除：姓名 李*英；手机号 139****0002；得分 90" in html
    text = re.sub(r"<[^>]+>", " ", html)  # what staff read, not the filter's option values
    assert "paper_score" not in text and "李秀英" not in html


# --- Query counts ----------------------------------------------------------------------------


def test_the_paper_score_screen_keeps_its_query_count(client, paper_quiz, clerk):
    client.force_login(clerk)

    def add(numbers):
        for number in numbers:
            entry = services.record_paper_score(
                quiz=paper_quiz, name=f"居民{number}", phone=phone(number), score=50
            )
            services.change_paper_score(
                quiz=paper_quiz,
                attempt_id=entry.pk,
                name=entry.name,
                phone=entry.phone,
                score=60,
                user=clerk,
            )

    add([1])
    one, html = queries(client, paper_url(paper_quiz))
    assert len(correction_rows(html)) == 1
    add(range(2, 21))
    twenty, html = queries(client, paper_url(paper_quiz))
    assert len(correction_rows(html)) == 20 and html.count("data-paper-score=") == 20
    assert one == twenty, (one, twenty)


# --- Pass or fail ----------------------------------------------------------------------------


def test_results_say_pass_or_fail_by_the_quiz_pass_mark(client, quiz):
    for number, score in enumerate((61, 60, 59), start=1):
        services.record_paper_score(
            quiz=quiz, name=f"居民{number}", phone=phone(number), score=score
        )
    client.force_login(staff("officer", "view_quiz", "view_full_phone"))

    rows = row_cells(client.get(results_url(quiz)).content.decode())
    assert [(row[4], row[5]) for row in rows] == [
        ("61", "合格"),
        ("60", "合格"),
        ("59", "不合格"),
    ]
    response = client.get(f"{results_url(quiz)}?export=csv")
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert lines[0][6] == "是否合格"
    assert [(line[4], line[6]) for line in lines[1:]] == [
        ("61", "合格"),
        ("60", "合格"),
        ("59", "不合格"),
    ]
    response = client.get(f"{results_url(quiz)}?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.title == f"成绩 {quiz.event.title}"
    assert [(row[4], row[6]) for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        (61, "合格"),
        (60, "合格"),
        (59, "不合格"),
    ]

    quiz.pass_mark = 61
    quiz.save()
    rows = row_cells(client.get(results_url(quiz)).content.decode())
    assert [row[5] for row in rows] == ["合格", "不合格", "不合格"]
