"""Reception days (接访日): the sessions computed from rules and days, the schedule page, its
printable sheet, its calendar feed, the demo content and what bad input gets."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from dateutil.rrule import rrulestr
from django.utils import timezone
from django.utils.translation import gettext, override
from icalendar import Calendar
from wagtail.models import Site

from discussions import demo_reception, reception
from discussions.models import ReceptionDay, ReceptionRule, ReceptionSchedulePage, Weekday
from home.formatting import format_date
from tests import factories

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY, THURSDAY, SATURDAY = Weekday.MONDAY, Weekday.THURSDAY, Weekday.SATURDAY
# A Friday; the pure computations below take their dates as arguments, so fixed dates are safe.
FRIDAY = datetime.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def wednesday_morning():
    """The pages list what is still ahead of now. A fixed now keeps "ahead" the same on every
    run: on a Monday afternoon that day's session would already be over."""
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI), tick=False):
        yield


def at(hour, minute=0):
    return datetime.time(hour, minute)


def rule(weekday=MONDAY, start=None, end=None, **fields):
    start, end = start or at(9), end or at(12)
    fields.setdefault("leader_name", "赵文刚")
    fields.setdefault("leader_title", "社区党支部书记")
    fields.setdefault("place", "社区党群服务中心一楼接待室")
    fields.setdefault("topics", "邻里纠纷、民生诉求")
    return ReceptionRule(weekday=weekday, start_time=start, end_time=end, **fields)


def session_day(date, start=None, end=None, **fields):
    start, end = start or at(9), end or at(11, 30)
    fields.setdefault("leader_name", "孙立新")
    fields.setdefault("leader_title", "乡纪委书记")
    fields.setdefault("place", "社区党群服务中心一楼议事厅")
    fields.setdefault("topics", "反映党员干部违纪问题")
    return ReceptionDay(date=date, start_time=start, end_time=end, **fields)


def holiday(date, note="法定节假日放假"):
    return ReceptionDay(date=date, cancels_regular=True, note=note)


def summary(sessions):
    return [(s.date, s.start_time, s.kind, s.leader_name) for s in sessions]


def next_weekday(weekday, after):
    """The first ``weekday`` strictly after ``after``."""
    return after + datetime.timedelta(days=(weekday - after.weekday() - 1) % 7 + 1)


# --- Occurrences, in plain Python -----------------------------------------------------------------


def test_weekly_rule_gives_every_monday_in_the_window():
    sessions = reception.occurrences([rule()], [], FRIDAY, FRIDAY + datetime.timedelta(days=27))
    assert [s.date for s in sessions] == [
        datetime.date(2026, 11, 30),
        datetime.date(2026, 12, 7),
        datetime.date(2026, 12, 14),
        datetime.date(2026, 12, 21),
    ]
    first = sessions[0]
    assert first.kind == reception.REGULAR
    assert (first.start, first.end) == (
        datetime.datetime(2026, 11, 30, 9, tzinfo=SHANGHAI),
        datetime.datetime(2026, 11, 30, 12, tzinfo=SHANGHAI),
    )
    assert first.place == "社区党群服务中心一楼接待室"


def test_window_edges_are_inclusive():
    monday = datetime.date(2026, 11, 30)
    assert len(reception.occurrences([rule()], [], monday, monday)) == 1
    assert (
        reception.occurrences(
            [rule()], [], monday + datetime.timedelta(days=1), monday + datetime.timedelta(days=6)
        )
        == []
    )


def test_valid_from_and_until_bound_the_rule():
    limited = rule(valid_from=datetime.date(2026, 12, 5), valid_until=datetime.date(2026, 12, 14))
    sessions = reception.occurrences([limited], [], FRIDAY, datetime.date(2027, 1, 31))
    assert [s.date for s in sessions] == [datetime.date(2026, 12, 7), datetime.date(2026, 12, 14)]
    ended = rule(valid_until=datetime.date(2026, 11, 1))
    assert reception.occurrences([ended], [], FRIDAY, datetime.date(2027, 1, 31)) == []


