"""The discussions app's tiles on the front page, each shown only while its page is live:
意见建议 (the form, or the section when it holds several), 办理查询 (follow a suggestion by its
tracking code) and 接访日 (the reception schedule). One query for all three."""

from django.utils.translation import gettext as _
from wagtail.models import Page

from home.hooks import HomeTask
from home.selectors import live_public

from .reception.models import ReceptionSchedulePage
from .suggestions.models import SuggestionFormPage, SuggestionIndexPage

PAGE_TYPES = (SuggestionIndexPage, SuggestionFormPage, ReceptionSchedulePage)


def tiles(request, page):
    pages = list(
        live_public(Page.objects.descendant_of(page))
        .filter(
            content_type__app_label="discussions",
            content_type__model__in=[model._meta.model_name for model in PAGE_TYPES],
        )
        .select_related("content_type")
        .order_by("path")
    )
    by_type = {model: [] for model in PAGE_TYPES}
    for found in pages:
        model = found.content_type.model_class()
        if model in by_type:
            by_type[model].append(found)
    found = []
    if sections := by_type[SuggestionIndexPage]:
        section = sections[0]
        section_url = section.get_url(request)
        forms = [form for form in by_type[SuggestionFormPage] if form.path.startswith(section.path)]
        if forms:
            # One form: straight to it; more: the section that lists them.
            url = forms[0].get_url(request) if len(forms) == 1 else section_url
            found.append(HomeTask("suggest", _("Make a suggestion"), url))
        track = SuggestionIndexPage.get_resolver().reverse("track")
        found.append(HomeTask("track", _("Track a suggestion"), section_url + track))
    if schedules := by_type[ReceptionSchedulePage]:
        found.append(HomeTask("reception", _("Reception days"), schedules[0].get_url(request)))
    return found
