from django.contrib.syndication.views import Feed
from django.templatetags.static import static
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed, Stylesheet
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from .models import ArticlePage, NoticePage


class BrowsableRssFeed(Rss201rev2Feed):
    """RSS 2.0 sent as application/xml: every reader takes it, and a browser then renders it
    through its stylesheet, where it would show application/rss+xml as raw text."""

    content_type = "application/xml; charset=utf-8"


class LatestFeed(Feed):
    """Articles and notices, newest first, for RSS readers and WeChat-style aggregators.

    A person who opens it in a browser sees a readable Chinese list instead of raw XML: the feed
    names an XSL stylesheet (static/feed/rss.xsl) that a reader program ignores.
    """

    feed_type = BrowsableRssFeed
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

    def stylesheets(self):
        return [Stylesheet(static("feed/rss.xsl"), mimetype="text/xsl")]

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
        # In Beijing time, so the date the stylesheet reads off is the resident's date.
        if item.first_published_at is None:
            return None
        return timezone.localtime(item.first_published_at)
