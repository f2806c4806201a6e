"""Corrections of paper scores in Wagtail's audit log: the two actions, their Chinese labels and
messages, and how an entry's old and new values read.

Each entry's data holds the quiz's id (so that a quiz's log survives a deleted score) and the
score's name, number and points before and after. Names and numbers are kept masked (李*英,
139****0001): the log outlives the purge of residents' personal data.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from wagtail.log_actions import LogFormatter

from home.formatting import mask_name, mask_phone

CHANGED = "events.paper_score_changed"
DELETED = "events.paper_score_deleted"
ACTIONS = (CHANGED, DELETED)


def snapshot(attempt):
    """What a log entry keeps of a paper score."""
    return {
        "name": mask_name(attempt.name),
        "phone": mask_phone(attempt.phone),
        "score": attempt.score,
    }


def title(attempt):
    """The entry's label (Wagtail would use the model's str, which carries the full name)."""
    return _("Paper score: %(person)s") % {"person": person(snapshot(attempt))}


def person(values):
    """李*英（139****0001）, from a snapshot."""
    return f"{values.get('name') or '—'}（{values.get('phone') or '—'}）"


def field_labels():
    return {"name": pgettext("person", "Name"), "phone": _("Mobile number"), "score": _("Score")}


def changes(data):
    """[(label, old, new)] for each value a correction changed; a deletion gives the score's
    values with an empty new side."""
    old, new = data.get("old") or {}, data.get("new")
    labels = field_labels()
    if new is None:
        return [(labels[key], old.get(key), "") for key in labels if old.get(key) not in ("", None)]
    changed = data.get("changed") or [key for key in labels if old.get(key) != new.get(key)]
    return [(labels[key], old.get(key), new.get(key)) for key in labels if key in changed]


def describe(data):
    """One line: 成绩 60 → 80；姓名 李*英 → 李*莹."""
    if data.get("new") is None:
        return "；".join(f"{label} {old}" for label, old, _new in changes(data))
    return "；".join(f"{label} {old} → {new}" for label, old, new in changes(data))


class PaperScoreChanged(LogFormatter):
    label = gettext_lazy("Correct a paper score")

    def format_message(self, log_entry):
        return _("Paper score corrected: %(changes)s") % {"changes": describe(log_entry.data)}


class PaperScoreDeleted(LogFormatter):
    label = gettext_lazy("Delete a paper score")

    def format_message(self, log_entry):
        return _("Paper score deleted: %(score)s") % {"score": describe(log_entry.data)}


def register_log_actions(actions):
    """For the register_log_actions hook (events.wagtail_hooks)."""
    actions.register_action(CHANGED)(PaperScoreChanged)
    actions.register_action(DELETED)(PaperScoreDeleted)
