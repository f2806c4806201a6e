"""What makes a quiz question well formed, in one place: the admin form and the importer both
ask ``validate_question``, so a question that cannot be saved by hand cannot be imported either.

A paper counts a multiple-choice answer right only when it is exactly right, so such a question
needs at least two correct options (one would make it a single choice in disguise) and at least
one wrong one (all correct would give the answer away).
"""

from django.utils.translation import gettext as _

from ..models import OPTION_LETTERS, QuestionKind

# The two options of every true-or-false question, in this order. They are shown to residents
# as they are, so they are Chinese text rather than translatable labels.
TRUE_TEXT = "正确"
FALSE_TEXT = "错误"
TRUE_FALSE_OPTIONS = (TRUE_TEXT, FALSE_TEXT)

MAX_OPTIONS = len(OPTION_LETTERS)


def validate_question(kind, options):
    """Everything wrong with a question of ``kind`` whose options are (text, is_correct) pairs
    in order; an empty list when it may be saved. Blank options are not counted."""
    options = [(text.strip(), bool(correct)) for text, correct in options if text and text.strip()]
    return option_problems(kind, options) + answer_problems(kind, options)


def option_problems(kind, options):
    problems = []
    texts = [text for text, _correct in options]
    if kind == QuestionKind.TRUE_FALSE:
        if sorted(texts) != sorted(TRUE_FALSE_OPTIONS):
            problems.append(
                _("A true-or-false question has exactly two options: “%(true)s” and “%(false)s”.")
                % {"true": TRUE_TEXT, "false": FALSE_TEXT}
            )
        return problems
    if len(texts) < 2:
        problems.append(_("A question needs at least two options."))
    if len(texts) > MAX_OPTIONS:
        problems.append(
            _("A question has at most %(count)s options (A to %(last)s).")
            % {"count": MAX_OPTIONS, "last": OPTION_LETTERS[-1]}
        )
    seen = set()
    for text in texts:
        if text in seen:
            problems.append(_("Two options read the same: “%(text)s”.") % {"text": text})
        seen.add(text)
    return problems


def answer_problems(kind, options):
    correct = sum(1 for _text, is_correct in options if is_correct)
    if kind == QuestionKind.SINGLE and correct != 1:
        return [_("A single-choice question needs exactly one correct option.")]
    if kind == QuestionKind.TRUE_FALSE and correct != 1:
        return [
            _("Mark one of “%(true)s” and “%(false)s” as the answer.")
            % {"true": TRUE_TEXT, "false": FALSE_TEXT}
        ]
    if kind == QuestionKind.MULTIPLE:
        problems = []
        if correct < 2:
            problems.append(_("A multiple-choice question needs at least two correct options."))
        if options and correct == len(options):
            problems.append(_("A multiple-choice question needs at least one wrong option."))
        return problems
    if kind not in QuestionKind.values:
        return [_("Choose the type of question.")]
    return []


def answer_key(kind, options):
    """The answer as the template writes it: the letters of the correct options (ACD), or for
    a true-or-false question the text of the correct one (正确 or 错误)."""
    options = list(options)
    if kind == QuestionKind.TRUE_FALSE:
        return "".join(option.text for option in options if option.is_correct)
    return "".join(
        letter for letter, option in zip(OPTION_LETTERS, options, strict=False) if option.is_correct
    )
