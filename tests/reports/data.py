"""Hand-built cases, events and sessions around the fourth quarter of 2025: 国庆 (1–8 October,
with the make-up working Saturday 11 October) falls inside it, one case arrives in the third
quarter and is due in the fourth, another arrives in the fourth and is due in 2026."""

import datetime
import itertools

from django.utils import timezone

from discussions.models import (
    Channel,
    ReceptionDay,
    ReceptionRule,
    ReceptionSchedulePage,
    Satisfaction,
    Suggestion,
    SuggestionEvent,
    SuggestionStatus,
    Visit,
)
from discussions.suggestions.deadlines import Limit
from tests import factories

_codes = itertools.count(1)
S = SuggestionStatus


def at(text):
    """'2025-10-09 10:00' in Beijing time."""
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


ACCEPT = Limit(3, "working")


def case(form, received, *, status=S.SUBMITTED, phone=None, **fields):
    """A case received at ``received`` (text), its acceptance deadline 3 working days later."""
    received_at = at(received)
    rejected_at = fields.pop("rejected_at", None)
    for name in ("accepted_at", "close_due", "closed_at", "evaluated_at"):
        if isinstance(fields.get(name), str):
            fields[name] = at(fields[name])
    item = Suggestion.objects.create(
        page=form,
        form_data={},
        tracking_code=f"TEST{next(_codes):08d}",
        category=fields.pop("category", "社区治理"),
        content="小区宣传栏里贴满了广告。",
        anonymous=phone is None,
        phone=phone,
        status=status,
        accept_due=ACCEPT.due(received_at),
        **fields,
    )
    Suggestion.objects.filter(pk=item.pk).update(submit_time=received_at)
    if rejected_at:
        SuggestionEvent.objects.create(
            suggestion=item, from_status=S.SUBMITTED, to_status=S.REJECTED, at=at(rejected_at)
        )
    item.refresh_from_db()
    return item


def closed(form, received, closed_at, *, phone, satisfaction="", **fields):
    return case(
        form,
        received,
        status=S.CLOSED,
        phone=phone,
        accepted_at=received,
        closed_at=closed_at,
        satisfaction=satisfaction,
        evaluated_at=closed_at if satisfaction else None,
        **fields,
    )


def fourth_quarter_cases(form):
    """The cases whose rates the tests pin (this quarter: 2025 Q4; previous: Q3)."""
    return {
        # Received before 国庆, due on the make-up Saturday (11 Oct), accepted that morning.
        "before_holiday": case(
            form,
            "2025-09-30 10:00",
            status=S.CLOSED,
            phone=factories.phone(1),
            accepted_at="2025-10-11 09:00",
            close_due="2025-11-20 10:00",
            closed_at="2025-11-18 16:00",
            satisfaction=Satisfaction.SATISFIED,
            evaluated_at="2025-11-19 10:00",
            channel=Channel.RECEPTION,
        ),
        # Received just after the holiday, due 13 Oct (the Saturday counts), accepted a day late.
        "after_holiday": case(
            form,
            "2025-10-09 10:00",
            status=S.CLOSED,
            phone=factories.phone(2),
            accepted_at="2025-10-14 09:00",
            close_due="2025-12-01 10:00",
            closed_at="2025-12-03 10:00",
            satisfaction=Satisfaction.UNSATISFIED,
            evaluated_at="2025-12-04 10:00",
            channel=Channel.PHONE,
            category="环境卫生",
        ),
        # Refused the next day: in time.
        "refused": case(
            form,
            "2025-11-03 10:00",
            status=S.REJECTED,
            phone=factories.phone(3),
            rejected_at="2025-11-04 09:00",
        ),
        # Received in Q4, due on 5 January 2026 (元旦): outside the quarter's deadlines.
        "due_next_year": case(form, "2025-12-30 10:00", phone=factories.phone(4)),
        # Accepted in Q3, closing deadline in Q4 missed: still open.
        "open_past_closing": case(
            form,
            "2025-08-01 10:00",
            status=S.IN_PROGRESS,
            phone=factories.phone(5),
            accepted_at="2025-08-04 10:00",
            close_due="2025-10-15 10:00",
        ),
        # Closed in Q4 without a verdict; closing deadline in 2026.
        "closed_unrated": case(
            form,
            "2025-11-20 10:00",
            status=S.CLOSED,
            phone=factories.phone(6),
            accepted_at="2025-11-21 10:00",
            close_due="2026-01-20 10:00",
            closed_at="2025-12-10 10:00",
        ),
        # 息诉息访: closed 3 Jul – 2 Oct 2025, so their 90 days ended in Q4.
        "settled": closed(
            form,
            "2025-07-01 10:00",
            "2025-08-01 10:00",
            phone=factories.phone(7),
            satisfaction=Satisfaction.SATISFIED,
        ),
        "came_back": closed(
            form,
            "2025-07-02 10:00",
            "2025-08-10 10:00",
            phone=factories.phone(8),
            satisfaction=Satisfaction.BASIC,
        ),
        "anonymous": closed(
            form, "2025-07-03 10:00", "2025-08-15 10:00", phone=None, satisfaction="satisfied"
        ),
        "unsatisfied": closed(
            form,
            "2025-07-04 10:00",
            "2025-09-01 10:00",
            phone=factories.phone(9),
            satisfaction=Satisfaction.UNSATISFIED,
        ),
        "too_early": closed(
            form,
            "2025-06-01 10:00",
            "2025-06-20 10:00",
            phone=factories.phone(10),
            satisfaction=Satisfaction.SATISFIED,
        ),
    }


def repeat_case(form, cases):
    """The resident of ``came_back`` comes again within 90 days (Q3), linked as a repeat."""
    return case(
        form,
        "2025-09-20 10:00",
        phone=factories.phone(8),
        repeat_of=cases["came_back"],
        channel=Channel.VISIT,
        visit=Visit.objects.create(
            date=datetime.date(2025, 9, 20), leaders="李书记", place="幸福里", residents_met="张"
        ),
    )


def reception_schedule():
    """Every Monday; 国庆's Monday (6 Oct) and 29 Dec called off; an extra session on the
    make-up Saturday (11 Oct). Q4 2025 has 13 Mondays: 13 − 2 + 1 = 12 sessions."""
    page = ReceptionSchedulePage(title="接访日", slug="reception")
    session = {
        "leader_name": "李建国",
        "start_time": datetime.time(9),
        "end_time": datetime.time(11, 30),
        "place": "社区党群服务中心",
    }
    page.rules = [ReceptionRule(weekday=0, **session)]
    page.days = [
        ReceptionDay(date=datetime.date(2025, 10, 6), cancels_regular=True, note="国庆节"),
        ReceptionDay(date=datetime.date(2025, 12, 29), cancels_regular=True, note="会议"),
        ReceptionDay(date=datetime.date(2025, 10, 11), **session),
    ]
    return factories.publish(factories.home_page(), page)
