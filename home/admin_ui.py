"""Pieces the apps' Wagtail admin listings share."""

from wagtail.admin.ui.tables import Column

from .formatting import format_date, format_datetime
from .search import build_query


class LocalDateColumn(Column):
    """A calendar date as staff write it (2026年11月27日), not "3 days ago"."""

    def get_value(self, instance):
        return format_date(super().get_value(instance), weekday=False)


class LocalDateTimeColumn(Column):
    """A date and time as staff write it (2026年11月27日 14:30), not "3 days ago"."""

    def get_value(self, instance):
        return format_datetime(super().get_value(instance), weekday=False)


class ChineseSearchMixin:
    """For Wagtail admin page listings: search the way the public site does (home.search).

    Wagtail's own admin search does not split Chinese, so "竞赛" would never find
    "廉政知识竞赛".
    """

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        query = build_query(self.search_query)
        if query is None:
            return queryset.none()
        return queryset.search(query, order_by_relevance=not self.is_explicitly_ordered)
