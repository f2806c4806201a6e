"""Wagtail's own page search, made to find Chinese words: the dashboard's box and the page
search view, the page explorer's search and the page choosers.

Wagtail searches pages with ``autocomplete()``, which matches the start of whole tokens; the
database backends take a run of Han characters for one token, so 低保 was never found inside
城乡低保政策问答. Every page type indexes its title, introduction and body through
``home.search.CJKSearchField``, so these views search that index the way the public site does
(``home.search.search_queryset``) and keep Wagtail's listings, columns and links as they are:

- the explorer and the page search are the base ``Page`` model's page viewset, replaced by
  :class:`ChinesePageViewSet` (registered in ``wagtail_hooks`` after Wagtail's own);
- the choosers have no viewset: ``construct_page_chooser_queryset`` hands them a queryset whose
  ``autocomplete()`` is this search (:func:`with_chinese_autocomplete`).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from wagtail.admin.views.pages.listing import ExplorableIndexView, PageListingMixin
from wagtail.admin.views.pages.search import SearchView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, PageQuerySet

from .admin_ui import ChineseSearchMixin
from .search import search_queryset


class ChinesePageListingMixin(ChineseSearchMixin, PageListingMixin):
    """Sits between a Wagtail page listing view and ``PageListingMixin`` in the method order,
    so the view's own ``search_queryset`` (the explorer runs its hooks there) ends in this
    search instead of ``autocomplete()``."""


class ChineseExplorableIndexView(ExplorableIndexView, ChinesePageListingMixin):
    pass


class ChinesePageSearchView(SearchView):
    """The page search (dashboard box, 搜索 in the sidebar): every explorable page whose
    title or text holds every word; an empty query lists every page, as Wagtail's does."""

    def get_queryset(self):
        pages = Page.objects.all()
        if getattr(settings, "WAGTAILADMIN_PAGE_SEARCH_FILTER_BY_PERMISSIONS", True):
            explorable = self.permission_policy.explorable_instances(self.request.user)
            pages = pages.filter(pk__in=explorable.values_list("pk", flat=True))

        listed = pages
        if self.selected_content_type:
            listed = listed.filter(content_type=self.selected_content_type)
        if self.ordering:
            listed = listed.order_by(self.ordering)
        listed = self.annotate_queryset(listed)

        if self.search_query:
            relevance = not self.ordering
            pages = search_queryset(pages, self.search_query, order_by_relevance=relevance)
            listed = search_queryset(listed, self.search_query, order_by_relevance=relevance)

        # The template counts "all" matches and lists the page types beside the results.
        self.all_pages = pages
        self.content_types = []
        if getattr(pages, "supports_facet", False):
            self.content_types = [
                (ContentType.objects.get_for_id(content_type_id), count)
                for content_type_id, count in pages.facet("content_type_id").items()
            ]
        return listed

    def get_context_data(self, **kwargs):
        # The title column's header counts the results by the model's name ("共 18 个页面");
        # this view, unlike the explorer, did not say what it lists, and "None" showed.
        context = super().get_context_data(**kwargs)
        context["verbose_name"] = context.get("verbose_name") or Page._meta.verbose_name
        context["verbose_name_plural"] = (
            context.get("verbose_name_plural") or Page._meta.verbose_name_plural
        )
        return context


class ChinesePageViewSet(PageViewSet):
    """The base page viewset with the two searching views replaced."""

    index_view_class = ChineseExplorableIndexView
    search_view_class = ChinesePageSearchView


class ChineseAutocompletePageQuerySet(PageQuerySet):
    def autocomplete(self, query, fields=None, operator=None, order_by_relevance=True, **kwargs):
        query_string = getattr(query, "query_string", query)
        return search_queryset(self, str(query_string), order_by_relevance=order_by_relevance)


def with_chinese_autocomplete(pages):
    """The same pages, as a queryset whose ``autocomplete()`` searches Chinese words; the
    page chooser's search view filters this queryset further and then autocompletes it."""
    pages = pages.all()
    pages.__class__ = ChineseAutocompletePageQuerySet
    return pages
