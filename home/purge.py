"""Removing residents' personal data once it has been kept long enough (PIPL Art. 19, 47).

``manage.py purge_personal_data`` runs daily from cron. Each app registers, on PURGE_HOOK, a
function that declares its kinds of personal data as ``PurgeKind``s: the rows that are due and
still hold something, and what to do with them (blank the listed fields, or delete the row).
``run`` does the work the same way for every kind: in batches of BATCH_SIZE rows, each in its
own short transaction, so that a big site is never locked for minutes. What statistics need
(counts, dates, categories, statuses, scores, verdicts) stays; the work report counts purged
records as before.

Inventory: every place the site keeps something about a resident, and what happens to it.

========================  =========================================  ===========================
where                     what                                       purge
========================  =========================================  ===========================
events.Registration       name, phone                                blanked 180 days after the
                          (status, check-in, waiting list: kept)     event ended
events.Attempt            name, phone (answers and scores: kept)     blanked 180 days after the
                                                                     quiz closed
discussions.Suggestion    name, phone, the suggestion text, the      blanked 180 days after it
                          form builder's extra answers (form_data),  was closed or refused, or
                          the reason for refusing, the three         after 3 years without
                          findings, and the public reply and         activity whatever its
                          summary unless shown on the replies board  status (see
                          (category, channel, dates, status,         discussions.purge)
                          verdict, repeats: kept)
discussions.              the handling notes of a purged case        blanked with the case
SuggestionEvent           (who and when: kept)
discussions.Visit         residents met, the summary, the place      blanked 180 days after the
                          (a resident's home); date, leaders kept    visit
home.Message              the text message log (number, text)        deleted 180 days after it
                                                                     was queued; an unsent
                                                                     message's number after
                                                                     QINGFENG_SMS_KEEP_NUMBER_DAYS
home.PhoneCode            keyed hashes of number and code            deleted after a day
sessions.Session          browsers' sessions (codes, verified        deleted once expired
                          numbers, staff sign-ins)
axes.AccessAttempt,       staff sign-in failures: user name,         deleted 180 days after the
AccessFailureLog,         address, browser                           attempt
AccessLog
wagtailforms.             answers to any plain Wagtail form page     deleted 180 days after
FormSubmission            (the site has none today)                  submission
========================  =========================================  ===========================

Kept on purpose, not residents' personal data: meeting records (attendees, speakers, who
raised a point: a published record of the committee), reception-day leaders, follow-up task
owners, a case's "received by" and leader in charge (staff and officials), staff accounts,
Wagtail's audit log (it keeps registration codes and masked names and numbers only, 李*英 and
139****0001), the hashed rate-limit counters (home.rate_counts, an hour at most) and the task
queue's rows (a message id only; ``prune_db_task_results`` clears them). No public form takes
a file, so the media folder holds no resident's upload.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.contrib.forms.models import FormSubmission

from .hooks import PURGE_HOOK
from .message_log import Message
from .verification.models import PhoneCode

BATCH_SIZE = 1000
# Only the day's sending limits ever read a verification code.
CODES_KEPT = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Cutoffs:
    """When the purge runs, and how long each kind of record is kept."""

    now: datetime.datetime
    retention_days: int
    inactive_days: int

    @classmethod
    def from_settings(cls, now=None, retention_days=None, inactive_days=None) -> Cutoffs:
        """PERSONAL_DATA_RETENTION_DAYS and PERSONAL_DATA_INACTIVE_DAYS unless given."""
        return cls(
            now=now or timezone.now(),
            retention_days=settings.PERSONAL_DATA_RETENTION_DAYS
            if retention_days is None
            else retention_days,
            inactive_days=settings.PERSONAL_DATA_INACTIVE_DAYS
            if inactive_days is None
            else inactive_days,
        )

    @property
    def before(self) -> datetime.datetime:
        """Records finished (event ended, case closed…) before this moment are purged."""
        return self.now - datetime.timedelta(days=self.retention_days)

    @property
    def inactive_before(self) -> datetime.datetime:
        """Cases with no activity since this moment are purged even if never finished."""
        return self.now - datetime.timedelta(days=self.inactive_days)


@dataclass(frozen=True)
class PurgeKind:
    """One kind of personal data: the rows due that still hold some, and what to do with them.

    ``blank`` maps each personal field to its blank value (or an expression); without it the
    rows are deleted. ``prepare`` runs first on each batch, in the same transaction: to record
    what statistics will need once the data is gone.
    """

    key: str
    label: str
    rows: QuerySet
    blank: dict | None = None
    prepare: Callable[[QuerySet], None] | None = None

    @property
    def model(self) -> type[Model]:
        return self.rows.model

    @property
    def fields(self) -> list[str]:
        """The fields this kind clears: the blanked ones, or every field of a deleted row."""
        if self.blank is not None:
            return list(self.blank)
        return [field.name for field in self.model._meta.concrete_fields]


def run(kind: PurgeKind, *, dry_run: bool = False, batch_size: int = BATCH_SIZE) -> int:
    """Purge ``kind`` batch by batch, in primary-key order, each batch in a transaction of its
    own; returns how many rows were blanked or deleted (with ``dry_run``, how many would be)."""
    if dry_run:
        return kind.rows.count()
    done, last = 0, None
    while True:
        due = kind.rows.order_by("pk")
        if last is not None:
            due = due.filter(pk__gt=last)
        keys = list(due.values_list("pk", flat=True)[:batch_size])
        if not keys:
            return done
        last = keys[-1]
        with transaction.atomic():
            # The condition is checked again inside the transaction: a row that became active
            # meanwhile is left alone.
            batch = kind.rows.filter(pk__in=keys)
            if kind.prepare is not None:
                kind.prepare(batch)
            done += _apply(kind, batch)


def _apply(kind: PurgeKind, batch: QuerySet) -> int:
    if kind.blank is not None:
        return batch.update(**kind.blank)
    _total, per_model = batch.delete()
    return per_model.get(kind.model._meta.label, 0)


def all_kinds(cutoffs: Cutoffs) -> list[PurgeKind]:
    """Every app's kinds, in the order the apps registered them."""
    return [kind for declare in hooks.get_hooks(PURGE_HOOK) for kind in declare(cutoffs)]


