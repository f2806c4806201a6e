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


def warm(client, url):
    assert client.get(url).status_code == 200


# Wagtail's routing and view-restriction check: 6 queries for the index (depth 3), 8 for a
# record (depth 4).
RECORD_INDEX_QUERIES = 9  # + years, count, one page of records with their counts
RECORD_PAGE_QUERIES = 15  # + breadcrumb ancestors, one query for each of the six parts


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


# --- Suggestions ------------------------------------------------------------------------------

# Routing and view restrictions as above (6 at depth 3), then the page's own reads.
SUGGESTION_INDEX_QUERIES = 9  # + forms, this year's figures, the reception schedule
REPLIES_BOARD_QUERIES = 9  # + categories, count, one page of replies
STATUS_PAGE_QUERIES = 9  # + session, the suggestion, its public timeline


def published_replies(form, count, actor):
    from discussions import services
    from discussions.models import SuggestionStatus

    for number in range(count):
        item = factories.suggestion(form, status=SuggestionStatus.REPLIED, actor=actor)
        services.update_case(
            suggestion=item, actor=actor, public_summary=f"建议{number}", publishable=True
        )


@pytest.mark.parametrize("length", [1, 20])
def test_suggestion_listings(client, django_assert_num_queries, length):
    index = factories.suggestion_index()
    staff = factories.staff_user("handler", "discussions.handle_suggestion")
    forms = [factories.suggestion_form(index, title=f"征集表{n}") for n in range(min(length, 5))]
    published_replies(forms[0], length, staff)
    for url, expected in (
        (index.url, SUGGESTION_INDEX_QUERIES),
        (index.url + "replies/", REPLIES_BOARD_QUERIES),
        (index.url + "replies/?q=建议&category=党风廉政&page=2", REPLIES_BOARD_QUERIES),
    ):
        warm(client, url)
        with django_assert_num_queries(expected):
            client.get(url)
    assert max(SUGGESTION_INDEX_QUERIES, REPLIES_BOARD_QUERIES) <= 10


@pytest.mark.parametrize("steps", [1, 20])
def test_status_page(client, django_assert_num_queries, steps):
    """A case sent back and forth many times still costs the same to show."""
    from discussions import services
    from discussions.models import SuggestionStatus as S

    index = factories.suggestion_index()
    staff = factories.staff_user("handler", "discussions.handle_suggestion")
    item = factories.suggestion(factories.suggestion_form(index), status=S.FOLLOWED_UP, actor=staff)
    for _ in range(steps):
        item = services.transition_suggestion(suggestion=item, to=S.IN_PROGRESS, actor=staff)
        item = services.transition_suggestion(
            suggestion=item, to=S.REPLIED, actor=staff, reply="好"
        )
    url = f"{index.url}track/{item.tracking_code}/"
    warm(client, url)
    with django_assert_num_queries(STATUS_PAGE_QUERIES):
        response = client.get(url)
    assert response.content.decode().count('<li class="step-') == 5 + 2 * steps
