"""The discussions app's tiles on the front page, each shown only while its page is live:
意见建议 (the form, or the section when it holds several), 办理查询 (follow a suggestion by its
tracking code) and 接访日 (the reception schedule). Their pages come with the other apps'
(home.hooks.home_tasks): no query of their own."""

from django.utils.translation import gettext as _

from home.hooks import HomeTask, TileSource

from .reception.models import ReceptionSchedulePage
from .suggestions.models import SuggestionFormPage, SuggestionIndexPage


def tiles(request, pages):
    found = []
    if sections := pages[SuggestionIndexPage]:
        section = sections[0]
        section_url = section.get_url(request)
        forms = [form for form in pages[SuggestionFormPage] if form.path.startswith(section.path)]
        if forms:
            # One form: straight to it; more: the section that lists them.
            url = forms[0].get_url(request) if len(forms) == 1 else section_url
            found.append(HomeTask("suggest", _("Make a suggestion"), url))
        track = SuggestionIndexPage.get_resolver().reverse("track")
        found.append(HomeTask("track", _("Track a suggestion"), section_url + track))
    if schedules := pages[ReceptionSchedulePage]:
        found.append(HomeTask("reception", _("Reception days"), schedules[0].get_url(request)))
    return found


SOURCE = TileSource(
    page_types=(SuggestionIndexPage, SuggestionFormPage, ReceptionSchedulePage), tiles=tiles
)
