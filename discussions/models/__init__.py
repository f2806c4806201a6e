"""The discussions app's models: meeting records, suggestions and their handling, reception days."""

from .reception import ReceptionDay, ReceptionRule, ReceptionSchedulePage, Weekday
from .records import (
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
from .suggestions import (
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
    "Attendee",
    "DiscussionIndexPage",
    "FollowUpTask",
    "MeetingKind",
    "MeetingRecordPage",
    "RaisedSuggestion",
    "ReceptionDay",
    "ReceptionRule",
    "ReceptionSchedulePage",
    "Resolution",
    "Speech",
    "Suggestion",
    "SuggestionEvent",
    "SuggestionFormField",
    "SuggestionFormPage",
    "SuggestionIndexPage",
    "SuggestionSettings",
    "SuggestionStatus",
    "Weekday",
]
