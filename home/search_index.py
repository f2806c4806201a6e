"""Site search answered by the database's own full-text index, a page of results at a time.

The generic path (``queryset.search()`` and sorting every hit in Python) reads every matching
page: 9,000 of them for a common word such as 廉政 at 10,000 articles. Here the match is one
subquery on the full-text index, and the order (title matches first, then newest) and the page
cut are done in SQL, so a request reads the count and ten rows whatever the word or page.

- SQLite: the FTS5 table Wagtail keeps beside ``wagtailsearch_indexentry``, matched as
  ``{title body}: ("廉 政" AND "教 育")``. The entry's page id is read through a narrow
  covering index (migration ``home.0012``); reading it from the table itself drags each entry's
  whole indexed text from disk and took three times as long.
- PostgreSQL: a word of two Han characters (廉政, 信访: most searches) is one term of the table
  ``home_search_pairs`` (migration ``home.0014``), which holds each entry's neighbouring
  words as pairs and has GIN indexes on them: an exact index lookup, where the phrase
  ``'廉' <-> '政'`` made the database unpack and check the whole text of every one of 9,000
  entries. Other words: ``title @@ phrase OR body @@ phrase`` on Wagtail's own GIN indexes of
  the ``title`` and ``body`` tsvectors, combined with AND (see
  ``tests/home/test_search_index.py`` for the EXPLAIN of both).

Both mean what ``home.search.build_query`` means to the generic backends: every word, each as
a phrase of its segmented characters, found in the title or the body. Another backend (the
database fallback, when SQLite lacks FTS5) takes the generic path.
"""

import itertools
import re

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.db.models.expressions import RawSQL
from modelsearch.backends import get_search_backend

from .pagination import ids_with_total, requested_page
from .search import _HAN, query_terms, segment

SQLITE_COVERING_INDEX = "home_indexentry_page_lookup"


def backend_kind():
    """'sqlite' or 'postgresql' when this module can use the backend's index, else None."""
    backend = type(get_search_backend()).__name__
    if backend == "SQLiteSearchBackend":
        return "sqlite"
    if backend == "PostgresSearchBackend":
        return "postgresql"
    return None


def _phrases(query_string):
    phrases = [segment(term) for term in query_terms(query_string)]
    return [phrase for phrase in phrases if phrase]


def _fts5_phrase(tokens):
    # Tokens are letters, digits or single Han characters; quotes are doubled all the same.
    return '"' + tokens.replace('"', '""') + '"'


def _sqlite_ids(phrases, columns, content_type_ids):
    match = "{{{}}}: ({})".format(" ".join(columns), " AND ".join(map(_fts5_phrase, phrases)))
    types = ", ".join(["%s"] * len(content_type_ids))
    # "+" keeps the content type out of the index lookup: one probe by entry id per match,
    # then a test, rather than one probe per content type (three times as slow at 9,000).
    # Only placeholders and fixed names are formatted into the SQL; every value is a parameter.
    sql = (
        "SELECT CAST(e.object_id AS integer) FROM wagtailsearch_indexentry_fts f "  # noqa: S608
        f"JOIN wagtailsearch_indexentry e INDEXED BY {SQLITE_COVERING_INDEX} ON e.id = f.rowid "
        f"WHERE wagtailsearch_indexentry_fts MATCH %s AND +e.content_type_id IN ({types})"
    )
    return RawSQL(sql, [match, *content_type_ids])  # noqa: S611


_HAN_CHAR = re.compile(rf"[{_HAN}]")


def _pairs(phrase):
    """'清 风 徐 来' -> "'清 风' & '风 徐' & '徐 来'": the word's neighbouring characters as terms
    of the pairs table, when the word is two Han characters or more; else None."""
    tokens = phrase.split(" ")
    if len(tokens) < 2 or not all(_HAN_CHAR.fullmatch(token) for token in tokens):
        return None
    return " & ".join(f"'{first} {second}'" for first, second in itertools.pairwise(tokens))


