"""The event page listing in the admin, and the upcoming-events section of the home page."""

import datetime

import pytest
from django.utils import timezone
from wagtail import hooks

from events import services
from events.wagtail_hooks import upcoming_events_section
from home.hooks import HOME_SECTIONS_HOOK
from tests import factories
from tests.events.admin.helpers import register
from tests.events.helpers import queries, row_cells, superuser

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


EVENTS = "/admin/events/"


# --- Event page listing -------------------------------------------------------------------------


def build_events(index, count):
    for number in range(count):
        event = factories.event(index, capacity=2)
        first = register(event, number * 10 + 1)
        register(event, number * 10 + 2)
        register(event, number * 10 + 3)  # waiting
        services.check_in(event=event, code=first.code, outside_window=True)


def listing_queries(client):
    return queries(client, EVENTS)


def test_event_listing_shows_counts_in_a_constant_number_of_queries(client, index):
    client.force_login(superuser())
    build_events(index, 1)
    one, html = listing_queries(client)
    # capacity, confirmed, waiting, attended are the last four columns
    assert [cells[-5:-1] for cells in row_cells(html)] == [["2", "2", "1", "1"]]
    build_events(index, 4)
    five, html = listing_queries(client)
    assert [cells[-5:-1] for cells in row_cells(html)] == [["2", "2", "1", "1"]] * 5
    assert one == five, (one, five)


def test_event_listing_columns(client, index):
    start = timezone.make_aware(datetime.datetime(2030, 11, 27, 14, 30))
    event = factories.event(index, title="知识竞赛", start=start, capacity=3, kind="quiz")
    register(event, 1)
    client.force_login(superuser())
    [cells] = row_cells(client.get(EVENTS).content.decode())
    assert cells[-7:-1] == ["知识竞赛", "2030年11月27日 14:30", "3", "1", "0", "0"]


def test_event_listing_search_keeps_the_counts(client, index):
    event = factories.event(index, title="廉政知识竞赛", capacity=3)
    register(event, 1)
    client.force_login(superuser())
    factories.event(index, title="廉政讲座")
    response = client.get(f"{EVENTS}?q=竞赛")
    assert response.status_code == 200
    rows = row_cells(response.content.decode())
    assert [cells[-5:-1] for cells in rows] == [["3", "1", "0", "0"]]


# --- Home page section ------------------------------------------------------------------------


def test_upcoming_events_section_is_registered():
    assert upcoming_events_section in hooks.get_hooks(HOME_SECTIONS_HOOK)
