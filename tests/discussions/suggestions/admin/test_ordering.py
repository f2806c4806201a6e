"""The queue in the order the work is due: overdue first, then the nearest deadline (answered
cases by their closing deadline), answered cases without one after them and finished ones last;
sortable by the deadline column, done in the query."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from discussions.models import Suggestion
from discussions.models import SuggestionStatus as S
from home.formatting import group_code
from tests.discussions.suggestions.admin.helpers import QUEUE, listed, submit
from tests.discussions.suggestions.admin.test_listing import QUEUE_QUERIES

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=timezone.get_fixed_timezone(8 * 60))
DAY = datetime.timedelta(days=1)


def due(item, when, close=None):
    """Put the deadline that applies to ``item`` at ``when``, its closing one at ``close``."""
    Suggestion.objects.filter(pk=item.pk).update(
        accept_due=when, complete_due=when, close_due=close or when + 20 * DAY
    )


@pytest.fixture
def cases(form, handler):
    """Cases received in an order unlike the order they are due, the newest last."""
    with time_machine.travel(NOW - 10 * DAY, tick=False) as traveller:
        made = {}
        for number, (key, status) in enumerate(
            [
                ("closed", S.CLOSED),
                ("soon", S.SUBMITTED),
                ("answered", S.REPLIED),
                ("late_accept", S.SUBMITTED),
                ("rejected", S.REJECTED),
                ("later", S.ACCEPTED),
                ("late_reply", S.IN_PROGRESS),
                ("to_close", S.FOLLOWED_UP),
                ("accepted_long_ago", S.REPLIED),
            ],
            1,
        ):
            made[key] = submit(form, number, status=status, actor=handler)
            traveller.shift(datetime.timedelta(hours=1))
    due(made["late_accept"], NOW - 2 * DAY)  # overdue the longest
    due(made["late_reply"], NOW - datetime.timedelta(hours=1))
    due(made["soon"], NOW + DAY)
    due(made["later"], NOW + 5 * DAY)
    # Replied: the reply deadline is over; the closing one runs, here after "later".
    due(made["answered"], NOW - 3 * DAY, close=NOW + 8 * DAY)
    due(made["to_close"], NOW - 5 * DAY, close=NOW + 2 * DAY)  # to close before "later"
    # Accepted before cases had a closing deadline: answered, with no deadline running.
    Suggestion.objects.filter(pk=made["accepted_long_ago"].pk).update(close_due=None)
    return made


def codes(*items):
    return [group_code(item.tracking_code) for item in items]


def test_overdue_first_then_the_nearest_deadline_and_closed_last(client, handler, cases):
    with time_machine.travel(NOW, tick=False):
        client.force_login(handler)  # signed in at NOW: sessions end after 2 idle hours
        found = listed(client)
    c = cases
    assert list(found) == codes(
        c["late_accept"],
        c["late_reply"],
        c["soon"],
        c["to_close"],
        c["later"],
        c["answered"],
        c["accepted_long_ago"],
        c["rejected"],  # finished ones last, the newest first
        c["closed"],
    )
    overdue = [code for code, row in found.items() if 'data-overdue="true"' in row]
    assert overdue == codes(c["late_accept"], c["late_reply"])


def test_the_deadline_column_sorts_both_ways(client, handler, cases):
    with time_machine.travel(NOW, tick=False):
        client.force_login(handler)  # signed in at NOW: sessions end after 2 idle hours
        html = client.get(QUEUE).content.decode()
        farthest_first = list(listed(client, "?ordering=-deadline"))
    # The header links to the other direction, as Wagtail's sortable columns do.
    assert re.search(r'href="[^"]*ordering=-deadline[^"]*"', html)
    c = cases
    assert farthest_first == codes(
        c["answered"],
        c["later"],
        c["to_close"],
        c["soon"],
        c["late_reply"],
        c["late_accept"],
        c["accepted_long_ago"],
        c["rejected"],
        c["closed"],
    )


def test_filters_keep_the_deadline_order(client, handler, cases):
    with time_machine.travel(NOW, tick=False):
        client.force_login(handler)  # signed in at NOW: sessions end after 2 idle hours
        found = listed(client, "?status=submitted&status=in_progress")
    c = cases
    assert list(found) == codes(c["late_accept"], c["late_reply"], c["soon"])


def test_the_order_is_the_querys_so_pages_do_not_overlap(form, handler, cases):
    """The order comes from the database: slicing it as a page does gives the same cases."""
    with time_machine.travel(NOW, tick=False):
        ordered = list(Suggestion.objects.by_deadline().values_list("pk", flat=True))
        pages = [
            list(Suggestion.objects.by_deadline()[start : start + 3].values_list("pk", flat=True))
            for start in (0, 3, 6, 9)
        ]
    assert sum(pages, []) == ordered
    assert ordered[0] == cases["late_accept"].pk and ordered[-1] == cases["closed"].pk


def test_the_default_listing_reads_a_fixed_number_of_queries(
    client, form, handler, django_assert_num_queries
):
    def count():
        client.get(QUEUE)  # warm caches (content types, site root paths)
        with django_assert_num_queries(QUEUE_QUERIES):
            assert client.get(QUEUE).status_code == 200

    client.force_login(handler)
    submit(form, 0, status=S.IN_PROGRESS, actor=handler)
    count()
    for number in range(1, 20):
        submit(form, number, status=[S.SUBMITTED, S.CLOSED][number % 2], actor=handler)
    count()
