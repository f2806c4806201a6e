"""Publishing: the home page, articles (廉政文化), notices (通知公告), standard pages, settings."""

from datetime import date
from functools import partial

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import BodyBlock
from .hooks import home_lists, home_tasks
from .pagination import for_content, paginate_pages
from .routing import route_below, route_home, view_restrictions
from .search import CJKSearchField
from .selectors import (
    article_listing,
    latest_articles,
    notice_listing,
    pinned_notices,
    related_articles,
    tag_cloud,
)
from .validation import clean_text


class BasePage(Page):
    """Intro, cover image and body, shared by every content page. Search finds its subclasses."""

    intro = models.TextField(_("introduction"), blank=True, max_length=500)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    # Page types that the site search covers; index pages set this to False.
    show_in_search = True

    # Page's own title field indexes the unsegmented title as one token, which never matches a
    # shorter query and so does no harm; the segmented copy is what search finds.
    search_fields = Page.search_fields + [
        CJKSearchField("title", boost=3),
        CJKSearchField("intro"),
        CJKSearchField("body"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        # A page routed by home.routing already holds its ancestors: one query, not two.
        restrictions = view_restrictions(self)
        return super().get_view_restrictions() if restrictions is None else restrictions

    def get_description(self):
        """The sentence used for Open Graph and feeds."""
        return self.search_description or self.intro

    @property
    def display_date(self):
        """The date a reader sees in listings: the page's own date, else when it went live."""
        own = getattr(self, "date", None)
        if own:
            return own
        return timezone.localdate(self.first_published_at) if self.first_published_at else None

    @property
    def search_meta_templates(self):
        """The line under this page's title in search results. A page type shows what a reader
        needs from it (an event its time and place) through a template named after its own,
        events/event_page.html -> events/search/event_page.html, so that the search page needs
        to know no other app; without one it shows the page's date."""
        folder, name = self.template.rsplit("/", 1)
        return [f"{folder}/search/{name}", "home/search/page.html"]


class HomePage(BasePage):
    """The community's front page; later apps add sections through the home_sections hook."""

    show_in_search = False
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    pinned_notice_count = models.PositiveSmallIntegerField(_("pinned notices shown"), default=3)
    latest_article_count = models.PositiveSmallIntegerField(_("latest articles shown"), default=5)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("pinned_notice_count"), FieldPanel("latest_article_count")],
            heading=_("Home page lists"),
        )
    ]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def route(self, request, path_components):
        # Every page below the home page is found in a fixed number of queries (home.routing).
        if not path_components:
            route_home(self, request)
            return super().route(request, path_components)
        return route_below(self, request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Both called by the template inside its cached fragments only: a cached page spends
        # nothing.
        context["lists"] = partial(
            home_lists,
            request,
            self,
            notices=pinned_notices(
                NoticePage.objects.descendant_of(self), limit=self.pinned_notice_count
            ),
            articles=latest_articles(
                ArticlePage.objects.descendant_of(self), limit=self.latest_article_count
            ),
        )
        context["tasks"] = partial(home_tasks, request, self)
        return context


class IndexPage(BasePage):
    """A top-level listing (articles, notices, and later events…): one per site, not searched."""

    show_in_search = False
    max_count_per_parent = 1
    parent_page_types = ["home.HomePage"]

    class Meta:
        abstract = True


class ArticleIndexPage(IndexPage):
    subpage_types = ["home.ArticlePage"]

    class Meta:
        verbose_name = _("article index")
        verbose_name_plural = _("article indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        tag = clean_text(request.GET.get("tag", ""), 100)
        articles = ArticlePage.objects.descendant_of(self)
        context["tag"] = tag
        context["extra_query"] = urlencode({"tag": tag}) if tag else ""
        # Counting tags over every article is the listing's dearest read: kept per version.
        context["tags"] = for_content(("tags", self.pk), lambda: list(tag_cloud(articles)))
        context["articles"] = paginate_pages(request, article_listing(articles, tag=tag))
        return context


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "home.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = _("article tag")
        verbose_name_plural = _("article tags")


class ArticlePage(BasePage):
    date = models.DateField(_("date"), default=date.today)
    source = models.CharField(_("source"), max_length=100, blank=True)
    author = models.CharField(_("author"), max_length=100, blank=True)
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name=_("tags"))

    parent_page_types = ["home.ArticleIndexPage"]
    subpage_types = []

    search_fields = BasePage.search_fields + [
        CJKSearchField("source"),
        CJKSearchField("author"),
        index.FilterField("date"),
    ]

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("source"), FieldPanel("author"), FieldPanel("tags")],
            heading=_("About this article"),
        ),
        InlinePanel("related_links", label=_("Related articles"), max_num=5),
    ]

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        # The listing's order: its ids are read from this narrow index alone, once per pages
        # version, and page 500 is a slice of them as page 1 is (home.pagination.PagePaginator).
        indexes = [models.Index(fields=["-date", "-page_ptr"], name="home_article_listing")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_articles"] = related_articles(
            self, preview=getattr(request, "is_preview", False)
        )
        return context