def _postgresql_ids(phrases, columns, content_type_ids):
    config = get_search_backend().config or "simple"
    if config == "simple" and all(_pairs(phrase) for phrase in phrases):
        return _postgresql_pair_ids(phrases, columns, content_type_ids, config)
    conditions, params = [], []
    for phrase in phrases:
        either = " OR ".join(f"e.{column} @@ phraseto_tsquery(%s, %s)" for column in columns)
        conditions.append(f"({either})")
        params += [config, phrase] * len(columns)
    types = ", ".join(["%s"] * len(content_type_ids))
    sql = (
        "SELECT e.object_id::integer FROM wagtailsearch_indexentry e "  # noqa: S608
        f"WHERE {' AND '.join(conditions)} AND e.content_type_id IN ({types})"
    )
    return RawSQL(sql, [*params, *content_type_ids])  # noqa: S611


def _postgresql_pair_ids(phrases, columns, content_type_ids, config):
    # Each pair is one exact GIN lookup (no recheck of the entry's text); the table is narrow,
    # so the ids of 9,000 matches come from a few hundred heap pages. Two characters are one
    # pair, found exactly where the phrase is; for a longer word every pair of it must be there
    # too, and then the few entries that hold them all are checked against the phrase itself.
    conditions, params, phrase_conditions, phrase_params = [], [], [], []
    for phrase in phrases:
        conditions.append("(" + " OR ".join(f"s.{c} @@ %s::tsquery" for c in columns) + ")")
        params += [_pairs(phrase)] * len(columns)
        if phrase.count(" ") > 1:
            either = " OR ".join(f"e.{c} @@ phraseto_tsquery(%s, %s)" for c in columns)
            phrase_conditions.append(f"({either})")
            phrase_params += [config, phrase] * len(columns)
    types = ", ".join(["%s"] * len(content_type_ids))
    sql = "SELECT s.object_id::integer FROM home_search_pairs s "
    if phrase_conditions:
        sql += "JOIN wagtailsearch_indexentry e ON e.id = s.entry_id "
    # Only placeholders and fixed names are formatted into the SQL; every value is a parameter.
    sql += (
        f"WHERE {' AND '.join(conditions + phrase_conditions)} "  # noqa: S608
        f"AND s.content_type_id IN ({types})"
    )
    return RawSQL(sql, [*params, *phrase_params, *content_type_ids])  # noqa: S611


class SearchHits:
    """Ids of the matching pages in order, as the sequence the paginator reads.

    The page the visitor asked for comes with its total in one query (``COUNT(*) OVER ()``
    beside the ten ids), so a search costs one database round trip for its hits. Only a page
    past the end (an old link) costs a separate count and a second cut.
    """

    ordered = True  # what the paginator checks before it pages through a sequence

    def __init__(self, matching, in_order, page, per_page):
        self.matching = matching
        self.in_order = in_order
        self.window = slice((page - 1) * per_page, page * per_page)
        self.ids = None
        self.total = None

    def count(self):
        if self.total is None:
            self.ids, total = ids_with_total(self.in_order, self.window.start, self.window.stop)
            self.total = self.matching.count() if total is None else total
        return self.total

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if (
            self.ids
            and isinstance(index, slice)
            and (index.start, index.stop)
            == (
                self.window.start,
                min(self.window.stop, self.total),
            )
        ):
            return self.ids
        ids = self.in_order.values_list("pk", flat=True)
        return list(ids[index]) if isinstance(index, slice) else ids[index]


def ordered_hits(pages, query_string, content_type_ids, *, page=1, per_page=10):
    """Ids of ``pages`` that match every word, title matches first, then newest, as
    ``SearchHits`` ready to give page ``page``; None when the backend has no index this module
    knows (the caller then takes the generic path)."""
    kind = backend_kind()
    if kind is None:
        return None
    phrases = _phrases(query_string)
    if not phrases:
        return []
    ids = _sqlite_ids if kind == "sqlite" else _postgresql_ids
    content_type_ids = sorted(content_type_ids)
    matching = pages.filter(pk__in=ids(phrases, ["title", "body"], content_type_ids))
    in_title = ExpressionWrapper(
        Q(pk__in=ids(phrases, ["title"], content_type_ids)), output_field=BooleanField()
    )
    ordered = matching.annotate(search_in_title=in_title).order_by(
        "-search_in_title", F("first_published_at").desc(nulls_last=True), "-pk"
    )
    return SearchHits(matching.order_by(), ordered, requested_page(page), per_page)


def explain(queryset):
    """The database's plan for ``queryset`` as one string (for the tests and the README)."""
    sql, params = queryset.query.sql_with_params()
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        return "\n".join(" ".join(str(cell) for cell in row) for row in cursor.fetchall())
