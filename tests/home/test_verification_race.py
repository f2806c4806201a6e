"""Two first requests for one number at the same moment: one code is sent, not two."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from home.verification import services
from tests.factories import phone
from tests.pg import other_connection

pytestmark = [
    pytest.mark.postgres,
    # Decided before the database is set up for the test, which SQLite would not need.
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers meet on PostgreSQL; SQLite queues whole writes",
    ),
    # The test's own connection stays in its rolled-back transaction; the two racing requests
    # are other connections, and the rows they commit are removed at the end.
    pytest.mark.django_db,
]


def test_a_request_racing_another_for_the_same_number_sends_nothing_more(mailoutbox):
    now = timezone.now()
    digest = services.phone_digest(phone(1))
    outcome = {}
    with other_connection() as other:
        with other.transaction():
            # The other request has stored its code for the number and not committed yet.
            other.execute(
                "INSERT INTO home_phonecode (phone_digest, code_digest, sent_at, expires_at,"
                " wrong_tries) VALUES (%s, %s, %s, %s, 0)",
                [
                    digest,
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
        try:
            assert outcome["sent"].new is False
            open_codes = other.execute(
                "SELECT count(*) FROM home_phonecode WHERE phone_digest = %s AND closed_at IS NULL",
                [digest],
            ).fetchone()[0]
            assert open_codes == 1
            assert mailoutbox == []
        finally:
            other.execute("DELETE FROM home_phonecode WHERE phone_digest = %s", [digest])
            other.commit()
