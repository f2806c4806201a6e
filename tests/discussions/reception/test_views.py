"""The reception schedule page and its printable sheet: what they list, in Chinese, what bad
input and broken rows get, and what they cost in queries."""

import datetime
import re

import pytest
from django.utils.translation import gettext, override
from wagtail.models import Site

from discussions.models import ReceptionDay, ReceptionRule
from discussions.reception import views
from discussions.suggestions import services
from home.formatting import format_date
from tests import factories
from tests.discussions.reception.helpers import (
    MONDAY,
    at,
    holiday,
    rule,
    sample_schedule,
    schedule,
    session_day,
    upcoming_dates,
)

pytestmark = pytest.mark.django_db


# --- Pages ----------------------------------------------------------------------------------------


def zh(message):
    """The Chinese of a msgid, or the msgid itself until the catalogue has it."""
    with override("zh-hans"):
        return gettext(message)


def text_of(response):
    html = response.content.decode()
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def test_schedule_page_lists_the_coming_sessions_in_chinese(client):
    page, dates = sample_schedule()
    response = client.get("/reception/")
    assert response.status_code == 200
    html = response.content.decode()
    with override("zh-hans"):
        monday_label = format_date(dates["monday"])
        saturday_label = format_date(dates["saturday"])
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日（星期一）", monday_label)
    assert monday_label in html and saturday_label in html
    for text in ("赵文刚", "社区党支部书记", "刘秀兰", "社区居委会主任", "孙立新", "乡纪委书记"):
        assert text in html
    for text in (
        "社区党群服务中心一楼接待室",
        "社区党群服务中心一楼议事厅",
        "邻里纠纷、民生诉求",
        "物业管理、养老服务",
    ):
        assert text in html
    assert "09:00" in html and "14:30" in html and "周末加开一场" in html
    # Visiting notes (来访须知) and the page's own intro.
    assert "请携带本人身份证" in html and "社区领导定期接待居民来访" in html
    # Dates come in order, each once.
    headings = re.findall(r'<h3 class="reception-date"><time datetime="([\d-]+)"', html)
    assert headings == sorted(set(headings))
    assert dates["monday"].isoformat() in headings


def test_a_holiday_shows_its_sessions_called_off_with_the_note(client):
    page, dates = sample_schedule()
    html = client.get("/reception/").content.decode()
    holiday_group = html.split(f'datetime="{dates["holiday"].isoformat()}"')[1].split("</ul>")[0]
    assert 'class="reception-session cancelled"' in holiday_group
    assert zh("Reception called off") in holiday_group
    assert "法定节假日放假，急事请拨打12345" in holiday_group
    assert "赵文刚" in holiday_group
    # The place of a session that is not held is not offered.
    assert "接待室" not in holiday_group


def test_schedule_page_speaks_chinese(client):
    from tests.home.test_chinese_first import english_words

    sample_schedule()
    assert english_words(client.get("/reception/").content.decode()) == []


def test_schedule_links_its_calendar_feed(client):
    sample_schedule()
    html = client.get("/reception/").content.decode()
    head = html.split("</head>")[0]
    assert re.search(
        r'<link rel="alternate" type="text/calendar"[^>]*href="/calendar/reception\.ics"', head
    )
    body = html.split("<body")[1]
    assert re.search(r'<a [^>]*href="/calendar/reception\.ics"', body)
    assert 'href="/reception/print/"' in body


def test_an_empty_schedule_says_so(client):
    schedule()
    response = client.get("/reception/")
    assert response.status_code == 200
    nothing = zh(
        "No reception sessions are planned for these weeks. "
        "Please check again later or call the community office."
    )
    assert nothing in response.content.decode()


def test_weeks_ahead_bounds_the_list(client):
    dates = upcoming_dates()
    page = schedule(rules=[rule()], weeks_ahead=1)
    html = client.get(page.url).content.decode()
    assert (
        len(re.findall(r'class="reception-session regular"', html.split('id="regular-heading"')[0]))
        == 1
    )
    assert dates["monday"].isoformat() in html
    page.weeks_ahead = 0  # an editor's slip: still one week, not an empty or broken page
    page.save_revision().publish()
    assert client.get(page.url).status_code == 200


# --- Printable schedule ---------------------------------------------------------------------------


