"""Every Wagtail hook of the events app: the 活动报名 admin menu (events, registrations,
registering on a resident's behalf, check-in, today's rosters, the online quiz and its question
bank), the registration listing's bulk actions, check-in in the audit log, the dashboard's
workbench and open quizzes, the upcoming-events section and task tiles of the home page, demo
content and the personal-data purge."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from home.demo import DEMO_HOOK
from home.hooks import HOME_SECTIONS_HOOK, HOME_TASKS_HOOK, PURGE_HOOK, HomeSection
from home.scale import SCALE_HOOK

from . import demo, home_tasks, purge, selectors, services
from .admin.bulk import BULK_ACTIONS
from .admin.checkin import CheckinDeskViewSet, checkin_urls
from .admin.dashboard import OpenQuizzesPanel, WorkbenchPanel
from .admin.on_behalf import RegisterOnBehalfViewSet
from .admin.pages import EventPageListingViewSet
from .admin.registrations import RegistrationViewSet
from .admin.roster import RosterViewSet
from .quiz import audit as quiz_audit
from .quiz import demo as quiz_demo
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
        RosterViewSet,
        QuizViewSet,
        QuestionViewSet,
    )


@hooks.register("register_admin_viewset")
def register_events_group():
    return EventsGroup()


hooks.register("register_admin_urls", checkin_urls)

for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("register_log_actions")
def register_checkin_log_actions(actions):
    # Shown in 报表 → 站点历史 and on the registration's history, in Chinese.
    actions.register_action(services.CHECKED_IN_ACTION, _("Check in"), _("Checked in"))
    actions.register_action(
        services.CHECKIN_UNDONE_ACTION, _("Undo check-in"), _("Check-in undone")
    )


@hooks.register("construct_homepage_panels")
def add_event_panels(request, panels):
    for panel_class in (WorkbenchPanel, OpenQuizzesPanel):
        if (panel := panel_class.for_user(request.user)) is not None:
            panels.append(panel)


# A question someone has answered stays, so that their paper still reads as they saw it.
hooks.register("before_delete_snippet", keep_questions_on_papers)


@hooks.register(HOME_SECTIONS_HOOK)
def upcoming_events_section(request, page):
    events = selectors.next_events()
    return HomeSection("events/includes/home_upcoming.html", {"events": events}, cards=events)


# The front page's 活动报名, 线上答题 and 我的报名 tiles, while each has something to offer.
hooks.register(HOME_TASKS_HOOK, home_tasks.SOURCE)


@hooks.register(DEMO_HOOK)
def load_events_demo(home, images, today):
    counts = demo.load(home=home, images=images, today=today)
    counts.update(quiz_demo.load(home=home, today=today))
    return counts


@hooks.register(SCALE_HOOK)
def load_events_scale(home, rng, factor, today):
    from . import scale

    return scale.load(home=home, rng=rng, factor=factor, today=today)


@hooks.register(PURGE_HOOK)
def purge_event_records(cutoffs):
    return purge.kinds(cutoffs)


@hooks.register("register_log_actions")
def register_paper_score_log_actions(actions):
    quiz_audit.register_log_actions(actions)
