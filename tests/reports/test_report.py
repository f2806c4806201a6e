"""工作报告: each figure pinned on hand-built data (tests/reports/data.py) for the fourth quarter
of 2025 beside the third."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook

from tests import factories

from .data import case

URL = reverse("reports_work")


def metrics(html, attribute="data-metric"):
    return dict(re.findall(rf'{attribute}="([a-z_]+)" data-value="([^"]*)"', html))


def open_report(client, user, **query):
    client.force_login(user)
    return client.get(URL, query)


def test_every_figure_of_the_quarter_and_the_one_before(client, reviewer, quarter):
    response = open_report(client, reviewer, period="previous_quarter")
    assert response.status_code == 200
    html = response.content.decode()
    assert metrics(html) == {
        "events_held": "2",
        "registrations": "3",
        "attendance_rate": "0.6667",
        "quiz_participants": "2",
        "quiz_pass_rate": "0.5",
        "cases_received": "4",
        "timely_acceptance_rate": "0.75",
        "on_time_closure_rate": "0.3333",
        "satisfaction_rate": "0.5",
        "evaluation_rate": "0.6667",
        "settled_rate": "0.3333",
        "reception_sessions": "12",
        "visits": "0",
    }
    assert metrics(html, "data-previous-metric") == {
        "events_held": "0",
        "registrations": "0",
        "attendance_rate": "",
        "quiz_participants": "0",
        "quiz_pass_rate": "",
        "cases_received": "7",
        "timely_acceptance_rate": "0.8333",
        "on_time_closure_rate": "",
        # Four closed in Q3 with verdicts: 满意, 基本满意, 满意 (anonymous), 不满意.
        "satisfaction_rate": "0.75",
        "evaluation_rate": "1",
        "settled_rate": "1",
        "reception_sessions": "13",
        "visits": "1",
    }
    # Rates show what they count, and "—" with nothing to divide.
    assert "75%" in html and "3/4" in html and "—" in html and "0/0" in html
    assert 'data-period-first="2025-10-01"' in html and 'data-period-last="2025-12-31"' in html


def test_the_report_opens_on_the_current_quarter(client, reviewer, frozen):
    html = open_report(client, reviewer).content.decode()
    assert 'data-period-first="2026-01-01"' in html and 'data-period-last="2026-03-31"' in html
    assert 'value="quarter" checked' in html


def test_a_period_with_nothing_to_divide(client, reviewer, quarter):
    html = open_report(
        client, reviewer, period="dates", **{"from": "2024-01-01", "to": "2024-01-31"}
    ).content.decode()
    found = metrics(html)
    rates = [key for key in found if key.endswith("_rate")]
    assert len(rates) == 7 and all(found[key] == "" for key in rates)
    assert found["cases_received"] == "0"
    # 31 days before 1 January 2024, a month: December 2023.
    assert "2023年12月1日" in html


@pytest.mark.parametrize(
    "query",
    [
        {"period": "dates", "from": "2025-13-01", "to": "2025-12-31"},
        {"period": "dates", "from": "2025-12-31", "to": "2025-10-01"},
        {"period": "dates", "from": "", "to": ""},
        {"period": "dates", "from": "1900-01-01", "to": "1900-02-01"},
        {"period": "dates", "from": "2000-01-01", "to": "2025-01-01"},
        {"period": "fortnight"},
    ],
)
def test_bad_dates_get_a_message_and_400(client, reviewer, frozen, query):
    response = open_report(client, reviewer, **query)
    assert response.status_code == 400
    assert "data-period-error" in response.content.decode()
    assert "data-metric" not in response.content.decode()


def test_only_staff_who_view_suggestions_or_registrations_open_it(client, db):
    volunteer = factories.staff_user("door")
    volunteer.groups.add(Group.objects.get(name="活动志愿者"))
    client.force_login(volunteer)
    assert client.get(URL).status_code == 403
    assert client.get(reverse("reports_work_xlsx")).status_code == 403
    assert URL not in client.get(reverse("wagtailadmin_home")).content.decode()
    for permission in ("discussions.view_suggestion", "events.view_registration"):
        user = factories.staff_user(permission.split(".")[1], permission)
        client.force_login(user)
        assert client.get(URL).status_code == 200
        assert URL in client.get(reverse("wagtailadmin_home")).content.decode()


def test_xlsx_has_a_chinese_sheet_per_section_with_rates_in_parts(client, reviewer, quarter):
    html = open_report(client, reviewer, period="previous_quarter").content.decode()
    link = re.search(r'href="([^"]*xlsx[^"]*)"', html).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 5
    assert "Sheet" not in " ".join(book.sheetnames)
    rows = {row[0]: row[1:7] for row in book.worksheets[2].iter_rows(values_only=True) if row}
    timely = next(values for label, values in rows.items() if values[:3] == (3, 4, 0.75))
    assert timely[3:] == (5, 6, 0.8333)


@pytest.mark.parametrize("extra", [1, 20])
def test_query_count_does_not_grow_with_the_cases(
    client, reviewer, form, frozen, extra, django_assert_num_queries
):
    for number in range(extra):
        case(form, "2025-11-03 10:00", phone=factories.phone(300 + number))
    client.force_login(reviewer)
    client.get(URL)  # warm the session and the admin's own caches
    # 31 for the report, and 1 asking whether the staff member has two-step verification.
    with django_assert_num_queries(32):
        response = client.get(URL, {"period": "previous_quarter"})
    assert metrics(response.content.decode())["cases_received"] == str(extra)
