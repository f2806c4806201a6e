"""The post that confirms the code and takes a seat: one transaction, a fixed number of queries,
and the text message queued only once it commits."""

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import TestCase

from events.models import Registration
from home.sessions import SessionStore
from tests import factories
from tests.factories import phone

pytestmark = pytest.mark.django_db

# Routing to the event (kept by the worker since the post that asked for the code: no query),
# then one transaction: close the code, lock the event, read its seats
# and this number's registration, insert the registration and its text message; then queue the
# text and create the browser's session with one INSERT. (scripts/profile_register_post.py on
# PostgreSQL: 29–32 before the post was made lean, 22 after, 15 once the event is locked
# and the registration inserted without savepoints, the event read as one narrow row, and the
# session written in one statement; 14 since routing skips the restrictions query; 13 since the
# site and its home page are read in one query; 10 since the worker keeps the sites, the pages on
# the way and the event.) Here, inside the test's transaction, the session's INSERT keeps its
# savepoint.
CONFIRM_QUERIES = 10


def ask(client, event, number):
    data = {"name": "王久余", "phone": phone(number), "consent": "on"}
    return factories.with_code(client, event.url + "register/", data)


def test_the_confirming_post_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    event = factories.event(factories.event_index(), capacity=1)
    factories.post_verified(
        client, event.url + "register/", {"name": "王久余", "phone": phone(9), "consent": "on"}
    )
    for number in (1, 2):  # the first and the second in line
        client.cookies.clear()
        data = ask(client, event, number)
        sent = len(mail.outbox)
        with TestCase.captureOnCommitCallbacks(execute=True) as queued:
            with django_assert_num_queries(CONFIRM_QUERIES):
                response = client.post(event.url + "register/", data)
        assert response.status_code == 302
        assert len(mail.outbox) == sent + 1 and len(queued) >= 1
    statuses = dict(Registration.objects.values_list("phone", "status"))
    assert statuses[phone(9)] == "confirmed" and statuses[phone(2)] == "waitlisted"
    # The message names the place in line.
    assert "候补第 2 位" in mail.outbox[-1].body


def test_the_session_the_confirming_post_creates_is_one_insert_and_keeps_the_code(
    client, django_assert_num_queries
):
    event = factories.event(factories.event_index(), capacity=5)
    data = ask(client, event, 3)
    assert Session.objects.count() == 0  # asking for a code writes no session
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(event.url + "register/", data)
    code = Registration.objects.get(phone=phone(3)).code
    assert response.status_code == 302 and response["Location"].endswith(f"/{code}/")
    (session,) = Session.objects.all()
    assert session.get_decoded()["event_registrations"] == [code]
    # The result page knows this browser has just registered.
    result = client.get(response["Location"])
    assert result.context["just_registered"] is True
    assert 'data-registration-status="confirmed"' in result.content.decode()


def test_a_new_session_key_that_is_taken_is_replaced_by_another():
    taken = SessionStore()
    taken["a"] = 1
    taken.create()
    store = SessionStore()
    keys = iter([taken.session_key, "k" * 32])
    store._get_new_session_key = lambda: next(keys)
    store["b"] = 2
    store.create()
    assert store.session_key == "k" * 32
    assert SessionStore(session_key="k" * 32).load() == {"b": 2}
    assert SessionStore(session_key=taken.session_key).load() == {"a": 1}


def test_a_registration_code_that_clashes_asks_to_try_again_and_keeps_the_text_code_open(
    client, monkeypatch
):
    event = factories.event(factories.event_index(), capacity=5)
    taken = factories.post_verified(
        client, event.url + "register/", {"name": "王久余", "phone": phone(9), "consent": "on"}
    )
    assert taken.status_code == 302
    code = Registration.objects.get().code
    client.cookies.clear()
    data = ask(client, event, 4)
    # The one in 10^12: the new registration draws a code already given.
    monkeypatch.setattr("events.services.new_code", lambda length: code)
    response = client.post(event.url + "register/", data)
    assert response.status_code == 503
    assert "现在报名的人很多，请稍等片刻再试。" in response.content.decode()
    assert Registration.objects.count() == 1
    # Nothing was taken or used up: the same text code, posted again, registers.
    monkeypatch.undo()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(event.url + "register/", data)
    assert response.status_code == 302
    assert Registration.objects.get(phone=phone(4)).status == "confirmed"
