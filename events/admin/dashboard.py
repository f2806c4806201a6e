"""The dashboard's panels for running events: 工作台 (today's and this week's events, with their
counts and links to check-in and the roster) and the quizzes open now, with how many residents
have handed in so far. Each panel reads in one query however many events there are;
events.wagtail_hooks adds them for the staff who hold the permissions they link to."""

import datetime

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from home.formatting import format_datetime

from ..models import Attempt, Quiz
from ..selectors import runs_on, staff_events
from .checkin import may_open_roster
from .common import (
    CHECKIN_INDEX_URL_NAME,
    CHECKIN_PERMISSION,
    QUIZ_PERMISSION,
    QUIZ_RESULTS_URL_NAME,
    VIEW_PERMISSION,
    checkin_url,
    registrations_url,
    roster_url,
)

OPEN_QUIZZES_SHOWN = 10


class WorkbenchPanel(Component):
    name = "events_workbench"
    template_name = "events/admin/dashboard_workbench.html"
    order = 70  # the day's work comes first

    def __init__(self, user):
        self.user = user

    @classmethod
    def for_user(cls, user):
        if user.has_perm(CHECKIN_PERMISSION) or user.has_perm(VIEW_PERMISSION):
            return cls(user)
        return None

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        # Today and the rest of the week, to Sunday.
        events = list(staff_events(today, days=7 - today.weekday()))
        user = self.user
        may_check_in = user.has_perm(CHECKIN_PERMISSION)
        may_view = user.has_perm(VIEW_PERMISSION)
        for event in events:
            event.start_display = format_datetime(event.start, weekday=True)
            event.checkin_url = checkin_url(event.pk) if may_check_in else ""
            event.roster_url = roster_url(event.pk) if may_open_roster(user, event, today) else ""
            event.registrations_url = registrations_url(event.pk) if may_view else ""
        return {
            "today_events": [event for event in events if runs_on(event, today)],
            "week_events": [event for event in events if not runs_on(event, today)],
            "desk_url": reverse(CHECKIN_INDEX_URL_NAME) if may_check_in else "",
        }


class OpenQuizzesPanel(Component):
    name = "events_open_quizzes"
    template_name = "events/admin/dashboard_quizzes.html"
    order = 75

    @classmethod
    def for_user(cls, user):
        return cls() if user.has_perm(QUIZ_PERMISSION) else None

    def get_context_data(self, parent_context=None):
        now = timezone.now()
        handed_in = (
            Attempt.objects.filter(quiz=OuterRef("pk"), score__isnull=False)
            .order_by()
            .values("quiz")
            .annotate(n=Count("pk"))
            .values("n")
        )
        quizzes = list(
            Quiz.objects.filter(opens_at__lte=now, closes_at__gt=now)
            .select_related("event")
            .defer("event__body")
            .annotate(
                handed_in=Coalesce(Subquery(handed_in, output_field=IntegerField()), Value(0))
            )
            .order_by("closes_at", "pk")[:OPEN_QUIZZES_SHOWN]
        )
        for quiz in quizzes:
            quiz.closes_display = format_datetime(quiz.closes_at, weekday=False)
            quiz.url = reverse(QUIZ_RESULTS_URL_NAME, args=[quiz.pk])
            quiz.closes_soon = quiz.closes_at - now < datetime.timedelta(days=1)
        return {"quizzes": quizzes}
