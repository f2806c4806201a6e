"""The quarterly report (工作报告): every section's figures for a period and the one before it.

``build_report`` runs a fixed number of queries (nine a period) however many events, results,
cases and meetings there are; the view, the XLSX export and the benchmark share it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .activity import event_figures, quiz_figures, reception_sessions, record_figures
from .cases import SETTLING_DAYS, case_figures, visit_count
from .periods import Period
from .rates import Figure, Rate, rate


@dataclass
class Breakdown:
    """A table of one section (and its chart): rows of label, this period and the one before."""

    key: str
    title: str
    rows: list = field(default_factory=list)  # (label, current, previous)
    is_rate: bool = False


@dataclass
class Section:
    key: str
    title: str
    figures: list
    breakdowns: list = field(default_factory=list)
    note: str = ""


@dataclass
class Report:
    period: Period
    previous: Period
    sections: list
    made_at: datetime.datetime


def _figures(period: Period, now: datetime.datetime) -> dict:
    today = timezone.localdate(now)
    cases = case_figures(period, now)
    return {
        "events": event_figures(period, now),
        "quiz": quiz_figures(period, now),
        "cases": cases,
        "sessions": reception_sessions(period, today),
        "visits": visit_count(period, today),
        "records": record_figures(period, now),
    }


def _by_label(current: list, previous: list, value) -> list:
    """Rows of both periods matched by key, this period's order first."""
    before = {row["key"]: row for row in previous}
    keys = [row["key"] for row in current] + [
        row["key"] for row in previous if row["key"] not in {r["key"] for r in current}
    ]
    now = {row["key"]: row for row in current}
    rows = []
    for key in keys:
        this, last = now.get(key), before.get(key)
        label = (this or last)["label"]
        rows.append((str(label), value(this), value(last)))
    return rows


def _events_section(now: dict, before: dict) -> Section:
    e, p = now["events"], before["events"]
    kinds_now = [{"key": row["kind"], **row} for row in e["kinds"]]
    kinds_before = [{"key": row["kind"], **row} for row in p["kinds"]]
    return Section(
        "events",
        _("Events"),
        [
            Figure(_("Events held"), e["events"], p["events"], "events_held"),
            Figure(_("Registrations"), e["registrations"], p["registrations"], "registrations"),
            Figure(
                _("Attendance rate"),
                rate(e, "checked_in", "confirmed"),
                rate(p, "checked_in", "confirmed"),
                "attendance_rate",
                _("Checked in ÷ confirmed"),
            ),
        ],
        [
            Breakdown(
                "events_by_kind",
                _("Registrations by kind of event"),
                _by_label(kinds_now, kinds_before, lambda row: row["registrations"] if row else 0),
            ),
            Breakdown(
                "attendance_by_kind",
                _("Attendance rate by kind of event"),
                _by_label(
                    kinds_now,
                    kinds_before,
                    lambda row: rate(row or {}, "checked_in", "confirmed"),
                ),
                is_rate=True,
            ),
        ],
    )


def _average(row: dict) -> str:
    if row.get("average") is None:
        return "—"
    return _("%(average).1f of %(full).0f") % {
        "average": row["average"],
        "full": row["average_max"],
    }


def _quiz_section(now: dict, before: dict) -> Section:
    q, p = now["quiz"], before["quiz"]
    return Section(
        "quiz",
        _("Knowledge quiz"),
        [
            Figure(_("Participants"), q["participants"], p["participants"], "quiz_participants"),
            Figure(pgettext("quiz", "Online"), q["online"], p["online"]),
            Figure(pgettext("quiz", "On paper"), q["paper"], p["paper"]),
            Figure(_("Average score"), _average(q), _average(p)),
            Figure(
                _("Pass rate"),
                rate(q, "passed", "participants"),
                rate(p, "passed", "participants"),
                "quiz_pass_rate",
                _("Passed ÷ participants, by each quiz's pass mark"),
            ),
        ],
    )


