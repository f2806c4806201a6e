"""Site search answered by the database's own full-text index.

The generic path (``queryset.search()`` and sorting every hit in Python) reads every matching
page: 9,000 of them for a common word such as 廉政 at 10,000 articles. Here the index yields
only the ids of the matching entries, in one query, as two strings of digits (all matches, and
those in the title); joining 9,000 entries to their pages and sorting them in SQL took most of
a request. The order is the same for every search until the pages change: the entries of
the pages that may be shown, newest first (``search_order``, kept as two arrays until the pages
change). One pass over it gives the hits in order, title matches first, and leaves out the
entries of pages not shown (drafts, restricted sections, images), so every page of results and
its total cost the same. The hits of a search are kept too, until the pages change: the next
page of the same results, or the same word searched again, reads no index.

- SQLite: the FTS5 table Wagtail keeps beside ``wagtailsearch_indexentry``, matched as
  ``{title body}: ("廉 政" AND "教 育")``; its rowid is the entry's id, so no other table is read.
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
import json
import re
from array import array

from django.db import connection, connections
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from modelsearch.backends import get_search_backend
from wagtail.search.models import IndexEntry

from . import versions
from .pagination import for_content
from .search import _HAN, query_terms, segment


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


def _sqlite_ids(phrases, columns):
    match = "{{{}}}: ({})".format(" ".join(columns), " AND ".join(map(_fts5_phrase, phrases)))
    # The FTS5 table's rowid is the entry's id: the match alone, no other table read.
    sql = (
        "SELECT rowid AS id FROM wagtailsearch_indexentry_fts "
        "WHERE wagtailsearch_indexentry_fts MATCH %s"
    )
    return RawSQL(sql, [match])  # noqa: S611


_HAN_CHAR = re.compile(rf"[{_HAN}]")


def _pairs(phrase):
    """'清 风 徐 来' -> "'清 风' & '风 徐' & '徐 来'": the word's neighbouring characters as terms
    of the pairs table, when the word is two Han characters or more; else None."""
    tokens = phrase.split(" ")
    if len(tokens) < 2 or not all(_HAN_CHAR.fullmatch(token) for token in tokens):
        return None
    return " & ".join(f"'{first} {second}'" for first, second in itertools.pairwise(tokens))


def _postgresql_ids(phrases, columns):
    config = get_search_backend().config or "simple"
    if config == "simple" and all(_pairs(phrase) for phrase in phrases):
        return _postgresql_pair_ids(phrases, columns, config)
    conditions, params = [], []
    for phrase in phrases:
        either = " OR ".join(f"e.{column} @@ phraseto_tsquery(%s, %s)" for column in columns)
        conditions.append(f"({either})")
        params += [config, phrase] * len(columns)
    # Only fixed names are formatted into the SQL; every value is a parameter.
    sql = f"SELECT e.id FROM wagtailsearch_indexentry e WHERE {' AND '.join(conditions)}"  # noqa: S608
    return RawSQL(sql, params)  # noqa: S611


def _postgresql_pair_ids(phrases, columns, config):
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
    sql = "SELECT s.entry_id AS id FROM home_search_pairs s "
    if phrase_conditions:
        sql += "JOIN wagtailsearch_indexentry e ON e.id = s.entry_id "
    # Only fixed names are formatted into the SQL; every value is a parameter.
    sql += f"WHERE {' AND '.join(conditions + phrase_conditions)}"
    return RawSQL(sql, [*params, *phrase_params])  # noqa: S611


def matching_entries(phrases, columns):
    """SQL for the ids of the index entries (of pages or anything else indexed) that hold every
    phrase in one of ``columns``, answered by the backend's own index, as ``RawSQL``."""
    build = _sqlite_ids if backend_kind() == "sqlite" else _postgresql_ids
    return build(phrases, columns)


