"""Two first requests for one number at the same moment: one code is sent, not two."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from home.verification import services
from home.verification.models import PhoneCode
from tests.factories import phone
from tests.pg import other_connection

pytestmark = [
    pytest.mark.postgres,
    # Decided before the database is set up for the test, which SQLite would not need.
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers meet on PostgreSQL; SQLite queues whole writes",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_request_racing_another_for_the_same_number_sends_nothing_more(mailoutbox):
    now = timezone.now()
    outcome = {}
    with other_connection() as other:
        with other.transaction():
            # The other request has stored its code for the number and not committed yet.
            other.execute(
                "INSERT INTO home_phonecode (phone_digest, code_digest, sent_at, expires_at,"
                " wrong_tries) VALUES (%s, %s, %s, %s, 0)",
                [
                    services.phone_digest(phone(1)),
                    "x" * 64,
                    now,
                    now + datetime.timedelta(minutes=5),
                ],
            )

            def ask():
                try:
                    outcome["sent"] = services.request_code(phone=phone(1), now=now)
                finally:
                    connection.close()

            racing = threading.Thread(target=ask)
            racing.start()
            racing.join(timeout=1)
            assert racing.is_alive()  # it waits for the other request to finish
        racing.join(timeout=10)
    assert outcome["sent"].new is False
    assert PhoneCode.objects.filter(closed_at__isnull=True).count() == 1
    assert mailoutbox == []
