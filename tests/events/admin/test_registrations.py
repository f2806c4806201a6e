"""报名记录 in the Wagtail admin: the listing, its export, a registration's details, and
cancelling on a resident's behalf.

Assertions lean on data attributes, codes, numbers and phone numbers rather than on wording,
so they hold whichever language the admin speaks; where a message already has its Chinese in
the catalogue, the Chinese is checked.
"""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import EventPage, Registration
from tests import factories
from tests.events.admin.helpers import checkin_url, register
from tests.events.helpers import staff, superuser
from tests.factories import phone

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


LISTING = "/admin/events/registrations/"

EVENTS = "/admin/events/"

REGISTER = "/admin/events/register/"

CHECKIN_DESK = "/admin/events/checkin/"


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
    client.force_login(staff("door", "check_in_registration", "add_registration"))
    response = client.get(LISTING)
    assert response.status_code == 403
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
    assert client.post(f"{LISTING}cancel/{registration.pk}/").status_code == 403
    registration.refresh_from_db()
    assert registration.is_active
