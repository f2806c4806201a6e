"""The front page's task tiles: each shows only while it has something to offer, leads where a
resident can act, follows the clock within the cache's minute, and costs a fixed number of
queries."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from home.chrome import content_changed
from tests import factories
from tests.discussions.reception.helpers import schedule

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TILE = re.compile(r'<a class="home-task" href="([^"]*)" data-task="([a-z_]+)">')
# The fragment holding the tiles lives a minute: no tile outlives its offer by more.
CACHE_SECONDS = 60


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def tiles(client):
    """{key: url} of the tiles shown, in their order on the page."""
    response = client.get("/")
    assert response.status_code == 200
    return {key: url for url, key in TILE.findall(response.content.decode())}


def open_event(index, **fields):
    return factories.event(index, starts_in=datetime.timedelta(days=3), **fields)


def test_a_site_with_nothing_to_offer_shows_no_tiles(client, clock):
    factories.event_index()  # an events section without events: nothing to sign up for yet
    html = client.get("/").content.decode()
    assert 'class="home-tasks"' not in html and "data-task" not in html


def test_one_open_event_is_one_tap_from_the_front_page(client, clock):
    index = factories.event_index()
    event = open_event(index)
    assert tiles(client) == {"events": event.url, "my_registrations": f"{index.url}my/"}


def test_several_open_events_lead_to_the_list_of_events(client, clock):
    index = factories.event_index()
    open_event(index)
    open_event(index)
    assert tiles(client)["events"] == index.url


def test_events_not_taking_registrations_offer_no_sign_up(client, clock):
    from events.models import Registration

    index = factories.event_index()
    open_event(index, registration_closes=NOW - datetime.timedelta(hours=1))
    full = open_event(index, capacity=1, waitlist_enabled=False)
    Registration.objects.create(
        event=full, code="FULL0001", name="王久余", phone=factories.phone(1), status="confirmed"
    )
    factories.event(index, starts_in=-datetime.timedelta(days=3))  # over
    assert list(tiles(client)) == ["my_registrations"]


def test_a_full_event_with_a_waiting_list_still_takes_registrations(client, clock):
    from events.models import Registration

    event = open_event(factories.event_index(), capacity=1, waitlist_enabled=True)
    Registration.objects.create(
        event=event, code="FULL0002", name="王久余", phone=factories.phone(2), status="confirmed"
    )
    assert tiles(client)["events"] == event.url


def test_the_sign_up_tile_appears_within_a_minute_of_registration_opening(client, clock):
    opens = NOW + datetime.timedelta(hours=2)
    event = open_event(factories.event_index(), registration_opens=opens)
    clock.move_to(opens - datetime.timedelta(seconds=30))
    assert "events" not in tiles(client)  # cached now, half a minute before it opens
    clock.move_to(opens + datetime.timedelta(seconds=CACHE_SECONDS - 29))
    assert tiles(client)["events"] == event.url  # no edit needed: the clock alone brings it


def test_the_quiz_tile_follows_the_quiz_window(client, clock):
    from events.models import EventKind

    index = factories.event_index()
    event = factories.event(
        index, kind=EventKind.QUIZ, starts_in=datetime.timedelta(hours=2), hours=1
    )
    opens = NOW + datetime.timedelta(hours=1)
    factories.quiz(event, opens_at=opens, closes_at=opens + datetime.timedelta(days=1))
    assert "quiz" not in tiles(client)
    clock.move_to(opens + datetime.timedelta(seconds=CACHE_SECONDS + 1))
    assert tiles(client)["quiz"] == f"{event.url}quiz/"
    # The quiz stays open after its event is over, as long as its own window says.
    clock.move_to(event.end + datetime.timedelta(hours=1))
    assert tiles(client)["quiz"] == f"{event.url}quiz/"
    clock.move_to(opens + datetime.timedelta(days=1, seconds=CACHE_SECONDS + 1))
    assert "quiz" not in tiles(client)


def test_several_open_quizzes_lead_to_the_quiz_events(client, clock):
    from events.models import EventKind

    index = factories.event_index()
    for _number in range(2):
        factories.quiz(open_event(index, kind=EventKind.QUIZ), questions=1)
    assert tiles(client)["quiz"] == f"{index.url}?kind=quiz"


def test_my_registrations_shows_while_the_site_has_events(client, clock):
    index = factories.event_index()
    event = factories.event(index, starts_in=-datetime.timedelta(days=30))
    # A past event still has registrations to look up (and check-in codes to show).
    assert tiles(client) == {"my_registrations": f"{index.url}my/"}
    event.unpublish()
    assert tiles(client) == {}


def test_suggestion_tiles_follow_the_live_pages(client, clock):
    section = factories.suggestion_index()
    assert tiles(client) == {"track": f"{section.url}track/"}
    form = factories.suggestion_form(section)
    assert tiles(client) == {"suggest": form.url, "track": f"{section.url}track/"}
    factories.suggestion_form(section, title="社区环境意见征集")
    assert tiles(client)["suggest"] == section.url
    section.unpublish(set_expired=False)
    assert tiles(client) == {}


def test_a_form_taken_offline_is_not_offered(client, clock):
    section = factories.suggestion_index()
    factories.suggestion_form(section).unpublish()
    assert list(tiles(client)) == ["track"]


def test_the_reception_tile_leads_to_the_schedule_while_it_is_live(client, clock):
    page = schedule()
    assert tiles(client) == {"reception": "/reception/"}
    page.unpublish()
    assert tiles(client) == {}


def everything():
    from events.models import EventKind

    index = factories.event_index()
    factories.quiz(open_event(index, kind=EventKind.QUIZ), questions=1)
    section = factories.suggestion_index()
    factories.suggestion_form(section)
    schedule()
    return index


def test_tiles_come_in_a_residents_order_with_their_words(client, clock):
    everything()
    order = ["events", "quiz", "suggest", "track", "reception", "my_registrations"]
    assert list(tiles(client)) == order
    client.get("/language/", {"code": "en"})
    html = client.get("/").content.decode()
    words = re.findall(r'<span class="home-task-label">([^<]+)</span>', html)
    assert words == [
        "Event sign-up",
        "Online quiz",
        "Make a suggestion",
        "Track a suggestion",
        "Reception days",
        "My registrations",
    ]
    # Drawn inline, never downloaded, and silent for screen readers: the word says it.
    assert html.count('<svg class="home-task-icon"') == 6
    assert html.count('aria-hidden="true" focusable="false"') >= 6


def test_tiles_read_in_chinese(client, clock):
    """Needs the merged translations of the new tile words."""
    everything()
    html = client.get("/").content.decode()
    words = re.findall(r'<span class="home-task-label">([^<]+)</span>', html)
    assert words == ["活动报名", "线上答题", "意见建议", "办理查询", "接访日", "我的报名"]
    assert '<h2 id="tasks-heading" class="visually-hidden">便民服务</h2>' in html


# Routing with the menu (2), settings (1), the lists without images (notices, events, articles: 3)
# and 2 for all six tiles: the pages they lead to (the events section with whether it holds any
# event, the suggestion pages, the reception schedule), the events not yet over with their seats
# and quizzes.
HOME_QUERIES_WITH_TILES = 2 + 1 + 3 + 2


@pytest.mark.parametrize("length", [1, 20])
def test_tiles_cost_two_queries_once_a_minute_whatever_the_number_of_events(
    client, clock, django_assert_num_queries, length
):
    from events.models import EventKind

    index = everything()
    for number in range(length):
        open_event(index, kind=EventKind.QUIZ if number % 2 else EventKind.LECTURE)
    assert len(tiles(client)) == 6
    # Nothing: the worker keeps the sites and the pages routing reads; the cache, tiles and lists.
    with django_assert_num_queries(0):
        client.get("/")
    content_changed()
    with django_assert_num_queries(HOME_QUERIES_WITH_TILES):
        client.get("/")
    # A minute on, the site chrome and the tiles are built again; the lists and routing stay kept.
    clock.shift(CACHE_SECONDS + 1)
    with django_assert_num_queries(1 + 2):
        client.get("/")
