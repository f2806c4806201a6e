"""宣传栏标语 for residents: the list (/slogans/) and each slogan's printable poster."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from .models import SiteSettings
from .pagination import paginate
from .qr import qr_svg
from .renditions import POSTER_LOGO_RENDITION
from .slogans import enabled_slogans
from .validation import clean_text, id_in_range

SLOGANS_PER_PAGE = 20
SIZES = {"a4": "A4", "a3": "A3"}
ORIENTATIONS = {"portrait": gettext_lazy("portrait"), "landscape": gettext_lazy("landscape")}


@require_safe
def slogan_list(request):
    return TemplateResponse(
        request,
        "home/slogans.html",
        {
            "page_title": _("Bulletin-board slogans"),
            "slogans": paginate(request, enabled_slogans(), per_page=SLOGANS_PER_PAGE),
        },
    )


def _paper_choices(pk):
    return [
        {
            "size": size,
            "orientation": orientation,
            "label": f"{label} {ORIENTATIONS[orientation]}",
            "url": reverse("slogan_poster", args=[pk])
            + "?"
            + urlencode({"size": size, "orientation": orientation}),
        }
        for size, label in SIZES.items()
        for orientation in ORIENTATIONS
    ]


@require_safe
def slogan_poster(request, pk):
    """One sheet for the bulletin board: A4 or A3, portrait or landscape (``size``,
    ``orientation``); anything else is refused with the choices there are."""
    if not id_in_range(pk):
        raise Http404
    slogan = get_object_or_404(enabled_slogans(), pk=pk)
    size = clean_text(request.GET.get("size", "a4"), 20).lower()
    orientation = clean_text(request.GET.get("orientation", "portrait"), 20).lower()
    choices = _paper_choices(slogan.pk)
    if size not in SIZES or orientation not in ORIENTATIONS:
        return TemplateResponse(
            request,
            "home/slogan_poster_refused.html",
            {"page_title": _("No such paper size"), "slogan": slogan, "choices": choices},
            status=400,
        )
    for choice in choices:
        choice["current"] = (choice["size"], choice["orientation"]) == (size, orientation)
    settings = SiteSettings.for_request(request)
    logo = settings.logo.get_rendition(POSTER_LOGO_RENDITION) if settings.logo else None
    return TemplateResponse(
        request,
        "home/slogan_poster.html",
        {
            "page_title": _("Slogan poster"),
            "slogan": slogan,
            "paper": f"{size}-{orientation}",
            "choices": choices,
            "logo": logo,
            "poster_qr": qr_svg(request.build_absolute_uri("/"), scale=1, fluid=True),
        },
    )
