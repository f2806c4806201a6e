"""Chinese-aware search on Wagtail's database backends.

Neither SQLite FTS5 nor PostgreSQL's text search splits a run of Han characters into words,
so "廉政" is never found inside "开展廉政建设". Both sides are therefore prepared alike:
indexed text gets a space between Han characters (one token each), and each query word made
of Han characters becomes a phrase of those tokens, which must appear next to each other and
in order. Words are combined with AND. Runs of letters and digits stay whole.
"""

import re
import unicodedata

from django.conf import settings
from modelsearch import index
from modelsearch.query import And, Phrase

from .validation import clean_text

# Han ideographs (CJK Unified, Extension A, Compatibility) and fullwidth letters/digits that
# people type on phones; everything else that is a word character stays grouped.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN_RE = re.compile(rf"[{_HAN}]|[^\W{_HAN}_]+")


def segment(text):
    """'2026年廉政建设' -> '2026 年 廉 政 建 设': the form both the index and queries use."""
    if not text:
        return ""
    # NFKC folds fullwidth letters and digits (２０２６, ＡＢ) into their ordinary forms.
    return " ".join(_TOKEN_RE.findall(unicodedata.normalize("NFKC", str(text)).lower()))


def _flatten(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return " ".join(_flatten(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return " ".join(_flatten(item) for item in value)
    return str(value)


class CJKSearchField(index.SearchField):
    """A SearchField whose indexed value is segmented for Chinese (see module docstring)."""

    def get_value(self, obj):
        return segment(_flatten(super().get_value(obj)))


def query_terms(query_string):
    """The words of a query: split on any white space, including the ideographic space."""
    return [term for term in re.split(r"\s+", query_string.strip()) if term]


def build_query(query_string):
    """A modelsearch query that requires every word, each word as a phrase of its tokens.

    Returns None when nothing searchable is left (punctuation only, for instance).
    """
    parts = []
    for term in query_terms(query_string):
        tokens = segment(term)
        if not tokens:
            continue
        parts.append(Phrase(tokens))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


def clean_query(raw):
    """Trim a raw query and cap its length; returns (query, was_truncated)."""
    query = clean_text(raw)
    limit = settings.SEARCH_QUERY_MAX_LENGTH
    if len(query) > limit:
        return query[:limit], True
    return query, False


def title_matches(title, query_string):
    """True when every query word appears in the title, compared in the indexed form."""
    indexed_title = f" {segment(title)} "
    return all(f" {segment(term)} " in indexed_title for term in query_terms(query_string))


def search_queryset(queryset, query_string, *, order_by_relevance=True):
    """``queryset`` narrowed to what matches every word of ``query_string``, searched the way
    the public site searches (see the module docstring). The query is cut to
    SEARCH_QUERY_MAX_LENGTH; a query with nothing searchable in it matches nothing."""
    query = build_query(clean_query(query_string)[0])
    if query is None:
        return queryset.none()
    return queryset.search(query, order_by_relevance=order_by_relevance)
