import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Window
from django.utils.functional import cached_property

# The key under which home.chrome keeps the content version, which moves on every publish,
# unpublish, move and delete. Read here by name: home.chrome imports the page models, which
# import this module.
CONTENT_VERSION_KEY = "qingfeng:content-version"
COUNT_TIMEOUT = 10 * 60
# Beyond any real list; a larger ?page= would overflow the database's OFFSET.
MAX_PAGE = 100_000


def requested_page(number):
    """The page number a paginator will show for ``?page=`` when it is in range, else 1."""
    try:
        return min(max(int(number), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def paginate(request, object_list, per_page=None):
    """One page of a listing. A page number that is not a number gives the first page; one past
    the end gives the last, so an old or mistyped link still shows something useful."""
    paginator = Paginator(object_list, per_page or settings.LISTING_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def for_content(name, compute, timeout=COUNT_TIMEOUT):
    """``compute()``, kept until the content version moves (or the timeout passes).

    For reads over every published page (a listing's length, its tags) that only a publish,
    unpublish, move or delete can change. ``name`` must say everything the result depends on.
    """
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        return compute()
    digest = hashlib.sha256(str(name).encode()).hexdigest()[:32]
    key = f"qingfeng:listing:{version}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def ids_with_total(queryset, start, stop):
    """The ids of ``queryset[start:stop]`` and the length of the whole queryset, read in one
    query (``COUNT(*) OVER ()`` beside each id); the length is None when the slice is empty."""
    rows = list(
        queryset.annotate(listing_total=Window(Count("*"))).values_list("pk", "listing_total")[
            start:stop
        ]
    )
    return [pk for pk, _total in rows], (rows[0][1] if rows else None)


class PagePaginator(Paginator):
    """Pages of a page listing, as fast on page 500 as on page 1.

    The rows of one page are found by their ids alone, skipped over with OFFSET on the
    listing's narrow index (``home_article_listing`` for articles), and only those ten rows
    are then read whole, with their images. The count is kept until the content changes.
    """

    wanted = 1  # the page a visitor asked for, read with the count when that is not kept
    first_read = None  # (page number, its ids) when the count came with them

    @cached_property
    def count(self):
        ids = self.object_list.values("pk")
        sql, params = ids.query.sql_with_params()
        return for_content(("count", ids.db, sql, params), self._count_with_wanted_page)

    def _count_with_wanted_page(self):
        """The listing's length, read in the same query as the ids of the page asked for
        (``COUNT(*) OVER ()`` beside them), so a page after a change costs no extra count."""
        bottom = (self.wanted - 1) * self.per_page
        ids, total = ids_with_total(self.object_list, bottom, bottom + self.per_page + self.orphans)
        if total is None:
            return self.object_list.count()
        if self.per_page + self.orphans < total - bottom:  # only the last page takes the orphans
            ids = ids[: self.per_page]
        self.first_read = (self.wanted, ids)
        return total

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if self.first_read and self.first_read[0] == number:
            ids = self.first_read[1]
        else:
            ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)} if ids else {}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def paginate_pages(request, pages, per_page=None):
    """``paginate`` for a listing of published pages (see ``PagePaginator``)."""
    paginator = PagePaginator(pages, per_page or settings.LISTING_PAGE_SIZE)
    number = request.GET.get("page")
    paginator.wanted = requested_page(number)
    return paginator.get_page(number)
