"""订阅更新: a short page that tells residents what subscribing is and gives the feed's address."""

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .feeds import LatestFeed


@require_safe
def subscribe(request):
    return TemplateResponse(
        request,
        "home/subscribe.html",
        {
            "feed_url": request.build_absolute_uri(reverse("feed")),
            "feed_size": LatestFeed.limit,
            "page_title": _("Subscribe to updates"),
        },
    )
