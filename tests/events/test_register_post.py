"""The post that confirms the code and takes a seat: one transaction, a fixed number of queries,
and the text message queued only once it commits."""

import pytest
from django.core import mail
from django.test import TestCase

from events.models import Registration
from tests import factories
from tests.factories import phone

pytestmark = pytest.mark.django_db

# Routing to the event, then one transaction: close the code, lock the event, read its seats
# and this number's registration, insert the registration and its text message; then queue the
# text and create the browser's session. (scripts/profile_register_post.py on PostgreSQL:
# 29–32 before the post was made lean, 22 after.)
CONFIRM_QUERIES = 20


def ask(client, event, number):
    data = {"name": "王久余", "phone": phone(number), "consent": "on"}
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert "data-verify-code" in client.post(event.url + "register/", data).content.decode()
    return {**data, "code": factories.sent_codes(phone(number))[-1]}


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
