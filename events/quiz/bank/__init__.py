"""The quiz question bank (题库): the rules a question must meet, import from and export to
the spreadsheet template, and its admin screens (``admin``, registered by wagtail_hooks)."""

from .importer import create_question, import_questions, question_row
from .rules import TRUE_FALSE_OPTIONS, answer_key, validate_question

__all__ = [
    "TRUE_FALSE_OPTIONS",
    "answer_key",
    "create_question",
    "import_questions",
    "question_row",
    "validate_question",
]
