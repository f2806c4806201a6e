"""Record listings and record pages cost the same number of queries whatever their length."""

import datetime

import pytest
from django.utils import timezone

from discussions.models import (
    AgendaItem,
    Attendee,
    FollowUpTask,
    RaisedSuggestion,
    Resolution,
    Speech,
)
from tests import factories
from tests.discussions.helpers import warm

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def children(count):
    today = timezone.localdate()
    return {
        "attendees": [
            Attendee(name=f"委员{n}", role="委员", present=n % 3 != 0, absence_reason="请假")
            for n in range(count)
        ],
        "agenda_items": [AgendaItem(title=f"议题{n}", summary="说明") for n in range(count)],
        "speeches": [
            Speech(speaker=f"发言人{n}", summary="发言摘要", is_quotation=n % 2 == 0)
            for n in range(count)
        ],
        "raised_suggestions": [RaisedSuggestion(text=f"建议{n}") for n in range(count)],
        "resolutions": [Resolution(text=f"决议{n}") for n in range(count)],
        "tasks": [
            FollowUpTask(
                task=f"任务{n}",
                owner="邵琳",
                due_date=today + datetime.timedelta(days=n - count // 2),
                done=n % 2 == 0,
                done_on=today if n % 2 == 0 else None,
            )
            for n in range(count)
        ],
    }


# Routing and the view-restriction check (home.sites, home.routing) are kept by the worker, so a
# page viewed again costs only its own reads.
RECORD_INDEX_QUERIES = 3  # years, count, one page of records with their counts
RECORD_PAGE_QUERIES = 1  # the six parts of the minutes in one query


@pytest.mark.parametrize("length", [1, 20])
def test_record_index(client, django_assert_num_queries, length):
    index = factories.discussion_index()
    cover = factories.image()
    for number in range(length):
        factories.record(index, image=cover, days_ago=number * 40, **children(3))
    for url in (index.url, index.url + "?kind=resident_council&year=2026&page=2"):
        warm(client, url)
        with django_assert_num_queries(RECORD_INDEX_QUERIES):
            client.get(url)
    assert RECORD_INDEX_QUERIES <= 10


@pytest.mark.parametrize("length", [1, 10])
def test_record_page(client, django_assert_num_queries, length):
    index = factories.discussion_index()
    record = factories.record(index, expected_count=12, **children(length))
    warm(client, record.url)
    with django_assert_num_queries(RECORD_PAGE_QUERIES):
        client.get(record.url)