def _cases_section(now: dict, before: dict) -> Section:
    c, p = now["cases"], before["cases"]
    rates = [
        Figure(
            _("Accepted in time"),
            rate(c, "accepted_in_time", "accept_due_count"),
            rate(p, "accepted_in_time", "accept_due_count"),
            "timely_acceptance_rate",
            _("Accepted or refused by the deadline ÷ acceptance deadlines that fell due"),
        ),
        Figure(
            _("Closed on time"),
            rate(c, "closed_in_time", "close_due_count"),
            rate(p, "closed_in_time", "close_due_count"),
            "on_time_closure_rate",
            _("Closed by the closing deadline ÷ closing deadlines that fell due"),
        ),
        Figure(
            _("Satisfaction rate"),
            rate(c, "content", "evaluated_count"),
            rate(p, "content", "evaluated_count"),
            "satisfaction_rate",
            _("Satisfied or mostly satisfied ÷ verdicts given"),
        ),
        Figure(
            _("Evaluation rate"),
            rate(c, "closed_evaluated", "closed_count"),
            rate(p, "closed_evaluated", "closed_count"),
            "evaluation_rate",
            _("Closed cases with a verdict ÷ cases closed"),
        ),
        Figure(
            _("Settled rate"),
            rate(c, "settled", "settling_count"),
            rate(p, "settled", "settling_count"),
            "settled_rate",
            _(
                "Settled ÷ cases closed at least %(days)s days before the period's end, "
                "anonymous ones left out"
            )
            % {"days": SETTLING_DAYS},
        ),
    ]
    return Section(
        "cases",
        _("Suggestions and cases"),
        [
            Figure(_("Cases received"), c["received_count"], p["received_count"], "cases_received"),
            Figure(_("Repeat cases"), c["repeat_count"], p["repeat_count"]),
            *rates,
        ],
        [
            Breakdown(
                "cases_by_channel",
                _("Received by channel"),
                _by_label(c["channels"], p["channels"], lambda row: row["count"] if row else 0),
            ),
            Breakdown(
                "cases_by_category",
                _("Received by category"),
                _by_label(c["categories"], p["categories"], lambda row: row["count"] if row else 0),
            ),
            Breakdown(
                "case_rates",
                _("Handling rates"),
                [(figure.label, figure.current, figure.previous) for figure in rates],
                is_rate=True,
            ),
        ],
        note=_(
            "A case is settled when the resident was satisfied or mostly satisfied and the same "
            "number brought no new case within %(days)s days of closing."
        )
        % {"days": SETTLING_DAYS},
    )


def _channel(figures: dict, key: str) -> int:
    return next((row["count"] for row in figures["cases"]["channels"] if row["key"] == key), 0)


def _reception_section(now: dict, before: dict) -> Section:
    return Section(
        "reception",
        _("Reception days and home visits"),
        [
            Figure(
                _("Reception sessions held"),
                now["sessions"],
                before["sessions"],
                "reception_sessions",
            ),
            Figure(
                _("Cases from reception days"),
                _channel(now, "reception"),
                _channel(before, "reception"),
            ),
            Figure(_("Home visits made"), now["visits"], before["visits"], "visits"),
            Figure(_("Cases from home visits"), _channel(now, "visit"), _channel(before, "visit")),
        ],
    )


def _records_section(now: dict, before: dict) -> Section:
    r, p = now["records"], before["records"]
    return Section(
        "records",
        _("Meetings and follow-up"),
        [
            Figure(_("Meeting records"), r["meetings"], p["meetings"]),
            Figure(_("Follow-up tasks"), r["tasks"], p["tasks"]),
            Figure(_("Tasks completed"), r["done"], p["done"]),
            Figure(_("Still open"), r["open"], p["open"]),
            Figure(_("Overdue tasks"), r["overdue"], p["overdue"]),
            Figure(_("Completion rate"), rate(r, "done", "tasks"), rate(p, "done", "tasks")),
        ],
        note=_("Tasks set by the meetings of the period; overdue: open past the due date."),
    )


def build_report(period: Period, now: datetime.datetime | None = None) -> Report:
    now = now or timezone.now()
    previous = period.previous()
    this, before = _figures(period, now), _figures(previous, now)
    sections = [
        build(this, before)
        for build in (
            _events_section,
            _quiz_section,
            _cases_section,
            _reception_section,
            _records_section,
        )
    ]
    return Report(period, previous, sections, now)


__all__ = ["Breakdown", "Figure", "Rate", "Report", "Section", "build_report"]
