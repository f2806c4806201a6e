"""Suggestion listings and the status page cost the same number of queries whatever their
length."""

import pytest

from tests import factories
from tests.discussions.helpers import warm

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

# Routing and the view-restriction check (home.sites, home.routing) are kept by the worker, so a
# page viewed again costs only its own reads.
SUGGESTION_INDEX_QUERIES = 3  # forms, this year's figures, the reception schedule
REPLIES_BOARD_QUERIES = 3  # categories, count, one page of replies
STATUS_PAGE_QUERIES = 3  # session, the suggestion, its public timeline


def published_replies(form, count, actor):
    from discussions.models import SuggestionStatus
    from discussions.suggestions import services

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
    from discussions.models import SuggestionStatus as S
    from discussions.suggestions import services

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
