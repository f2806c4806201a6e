"""Search reads the database's full-text index and only the page of hits it shows (run again
with -m postgres): the plan names the index, and every page, first or last, holds the right
results in the right order."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection

from home import search_index
from home.search_index import _phrases, backend_kind, explain, matching_entries
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture(autouse=True, params=["few", "many"])
def matches(request, monkeypatch):
    """Each test twice: the matches put in order in SQL (a few), and by the kept order of every
    shown page (many), which must list the same pages in the same order."""
    if request.param == "many":
        monkeypatch.setattr(search_index, "FEW_MATCHES", 0)
    return request.param


@pytest.fixture
def twelve_articles():
    index = factories.article_index()
    for day in range(1, 12):
        factories.article(
            index,
            title=f"社区活动第{day}期",
            body_text="开展廉政教育，居民踊跃参加。",
            date=datetime.date(2026, 9, day),
        )
    # The word is in its title: it comes first.
    return factories.article(index, title="廉政文化进家庭", body_text="家风故事。")


def titles(client, query, page=None):
    params = {"q": query} if page is None else {"q": query, "page": page}
    response = client.get("/search/", params)
    assert response.status_code == 200
    results = response.context["results"]
    return results.paginator.count, [item.title for item in results]


def test_every_page_holds_its_own_hits_in_order(client, twelve_articles):
    count, first = titles(client, "廉政")
    assert count == 12
    assert first[0] == "廉政文化进家庭"
    # Then newest first (by publication): the eleventh article down to the third.
    assert first[1:] == [f"社区活动第{day}期" for day in range(11, 2, -1)]
    assert titles(client, "廉政", page=2) == (12, ["社区活动第2期", "社区活动第1期"])
    # An old link past the end shows the last page, with the same total.
    assert titles(client, "廉政", page=99) == (12, ["社区活动第2期", "社区活动第1期"])
    assert titles(client, "廉政", page="9" * 20) == (12, ["社区活动第2期", "社区活动第1期"])
    assert titles(client, "廉政", page="x") == (12, first)
    assert titles(client, "廉政 家风") == (1, ["廉政文化进家庭"])
    assert titles(client, "政廉") == (0, [])


def plan(query_string, columns=("title", "body")):
    match = matching_entries(_phrases(query_string), list(columns))
    return explain(match.sql, match.params)


def test_the_search_reads_the_full_text_index(twelve_articles):
    if connection.vendor == "sqlite":
        assert backend_kind() == "sqlite"
        # FTS5's own index answers the match (the M in INDEX 0:M), and its rowid is the entry's
        # id: the match reads no other table.
        steps = plan("廉政").splitlines()
        assert len(steps) == 1
        assert "VIRTUAL TABLE INDEX 0:M" in steps[0]
    else:
        assert backend_kind() == "postgresql"
        # A word of two Han characters is one term of the pairs table, which has a GIN index
        # on each column. A dozen rows fit in one page, so here the planner may read the table;
        # at 10,000 articles it reads both indexes in a bitmap, without JIT compilation.
        assert "on home_search_pairs s" in plan("廉政")
        assert "(title @@ '''廉 政'''::tsquery)" in plan("廉政")
        assert "(body @@ '''廉 政'''::tsquery)" in plan("廉政")
        # A longer word: the entries holding all of its pairs, then the phrase itself on
        # Wagtail's own tsvector columns for those entries.
        phrase = "'''廉'' <-> ''政'' <-> ''教'' <-> ''育'''::tsquery"
        assert f"(title @@ {phrase}) OR (body @@ {phrase})" in plan("廉政教育")


def test_a_change_to_a_page_changes_what_it_is_found_by(client, twelve_articles):
    article = twelve_articles
    article.title = "家风故事会"
    article.save_revision().publish()
    # The title no longer holds the word: the article is found by its body no more either.
    count, found = titles(client, "廉政")
    assert count == 11
    assert "家风故事会" not in found
    assert titles(client, "家风") == (1, ["家风故事会"])
    article.delete()
    assert titles(client, "家风") == (0, [])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM home_search_pairs")
            pairs = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM wagtailsearch_indexentry")
            assert pairs == cursor.fetchone()[0]


def test_a_longer_word_needs_its_characters_together(client):
    index = factories.article_index()
    factories.article(index, title="工作简报", body_text="廉政工作与政教分离。")
    factories.article(index, title="廉政教育月", body_text="本月开展活动。")
    # Both hold the pairs 廉政 and 政教; only the second holds 廉政教 itself.
    assert titles(client, "廉政教") == (1, ["廉政教育月"])
    # 政教 is in the second one's title (it comes first) and in the first one's body.
    assert titles(client, "政教") == (2, ["廉政教育月", "工作简报"])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_emptying_the_database_empties_the_pairs(client):
    index = factories.article_index()
    factories.article(index, title="廉政文化进家庭", body_text="家风故事。")
    assert titles(client, "廉政")[0] == 1
    # What the test runner does between transactional tests (manage.py flush, keeping the
    # sequences where they are and the restored data to come from the next test).
    call_command(
        "flush", interactive=False, verbosity=0, reset_sequences=False, inhibit_post_migrate=True
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM home_search_pairs")
            assert cursor.fetchone()[0] == 0