def test_a_cancelled_date_calls_off_its_regular_sessions_with_the_note():
    rules = [rule(), rule(THURSDAY, at(14, 30), at(17, 30), leader_name="刘秀兰")]
    days = [
        holiday(datetime.date(2026, 12, 7), note="国庆节放假"),
        holiday(datetime.date(2026, 12, 8)),
    ]
    sessions = reception.occurrences(rules, days, FRIDAY, datetime.date(2026, 12, 13))
    assert summary(sessions) == [
        (datetime.date(2026, 11, 30), at(9), "regular", "赵文刚"),
        (datetime.date(2026, 12, 3), at(14, 30), "regular", "刘秀兰"),
        (datetime.date(2026, 12, 7), at(9), "cancelled", "赵文刚"),
        (datetime.date(2026, 12, 10), at(14, 30), "regular", "刘秀兰"),
    ]
    called_off = sessions[2]
    assert called_off.is_cancelled and called_off.note == "国庆节放假"
    # A Tuesday holiday has no regular session to call off and adds nothing.
    assert datetime.date(2026, 12, 8) not in [s.date for s in sessions]


def test_two_rows_for_one_holiday_read_as_one_note():
    days = [
        holiday(datetime.date(2026, 11, 30), note="放假"),
        holiday(datetime.date(2026, 11, 30), note="急事请拨打12345"),
    ]
    (session,) = reception.occurrences([rule()], days, FRIDAY, datetime.date(2026, 12, 1))
    assert session.note == "放假；急事请拨打12345"


def test_one_off_sessions_join_the_list_in_order():
    saturday = datetime.date(2026, 12, 5)
    monday = datetime.date(2026, 11, 30)
    rules = [rule(start=at(14), end=at(17), leader_name="下午"), rule(leader_name="上午")]
    days = [
        session_day(saturday),
        # Held instead of the regular sessions of a holiday: both show, the extra one first.
        session_day(
            monday, at(9), at(10), cancels_regular=True, leader_name="值班", note="节日值班"
        ),
    ]
    sessions = reception.occurrences(rules, days, FRIDAY, datetime.date(2026, 12, 6))
    assert summary(sessions) == [
        (monday, at(9), "one_off", "值班"),
        (monday, at(9), "cancelled", "上午"),
        (monday, at(14), "cancelled", "下午"),
        (saturday, at(9), "one_off", "孙立新"),
    ]
    assert sessions[1].note == "节日值班"


def test_days_outside_the_window_and_notice_only_days_add_no_session():
    days = [
        session_day(datetime.date(2026, 11, 20)),
        session_day(datetime.date(2027, 3, 1)),
        ReceptionDay(date=datetime.date(2026, 12, 1), note="只有说明"),
    ]
    assert reception.occurrences([], days, FRIDAY, datetime.date(2026, 12, 31)) == []


def test_rows_the_admin_would_refuse_are_skipped_not_fatal():
    broken = [
        ReceptionRule(weekday=MONDAY, leader_name="没有时间"),
        rule(start=at(12), end=at(9), leader_name="结束早于开始"),
        rule(weekday=9, leader_name="没有星期九"),
    ]
    days = [ReceptionDay(date=datetime.date(2026, 12, 1), start_time=at(9))]
    assert reception.occurrences(broken + [rule()], days, FRIDAY, datetime.date(2026, 12, 1)) != []
    assert {
        s.leader_name
        for s in reception.occurrences(broken, days, FRIDAY, datetime.date(2026, 12, 31))
    } == set()
    assert reception.regular_sessions(broken, FRIDAY) == []


def test_todays_sessions_are_marked_under_way_or_over():
    today = datetime.date(2026, 11, 30)
    rules = [rule(start=at(9), end=at(12)), rule(start=at(14), end=at(17), leader_name="下午")]
    sessions = reception.occurrences(rules, [], today, today + datetime.timedelta(days=7))
    now = datetime.datetime(2026, 11, 30, 14, 30, tzinfo=SHANGHAI)
    assert [s.status for s in reception.with_status(sessions, now)] == ["ended", "now", "", ""]
    morning = datetime.datetime(2026, 11, 30, 8, tzinfo=SHANGHAI)
    assert [s.status for s in reception.with_status(sessions, morning)] == ["", "", "", ""]


def test_regular_sessions_lists_rules_in_force_monday_first():
    rules = [
        rule(THURSDAY, at(14), at(17), leader_name="周四"),
        rule(leader_name="周一"),
        rule(leader_name="已停", valid_until=FRIDAY - datetime.timedelta(days=1)),
        rule(SATURDAY, leader_name="将来", valid_from=FRIDAY + datetime.timedelta(days=30)),
    ]
    assert [r.leader_name for r in reception.regular_sessions(rules, FRIDAY)] == [
        "周一",
        "周四",
        "将来",
    ]


