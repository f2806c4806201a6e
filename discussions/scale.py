"""Suggestions and meeting records at scale for `manage.py load_scale_data` (see home.scale):
10,000 suggestions in every state of their handling, and 500 meeting records.

A case's fields agree with its state as the workflow would leave them: accepted cases carry
their deadlines and an assignee, answered ones a public reply, closed ones all three records
(三不放过), rejected ones a reason; each has its log lines.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from home import codes, scale

from .records import demo as records_demo
from .records.models import AgendaItem, DiscussionIndexPage, MeetingKind, MeetingRecordPage, Speech
from .suggestions import demo as suggestions_demo
from .suggestions.models import Suggestion, SuggestionEvent, SuggestionFormPage
from .suggestions.workflow import TRACKING_CODE_LENGTH
from .suggestions.workflow import SuggestionStatus as S

NAMES = ["李秀兰", "王建国", "张桂英", "刘志强", "陈淑芬", "杨德明", "赵玉梅", "周丽华"]
SUGGESTIONS = 10_000
RECORDS = 500
# Most cases are long closed; a working queue of a few hundred is still open.
STATES = [
    (S.CLOSED, 70),
    (S.REJECTED, 5),
    (S.FOLLOWED_UP, 5),
    (S.REPLIED, 6),
    (S.IN_PROGRESS, 6),
    (S.ACCEPTED, 4),
    (S.SUBMITTED, 4),
]
PATHS = {
    S.SUBMITTED: [],
    S.REJECTED: [S.REJECTED],
    S.ACCEPTED: [S.ACCEPTED],
    S.IN_PROGRESS: [S.ACCEPTED, S.IN_PROGRESS],
    S.REPLIED: [S.ACCEPTED, S.IN_PROGRESS, S.REPLIED],
    S.FOLLOWED_UP: [S.ACCEPTED, S.IN_PROGRESS, S.REPLIED, S.FOLLOWED_UP],
    S.CLOSED: [S.ACCEPTED, S.IN_PROGRESS, S.REPLIED, S.FOLLOWED_UP, S.CLOSED],
}


def load(*, home, rng, factor, today):
    counts = {}
    text = scale.Text(rng, records_demo, suggestions_demo)
    form_page = SuggestionFormPage.objects.live().first()
    if form_page is not None:
        counts["意见建议"] = _suggestions(rng, text, form_page, scale.scaled(SUGGESTIONS, factor))
    index = DiscussionIndexPage.objects.child_of(home).first()
    if index is not None:
        counts["议事记录"] = _records(rng, text, index, today, scale.scaled(RECORDS, factor))
    return counts


def _suggestions(rng, text, form_page, total):
    staff = list(get_user_model().objects.filter(is_superuser=False, groups__name="审核"))
    categories = [line.strip() for line in form_page.categories.splitlines() if line.strip()]
    taken = set(Suggestion.objects.values_list("tracking_code", flat=True))
    states = [state for state, _weight in STATES]
    weights = [weight for _state, weight in STATES]
    now = timezone.now()
    cases, logs = [], []
    for _n in range(total):
        status = rng.choices(states, weights)[0]
        # Open cases are recent; closed ones spread over five years.
        days = rng.uniform(0, 20 if status in (S.SUBMITTED, S.ACCEPTED) else 1800)
        submitted = now - timedelta(days=days, minutes=rng.randint(0, 600))
        named = rng.random() < 0.7
        case = Suggestion(
            page_id=form_page.pk,
            form_data={},
            submit_time=submitted,
            tracking_code=_code(rng, taken),
            category=rng.choice(categories or ["其他"]),
            content=text.paragraph(rng.randint(1, 3)),
            anonymous=not named,
            name=rng.choice(NAMES) if named else "",
            phone=f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}" if named else None,
            consent_at=submitted if named else None,
            status=status,
            accept_due=submitted + timedelta(days=3),
        )
        steps = _steps(rng, text, case, staff, now)
        cases.append((case, steps))
    with _keeping_submit_time():
        Suggestion.objects.bulk_create([case for case, _steps in cases], batch_size=1000)
    for case, steps in cases:
        previous = ""
        for status, at in [(S.SUBMITTED, case.submit_time), *steps]:
            logs.append(
                SuggestionEvent(
                    suggestion_id=case.pk,
                    from_status=previous,
                    to_status=status,
                    actor=case.assignee,
                    at=at,
                )
            )
            previous = status
    SuggestionEvent.objects.bulk_create(logs, batch_size=2000)
    return len(cases)


def _steps(rng, text, case, staff, now):
    """Fill ``case`` as its path through the workflow leaves it; the (status, at) steps."""
    steps = []
    at = case.submit_time
    for status in PATHS[case.status]:
        at = min(at + timedelta(days=rng.uniform(0.2, 4)), now)
        steps.append((status, at))
        if status == S.REJECTED:
            case.reject_reason = text.paragraph(1)
        elif status == S.ACCEPTED:
            case.accepted_at = at
            case.complete_due = at + timedelta(days=15)
            case.close_due = at + timedelta(days=30)
            case.assignee = rng.choice(staff) if staff else None
        elif status == S.REPLIED:
            case.replied_at = at
            case.public_reply = text.paragraph(2)
        elif status == S.CLOSED:
            case.closed_at = at
            case.established = text.paragraph(1)
            case.solved = text.paragraph(1)
            case.measures = text.paragraph(1)
            case.publishable = rng.random() < 0.3
            case.public_summary = text.paragraph(1) if case.publishable else ""
    return steps


class _keeping_submit_time:
    """submit_time is set on creation (auto_now_add); these cases bring their own."""

    def __enter__(self):
        self.field = Suggestion._meta.get_field("submit_time")
        self.saved = self.field.auto_now_add
        self.field.auto_now_add = False

    def __exit__(self, *exc):
        self.field.auto_now_add = self.saved


def _code(rng, taken):
    while True:
        code = "".join(rng.choice(codes.ALPHABET) for _ in range(TRACKING_CODE_LENGTH))
        if code not in taken:
            taken.add(code)
            return code


def _records(rng, text, index, today, total):
    tz = timezone.get_current_timezone()
    kinds = list(MeetingKind.values)
    pages = []
    for n in range(total):
        day = today - timedelta(days=rng.randrange(3650))
        pages.append(
            MeetingRecordPage(
                title=text.title(),
                slug=f"{scale.SLUG_PREFIX}{n + 1}",
                first_published_at=datetime.combine(day, time(18), tzinfo=tz),
                intro=text.paragraph(1),
                body=text.body(1, common=True),
                kind=rng.choice(kinds),
                start=datetime.combine(day, time(rng.choice([9, 14, 19])), tzinfo=tz),
                place="社区党群服务中心",
                host="社区党支部书记",
                recorder="社区居委会委员",
                present_total=rng.randint(8, 40),
            )
        )
    # The index reads the minutes' rows: it is filled once they are in.
    saved = scale.add_pages(index, pages, search_index=False)
    agenda, speeches = [], []
    for page in saved:
        for order in range(rng.randint(1, 3)):
            agenda.append(
                AgendaItem(
                    page_id=page.pk, sort_order=order, title=text.title(), summary=text.paragraph(2)
                )
            )
        for order in range(rng.randint(1, 4)):
            speeches.append(
                Speech(
                    page_id=page.pk,
                    sort_order=order,
                    speaker=rng.choice(["社区党支部书记", "居民代表", "社区纪检委员"]),
                    summary=text.paragraph(2),
                )
            )
    AgendaItem.objects.bulk_create(agenda, batch_size=1000)
    Speech.objects.bulk_create(speeches, batch_size=1000)
    indexed = MeetingRecordPage.objects.filter(pk__in=[page.pk for page in saved]).prefetch_related(
        "agenda_items", "speeches", "raised_suggestions", "resolutions", "tasks"
    )
    scale.index_pages(MeetingRecordPage, list(indexed))
    return len(saved)
