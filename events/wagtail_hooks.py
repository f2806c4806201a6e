"""Every Wagtail hook of the events app: the 活动报名 admin menu (events, registrations,
registering on a resident's behalf, check-in, the online quiz and its question bank), the
upcoming-events section of the home page, demo content and the personal-data purge."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from home.demo import DEMO_HOOK
from home.hooks import HOME_SECTIONS_HOOK, PURGE_HOOK

from . import demo, selectors, services
from .admin.checkin import CheckinDeskViewSet, checkin_urls
from .admin.on_behalf import RegisterOnBehalfViewSet
from .admin.pages import EventPageListingViewSet
from .admin.registrations import RegistrationViewSet
from .quiz import demo as quiz_demo
from .quiz import services as quiz_services
from .quiz.admin.bank import QuestionViewSet, keep_questions_on_papers
from .quiz.admin.viewsets import QuizViewSet


class EventsGroup(ViewSetGroup):
    menu_label = _("Events")
    menu_icon = "calendar-alt"
    menu_order = 120
    items = (
        EventPageListingViewSet,
        RegistrationViewSet,
        RegisterOnBehalfViewSet,
        CheckinDeskViewSet,
        QuizViewSet,
        QuestionViewSet,
    )


@hooks.register("register_admin_viewset")
def register_events_group():
    return EventsGroup()


hooks.register("register_admin_urls", checkin_urls)

# A question someone has answered stays, so that their paper still reads as they saw it.
hooks.register("before_delete_snippet", keep_questions_on_papers)


@hooks.register(HOME_SECTIONS_HOOK)
def upcoming_events_section(request, page):
    return render_to_string(
        "events/includes/home_upcoming.html",
        {"events": selectors.next_events(), "request": request},
    )


@hooks.register(DEMO_HOOK)
def load_events_demo(home, images, today):
    counts = demo.load(home=home, images=images, today=today)
    counts.update(quiz_demo.load(home=home, today=today))
    return counts


@hooks.register(PURGE_HOOK)
def purge_registrations(before):
    return {"活动报名记录": services.purge_personal_data(before=before)}


@hooks.register(PURGE_HOOK)
def purge_quiz_attempts(before):
    return {"线上答题记录": quiz_services.purge_quiz_personal_data(before=before)}