def test_weeks_are_clamped():
    assert reception.clamp_weeks("3", 4, 8) == 3
    assert reception.clamp_weeks("abc", 4, 8) == 4
    assert reception.clamp_weeks(None, 4, 8) == 4
    assert reception.clamp_weeks("0", 4, 8) == 1
    assert reception.clamp_weeks("-5", 4, 8) == 1
    assert reception.clamp_weeks("99999999999999999999", 4, 8) == 8


# --- Pages ----------------------------------------------------------------------------------------


def schedule(rules=(), days=(), **fields):
    fields.setdefault("title", "接访日")
    fields.setdefault("slug", "reception")
    fields.setdefault("intro", "社区领导定期接待居民来访。")
    fields.setdefault(
        "visiting_notes",
        "<ul><li>请携带本人身份证。</li><li>多人反映同一件事的，请推选不超过5名代表。</li></ul>",
    )
    page = ReceptionSchedulePage(**fields)
    page.rules = list(rules)
    page.days = list(days)
    return factories.publish(factories.home_page(), page)


def upcoming_dates():
    """Dates that are still ahead whatever day the tests run on, inside the default 8 weeks."""
    today = timezone.localdate()
    monday = next_weekday(MONDAY, today)
    return {
        "today": today,
        "monday": monday,
        "holiday": monday + datetime.timedelta(weeks=1),
        "saturday": next_weekday(SATURDAY, monday),
    }


def sample_schedule():
    dates = upcoming_dates()
    return (
        schedule(
            rules=[
                rule(),
                rule(
                    THURSDAY,
                    at(14, 30),
                    at(17, 30),
                    leader_name="刘秀兰",
                    leader_title="社区居委会主任",
                    topics="物业管理、养老服务",
                ),
            ],
            days=[
                session_day(dates["saturday"], note="周末加开一场"),
                holiday(dates["holiday"], note="法定节假日放假，急事请拨打12345"),
            ],
        ),
        dates,
    )


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
    assert rows == reception.PRINT_ROWS
    assert f"{21 * 8 - reception.PRINT_ROWS}" in text_of(response)


@pytest.mark.parametrize(
    "query",
    ["", "?weeks=abc", "?weeks=0", "?weeks=-1", "?weeks=9999999999999999999999", "?weeks=%00"],
)
def test_print_page_takes_any_weeks(client, query):
    sample_schedule()
    assert client.get("/reception/print/" + query).status_code == 200


# --- Calendar feed --------------------------------------------------------------------------------


