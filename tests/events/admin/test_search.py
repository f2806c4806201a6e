"""Finding a registration in 报名记录: by the whole number (only for staff who may see full
numbers), the last four digits, the name, the code or the event's title, in a fixed number of
queries whatever the search and however many rows."""

import pytest
from django.urls import reverse

from tests import factories
from tests.events.admin.helpers import register
from tests.events.helpers import staff
from tests.factories import phone

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

LISTING = "/admin/events/registrations/"
# Session, user, the user's and groups' permissions, the user's profile, locales, the admin
# menu's page, collection and site permissions, the event filter's choices, then the listing
# itself: its count and its rows with their events; and whether the staff member has two-step
# verification.
LISTING_QUERIES = 13


@pytest.fixture
def people(index):
    lecture = factories.event(index, title="廉政知识讲座")
    quiz = factories.event(index, title="知识竞赛", kind="quiz")
    return {
        "wang": register(lecture, 1234, name="王大明"),
        "li": register(lecture, 5678, name="李四"),
        "zhao": register(quiz, 4321, name="赵小王"),
        "qian": register(quiz, 1111, name="钱六"),
    }


def found(client, query):
    response = client.get(LISTING, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    return html


def codes_in(html, people):
    return {key for key, registration in people.items() if registration.code in html}


def test_last_four_digits_find_for_everyone(client, people):
    client.force_login(staff("clerk", "view_registration"))
    assert codes_in(found(client, "1234"), people) == {"wang"}
    assert codes_in(found(client, " 4321 "), people) == {"zhao"}
    # Other runs of digits do not search inside numbers.
    assert codes_in(found(client, "12345"), people) == set()
    assert codes_in(found(client, "139000"), people) == set()


def test_a_whole_number_finds_only_for_staff_who_may_see_it(client, people):
    client.force_login(staff("clerk", "view_registration"))
    html = found(client, phone(1234))
    assert codes_in(html, people) == set()
    assert phone(1234) not in html.replace(f'value="{phone(1234)}"', "")  # only the search box

    client.force_login(staff("officer", "view_registration", "view_full_phone"))
    assert codes_in(found(client, phone(1234)), people) == {"wang"}
    assert codes_in(found(client, "139 0000 5678"), people) == {"li"}
    assert codes_in(found(client, phone(9999)), people) == set()


def test_name_code_and_event_title(client, people):
    client.force_login(staff("clerk", "view_registration"))
    assert codes_in(found(client, "王"), people) == {"wang", "zhao"}
    assert codes_in(found(client, "李四"), people) == {"li"}
    assert codes_in(found(client, people["qian"].code.lower()), people) == {"qian"}
    assert codes_in(found(client, "竞赛"), people) == {"zhao", "qian"}
    assert codes_in(found(client, "讲座 王"), people) == {"wang"}  # every word must match
    assert codes_in(found(client, "政廉"), people) == set()


@pytest.mark.parametrize("rows", [1, 20])
def test_listing_queries_stay_fixed_whatever_the_search(
    client, index, rows, django_assert_num_queries
):
    event = factories.event(index, title="廉政知识讲座", capacity=50)
    first = register(event, 1000, name="王0")
    for number in range(1, rows):
        register(event, 1000 + number, name=f"王{number}")
    client.force_login(staff("officer", "view_registration", "view_full_phone"))
    client.get(LISTING)  # warm the content types and the site root paths
    for query in ("", "1000", phone(1000), "王", "讲座", first.code.lower()):
        with django_assert_num_queries(LISTING_QUERIES):
            assert client.get(LISTING, {"q": query} if query else {}).status_code == 200
    # Nothing found: no rows to read.
    with django_assert_num_queries(LISTING_QUERIES - 1):
        assert client.get(LISTING, {"q": "没有这个人"}).status_code == 200


def test_the_search_box_is_there(client, people):
    client.force_login(staff("clerk", "view_registration"))
    html = client.get(reverse("event_registrations:index")).content.decode()
    assert 'name="q"' in html
