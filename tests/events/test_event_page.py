"""The event page as a resident meets it: it knows a registration made in this browser, and an
ended event shows only its record; the events list and its month calendar read well on a phone."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from events import services
from events.models import Registration
from tests import factories
from tests.factories import phone

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    return factories.event_index()


def person(number, name="王久余"):
    return {"name": name, "phone": phone(number), "consent": "on"}


def registration_section(html):
    return html[html.index('id="register"') :]


def test_the_event_page_knows_a_registration_made_in_this_browser(client, index):
    event = factories.event(index, capacity=1)
    factories.post_verified(client, event.url + "register/", person(1))
    seated = Registration.objects.get()

    html = client.get(event.url).content.decode()
    mine = registration_section(html)
    assert 'data-my-registration="confirmed"' in mine
    assert "您已报名" in mine and "已确认" in mine and seated.code in mine
    assert f'href="{event.url}registration/{seated.code}/"' in mine  # the result page
    assert f'href="{index.url}my/?code={seated.code}"' in mine  # look up or cancel
    assert 'name="phone"' not in html and "我要报名" not in mine
    assert re.search(r'data-capacity="1"[^>]*data-seats-left="0"', html)

    # The cancel path: the lookup form comes with the code filled in.
    lookup = client.get(f"{index.url}my/?code={seated.code}").content.decode()
    assert re.search(rf'name="code"[^>]*value="{seated.code}"', lookup)

    # Someone else waits in line in another browser: their page says where they stand.
    other = Client()
    factories.post_verified(other, event.url + "register/", person(2, "李秀英"))
    waiting = registration_section(other.get(event.url).content.decode())
    assert 'data-my-registration="waitlisted"' in waiting and "候补第 1 位" in waiting

    # A browser that never registered, or asks to register someone else, gets the form.
    assert 'name="consent"' in Client().get(event.url).content.decode()
    another = client.get(event.url + "?another=1").content.decode()
    assert 'name="name"' in another and 'name="phone"' in another and 'name="consent"' in another


def test_a_cancelled_registration_brings_the_form_back(client, index):
    event = factories.event(index)
    factories.post_verified(client, event.url + "register/", person(1))
    services.cancel_registration(registration=Registration.objects.get())
    html = client.get(event.url).content.decode()
    assert "data-my-registration" not in html and 'name="consent"' in html


def test_an_ended_event_shows_only_its_record(client, index):
    event = factories.event(index, starts_in=-datetime.timedelta(days=2))
    html = client.get(event.url).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert 'id="register-heading"' not in main and "<form" not in main
    assert "我要报名" not in main and "加入日历" not in main
    facts = html[html.index("data-capacity") : html.index("</dl>")]
    assert "本活动已经结束" in facts
    assert re.search(r'data-capacity="\d+"[^>]*data-seats-left="\d+"', html)
    # Registering anyway (a page left open for days) is refused with the reason.
    response = client.post(event.url + "register/", person(1))
    assert response.status_code == 409 and "本活动已经结束" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_registered_browser_costs_one_more_query(client, index, django_assert_num_queries):
    from tests.events.test_queries import EVENT_PAGE_QUERIES

    event = factories.event(index)
    factories.post_verified(client, event.url + "register/", person(1))
    client.get(event.url)
    # The session read and the browser's registration.
    with django_assert_num_queries(EVENT_PAGE_QUERIES + 2):
        assert "data-my-registration" in client.get(event.url).content.decode()


def test_the_month_calendar_counts_each_day_and_lists_the_month(client, index):
    """On a phone a day shows how many events it has and leads to them in a list under the
    calendar; the list reads time and title, day by day."""
    start = timezone.make_aware(datetime.datetime(2031, 5, 20, 9, 0))
    factories.event(index, title="五月讲座", start=start)
    factories.event(index, title="五月竞赛", start=start + datetime.timedelta(hours=5), kind="quiz")
    factories.event(index, title="月底讲座", start=start + datetime.timedelta(days=10))
    html = client.get(index.url, {"month": "2031-05"}).content.decode()
    calendar = html[html.index('class="month-calendar"') : html.index('id="past-heading"')]
    assert re.search(r'<a class="cal-count" href="#day-2031-05-20">.*?2场</a>', calendar)
    assert re.search(r'<a class="cal-count" href="#day-2031-05-30">.*?1场</a>', calendar)
    assert calendar.count('class="cal-count"') == 2
    day = calendar[calendar.index('<li id="day-2031-05-20">') :]
    day = day[: day.index("</li>\n")]
    assert "2031年5月20日（星期二）" in day
    assert re.search(r"09:00</span> 五月讲座</a>.*14:00</span> 五月竞赛</a>", day, re.S)


def test_event_cards_keep_short_groups_whole(client, index):
    factories.event(index, title="讲座", capacity=40)
    html = client.get(index.url).content.decode()
    card = html[html.index('class="card event-card"') :]
    assert (
        '<span class="nobreak">剩余 40 个名额</span><span class="nobreak">（共 40 个）</span>'
        in card
    )
