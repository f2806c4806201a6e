from array import array

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from . import versions

# Listings' ids and tags and the order of search results; a list of 13,500 ids is not read and
# unpickled again from the cache on each request (3 ms from the cache folder).
LISTINGS = versions.Kept("listing", size=8)


def paginate(request, object_list, per_page=None):
    """One page of a listing. A page number that is not a number gives the first page; one past
    the end gives the last, so an old or mistyped link still shows something useful."""
    paginator = Paginator(object_list, per_page or settings.LISTING_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def for_content(name, compute, timeout=versions.KEEP_FOR):
    """``compute()``, kept until the pages change (``home.versions.PAGES``) or the timeout
    passes: for reads over every published page (a listing's ids, its tags, the search order)
    that only a change of the content can change. ``name`` must say everything the result
    depends on."""
    return LISTINGS.get(name, compute, timeout)


class PagePaginator(Paginator):
    """Pages of a page listing, as fast on page 500 as on page 1.

    The listing's ids, in order, are read once (on its narrow index: ``home_article_listing``
    for articles) and kept until the content changes; the count is their length and a page is
    a slice of them, so no request skips rows with OFFSET. Only the rows of the page shown are
    then read whole, with their images.
    """

    @cached_property
    def ids(self):
        ids = self.object_list.values_list("pk", flat=True)
        sql, params = ids.query.sql_with_params()
        return for_content(("ids", ids.db, sql, params), lambda: array("q", ids))

    @cached_property
    def count(self):
        return len(self.ids)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.ids[bottom:top]
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)} if ids else {}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def paginate_pages(request, pages, per_page=None):
    """``paginate`` for a listing of published pages (see ``PagePaginator``)."""
    paginator = PagePaginator(pages, per_page or settings.LISTING_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))
