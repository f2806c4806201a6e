"""Site search finds a record by words that appear only in its parts (run with -m postgres)."""

import pytest

from discussions.models import Resolution, Speech
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def result_titles(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    results = response.context["results"]
    return [page.title for page in results] if results else []


def test_search_finds_a_record_by_its_resolutions(client):
    index = factories.discussion_index()
    factories.record(
        index,
        title="支部委员会",
        resolutions=[Resolution(text="按照五好党支部考核指标做好准备")],
    )
    factories.record(index, title="居民议事会", place="议事厅")
    assert result_titles(client, "五好") == ["支部委员会"]
    assert result_titles(client, "考核指标") == ["支部委员会"]
    assert result_titles(client, "好五") == []


def test_search_sees_parts_changed_in_a_new_revision(client):
    index = factories.discussion_index()
    record = factories.record(index, title="座谈会")
    assert result_titles(client, "宣传栏") == []
    record.speeches = [Speech(speaker="王久余", summary="建议在宣传栏张贴标语")]
    record.save_revision().publish()
    assert result_titles(client, "宣传栏") == ["座谈会"]
    assert result_titles(client, "王久余") == ["座谈会"]
