"""Every Wagtail hook of the discussions app: the record listing and the suggestion queue in the
admin, its bulk actions, the dashboard panels (工作台), the demo content, and what keeps
residents' suggestions from being deleted with their forms.

Each admin screen checks one named permission (see discussions.admin_access) and answers 403
to anyone without it, the 活动志愿者 at the door included."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from home.admin_ui import forbidden
from home.demo import DEMO_HOOK
from home.hooks import HOME_TASKS_HOOK, PURGE_HOOK
from home.scale import SCALE_HOOK

from . import home_tasks
from .admin_access import SETTINGS_PERMISSION, can_edit_pages
from .reception.admin import HandlersPolicy, VisitViewSet
from .reception.visits import Visit
from .records.admin import MeetingRecordListingViewSet
from .records.dashboard import OverdueTasksPanel
from .suggestions.admin.bulk import AcceptBulkAction, AssignBulkAction
from .suggestions.admin.common import MENU_LABEL, policy
from .suggestions.admin.dashboard import SuggestionQueuePanel
from .suggestions.admin.holidays import HolidayViewSet, warn_unknown_years
from .suggestions.admin.intake import IntakeViewSet
from .suggestions.admin.viewsets import SuggestionViewSet


@hooks.register("register_admin_viewset")
def register_meeting_record_listing():
    return MeetingRecordListingViewSet()


@hooks.register(DEMO_HOOK)
def load_discussions_demo(home, images, today):
    from .reception import demo as reception_demo
    from .records import demo as records_demo
    from .suggestions import demo as suggestions_demo

    counts = records_demo.load(home=home, images=images, today=today)
    # Visits first: cases logged on a visit point to it.
    counts.update(reception_demo.load_visits(today=today))
    counts.update(suggestions_demo.load(home=home, today=today))
    counts.update(reception_demo.load(home=home, today=today))
    return counts


@hooks.register(SCALE_HOOK)
def load_discussions_scale(home, rng, factor, today):
    from . import scale

    return scale.load(home=home, rng=rng, factor=factor, today=today)


# The front page's 意见建议, 办理查询 and 接访日 tiles, while their pages are live.
hooks.register(HOME_TASKS_HOOK, home_tasks.SOURCE)


@hooks.register("before_delete_page")
def keep_forms_with_suggestions(request, page):
    """A form with residents' suggestions, or a section holding one, stays: unpublish it instead."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from .models import Suggestion

    count = Suggestion.objects.filter(page__path__startswith=page.path).count()
    if not count:
        return None
    messages.error(
        request,
        _(
            "“%(title)s” holds %(count)s residents' suggestions, so it cannot be deleted. "
            "Unpublish it to stop new suggestions; the cases stay in the queue."
        )
        % {"title": page.get_admin_display_title(), "count": count},
    )
    return redirect("wagtailadmin_explore", page.get_parent().pk)


def delete_form_submissions(request, page_id):
    """Wagtail's "delete submissions" stays for other forms; suggestions are never deleted."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.urls import reverse
    from wagtail.contrib.forms.views import DeleteSubmissionsView

    from .models import SuggestionFormPage

    if SuggestionFormPage.objects.filter(pk=page_id).exists():
        if not policy.user_has_permission(request.user, "view"):
            return forbidden(
                request, _("Only staff who handle suggestions may open the suggestion queue.")
            )
        messages.error(
            request, _("Suggestions are kept as a record of the work; they cannot be deleted.")
        )
        return redirect(f"{reverse('suggestions:index')}?form={page_id}")
    return DeleteSubmissionsView.as_view()(request, page_id=page_id)


def suggestion_settings(request, pk=None):
    """The deadlines setting (意见建议办理时限): Wagtail's own screen, refusing with a 403."""
    from wagtail.contrib.settings import views

    if not request.user.has_perm(SETTINGS_PERMISSION):
        return forbidden(
            request, _("Only staff who may change the suggestion deadlines may open them.")
        )
    names = {"app_name": "discussions", "model_name": "suggestionsettings"}
    if pk is None:
        return views.redirect_to_relevant_instance(request, **names)
    if request.method == "GET":
        warn_unknown_years(request)
    return views.EditView.as_view()(request, pk=pk, **names)


@hooks.register("register_admin_urls")
def keep_suggestions_out_of_submission_deletes():
    from django.urls import path

    # Registered before wagtail.contrib.forms and wagtail.contrib.settings (INSTALLED_APPS
    # order), so these paths are matched first.
    settings = "settings/discussions/suggestionsettings/"
    return [
        path(
            "forms/submissions/<int:page_id>/delete/",
            delete_form_submissions,
            name="discussions_delete_submissions",
        ),
        path(settings, suggestion_settings, name="discussions_suggestion_settings"),
        path(f"{settings}<int:pk>/", suggestion_settings, name="discussions_suggestion_settings"),
    ]


@hooks.register(PURGE_HOOK)
def purge_case_records(cutoffs):
    from . import purge

    return purge.kinds(cutoffs)


# 下访记录 is opened by whoever handles suggestions, not by Visit's own permissions.
register_permission_policy(Visit, HandlersPolicy(Visit))


class SuggestionsGroup(ViewSetGroup):
    """意见建议办理: the queue, logging a case from another channel, and the home visits."""

    menu_label = MENU_LABEL
    menu_icon = "comment"
    menu_order = 140
    items = (SuggestionViewSet, IntakeViewSet, VisitViewSet)


@hooks.register("register_admin_viewset")
def register_suggestion_queue():
    return SuggestionsGroup()


@hooks.register("register_admin_viewset")
def register_holidays():
    return HolidayViewSet()


# Wagtail's registry takes the classes themselves, not functions that return them.
hooks.register("register_bulk_action", AcceptBulkAction)
hooks.register("register_bulk_action", AssignBulkAction)


@hooks.register("construct_homepage_panels")
def add_workbench_panels(request, panels):
    if policy.user_has_permission(request.user, "view"):
        panels.append(SuggestionQueuePanel())
    if can_edit_pages(request.user):
        panels.append(OverdueTasksPanel())
