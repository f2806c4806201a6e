"""The discussions app's models, each defined in its room (records, suggestions, reception) and
all importable from here, where Django looks for them."""

from .reception.models import ReceptionDay, ReceptionRule, ReceptionSchedulePage, Weekday
from .reception.visits import Visit
from .records.models import (
    AgendaItem,
    Attendee,
    DiscussionIndexPage,
    FollowUpTask,
    MeetingKind,
    MeetingRecordPage,
    RaisedSuggestion,
    Resolution,
    Speech,
)
from .suggestions.channels import Channel, EvaluationMethod, Satisfaction
from .suggestions.holidays import DayKind, HolidayDay
from .suggestions.models import (
    RESERVED_KEYS,
    Suggestion,
    SuggestionEvent,
    SuggestionFormField,
    SuggestionFormPage,
    SuggestionIndexPage,
    SuggestionSettings,
    SuggestionStatus,
)

__all__ = [
    "RESERVED_KEYS",
    "AgendaItem",
    "Channel",
    "EvaluationMethod",
    "DayKind",
    "Attendee",
    "DiscussionIndexPage",
    "FollowUpTask",
    "HolidayDay",
    "MeetingKind",
    "MeetingRecordPage",
    "RaisedSuggestion",
    "ReceptionDay",
    "ReceptionRule",
    "ReceptionSchedulePage",
    "Satisfaction",
    "Resolution",
    "Speech",
    "Suggestion",
    "SuggestionEvent",
    "SuggestionFormField",
    "SuggestionFormPage",
    "SuggestionIndexPage",
    "SuggestionSettings",
    "SuggestionStatus",
    "Visit",
    "Weekday",
]
