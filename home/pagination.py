import hashlib
from array import array

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from . import versions

# How long a result of for_content is kept at most, should no change retire it first.
KEEP_FOR = 10 * 60
# How many results of for_content a worker keeps in its own memory (the latest it used).
IN_PROCESS = 8
_in_process = {}


def paginate(request, object_list, per_page=None):
    """One page of a listing. A page number that is not a number gives the first page; one past
    the end gives the last, so an old or mistyped link still shows something useful."""
    paginator = Paginator(object_list, per_page or settings.LISTING_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def for_content(name, compute, timeout=KEEP_FOR):
    """``compute()``, kept until the pages change (``home.versions.PAGES``) or the timeout
    passes.

    For reads over every published page (a listing's ids, its tags, the search order) that only
    a change of the content can change. ``name`` must say everything the result depends on.
    The shared cache keeps the value for every worker. Each worker also keeps the last few it
    used under the same key, so that a list of 13,500 ids is not read and unpickled again on
    each request (3 ms from the cache folder); its copy lasts until the pages change, whatever
    the timeout.
    """
    version = versions.current(versions.PAGES)
    digest = hashlib.sha256(str(name).encode()).hexdigest()[:32]
    key = f"qingfeng:listing:{version}:{digest}"
    value = _in_process.get(key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, timeout)
        while len(_in_process) >= IN_PROCESS:
            del _in_process[next(iter(_in_process))]  # the oldest
        _in_process[key] = value
    return value


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
