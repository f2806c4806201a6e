"""Rules, days and schedule pages the reception tests build."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from discussions.models import ReceptionDay, ReceptionRule, ReceptionSchedulePage, Weekday
from tests import factories

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY, THURSDAY, SATURDAY = Weekday.MONDAY, Weekday.THURSDAY, Weekday.SATURDAY
# A Friday; the pure computations take their dates as arguments, so fixed dates are safe.
FRIDAY = datetime.date(2026, 11, 27)


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
