"""What the case screen says of where a case came from, the cases it repeats or that repeat
it, and the resident's verdict."""

from django.urls import reverse
from django.utils.translation import gettext as _

from home.admin_ui import field_label
from home.formatting import format_date, format_datetime, group_code, person_name

from ..channels import Channel
from ..models import Suggestion
from .common import status_label


def origin_facts(suggestion):
    """(label, value, url) of the channel and its particulars, leaving out blanks."""

    def label(name):
        return field_label(Suggestion, name)

    visit = suggestion.visit
    rows = [
        (label("channel"), suggestion.get_channel_display(), ""),
        (
            label("reception_date"),
            format_date(suggestion.reception_date) if suggestion.reception_date else "",
            "",
        ),
        (
            label("visit"),
            f"{format_date(visit.date, weekday=False)} {visit.place}" if visit else "",
            reverse("visits:inspect", args=[visit.pk]) if visit else "",
        ),
        (label("received_by"), suggestion.received_by, ""),
        (label("lead_leader"), suggestion.lead_leader, ""),
    ]
    if suggestion.channel != Channel.WEB:
        rows.append((label("logged_by"), person_name(suggestion.logged_by) or "—", ""))
    return [row for row in rows if row[1]]


def _case(case, relation):
    return {
        "code": group_code(case.tracking_code),
        "received": format_datetime(case.submit_time, weekday=False),
        "status": status_label(case.status),
        "url": reverse("suggestions:inspect", args=[case.pk]),
        "relation": relation,
    }


def linked_cases(suggestion):
    """The case this one repeats, and the cases that repeat it, oldest first."""
    cases = []
    if suggestion.repeat_of_id:
        cases.append(_case(suggestion.repeat_of, _("Repeats")))
    repeats = suggestion.repeats.only("pk", "tracking_code", "submit_time", "status")
    cases += [_case(case, _("Repeated by")) for case in repeats.order_by("submit_time", "pk")]
    return cases


def verdict(suggestion):
    """满意（电话，12月3日）: the resident's verdict, how it was asked and when."""
    if not suggestion.satisfaction:
        return ""
    details = [suggestion.get_satisfaction_display()]
    extra = [
        part
        for part in (
            suggestion.get_satisfaction_method_display() if suggestion.satisfaction_method else "",
            format_datetime(suggestion.evaluated_at, weekday=False)
            if suggestion.evaluated_at
            else "",
        )
        if part
    ]
    return details[0] + (f"（{'，'.join(extra)}）" if extra else "")