def test_print_page_has_the_table_the_notes_and_the_contact(client):
    from home.models import SiteSettings

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.address = "清风路1号社区党群服务中心"
    settings.contact_phone = "0315-1234567"
    settings.save()
    page, dates = sample_schedule()
    response = client.get("/reception/print/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "site-header" not in html  # a sheet of its own, without the site's menus
    table = html.split('<table class="reception-table">')[1].split("</table>")[0]
    assert "赵文刚" in table and "孙立新" in table and "社区党群服务中心一楼接待室" in table
    assert f"{dates['monday'].month}月{dates['monday'].day}日" in table
    assert zh("Reception called off") in table
    assert "请携带本人身份证" in html
    assert "清风路1号社区党群服务中心" in html and "0315-1234567" in html
    # The page's address as a QR code rather than Latin letters on the sheet.
    assert re.search(r'<svg [^>]*class="segno"', html)
    assert "data-print" in html
    # Staff can fit the sheet by printing fewer weeks; three by default.
    assert re.search(r'<a href="\?weeks=3" aria-current="true">', html)
    assert 'href="?weeks=2"' in html and 'href="?weeks=4"' in html


def test_print_page_keeps_to_one_sheet(client):
    rules = [
        rule(weekday, at(hour), at(hour + 1), leader_name=f"领导{weekday}{hour}")
        for weekday in range(7)
        for hour in (8, 10, 14)
    ]
    schedule(rules=rules)
    response = client.get("/reception/print/?weeks=8")
    html = response.content.decode()
    rows = html.split("<tbody>")[1].split("</tbody>")[0].count("<tr")
    assert rows == views.PRINT_ROWS
    assert f"{21 * 8 - views.PRINT_ROWS}" in text_of(response)


@pytest.mark.parametrize(
    "query",
    ["", "?weeks=abc", "?weeks=0", "?weeks=-1", "?weeks=9999999999999999999999", "?weeks=%00"],
)
def test_print_page_takes_any_weeks(client, query):
    sample_schedule()
    assert client.get("/reception/print/" + query).status_code == 200


# --- Bad input and broken data --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/reception/nonexistent/",
        "/reception/print/extra/",
        "/reception/print/%00/",
        "/calendar/reception.ics/x",
    ],
)
def test_bad_paths_are_404(client, path):
    sample_schedule()
    assert client.get(path).status_code == 404


def test_broken_rows_do_not_break_the_pages(client):
    page, dates = sample_schedule()
    # Rows written past the admin's validation (a script, an old import).
    ReceptionRule.objects.create(page=page, weekday=MONDAY, leader_name="没有时间")
    ReceptionRule.objects.create(page=page, weekday=12, start_time=at(9), end_time=at(10))
    ReceptionDay.objects.create(page=page, date=dates["saturday"], start_time=at(9))
    page.save_revision().publish()
    for url in ("/reception/", "/reception/print/", "/calendar/reception.ics"):
        assert client.get(url).status_code == 200, url


# --- Query counts ---------------------------------------------------------------------------------

# The rules and the days (routing and the view-restriction check are kept by the worker:
# home.sites, home.routing). The schedule page counts the cases of its recent sessions in one
# more query than the print.
SCHEDULE_QUERIES = {"/reception/": 3, "/reception/print/": 2}


@pytest.mark.postgres
@pytest.mark.parametrize("length", [1, 20])
def test_schedule_page_queries_do_not_grow(client, django_assert_num_queries, length):
    dates = upcoming_dates()
    rules = [
        rule(n % 7, at(8 + n % 9), at(9 + n % 9), leader_name=f"领导{n}") for n in range(length)
    ]
    days = [session_day(dates["saturday"] + datetime.timedelta(weeks=n)) for n in range(length)]
    days += [holiday(dates["holiday"] + datetime.timedelta(days=n)) for n in range(length)]
    schedule(rules=rules, days=days)
    for url in ("/reception/", "/reception/print/"):
        assert client.get(url).status_code == 200
        with django_assert_num_queries(SCHEDULE_QUERIES[url]):
            client.get(url)


def test_recent_sessions_count_their_cases_without_names(client):
    from discussions.models import Channel, Suggestion

    schedule(rules=[rule(MONDAY)])
    index = factories.suggestion_index()
    form = factories.suggestion_form(index)
    staff = factories.staff_user("zhao", "discussions.handle_suggestion")
    monday = datetime.date(2026, 11, 23)  # two days before the frozen Wednesday
    for phone in ("13900001001", "13900001002"):
        services.log_case(
            page=form,
            channel=Channel.RECEPTION,
            category=form.category_list[0],
            content="反映楼道堆物。",
            name="王久余",
            phone=phone,
            consent=True,
            reception_date=monday,
            logged_by=staff,
        )
    assert Suggestion.objects.count() == 2
    html = client.get("/reception/").content.decode()
    assert 'data-recent-date="2026-11-23" data-cases="2"' in html
    assert 'data-recent-date="2026-11-16" data-cases="0"' in html
    assert html.count("data-recent-date=") == 8
    assert "王久余" not in html and "13900001001" not in html
