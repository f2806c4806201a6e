"""Every Wagtail hook of the discussions app: the record listing and the suggestion queue in the
admin, the dashboard panel, the demo content, and what keeps residents' suggestions from being
deleted with their forms."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from home.demo import DEMO_HOOK
from home.hooks import PURGE_HOOK

from .records.admin import MeetingRecordListingViewSet
from .suggestions.admin.common import policy
from .suggestions.admin.dashboard import SuggestionQueuePanel
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
    counts.update(suggestions_demo.load(home=home, today=today))
    counts.update(reception_demo.load(home=home, today=today))
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
    from .suggestions.services import purge_personal_data

    return {_("suggestions"): purge_personal_data(before=before)}


@hooks.register("register_admin_viewset")
def register_suggestion_queue():
    return SuggestionViewSet()


@hooks.register("construct_homepage_panels")
def add_suggestion_queue_panel(request, panels):
    if policy.user_has_permission(request.user, "view"):
        panels.append(SuggestionQueuePanel())
