"""The reception demo content: always sessions ahead, loaded twice the same, a real page kept."""

import datetime
import re

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
    assert page.live and page.show_in_menus  # 接访日 is in the main menu
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


def test_the_reception_day_notice_links_to_the_schedule(client):
    """The demo notice 社区领导接待日安排 sends residents to the schedule page itself."""
    from collections import defaultdict

    from home import demo as home_demo

    today = timezone.localdate()
    demo.load(home=factories.home_page(), today=today)
    spec = next(
        notice
        for notice in home_demo.notices(today, defaultdict(lambda: None))
        if notice["title"] == "社区领导接待日安排"
    )
    spec.pop("image_id")
    notice = factories.notice(factories.notice_index(), **spec)
    html = client.get(notice.url).content.decode()
    body = html.split('<div class="body">')[1].split("</article>")[0]
    links = re.findall(r'<a href="([^"]+)"', body)
    assert links == ["/reception/"]
    schedule = client.get(links[0])
    assert schedule.status_code == 200
    assert schedule.context["page"].specific_class is ReceptionSchedulePage
