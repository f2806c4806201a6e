"""The events app's models: events and registrations, and the online quiz."""

from .events import (
    EventIndexPage,
    EventKind,
    EventPage,
    Registration,
    RegistrationQuerySet,
    RegistrationState,
)
from .quiz import (
    OPTION_LETTERS,
    Attempt,
    AttemptQuestion,
    Difficulty,
    Question,
    QuestionKind,
    QuestionOption,
    Quiz,
    QuizMix,
    ReviewMode,
    active_questions,
)

__all__ = [
    "OPTION_LETTERS",
    "Attempt",
    "AttemptQuestion",
    "Difficulty",
    "EventIndexPage",
    "EventKind",
    "EventPage",
    "Question",
    "QuestionKind",
    "QuestionOption",
    "Quiz",
    "QuizMix",
    "Registration",
    "RegistrationQuerySet",
    "RegistrationState",
    "ReviewMode",
    "active_questions",
]
