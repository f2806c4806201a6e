from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from .models import ArticlePage, NoticePage


class LatestFeed(Feed):
    """Articles and notices, newest first, for RSS readers and WeChat-style aggregators."""

    feed_type = Rss201rev2Feed
    description = _("Latest integrity-culture articles and notices")
    limit = 20

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        site = Site.find_for_request(self.request)
        return site.site_name if site and site.site_name else "清风"

    def link(self):
        return "/"

    def items(self):
        pages = (
            Page.objects.live()
            .public()
            .type(ArticlePage, NoticePage)
            .order_by("-first_published_at")[: self.limit]
        )
        return pages.defer_streamfields().specific()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.get_description()

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_pubdate(self, item):
        return item.first_published_at