def purge_personal_data(cutoffs: Cutoffs, *, dry_run: bool = False) -> list[tuple]:
    """[(kind, count)] for every kind, after purging it (or counting, with ``dry_run``)."""
    return [(kind, run(kind, dry_run=dry_run)) for kind in all_kinds(cutoffs)]


# --- home's own kinds (registered in home.wagtail_hooks) ---------------------------------------


def _session_model():
    """The model of a database session store, or None when sessions live elsewhere (cache or
    signed cookies expire by themselves)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    get_model = getattr(store, "get_model_class", None)
    return get_model() if get_model else None


def home_kinds(cutoffs: Cutoffs) -> list[PurgeKind]:
    before, now = cutoffs.before, cutoffs.now
    # A message still unsent this long would be no use: its full number goes.
    stale = now - datetime.timedelta(days=settings.QINGFENG_SMS_KEEP_NUMBER_DAYS)
    kinds = [
        PurgeKind("messages", _("Text messages"), Message.objects.filter(created_at__lt=before)),
        PurgeKind(
            "unsent_numbers",
            _("numbers of unsent text messages"),
            Message.objects.filter(created_at__lt=stale, created_at__gte=before).exclude(phone=""),
            blank={"phone": "", "params": {}},
        ),
        PurgeKind(
            "codes",
            _("verification codes"),
            PhoneCode.objects.filter(sent_at__lt=now - CODES_KEPT),
        ),
    ]
    session = _session_model()
    if session is not None:
        kinds.append(
            PurgeKind(
                "sessions", _("expired sessions"), session.objects.filter(expire_date__lt=now)
            )
        )
    for key, label, model in (
        ("sign_in_attempts", _("failed staff sign-ins"), AccessAttempt),
        ("sign_in_failures", _("staff sign-in failure log"), AccessFailureLog),
        ("sign_in_log", _("staff sign-in log"), AccessLog),
    ):
        kinds.append(PurgeKind(key, label, model.objects.filter(attempt_time__lt=before)))
    kinds.append(
        PurgeKind(
            "form_submissions",
            _("form submissions"),
            FormSubmission.objects.filter(submit_time__lt=before),
        )
    )
    return kinds
