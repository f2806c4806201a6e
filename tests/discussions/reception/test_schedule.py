"""Reception sessions computed in plain Python from weekly rules and one-off days."""

import datetime

import pytest

from discussions.models import ReceptionDay, ReceptionRule
from discussions.reception import schedule
from tests.discussions.reception.helpers import (
    FRIDAY,
    MONDAY,
    SATURDAY,
    SHANGHAI,
    THURSDAY,
    at,
    holiday,
    rule,
    session_day,
    summary,
)

pytestmark = pytest.mark.django_db


def test_weekly_rule_gives_every_monday_in_the_window():
    sessions = schedule.occurrences([rule()], [], FRIDAY, FRIDAY + datetime.timedelta(days=27))
    assert [s.date for s in sessions] == [
        datetime.date(2026, 11, 30),
        datetime.date(2026, 12, 7),
        datetime.date(2026, 12, 14),
        datetime.date(2026, 12, 21),
    ]
    first = sessions[0]
    assert first.kind == schedule.REGULAR
    assert (first.start, first.end) == (
        datetime.datetime(2026, 11, 30, 9, tzinfo=SHANGHAI),
        datetime.datetime(2026, 11, 30, 12, tzinfo=SHANGHAI),
    )
    assert first.place == "社区党群服务中心一楼接待室"


def test_window_edges_are_inclusive():
    monday = datetime.date(2026, 11, 30)
    assert len(schedule.occurrences([rule()], [], monday, monday)) == 1
    assert (
        schedule.occurrences(
            [rule()], [], monday + datetime.timedelta(days=1), monday + datetime.timedelta(days=6)
        )
        == []
    )


def test_valid_from_and_until_bound_the_rule():
    limited = rule(valid_from=datetime.date(2026, 12, 5), valid_until=datetime.date(2026, 12, 14))
    sessions = schedule.occurrences([limited], [], FRIDAY, datetime.date(2027, 1, 31))
    assert [s.date for s in sessions] == [datetime.date(2026, 12, 7), datetime.date(2026, 12, 14)]
    ended = rule(valid_until=datetime.date(2026, 11, 1))
    assert schedule.occurrences([ended], [], FRIDAY, datetime.date(2027, 1, 31)) == []


def test_a_cancelled_date_calls_off_its_regular_sessions_with_the_note():
    rules = [rule(), rule(THURSDAY, at(14, 30), at(17, 30), leader_name="刘秀兰")]
    days = [
        holiday(datetime.date(2026, 12, 7), note="国庆节放假"),
        holiday(datetime.date(2026, 12, 8)),
    ]
    sessions = schedule.occurrences(rules, days, FRIDAY, datetime.date(2026, 12, 13))
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
    (session,) = schedule.occurrences([rule()], days, FRIDAY, datetime.date(2026, 12, 1))
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
    sessions = schedule.occurrences(rules, days, FRIDAY, datetime.date(2026, 12, 6))
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
    assert schedule.occurrences([], days, FRIDAY, datetime.date(2026, 12, 31)) == []


def test_rows_the_admin_would_refuse_are_skipped_not_fatal():
    broken = [
        ReceptionRule(weekday=MONDAY, leader_name="没有时间"),
        rule(start=at(12), end=at(9), leader_name="结束早于开始"),
        rule(weekday=9, leader_name="没有星期九"),
    ]
    days = [ReceptionDay(date=datetime.date(2026, 12, 1), start_time=at(9))]
    assert schedule.occurrences(broken + [rule()], days, FRIDAY, datetime.date(2026, 12, 1)) != []
    assert {
        s.leader_name
        for s in schedule.occurrences(broken, days, FRIDAY, datetime.date(2026, 12, 31))
    } == set()
    assert schedule.regular_sessions(broken, FRIDAY) == []


def test_todays_sessions_are_marked_under_way_or_over():
    today = datetime.date(2026, 11, 30)
    rules = [rule(start=at(9), end=at(12)), rule(start=at(14), end=at(17), leader_name="下午")]
    sessions = schedule.occurrences(rules, [], today, today + datetime.timedelta(days=7))
    now = datetime.datetime(2026, 11, 30, 14, 30, tzinfo=SHANGHAI)
    assert [s.status for s in schedule.with_status(sessions, now)] == ["ended", "now", "", ""]
    morning = datetime.datetime(2026, 11, 30, 8, tzinfo=SHANGHAI)
    assert [s.status for s in schedule.with_status(sessions, morning)] == ["", "", "", ""]


def test_regular_sessions_lists_rules_in_force_monday_first():
    rules = [
        rule(THURSDAY, at(14), at(17), leader_name="周四"),
        rule(leader_name="周一"),
        rule(leader_name="已停", valid_until=FRIDAY - datetime.timedelta(days=1)),
        rule(SATURDAY, leader_name="将来", valid_from=FRIDAY + datetime.timedelta(days=30)),
    ]
    assert [r.leader_name for r in schedule.regular_sessions(rules, FRIDAY)] == [
        "周一",
        "周四",
        "将来",
    ]


def test_weeks_are_clamped():
    assert schedule.clamp_weeks("3", 4, 8) == 3
    assert schedule.clamp_weeks("abc", 4, 8) == 4
    assert schedule.clamp_weeks(None, 4, 8) == 4
    assert schedule.clamp_weeks("0", 4, 8) == 1
    assert schedule.clamp_weeks("-5", 4, 8) == 1
    assert schedule.clamp_weeks("99999999999999999999", 4, 8) == 8
