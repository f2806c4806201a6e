"""The events app's models: events and registrations, and the online quiz."""

from events.quiz.models import (
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

from .events import (
    EventIndexPage,
    EventKind,
    EventPage,
    Registration,
    RegistrationQuerySet,
    RegistrationState,
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
