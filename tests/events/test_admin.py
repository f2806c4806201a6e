"""Staff side of registrations in the Wagtail admin: listing, export, registering and cancelling
on a resident's behalf, and checking people in at the door.

Assertions lean on data attributes, codes, numbers and phone numbers rather than on wording,
so they hold whichever language the admin speaks; where a message already has its Chinese in
the catalogue, the Chinese is checked.
"""

import datetime
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from events import services
from events.models import EventPage, Registration
from events.wagtail_hooks import upcoming_events_section
from home.hooks import HOME_SECTIONS_HOOK
from tests import factories
from tests.factories import phone

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

LISTING = "/admin/events/registrations/"
EVENTS = "/admin/events/"
REGISTER = "/admin/events/register/"
CHECKIN_DESK = "/admin/events/checkin/"


def staff(username, *codenames):
    """An admin user holding the given permissions (app label events unless dotted)."""
    return factories.staff_user(username, *codenames, app="events")


def superuser():
    return factories.staff_user("boss", superuser=True)


def register(event, number, name="张小三", **kwargs):
    return services.register(
        event=event, name=name, phone=phone(number), consent=True, **kwargs
    ).registration


@pytest.fixture
def index(db):
    return factories.event_index()


@pytest.fixture
def event(index):
    return factories.event(index, title="廉政知识讲座", capacity=10)


def checkin_url(event):
    return reverse("events_checkin", args=[event.pk])


# --- Listing and export -----------------------------------------------------------------------


def test_staff_without_full_phone_see_masked_numbers_and_no_export(client, event):
    registration = register(event, 1234)
    client.force_login(staff("clerk", "view_registration"))

    response = client.get(LISTING)
    assert response.status_code == 200
    html = response.content.decode()
    assert registration.code in html
    assert "张小三" in html
    assert "139****1234" in html
    assert phone(1234) not in html
    assert "export=csv" not in html and "export=xlsx" not in html

    for url in (f"{LISTING}?export=csv", f"{LISTING}?export=xlsx", f"{LISTING}results/?export=csv"):
        refused = client.get(url)
        assert refused.status_code == 403
        assert phone(1234).encode() not in refused.content