class ArticleRelatedLink(Orderable):
    page = ParentalKey(ArticlePage, related_name="related_links", on_delete=models.CASCADE)
    article = models.ForeignKey(
        ArticlePage, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("article", page_type="home.ArticlePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related article")
        verbose_name_plural = _("related articles")


class NoticeIndexPage(IndexPage):
    subpage_types = ["home.NoticePage"]

    class Meta:
        verbose_name = _("notice index")
        verbose_name_plural = _("notice indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        notices = NoticePage.objects.descendant_of(self)
        context["notices"] = paginate_pages(request, notice_listing(notices))
        return context


class NoticePage(BasePage):
    date = models.DateField(_("date"), default=date.today)
    issuer = models.CharField(_("issued by"), max_length=100, blank=True)
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Pinned notices lead the list and the home page.")
    )
    notice_start = models.DateField(
        _("public notice period starts"),
        null=True,
        blank=True,
        help_text=_("For notices open to objections for a period (公示)."),
    )
    notice_end = models.DateField(_("public notice period ends"), null=True, blank=True)

    parent_page_types = ["home.NoticeIndexPage"]
    subpage_types = []

    search_fields = BasePage.search_fields + [
        CJKSearchField("issuer"),
        index.FilterField("date"),
        index.FilterField("pinned"),
    ]

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("issuer"), FieldPanel("pinned")],
            heading=_("About this notice"),
        ),
        MultiFieldPanel(
            [FieldPanel("notice_start"), FieldPanel("notice_end")],
            heading=_("Public notice period"),
        ),
    ]

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [
            models.Index(fields=["-pinned", "-date", "-page_ptr"], name="home_notice_listing")
        ]

    def clean(self):
        super().clean()
        if bool(self.notice_start) != bool(self.notice_end):
            raise ValidationError(
                {"notice_end": _("Give both the start and the end of the public notice period.")}
            )
        if self.notice_start and self.notice_end < self.notice_start:
            raise ValidationError(
                {"notice_end": _("The public notice period cannot end before it starts.")}
            )

    @cached_property
    def notice_window(self):
        """The public-notice state on today's date (Asia/Shanghai), or None without a window."""
        if not (self.notice_start and self.notice_end):
            return None
        today = timezone.localdate()
        if today < self.notice_start:
            return {"state": "upcoming", "days": (self.notice_start - today).days}
        if today > self.notice_end:
            return {"state": "ended", "days": 0}
        return {"state": "active", "days": (self.notice_end - today).days + 1}


class StandardPage(BasePage):
    """About, privacy notice and other plain pages."""

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


class SectionPage(BasePage):
    """A top-level section whose own features are not published yet; shows a friendly note."""

    show_in_search = False
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("section page")
        verbose_name_plural = _("section pages")


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    community_name = models.CharField(_("community name"), max_length=100, default="清风社区")
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=100, blank=True)
    icp_number = models.CharField(
        _("ICP filing number"), max_length=60, blank=True, help_text=_("Shown in the footer.")
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("community_name"),
        FieldPanel("tagline"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("contact_phone"), FieldPanel("office_hours")],
            heading=_("Contact"),
        ),
        FieldPanel("icp_number"),
    ]

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    select_related = ["logo"]


from .message_log import Message  # noqa: E402, F401 - the text message log, a model of this app
from .rate_counts import RateCount  # noqa: E402, F401 - rate-limit counters, a model of this app
from .slogans import Slogan  # noqa: E402, F401 - bulletin-board slogans, a model of this app
from .verification.models import PhoneCode  # noqa: E402, F401 - verification codes, a model of this app
