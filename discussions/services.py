"""The suggestions' services under the name code outside this app imports them by (the test
factories); the services themselves are in ``discussions.suggestions.services``."""

from .suggestions.services import (
    Findings,
    SuggestionError,
    purge_personal_data,
    submit_suggestion,
    transition_suggestion,
    update_case,
)

__all__ = [
    "Findings",
    "SuggestionError",
    "purge_personal_data",
    "submit_suggestion",
    "transition_suggestion",
    "update_case",
]
