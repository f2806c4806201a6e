"""The events app's tiles on the front page, each shown only while it has something to offer:
活动报名 while an event takes registrations (its waiting list included), 线上答题 while a quiz is
open for taking, 我的报名 while the site has events to look a registration up for.

The event index comes with the other apps' pages (home.hooks.home_tasks); then one query
whatever the number of events: the events not yet over, with their seat counts and quiz."""

from django.db.models import Q
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from home.hooks import HomeTask, TileSource
from home.selectors import live_public

from .models import EventIndexPage, EventKind, EventPage, RegistrationState
from .selectors import with_counts

TAKING_REGISTRATIONS = (RegistrationState.OPEN, RegistrationState.WAITLIST)


def tiles(request, pages):
    indexes = pages[EventIndexPage]
    if not indexes or not indexes[0].has_live_below:
        return []
    index = indexes[0]
    now = timezone.now()
    current = list(
        with_counts(live_public(EventPage.objects.descendant_of(index)).defer_streamfields())
        .select_related("quiz")
        .filter(Q(end__gt=now) | Q(quiz__closes_at__gt=now))
        .order_by("start", "pk")
    )
    index_url = index.get_url(request)
    open_events = [
        event for event in current if event.registration_state(now) in TAKING_REGISTRATIONS
    ]
    open_quizzes = [
        event
        for event in current
        if (quiz := getattr(event, "quiz", None)) is not None and quiz.is_open(now)
    ]
    found = []
    if open_events:
        # One event: straight to its registration form; more: the list to choose from.
        url = open_events[0].get_url(request) if len(open_events) == 1 else index_url
        found.append(HomeTask("events", _("Event sign-up"), url))
    if open_quizzes:
        if len(open_quizzes) == 1:
            event = open_quizzes[0]
            url = event.get_url(request) + event.reverse_subpage("quiz")
        else:
            url = f"{index_url}?{urlencode({'kind': EventKind.QUIZ})}"
        found.append(HomeTask("quiz", _("Online quiz"), url))
    my_url = index_url + EventIndexPage.get_resolver().reverse("my_registration")
    found.append(HomeTask("my_registrations", _("My registrations"), my_url))
    return found


SOURCE = TileSource(page_types=(EventIndexPage,), tiles=tiles)
