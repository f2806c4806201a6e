"""The reception demo content: always sessions ahead, loaded twice the same, a real page kept."""

import datetime

import pytest
from django.utils import timezone

from discussions.models import ReceptionSchedulePage
from discussions.reception import demo, schedule
from tests import factories
from tests.discussions.reception.helpers import FRIDAY

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("offset", range(7))
def test_demo_always_has_sessions_a_holiday_and_an_extra_day_ahead(offset):
    today = FRIDAY + datetime.timedelta(days=offset)
    sessions = schedule.occurrences(
        demo.rules(today),
        demo.days(today),
        today,
        schedule.last_day(today, 4),
    )
    kinds = [s.kind for s in sessions]
    assert kinds.count("regular") >= 4
    assert "cancelled" in kinds and "one_off" in kinds


def test_demo_replaces_the_placeholder_and_loads_twice(client):
    factories.section_page(title="接访日", slug="reception")
    home = factories.home_page()
    today = timezone.localdate()
    assert demo.load(home=home, today=today) == {"接访安排": 4}
    assert demo.load(home=home, today=today) == {"接访安排": 4}
    page = ReceptionSchedulePage.objects.get(slug="reception")
    assert page.live and not page.show_in_menus
    assert page.rules.count() == 2 and page.days.count() == 2
    response = client.get("/reception/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "赵文刚" in html and "12345" in html
    assert client.get("/reception/print/").status_code == 200
    assert client.get("/calendar/reception.ics").status_code == 200


def test_demo_leaves_a_real_page_alone():
    factories.standard_page(title="别的页面", slug="reception")
    assert demo.load(home=factories.home_page(), today=timezone.localdate()) == {"接访安排": 0}
    assert not ReceptionSchedulePage.objects.exists()