def _hits(phrases):
    """(ids of the entries matching in the title or the body, ids of those matching in the
    title), read in one query as two lists of digits, not as 9,000 rows."""
    every = matching_entries(phrases, ["title", "body"])
    in_title = matching_entries(phrases, ["title"])
    if connection.vendor == "sqlite":
        join = "SELECT group_concat(id) FROM ({}) m"
    else:
        join = "SELECT string_agg(id::text, ',') FROM ({}) m"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ({join.format(every.sql)}), ({join.format(in_title.sql)})",
            [*every.params, *in_title.params],
        )
        lists = cursor.fetchone()
    return [set(json.loads(f"[{digits or ''}]")) for digits in lists]


# Up to this many matches, the matches alone are put in order in SQL; past it, by the kept order
# of every shown page, which costs about the same for any number of matches.
FEW_MATCHES = 1000


def _in_order(pages, content_type_ids, entries=None):
    """(entry id, page id) of ``pages`` of these content types, newest first: the order search
    lists its hits in. Every such page, or only the pages of ``entries``."""
    pages = pages.filter(content_type_id__in=content_type_ids)
    if entries is not None:
        # Found by id from the entries, where joining on the entry would read every page.
        of_entries = IndexEntry.objects.filter(
            pk__in=sorted(entries), content_type_id__in=content_type_ids
        ).values(page=Cast("object_id", IntegerField()))
        pages = pages.filter(pk__in=of_entries)
    sql, params = (
        pages.order_by().values("pk", "content_type_id", "first_published_at").query
    ).sql_with_params()
    # Wagtail keys an entry on its page's content type and the page's id as text.
    # Only the ORM's own SQL and fixed names are formatted in; every value is a parameter.
    order = (
        f"SELECT e.id, p.pk FROM ({sql}) p JOIN wagtailsearch_indexentry e "  # noqa: S608
        "ON e.content_type_id = p.content_type_id AND e.object_id = CAST(p.pk AS varchar(50)) "
        "ORDER BY p.first_published_at DESC NULLS LAST, p.pk DESC"
    )
    with connections[pages.db].cursor() as cursor:
        cursor.execute(order, params)
        return cursor.fetchall()


def search_order(pages, content_type_ids):
    """``_in_order`` for every shown page, as two arrays (entry ids, page ids), kept until the
    pages change: one read of every page's id, date and entry for all searches."""
    sql, params = pages.query.sql_with_params()

    def read():
        rows = _in_order(pages, content_type_ids)
        return array("q", (entry for entry, _pk in rows)), array("q", (pk for _entry, pk in rows))

    return for_content(("search order", pages.db, sql, params, tuple(content_type_ids)), read)


# The hits of the last words searched (each an array of page ids), kept until the pages change.
SEARCHES = versions.Kept("search", size=16)


def ordered_hits(pages, query_string, content_type_ids):
    """Ids of ``pages`` that match every word, title matches first, then newest first; None
    when the backend has no index this module knows (the caller then takes the generic path).

    The index gives the matching entries, unordered. A few are put in order in SQL with their
    pages; many, by ``search_order`` (the same for every search until the pages change), so a
    word found in 9,000 pages costs one pass over two arrays in memory rather than a join and a
    sort of 9,000 rows in the database. Either way the entries of pages not shown drop out.
    The result is kept until the pages change.
    """
    if backend_kind() is None:
        return None
    phrases = _phrases(query_string)
    if not phrases:
        return []
    content_type_ids = sorted(content_type_ids)
    sql, params = pages.query.sql_with_params()
    return SEARCHES.get(
        ("hits", pages.db, sql, params, content_type_ids, phrases),
        lambda: array("q", _ordered_hits(pages, phrases, content_type_ids)),
    )


def _ordered_hits(pages, phrases, content_type_ids):
    found, in_title = _hits(phrases)
    if not found:
        return []
    if len(found) <= FEW_MATCHES:
        rows = _in_order(pages, content_type_ids, entries=found)
    else:
        rows = zip(*search_order(pages, content_type_ids), strict=True)
    first, rest = [], []
    for entry, pk in rows:
        if entry in found:
            (first if entry in in_title else rest).append(pk)
    return first + rest


def explain(sql, params):
    """The database's plan for a query as one string (for the tests and the README)."""
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        return "\n".join(" ".join(str(cell) for cell in row) for row in cursor.fetchall())
