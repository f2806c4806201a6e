from .search import build_query


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
