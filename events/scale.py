"""Events at scale for `manage.py load_scale_data` (see home.scale): 1,000 lectures and
quizzes, past and ahead, with 100,000 registrations between them.

Each event's seats are filled in order: the first arrivals up to the capacity are confirmed,
later ones wait in line (or are turned away when the event keeps no waiting list), and about
one in twelve cancelled. One phone number registers at most once per event, and every
registration code is unique, as the services would have it.
"""

from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from home import codes, scale

from . import demo
from .models import EventIndexPage, EventKind, EventPage, Registration
from .services import CODE_LENGTH

EVENTS = 1_000
REGISTRATIONS_PER_EVENT = 100
PLACES = ["社区党群服务中心二楼会议室", "社区文化活动室", "清风广场", "社区老年活动中心"]
SPEAKERS = ["社区党支部书记", "社区纪检委员", "街道纪工委干部", "退休老党员"]


def load(*, home, rng, factor, today):
    index = EventIndexPage.objects.child_of(home).first()
    if index is None:
        return {}
    text = scale.Text(rng, demo)
    total = scale.scaled(EVENTS, factor)
    per_event = scale.scaled(REGISTRATIONS_PER_EVENT * EVENTS, factor) // total or 1
    tz = timezone.get_current_timezone()
    events = []
    for n in range(total):
        # Two events in three are past; the rest spread over the next half year.
        day = today + timedelta(days=rng.randint(-720, 180))
        start = datetime.combine(day, time(rng.choice([9, 10, 14, 15, 19])), tzinfo=tz)
        kind = EventKind.QUIZ if rng.random() < 0.3 else EventKind.LECTURE
        waitlist = rng.random() < 0.8
        capacity = rng.randint(max(1, per_event // 2), per_event + per_event // 5)
        events.append(
            EventPage(
                title=text.title(),
                slug=f"{scale.SLUG_PREFIX}{n + 1}",
                first_published_at=start - timedelta(days=rng.randint(10, 30)),
                intro=text.paragraph(2),
                body=text.body(2, common=True),
                kind=kind,
                start=start,
                end=start + timedelta(minutes=rng.choice([60, 90, 120])),
                place=rng.choice(PLACES),
                speaker=rng.choice(SPEAKERS),
                organiser="清风社区党支部",
                # Without a waiting list nobody is turned away: there are seats for all.
                capacity=capacity if waitlist else max(capacity, per_event),
                waitlist_enabled=waitlist,
            )
        )
    scale.add_pages(index, events)
    taken = set(Registration.objects.values_list("code", flat=True))
    registrations = []
    for event in events:
        registrations.extend(_registrations(rng, event, per_event, taken))
    Registration.objects.bulk_create(registrations, batch_size=2000)
    _count_seats(events)
    return {"活动": len(events), "报名记录": len(registrations)}


def _registrations(rng, event, count, taken):
    now = timezone.now()
    past = event.end <= now
    phones = rng.sample(range(10**9), count)
    confirmed = 0
    opened = event.first_published_at
    span = max((min(event.start, now) - opened).total_seconds(), 60)
    moments = sorted(opened + timedelta(seconds=rng.uniform(0, span)) for _ in range(count))
    for moment, number in zip(moments, phones, strict=True):
        code = _code(rng, taken)
        fields = {"created_at": moment, "consent_at": moment}
        if rng.random() < 0.08:
            status = Registration.Status.CANCELLED
            fields["cancelled_at"] = moment + timedelta(hours=rng.randint(1, 48))
        elif confirmed < event.capacity:
            status = Registration.Status.CONFIRMED
            confirmed += 1
            if past and rng.random() < 0.85:
                fields["checked_in_at"] = event.start - timedelta(minutes=rng.randint(0, 30))
        else:
            status = Registration.Status.WAITLISTED
        yield Registration(
            event_id=event.pk,
            code=code,
            name=rng.choice(demo.RESIDENTS),
            phone=f"1{rng.choice('3456789')}{number:09d}",
            status=status,
            source=Registration.Source.STAFF if rng.random() < 0.1 else Registration.Source.ONLINE,
            **fields,
        )


def _code(rng, taken):
    while True:
        code = "".join(rng.choice(codes.ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            taken.add(code)
            return code


def _count_seats(events):
    """Keep a stored seat counter, where the event has one, equal to the confirmed rows."""
    if "taken" not in {field.name for field in EventPage._meta.concrete_fields}:
        return
    confirmed = dict(
        Registration.objects.filter(event__in=[event.pk for event in events])
        .values_list("event")
        .annotate(n=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)))
    )
    for event in events:
        event.taken = confirmed.get(event.pk, 0)
    EventPage.objects.bulk_update(events, ["taken"], batch_size=500)