def events_by_uid(response):
    calendar = Calendar.from_ical(response.content)
    return calendar, {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_feed_has_weekly_rules_with_exdates_and_one_off_sessions(client):
    page, dates = sample_schedule()
    monday_rule, thursday_rule = page.rules.order_by("weekday")
    saturday = page.days.get(cancels_regular=False)
    response = client.get("/calendar/reception.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar, events = events_by_uid(response)
    assert set(events) == {
        f"reception-rule-{monday_rule.pk}@testserver",
        f"reception-rule-{thursday_rule.pk}@testserver",
        f"reception-day-{saturday.pk}@testserver",
    }
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]

    monday = events[f"reception-rule-{monday_rule.pk}@testserver"]
    assert monday["rrule"]["FREQ"] == ["WEEKLY"] and monday["rrule"]["BYDAY"] == ["MO"]
    start = monday.decoded("dtstart")
    assert start.tzinfo.key == "Asia/Shanghai" and (start.hour, start.minute) == (9, 0)
    assert start.weekday() == MONDAY
    assert monday.decoded("dtend").hour == 12
    assert "社区党群服务中心一楼接待室" in str(monday["location"])
    assert "赵文刚" in str(monday["summary"])
    excluded = [value.dt for value in monday["exdate"].dts]
    assert excluded == [datetime.datetime.combine(dates["holiday"], at(9), tzinfo=SHANGHAI)]
    # The Thursday rule has no Thursday holiday to skip.
    thursday = events[f"reception-rule-{thursday_rule.pk}@testserver"]
    assert "exdate" not in thursday
    assert (thursday.decoded("dtstart").hour, thursday.decoded("dtstart").minute) == (14, 30)

    extra = events[f"reception-day-{saturday.pk}@testserver"]
    assert extra.decoded("dtstart") == datetime.datetime.combine(
        dates["saturday"], at(9), tzinfo=SHANGHAI
    )
    assert extra.decoded("dtend") == datetime.datetime.combine(
        dates["saturday"], at(11, 30), tzinfo=SHANGHAI
    )
    assert "rrule" not in extra
    assert "周末加开一场" in str(extra["description"])


def test_feed_and_page_agree_on_the_dates(client):
    """Expanding the feed's RRULE less its EXDATEs gives the page's regular sessions."""
    page, dates = sample_schedule()
    _calendar, events = events_by_uid(client.get("/calendar/reception.ics"))
    first, last = dates["today"], reception.last_day(dates["today"], page.weeks_ahead)
    expanded = set()
    for event in events.values():
        if "rrule" not in event:
            continue
        series = rrulestr(event["rrule"].to_ical().decode(), dtstart=event.decoded("dtstart"))
        skipped = {value.dt for value in event["exdate"].dts} if "exdate" in event else set()
        window = series.between(
            datetime.datetime.combine(first, at(0), tzinfo=SHANGHAI),
            datetime.datetime.combine(last, at(23, 59), tzinfo=SHANGHAI),
            inc=True,
        )
        expanded |= {moment for moment in window if moment not in skipped}
    rules, days = reception.read_children(page)
    held = {s.start for s in reception.occurrences(rules, days, first, last) if s.kind == "regular"}
    assert expanded == held


def test_feed_until_and_stable_uids(client):
    until = timezone.localdate() + datetime.timedelta(days=60)
    schedule(rules=[rule(valid_from=datetime.date(2026, 1, 5), valid_until=until)])
    _calendar, events = events_by_uid(client.get("/calendar/reception.ics"))
    (event,) = events.values()
    assert event.decoded("dtstart").date() == datetime.date(2026, 1, 5)
    (limit,) = event["rrule"]["UNTIL"]
    assert limit.utcoffset() == datetime.timedelta(0)  # RFC 5545: UTC with a zoned DTSTART
    assert limit == datetime.datetime.combine(until, at(9), tzinfo=SHANGHAI)
    _again, events_again = events_by_uid(client.get("/calendar/reception.ics"))
    assert set(events_again) == set(events)
    assert events_again[next(iter(events))].decoded("dtstart") == event.decoded("dtstart")


def test_feed_without_a_live_schedule_is_404(client):
    assert client.get("/calendar/reception.ics").status_code == 404
    page = schedule(rules=[rule()])
    assert client.get("/calendar/reception.ics").status_code == 200
    page.unpublish()
    assert client.get("/calendar/reception.ics").status_code == 404


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

# Wagtail's routing and view-restriction check for a page at depth 3, then the rules and the days.
SCHEDULE_QUERIES = 8


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
        with django_assert_num_queries(SCHEDULE_QUERIES):
            client.get(url)
    assert SCHEDULE_QUERIES <= 10


# --- Demo content ---------------------------------------------------------------------------------


@pytest.mark.parametrize("offset", range(7))
def test_demo_always_has_sessions_a_holiday_and_an_extra_day_ahead(offset):
    today = FRIDAY + datetime.timedelta(days=offset)
    sessions = reception.occurrences(
        demo_reception.rules(today),
        demo_reception.days(today),
        today,
        reception.last_day(today, 4),
    )
    kinds = [s.kind for s in sessions]
    assert kinds.count("regular") >= 4
    assert "cancelled" in kinds and "one_off" in kinds


def test_demo_replaces_the_placeholder_and_loads_twice(client):
    factories.section_page(title="接访日", slug="reception")
    home = factories.home_page()
    today = timezone.localdate()
    assert demo_reception.load(home=home, today=today) == {"接访安排": 4}
    assert demo_reception.load(home=home, today=today) == {"接访安排": 4}
    page = ReceptionSchedulePage.objects.get(slug="reception")
    assert page.live and not page.show_in_menus
    assert page.rules.count() == 2 and page.days.count() == 2
    response = client.get("/reception/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "赵文刚" in html and "12345" in html
    assert client.get("/reception/print/").status_code == 200
    assert client.get("/calendar/reception.ics").status_code == 200


def test_demo_leaves_a_real_page_alone():
    factories.standard_page(title="别的页面", slug="reception")
    assert demo_reception.load(home=factories.home_page(), today=timezone.localdate()) == {
        "接访安排": 0
    }
    assert not ReceptionSchedulePage.objects.exists()