def test_inspect_view_masks_the_phone_without_the_permission(client, event):
    registration = register(event, 1234)
    client.force_login(staff("clerk", "view_registration"))
    response = client.get(f"{LISTING}inspect/{registration.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "139****1234" in html and phone(1234) not in html


def test_permitted_staff_export_csv_with_full_numbers(client, event):
    first = register(event, 1234)
    second = register(event, 5678, name="李四")
    client.force_login(staff("officer", "view_registration", "view_full_phone"))

    listing = client.get(LISTING).content.decode()
    assert phone(1234) in listing
    assert "export=csv" in listing

    response = client.get(f"{LISTING}?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="registrations-' in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # so that Excel reads the Chinese as UTF-8
    lines = body.lstrip("\ufeff").splitlines()
    assert len(lines) == 3
    assert "廉政知识讲座" in body
    for registration in (first, second):
        assert registration.code in body
        assert registration.phone in body
    assert "李四" in body

    xlsx = client.get(f"{LISTING}?export=xlsx")
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    assert {row[4] for row in rows[1:]} == {first.phone, second.phone}
    # Times in Beijing time, as staff read them, not UTC.
    created = {row[2]: row[7] for row in rows[1:]}[first.code]
    assert created == timezone.localtime(first.created_at).replace(tzinfo=None, microsecond=0)


def test_export_follows_the_filters(client, index):
    wanted = factories.event(index, title="讲座甲")
    other = factories.event(index, title="讲座乙")
    kept = register(wanted, 1)
    dropped = register(other, 2)
    client.force_login(superuser())
    body = b"".join(
        client.get(f"{LISTING}?event={wanted.pk}&export=csv").streaming_content
    ).decode()
    assert kept.code in body and dropped.code not in body


def test_listing_filters_and_search(client, index):
    event_a = factories.event(index, title="讲座甲", capacity=1)
    event_b = factories.event(index, title="讲座乙")
    confirmed = register(event_a, 1, name="王五")
    waiting = register(event_a, 2, name="赵六")
    elsewhere = register(event_b, 3, name="王小二")
    client.force_login(superuser())

    html = client.get(f"{LISTING}?event={event_a.pk}").content.decode()
    assert confirmed.code in html and waiting.code in html and elsewhere.code not in html

    html = client.get(f"{LISTING}?status=waitlisted").content.decode()
    assert waiting.code in html and confirmed.code not in html

    html = client.get(f"{LISTING}?q=王").content.decode()
    assert confirmed.code in html and elsewhere.code in html and waiting.code not in html

    html = client.get(f"{LISTING}?q={waiting.code.lower()}").content.decode()
    assert waiting.code in html and confirmed.code not in html


def test_registration_listing_queries_do_not_grow_with_its_length(client, index):
    client.force_login(superuser())

    def count():
        client.get(LISTING)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LISTING).status_code == 200
        return len(queries)

    register(factories.event(index), 1)
    one = count()
    for number in range(2, 21):
        register(factories.event(index), number)
    assert count() == one


def test_no_one_edits_a_registration_directly(client, event):
    registration = register(event, 1)
    client.force_login(superuser())
    for url in (
        f"{LISTING}new/",
        f"{LISTING}edit/{registration.pk}/",
        f"{LISTING}delete/{registration.pk}/",
        f"{LISTING}copy/{registration.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    html = client.get(LISTING).content.decode()
    assert f"{LISTING}edit/" not in html and f"{LISTING}delete/" not in html
    assert REGISTER in html  # the header button registers on a resident's behalf instead


def test_without_view_permission_the_listing_stays_closed(client, event):
    register(event, 1)
    client.force_login(staff("door", "change_registration", "add_registration"))
    response = client.get(LISTING)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert LISTING not in home  # nor in the menu
    assert CHECKIN_DESK in home and REGISTER in home


@pytest.mark.parametrize(
    "url", [LISTING, f"{LISTING}?export=csv", EVENTS, REGISTER, CHECKIN_DESK, "checkin"]
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, event, url):
    if url == "checkin":
        url = checkin_url(event)
    response = client.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# --- Check-in -----------------------------------------------------------------------------------


def test_check_in_flow(client, event):
    registration = register(event, 1, name="张小三")
    register(event, 2, name="李四")
    client.force_login(staff("door", "change_registration"))
    url = checkin_url(event)

    found = client.get(f"{url}?code={registration.code}")
    assert found.status_code == 200
    html = found.content.decode()
    assert "张*三" in html and "张小三" not in html
    assert 'data-checkin-result="found"' in html
    assert f'value="{registration.code}"' in html
    assert "autofocus" in html and 'autocapitalize="characters"' in html
    assert 'data-attended="0" data-confirmed="2" data-capacity="10"' in html

    # Typed in lower case with a stray space, as happens at the door.
    checked = client.post(url, {"code": f" {registration.code.lower()} "})
    assert checked.status_code == 200
    html = checked.content.decode()
    assert 'data-checkin-result="checked_in"' in html
    assert 'data-attended="1" data-confirmed="2" data-capacity="10"' in html
    registration.refresh_from_db()
    first_time = registration.checked_in_at
    assert first_time is not None
    assert "data-recent-checkins" in html and registration.code in html

    again = client.post(url, {"code": registration.code})
    assert again.status_code == 200
    html = again.content.decode()
    assert 'data-checkin-result="already"' in html
    assert f"{timezone.localtime(first_time):%H:%M}" in html
    assert 'data-attended="1"' in html
    registration.refresh_from_db()
    assert registration.checked_in_at == first_time


def test_check_in_with_a_wrong_code_says_so_in_chinese(client, event):
    register(event, 1)
    client.force_login(staff("door", "change_registration"))
    for response in (
        client.post(checkin_url(event), {"code": "WRONG234"}),
        client.get(f"{checkin_url(event)}?code=WRONG234"),
    ):
        assert response.status_code == 200
        html = response.content.decode()
        assert 'data-checkin-result="error"' in html
        assert "本活动没有这个报名码。" in html


def test_code_of_another_event_is_refused(client, index, event):
    other = factories.event(index)
    registration = register(other, 1)
    client.force_login(staff("door", "change_registration"))
    response = client.post(checkin_url(event), {"code": registration.code})
    assert 'data-checkin-result="error"' in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_waitlisted_resident_cannot_check_in(client, index):
    event = factories.event(index, capacity=1)
    register(event, 1)
    waiting = register(event, 2)
    client.force_login(staff("door", "change_registration"))
    response = client.post(checkin_url(event), {"code": waiting.code})
    assert response.status_code == 200
    assert 'data-checkin-result="error"' in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.checked_in_at is None


def test_check_in_needs_the_change_permission(client, event):
    registration = register(event, 1)
    client.force_login(staff("reader", "view_registration"))
    response = client.post(checkin_url(event), {"code": registration.code})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert client.get(CHECKIN_DESK).status_code == 302


def test_check_in_desk_lists_todays_and_upcoming_events(client, index):
    today = factories.event(index, title="今天的讲座", starts_in=datetime.timedelta(minutes=30))
    later = factories.event(index, title="下周的竞赛", starts_in=datetime.timedelta(days=7))
    past = factories.event(index, title="上月的讲座", starts_in=datetime.timedelta(days=-30))
    register(today, 1)
    client.force_login(staff("door", "change_registration"))
    html = client.get(CHECKIN_DESK).content.decode()
    assert checkin_url(today) in html and checkin_url(later) in html
    assert checkin_url(past) not in html
    assert html.index("今天的讲座") < html.index("下周的竞赛")


def test_checkin_qr_code_points_at_the_admin_screen(event):
    registration = register(event, 1)
    url = reverse("events_checkin", args=[registration.event_id])
    assert url == f"/admin/events/checkin/{event.pk}/"


# --- Register and cancel on a resident's behalf ---------------------------------------------


def test_register_on_behalf_creates_a_staff_registration(client, event):
    client.force_login(staff("office", "add_registration", "view_registration"))
    form = client.get(f"{REGISTER}?event={event.pk}")
    assert form.status_code == 200
    assert "廉政知识讲座" in form.content.decode()

    response = client.post(
        REGISTER,
        {"event": event.pk, "name": " 王 大妈 ", "phone": "139 0000 0042", "consent": "on"},
    )
    assert response.status_code == 200
    registration = Registration.objects.get(event=event)
    assert registration.source == Registration.Source.STAFF
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.phone == phone(42)
    assert registration.name == "王 大妈"
    html = response.content.decode()
    assert f'data-registration-code="{registration.code}"' in html
    assert 'data-registration-status="confirmed"' in html


def test_register_on_behalf_shows_the_waiting_position(client, index):
    event = factories.event(index, capacity=1)
    register(event, 1)
    register(event, 2)
    client.force_login(staff("office", "add_registration"))
    response = client.post(
        REGISTER, {"event": event.pk, "name": "钱七", "phone": phone(3), "consent": "on"}
    )
    html = response.content.decode()
    registration = Registration.objects.get(phone=phone(3))
    assert registration.status == Registration.Status.WAITLISTED
    assert 'data-registration-status="waitlisted"' in html
    assert registration.waiting_position() == 2
    assert 'data-waiting-position="2"' in html


def test_register_on_behalf_needs_consent_and_a_valid_number(client, event):
    client.force_login(staff("office", "add_registration"))
    for data in (
        {"event": event.pk, "name": "王五", "phone": phone(1)},
        {"event": event.pk, "name": "王五", "phone": "12345", "consent": "on"},
    ):
        response = client.post(REGISTER, data)
        assert response.status_code == 200
        assert "data-registration-code" not in response.content.decode()
    assert not Registration.objects.exists()


def test_staff_may_register_after_online_registration_closed(client, index):
    event = factories.event(index, registration_closes=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(staff("office", "add_registration"))
    client.post(REGISTER, {"event": event.pk, "name": "孙八", "phone": phone(8), "consent": "on"})
    assert Registration.objects.get(event=event).source == Registration.Source.STAFF


def test_ended_events_are_not_offered(client, index):
    ended = factories.event(index, starts_in=datetime.timedelta(days=-3))
    client.force_login(staff("office", "add_registration"))
    assert f'value="{ended.pk}"' not in client.get(REGISTER).content.decode()
    response = client.post(
        REGISTER, {"event": ended.pk, "name": "孙八", "phone": phone(8), "consent": "on"}
    )
    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_register_on_behalf_needs_the_add_permission(client, event):
    client.force_login(staff("reader", "view_registration"))
    response = client.post(
        REGISTER, {"event": event.pk, "name": "王五", "phone": phone(1), "consent": "on"}
    )
    assert response.status_code == 302
    assert not Registration.objects.exists()


def test_cancel_on_behalf_promotes_the_first_waitlisted(client, index):
    event = factories.event(index, capacity=1)
    seated = register(event, 1, name="周一")
    first_waiting = register(event, 2, name="吴二")
    second_waiting = register(event, 3, name="郑三")
    client.force_login(staff("office", "change_registration", "view_registration"))
    url = f"{LISTING}cancel/{seated.pk}/"

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "data-cancel-registration" in confirm.content.decode()
    seated.refresh_from_db()
    assert seated.status == Registration.Status.CONFIRMED  # GET changes nothing

    response = client.post(url, follow=True)
    assert response.status_code == 200
    seated.refresh_from_db()
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert seated.status == Registration.Status.CANCELLED
    assert first_waiting.status == Registration.Status.CONFIRMED
    assert second_waiting.status == Registration.Status.WAITLISTED
    html = response.content.decode()
    assert "吴二" in html and first_waiting.code in html


def test_cancel_link_in_the_listing(client, event):
    registration = register(event, 1)
    client.force_login(staff("office", "change_registration", "view_registration"))
    assert f"{LISTING}cancel/{registration.pk}/" in client.get(LISTING).content.decode()
    client.force_login(staff("reader", "view_registration"))
    assert f"{LISTING}cancel/{registration.pk}/" not in client.get(LISTING).content.decode()


def test_cancel_refusal_is_a_message_not_an_error_page(client, index):
    event = factories.event(index)
    registration = register(event, 1)
    # The event has since taken place.
    past = timezone.now() - datetime.timedelta(days=2)
    EventPage.objects.filter(pk=event.pk).update(start=past, end=past + datetime.timedelta(hours=2))
    client.force_login(staff("office", "change_registration", "view_registration"))
    response = client.post(f"{LISTING}cancel/{registration.pk}/", follow=True)
    assert response.status_code == 200
    assert "本活动已经结束。" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_cancel_needs_the_change_permission_and_post(client, event):
    registration = register(event, 1)
    client.force_login(staff("reader", "view_registration"))
    assert client.post(f"{LISTING}cancel/{registration.pk}/").status_code == 302
    registration.refresh_from_db()
    assert registration.is_active


# --- Event page listing -------------------------------------------------------------------------


def build_events(index, count):
    for number in range(count):
        event = factories.event(index, capacity=2)
        first = register(event, number * 10 + 1)
        register(event, number * 10 + 2)
        register(event, number * 10 + 3)  # waiting
        services.check_in(event=event, code=first.code)


def listing_queries(client):
    client.get(EVENTS)  # warm caches (content types, site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(EVENTS)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def row_cells(html):
    """The text of each listing row's cells, tags and spacing removed."""
    table = html[html.index('<table class="listing') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S)[1:]
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        ]
        for row in rows
    ]


def test_event_listing_shows_counts_in_a_constant_number_of_queries(client, index):
    client.force_login(superuser())
    build_events(index, 1)
    one, html = listing_queries(client)
    # capacity, confirmed, waiting, attended are the last four columns
    assert [cells[-4:] for cells in row_cells(html)] == [["2", "2", "1", "1"]]
    build_events(index, 4)
    five, html = listing_queries(client)
    assert [cells[-4:] for cells in row_cells(html)] == [["2", "2", "1", "1"]] * 5
    assert one == five, (one, five)


def test_event_listing_columns(client, index):
    start = timezone.make_aware(datetime.datetime(2030, 11, 27, 14, 30))
    event = factories.event(index, title="知识竞赛", start=start, capacity=3, kind="quiz")
    register(event, 1)
    client.force_login(superuser())
    [cells] = row_cells(client.get(EVENTS).content.decode())
    assert cells[-6:] == ["知识竞赛", "2030年11月27日 14:30", "3", "1", "0", "0"]


def test_event_listing_search_keeps_the_counts(client, index):
    event = factories.event(index, title="廉政知识竞赛", capacity=3)
    register(event, 1)
    client.force_login(superuser())
    factories.event(index, title="廉政讲座")
    response = client.get(f"{EVENTS}?q=竞赛")
    assert response.status_code == 200
    assert [cells[-4:] for cells in row_cells(response.content.decode())] == [["3", "1", "0", "0"]]


# --- Home page section ------------------------------------------------------------------------


def test_upcoming_events_section_is_registered():
    assert upcoming_events_section in hooks.get_hooks(HOME_SECTIONS_HOOK)
