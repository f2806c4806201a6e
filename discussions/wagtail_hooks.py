"""The 议事记录 listing in the Wagtail admin, and the demo records for `manage.py load_demo`."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet

from home.admin_ui import ChineseSearchMixin, LocalDateTimeColumn
from home.demo import DEMO_HOOK
from home.hooks import PURGE_HOOK

from .models import MeetingRecordPage
from .selectors import with_progress


class ProgressColumn(Column):
    """Follow-up tasks done out of all, as residents see it (3/4)."""

    def get_value(self, instance):
        done, total, _overdue = instance.task_progress
        return f"{done}/{total}" if total else "—"


class MeetingRecordIndexView(ChineseSearchMixin, IndexView):
    """The flat record listing, with follow-up counts computed in the listing's own query."""

    def get_base_queryset(self):
        return with_progress(super().get_base_queryset())


class MeetingRecordListingViewSet(PageListingViewSet):
    index_view_class = MeetingRecordIndexView
    model = MeetingRecordPage
    icon = "group"
    menu_label = _("Meeting records")
    menu_order = 130
    add_to_admin_menu = True
    name = "meeting_records"
    url_prefix = "meeting-records"
    ordering = "-start"
    columns = [
        *(column for column in PageListingViewSet.columns if column.name != "parent"),
        Column("kind", label=_("Kind"), accessor="get_kind_display", sort_key="kind"),
        LocalDateTimeColumn("start", label=_("Date and time"), sort_key="start"),
        ProgressColumn("task_progress", label=_("Follow-up done")),
        Column("tasks_overdue", label=_("Overdue")),
    ]


@hooks.register("register_admin_viewset")
def register_meeting_record_listing():
    return MeetingRecordListingViewSet()


@hooks.register(DEMO_HOOK)
def load_discussions_demo(home, images, today):
    from . import demo, demo_reception, demo_suggestions

    counts = demo.load(home=home, images=images, today=today)
    counts.update(demo_suggestions.load(home=home, today=today))
    counts.update(demo_reception.load(home=home, today=today))
    return counts


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
        messages.error(
            request, _("Suggestions are kept as a record of the work; they cannot be deleted.")
        )
        return redirect(f"{reverse('suggestions:index')}?form={page_id}")
    return DeleteSubmissionsView.as_view()(request, page_id=page_id)


@hooks.register("register_admin_urls")
def keep_suggestions_out_of_submission_deletes():
    from django.urls import path

    # Registered before wagtail.contrib.forms (INSTALLED_APPS order), so this path is matched
    # first.
    return [path("forms/submissions/<int:page_id>/delete/", delete_form_submissions)]


@hooks.register(PURGE_HOOK)
def purge_suggestion_contacts(before):
    from .services import purge_personal_data

    return {_("suggestions"): purge_personal_data(before=before)}


# The suggestion queue registers its own menu item and views.
from . import admin_suggestions  # noqa: E402, F401
