"""Bad query parameters and ids get the page's default or a 4xx, never a 500.

Marked ``postgres`` as well: PostgreSQL refuses NUL in text where SQLite takes it, so the same
requests run on both (``DATABASE_URL=postgres://… pytest -m postgres tests/test_bad_input.py``).
"""

import datetime
import re
from urllib.parse import quote

import pytest
import time_machine
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discussions.suggestions.workflow import SuggestionStatus
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

NOW = datetime.datetime(2026, 11, 15, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def site():
    """One of each public listing, each with something in it."""
    from discussions.suggestions import services

    events = factories.event_index()
    factories.event(events, title="廉政讲座")
    articles = factories.article_index()
    factories.article(articles, title="家风故事", tags=["家风"])
    factories.notice(factories.notice_index(), title="停水通知")
    suggestions = factories.suggestion_index()
    staff = factories.staff_user("handler", "discussions.handle_suggestion")
    item = factories.suggestion(
        factories.suggestion_form(suggestions), status=SuggestionStatus.REPLIED, actor=staff
    )
    services.update_case(suggestion=item, actor=staff, public_summary="路灯不亮", publishable=True)
    return {"events": events, "articles": articles, "suggestions": suggestions}


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1-1", "1899-12", "2101-01", "2026-13"])
def test_a_month_out_of_range_shows_this_months_calendar(client, site, month):
    response = client.get(f"/events/?month={month}")
    assert response.status_code == 200
    html = response.content.decode()
    # No month filter is applied, and the calendar is this month's (November 2026).
    assert "filter-note" not in html
    assert "month=2026-10" in html and "month=2026-12" in html
    assert "廉政讲座" in html


def test_next_month_stops_at_the_last_year_shown(client, site):
    html = client.get("/events/?month=2100-12").content.decode()
    assert "month=2100-11" in html  # the calendar of December 2100 is shown…
    following = client.get("/events/?month=2101-01")  # …and 下个月 from it falls back
    assert following.status_code == 200
    assert "month=2026-12" in following.content.decode()


def test_next_month_from_9999_11_is_followed_without_an_error(client, site):
    """The probe reached the overflow by following 下个月 from 9999-11: every month link of
    that page, and of the page it leads to, answers with a calendar."""
    html = client.get("/events/?month=9999-11").content.decode()
    months = re.findall(r'href="\?month=([^"&]+)', html)
    assert months == ["2026-10", "2026-12"]  # this month's calendar, with its neighbours
    for month in months + ["10000-01", "9999-12"]:
        assert client.get(f"/events/?month={month}").status_code == 200, month


def test_the_first_and_last_years_are_accepted(client, site):
    for month, previous in (("1900-01", "1899-12"), ("2100-12", "2100-11")):
        html = client.get(f"/events/?month={month}").content.decode()
        assert "filter-note" in html and f"month={previous}" in html


@pytest.mark.parametrize("pk", ["999999999999999999999", str(2**63), "0"])
def test_an_event_id_beyond_64_bits_is_not_found(client, site, pk):
    assert client.get(f"/calendar/event-{pk}.ics").status_code == 404


def test_an_event_calendar_file_still_works(client, site):
    event = site["events"].get_children().live().first()
    response = client.get(f"/calendar/event-{event.pk}.ics")
    assert response.status_code == 200
    assert "廉政讲座" in response.content.decode()


def test_nul_in_an_article_tag_is_stripped(client, site):
    response = client.get("/articles/?tag=%00")
    assert response.status_code == 200
    assert "家风故事" in response.content.decode()  # an empty tag lists every article
    tagged = client.get("/articles/?tag=%E5%AE%B6%00%E9%A3%8E")  # 家\0风 reads as 家风
    assert tagged.status_code == 200 and "家风故事" in tagged.content.decode()


def test_nul_in_the_replies_board_filters_is_stripped(client, site):
    response = client.get("/suggestions/replies/?category=%00&q=%00")
    assert response.status_code == 200
    assert "路灯不亮" in response.content.decode()
    found = client.get("/suggestions/replies/?q=%E8%B7%AF%E7%81%AF%00")  # 路灯\0
    assert found.status_code == 200 and "路灯不亮" in found.content.decode()


def test_nul_in_a_search_is_stripped(client, site):
    assert client.get("/search/?q=%00").status_code == 200
    assert client.get("/search/?q=%E5%AE%B6%E9%A3%8E%00").status_code == 200


# Every public listing with the query parameters it documents.
LISTINGS = [
    ("/events/", "month"),
    ("/events/", "page"),
    ("/articles/", "tag"),
    ("/articles/", "page"),
    ("/notices/", "page"),
    ("/search/", "q"),
    ("/search/", "page"),
    ("/suggestions/replies/", "category"),
    ("/suggestions/replies/", "q"),
    ("/suggestions/replies/", "page"),
    ("/suggestions/track/", "code"),
]
NASTY = [
    "\x00",
    "\ud800",  # a lone surrogate, sent as %ED%A0%80
    "9" * 30,
    "-1",
    str(-(2**70)),
    "9999-12",
    "x" * 10_000,
    "\u202e家风\u200f",  # RTL override and mark
    "😀🏮",
    "%",
    "",
]
values = st.one_of(
    st.sampled_from(NASTY),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=40),
)


def raw_query(name, value):
    """The value percent-encoded from its UTF-8 bytes, lone surrogates included."""
    return f"{name}={quote(value.encode('utf-8', 'surrogatepass'), safe='')}"


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(listing=st.sampled_from(LISTINGS), value=values, with_param=st.booleans())
def test_no_generated_value_gives_a_server_error(client, site, listing, value, with_param):
    path, name = listing
    url = f"{path}?{raw_query(name, value)}" if with_param else path
    response = client.get(url)
    assert response.status_code < 500, url
    assert timezone.now() == NOW
