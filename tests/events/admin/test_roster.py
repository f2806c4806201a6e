"""签到表: the printable roster of an event, and today's rosters."""

import datetime
import re

import pytest
from django.urls import reverse

from events import services
from tests import factories
from tests.events.admin.helpers import register
from tests.events.helpers import staff
from tests.factories import phone

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def roster_url(event):
    return reverse("events_rosters:event", args=[event.pk])


def rows(html):
    """(number, name, phone, code, checked in) of each roster row."""
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return [
        tuple(" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells[:5])
        for cells in (
            re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)
        )
    ]


@pytest.fixture
def today(index):
    return factories.event(
        index, title="廉政讲座", capacity=4, starts_in=datetime.timedelta(hours=1)
    )


def test_roster_lists_every_confirmed_resident_with_masked_numbers(client, today):
    first = register(today, 1234, name="王大明")
    cancelled = register(today, 2222, name="赵五")
    second = register(today, 5678, name="李四")
    third = register(today, 9012, name="陈小红")
    waiting = register(today, 3333, name="钱六")
    services.cancel_registration(registration=cancelled)  # 钱六 moves up
    late = register(today, 4444, name="孙七")  # on the waiting list
    services.check_in(event=today, code=second.code)
    client.force_login(staff("door", "check_in_registration"))

    response = client.get(roster_url(today))
    assert response.status_code == 200
    html = response.content.decode()
    assert "廉政讲座" in html and "社区党群服务中心二楼会议室" in html
    listed = rows(html)
    assert [row[0] for row in listed] == ["1", "2", "3", "4"]
    by_code = {row[3]: row for row in listed}
    assert set(by_code) == {first.code, second.code, third.code, waiting.code}
    assert cancelled.code not in html and late.code not in html
    # Full names, so that staff recognise people; numbers masked.
    assert by_code[first.code][1:3] == ("王大明", "139****1234")
    assert by_code[waiting.code][1] == "钱六"
    for number in (1234, 5678, 9012, 3333):
        assert phone(number) not in html
    assert by_code[second.code][4]  # the time they checked in
    assert not by_code[first.code][4]
    # Printable: a print button, the heading in the table's head (repeated on each page).
    assert "data-print" in html
    head = html[html.index("<thead>") : html.index("</thead>")]
    assert "廉政讲座" in head


def test_roster_orders_by_name_or_code(client, today):
    registrations = [
        register(today, number, name=name) for number, name in ((1, "丙"), (2, "甲"), (3, "乙"))
    ]
    client.force_login(staff("door", "check_in_registration"))
    by_name = [row[1] for row in rows(client.get(roster_url(today)).content.decode())]
    assert by_name == sorted(by_name)
    html = client.get(f"{roster_url(today)}?order=code").content.decode()
    by_code = [row[3] for row in rows(html)]
    assert by_code == sorted(r.code for r in registrations)
    assert client.get(f"{roster_url(today)}?order=nonsense").status_code == 200


def test_volunteers_open_only_todays_rosters(client, index, today):
    tomorrow = factories.event(index, title="明天的讲座", starts_in=datetime.timedelta(days=1))
    register(tomorrow, 1, name="王大明")
    client.force_login(staff("door", "check_in_registration"))
    refused = client.get(roster_url(tomorrow))
    assert refused.status_code == 403
    assert "王大明" not in refused.content.decode()
    assert client.get(roster_url(today)).status_code == 200

    client.force_login(staff("office", "check_in_registration", "view_registration"))
    assert client.get(roster_url(tomorrow)).status_code == 200

    client.force_login(staff("reader", "view_registration"))
    assert client.get(roster_url(today)).status_code == 403


def test_unknown_event_is_a_404(client):
    client.force_login(staff("door", "check_in_registration"))
    assert client.get("/admin/events/rosters/999999/").status_code == 404


def test_todays_rosters_list_and_links(client, index, today):
    tomorrow = factories.event(index, title="明天的讲座", starts_in=datetime.timedelta(days=1))
    client.force_login(staff("door", "check_in_registration"))
    html = client.get(reverse("events_rosters:index")).content.decode()
    assert roster_url(today) in html and roster_url(tomorrow) not in html
    # The check-in screen and desk link to today's roster, and only to it.
    checkin = client.get(reverse("events_checkin", args=[today.pk])).content.decode()
    assert roster_url(today) in checkin
    checkin = client.get(reverse("events_checkin", args=[tomorrow.pk])).content.decode()
    assert roster_url(tomorrow) not in checkin
    desk = client.get(reverse("events_checkin_desk:index")).content.decode()
    assert roster_url(today) in desk and roster_url(tomorrow) not in desk
