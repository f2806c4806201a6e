"""The purge command: home's own records (text messages, codes, sessions, sign-in failures,
form submissions), what it prints, its dry run, and one short transaction per batch."""

import datetime
import io

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation
from wagtail.contrib.forms.models import FormSubmission

from home.notifications import Message
from home.purge import Cutoffs, PurgeKind, all_kinds, run
from home.verification import services as verification
from home.verification.models import PhoneCode
from tests import factories
from tests.factories import phone
from tests.purging import purge

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

NOW = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def logged(days_ago, status="sent", number=1):
    return Message.objects.create(
        phone=phone(number), text="通知", status=status, created_at=NOW - days_ago * DAY
    )


def test_old_messages_go_and_unsent_ones_forget_their_number(frozen):
    ancient, stale_failure, fresh_failure = logged(200), logged(10, "failed"), logged(1, "failed")

    counts = purge()

    assert (counts["messages"], counts["unsent_numbers"]) == (1, 1)
    assert not Message.objects.filter(pk=ancient.pk).exists()
    stale_failure.refresh_from_db()
    fresh_failure.refresh_from_db()
    assert (stale_failure.phone, stale_failure.phone_masked) == ("", "139****0001")
    assert not stale_failure.can_resend
    assert fresh_failure.phone == phone(1)


def test_codes_older_than_a_day_go(django_capture_on_commit_callbacks, frozen):
    with django_capture_on_commit_callbacks(execute=True):
        verification.request_code(phone=phone(1), now=NOW - 2 * DAY)
        verification.request_code(phone=phone(2), now=NOW - DAY / 2)
    assert purge()["codes"] == 1
    assert PhoneCode.objects.count() == 1


def test_expired_sessions_go(frozen):
    for seconds in (-60, 3600):
        store = SessionStore()
        store["note"] = phone(1)
        store.set_expiry(NOW + datetime.timedelta(seconds=seconds))
        store.create()
    assert purge()["sessions"] == 1
    assert list(Session.objects.values_list("expire_date", flat=True)) == [
        NOW + datetime.timedelta(hours=1)
    ]


def test_staff_sign_in_failures_go_after_the_retention_period(client):
    # Axes clears attempts past its 15-minute lock at the next sign-in; without one, the
    # purge does.
    with time_machine.travel(NOW - 200 * DAY, tick=False):
        client.post("/admin/login/", {"username": "13900000001", "password": "x"})
    with time_machine.travel(NOW - 179 * DAY, tick=False):
        assert purge()["sign_in_attempts"] == 0
    with time_machine.travel(NOW, tick=False):
        assert purge()["sign_in_attempts"] == 1
    assert not AccessAttempt.objects.exists()


def test_plain_form_submissions_go_after_the_retention_period(frozen):
    page = factories.home_page()
    for days_ago in (200, 10):
        row = FormSubmission.objects.create(page=page, form_data={"name": "张三"})
        FormSubmission.objects.filter(pk=row.pk).update(submit_time=NOW - days_ago * DAY)
    assert purge()["form_submissions"] == 1
    assert FormSubmission.objects.count() == 1


def test_the_command_prints_a_count_of_every_kind(frozen):
    logged(200), logged(201)
    out = io.StringIO()
    with translation.override("en"):
        call_command("purge_personal_data", stdout=out)
        labels = [str(kind.label) for kind in all_kinds(Cutoffs.from_settings())]
    line = out.getvalue()
    assert line.startswith("Removed personal data kept over 180 days (open cases: 1095 days")
    assert "Text messages 2, " in line and "registrations 0" in line
    assert all(f"{label} " in line for label in labels)
    assert len(labels) == len(set(labels)) >= 14


def test_a_dry_run_counts_and_changes_nothing(frozen):
    kept = logged(200)
    out = io.StringIO()
    with translation.override("en"):
        call_command("purge_personal_data", "--dry-run", stdout=out)
    assert out.getvalue().startswith("Dry run, nothing changed.")
    assert "Text messages 1, " in out.getvalue()
    assert Message.objects.filter(pk=kept.pk).exists()

    with translation.override("en"):
        call_command("purge_personal_data", "--days", "365", stdout=out)
    assert "kept over 365 days" in out.getvalue()
    assert Message.objects.filter(pk=kept.pk).exists()


def test_each_batch_is_its_own_transaction(frozen):
    """A failure in one batch undoes that batch only: nothing holds one long transaction."""
    rows = [logged(200, number=number) for number in range(5)]
    batches = []

    def prepare(batch):
        batches.append(sorted(batch.values_list("pk", flat=True)))
        assert transaction.get_connection().in_atomic_block
        if len(batches) == 3:
            raise RuntimeError("the third batch fails")

    kind = PurgeKind(
        "messages", "messages", Message.objects.filter(created_at__lt=timezone.now()), None, prepare
    )
    with pytest.raises(RuntimeError):
        run(kind, batch_size=2)
    keys = [row.pk for row in rows]
    assert batches == [keys[:2], keys[2:4], keys[4:]]
    assert list(Message.objects.values_list("pk", flat=True)) == [keys[4]]
    assert run(kind, batch_size=2) == 1
