"""Importing questions from a filled-in template, and turning questions back into its rows.

Every row is checked before anything is written; one bad row means nothing is imported, and
the report names each problem by row and column. Questions already in the bank (the same
text) are left as they are, so importing an export of the bank adds only what is new.
"""

import unicodedata
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.translation import gettext as _

from ..models import OPTION_LETTERS, Difficulty, Question, QuestionKind, QuestionOption
from . import sheets
from .rules import (
    FALSE_TEXT,
    TRUE_FALSE_OPTIONS,
    TRUE_TEXT,
    answer_key,
    answer_problems,
    option_problems,
)

KIND_WORDS = {
    "单选": QuestionKind.SINGLE,
    "单选题": QuestionKind.SINGLE,
    "多选": QuestionKind.MULTIPLE,
    "多选题": QuestionKind.MULTIPLE,
    "判断": QuestionKind.TRUE_FALSE,
    "判断题": QuestionKind.TRUE_FALSE,
}
KIND_NAMES = {
    QuestionKind.SINGLE: "单选",
    QuestionKind.MULTIPLE: "多选",
    QuestionKind.TRUE_FALSE: "判断",
}
DIFFICULTY_WORDS = {
    "易": Difficulty.EASY,
    "容易": Difficulty.EASY,
    "简单": Difficulty.EASY,
    "1": Difficulty.EASY,
    "中": Difficulty.MEDIUM,
    "中等": Difficulty.MEDIUM,
    "一般": Difficulty.MEDIUM,
    "2": Difficulty.MEDIUM,
    "难": Difficulty.HARD,
    "较难": Difficulty.HARD,
    "困难": Difficulty.HARD,
    "3": Difficulty.HARD,
}
DIFFICULTY_NAMES = {Difficulty.EASY: "易", Difficulty.MEDIUM: "中", Difficulty.HARD: "难"}
TRUE_WORDS = {TRUE_TEXT, "对", "是", "√", "✓", "✔", "T", "TRUE", "Y"}
FALSE_WORDS = {FALSE_TEXT, "错", "否", "×", "✗", "✘", "X", "F", "FALSE", "N"}
ANSWER_SEPARATORS = " ,，、;；/|"
BATCH = 500

_field = Question._meta.get_field
TEXT_LIMIT = _field("text").max_length
EXPLANATION_LIMIT = _field("explanation").max_length
CATEGORY_LIMIT = _field("category").max_length
OPTION_LIMIT = QuestionOption._meta.get_field("text").max_length


@dataclass
class Problem:
    """One thing wrong with the file; ``row`` and ``column`` are empty for the file as a whole."""

    message: str
    row: int | None = None
    column: str = ""


@dataclass
class Draft:
    """A question read from one row, ready to be saved."""

    row: int
    kind: str
    text: str
    options: list  # [(text, is_correct)]
    explanation: str
    category: str
    difficulty: int


@dataclass
class ImportResult:
    problems: list = field(default_factory=list)
    drafts: list = field(default_factory=list)
    # Rows whose question is already in the bank: (row number, question text).
    skipped: list = field(default_factory=list)
    created: int = 0

    @property
    def ok(self):
        return not self.problems


# --- The service ---------------------------------------------------------------------------


def import_questions(upload):
    """Read, check and import an uploaded template; nothing is written unless every row is
    right. Returns an ImportResult whose ``problems`` say what to fix."""
    result = check_file(upload)
    if result.problems:
        return result
    with transaction.atomic():
        create_questions(result.drafts)
    result.created = len(result.drafts)
    return result


def create_questions(drafts):
    """Many questions in a few queries, as a 2000-row import needs."""
    if not connection.features.can_return_rows_from_bulk_insert:  # pragma: no cover
        return [create_question(**_fields(draft)) for draft in drafts]
    questions = Question.objects.bulk_create(
        [
            Question(**{k: v for k, v in _fields(draft).items() if k != "options"})
            for draft in drafts
        ],
        batch_size=BATCH,
    )
    QuestionOption.objects.bulk_create(
        [
            QuestionOption(question=question, text=text, is_correct=correct, sort_order=position)
            for question, draft in zip(questions, drafts, strict=True)
            for position, (text, correct) in enumerate(draft.options)
        ],
        batch_size=BATCH,
    )
    return questions


def _fields(draft):
    return {
        "kind": draft.kind,
        "text": draft.text,
        "options": draft.options,
        "explanation": draft.explanation,
        "category": draft.category,
        "difficulty": draft.difficulty,
    }


def create_question(*, kind, text, options, category, explanation="", difficulty=None, active=True):
    """One question and its options, in the order given; the caller has validated them."""
    question = Question.objects.create(
        kind=kind,
        text=text,
        explanation=explanation,
        category=category,
        difficulty=difficulty or Difficulty.MEDIUM,
        active=active,
    )
    QuestionOption.objects.bulk_create(
        QuestionOption(question=question, text=option, is_correct=correct, sort_order=position)
        for position, (option, correct) in enumerate(options)
    )
    return question


# --- Checking a file -------------------------------------------------------------------------


def check_file(upload):
    try:
        table = sheets.read_table(upload)
    except sheets.SheetError as error:
        return ImportResult(problems=[Problem(error.message)])
    return check_table(table)


def check_table(table):
    result = ImportResult()
    columns = _columns(table, result)
    if result.problems:
        return result
    first_row_of = {}
    for number, cells in table.rows:
        draft = _check_row(number, cells, columns, result)
        if draft is None:
            continue
        key = _same_text(draft.text)
        if key in first_row_of:
            result.problems.append(
                Problem(
                    _("The same question as row %(row)s.") % {"row": first_row_of[key]},
                    number,
                    sheets.TEXT,
                )
            )
            continue
        first_row_of[key] = number
        result.drafts.append(draft)
    if result.problems:
        result.drafts = []
        return result
    existing = {
        _same_text(text)
        for text in Question.objects.filter(
            text__in=[draft.text for draft in result.drafts]
        ).values_list("text", flat=True)
    }
    result.skipped = [(d.row, d.text) for d in result.drafts if _same_text(d.text) in existing]
    result.drafts = [d for d in result.drafts if _same_text(d.text) not in existing]
    return result


def _same_text(text):
    return " ".join(text.split())


def _columns(table, result):
    """{column name: index} for the template's columns, or problems naming the wrong ones."""
    columns, unknown, repeated = {}, [], []
    for index, raw in enumerate(table.headers):
        name = sheets.normalise_header(raw)
        if not name:
            if any(index < len(cells) and cells[index].value for _row, cells in table.rows):
                unknown.append(_("column %(number)s (no name)") % {"number": _column_letter(index)})
            continue
        if name not in sheets.COLUMNS:
            unknown.append(raw.strip())
        elif name in columns:
            repeated.append(name)
        else:
            columns[name] = index
    row = table.header_row
    missing = [name for name in sheets.REQUIRED_COLUMNS if name not in columns]
    if missing:
        result.problems.append(
            Problem(_("Missing columns: %(columns)s.") % {"columns": "、".join(missing)}, row)
        )
    if unknown:
        result.problems.append(
            Problem(
                _("Unknown columns: %(columns)s. Use the column names of the template: %(all)s.")
                % {"columns": "、".join(unknown), "all": "、".join(sheets.COLUMNS)},
                row,
            )
        )
    for name in repeated:
        result.problems.append(
            Problem(_("The column “%(column)s” appears twice.") % {"column": name}, row)
        )
    return columns


def _column_letter(index):
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _check_row(number, cells, columns, result):
    problems = []

    def cell(name):
        index = columns.get(name)
        if index is None or index >= len(cells):
            return ""
        if cells[index].unsaved_formula:
            problems.append(
                Problem(
                    _(
                        "This cell holds a formula with no saved value; copy the column and "
                        "paste it back as values."
                    ),
                    number,
                    name,
                )
            )
        return cells[index].value

    def required(name, limit):
        value = cell(name)
        if not value:
            problems.append(Problem(_("This must be filled in."), number, name))
        return _limited(value, limit, name)

    def _limited(value, limit, name):
        if len(value) > limit:
            problems.append(
                Problem(
                    _("Too long: at most %(limit)s characters, this has %(count)s.")
                    % {"limit": limit, "count": len(value)},
                    number,
                    name,
                )
            )
        return value

    kind_word = cell(sheets.KIND)
    kind = KIND_WORDS.get(_token(kind_word))
    if kind is None:
        message = (
            _("Fill in the type: 单选, 多选 or 判断.")
            if not kind_word
            else _("Unknown type “%(value)s”: write 单选, 多选 or 判断.") % {"value": kind_word}
        )
        problems.append(Problem(message, number, sheets.KIND))
    text = required(sheets.TEXT, TEXT_LIMIT)
    category = required(sheets.CATEGORY, CATEGORY_LIMIT)
    explanation = _limited(cell(sheets.EXPLANATION), EXPLANATION_LIMIT, sheets.EXPLANATION)
    difficulty_word = cell(sheets.DIFFICULTY)
    difficulty = DIFFICULTY_WORDS.get(_token(difficulty_word), None)
    if difficulty_word and difficulty is None:
        problems.append(
            Problem(
                _("Unknown difficulty “%(value)s”: write 易, 中 or 难 (or 1, 2, 3).")
                % {"value": difficulty_word},
                number,
                sheets.DIFFICULTY,
            )
        )
    option_texts = [_limited(cell(name), OPTION_LIMIT, name) for name in sheets.OPTIONS]
    answer = cell(sheets.ANSWER)
    options = None
    if kind is not None:
        options = _options(kind, option_texts, answer, number, problems)
    if options is not None:
        problems += [
            Problem(message, number, sheets.OPTIONS_LABEL)
            for message in option_problems(kind, options)
        ]
        problems += [
            Problem(message, number, sheets.ANSWER) for message in answer_problems(kind, options)
        ]
    if problems:
        result.problems += problems
        return None
    return Draft(
        row=number,
        kind=kind,
        text=text,
        options=options,
        explanation=explanation,
        category=category,
        difficulty=difficulty or Difficulty.MEDIUM,
    )


def _token(value):
    """A short code word as staff may type it: full-width letters, spaces and case ignored."""
    return "".join(unicodedata.normalize("NFKC", value or "").split()).upper()


def _options(kind, texts, answer, number, problems):
    """[(text, is_correct)] from the option cells and the answer, or None after a problem."""
    last_filled = max((i for i, text in enumerate(texts) if text), default=-1)
    for index in range(last_filled):
        if not texts[index]:
            problems.append(
                Problem(
                    _(
                        "This option is empty but a later one is filled in: fill in the "
                        "options from A without gaps."
                    ),
                    number,
                    sheets.OPTIONS[index],
                )
            )
            return None
    texts = texts[: last_filled + 1]
    token = _token(answer).strip(ANSWER_SEPARATORS)
    if not token:
        problems.append(Problem(_("Fill in the answer."), number, sheets.ANSWER))
        return None
    if kind == QuestionKind.TRUE_FALSE:
        return _true_false_options(texts, token, answer, number, problems)
    letters = "".join(char for char in token if char not in ANSWER_SEPARATORS)
    if not all(char in OPTION_LETTERS for char in letters):
        problems.append(
            Problem(
                _("Write the answer as option letters, such as A or ACD (not “%(value)s”).")
                % {"value": answer},
                number,
                sheets.ANSWER,
            )
        )
        return None
    for letter in sorted(set(letters)):
        if OPTION_LETTERS.index(letter) >= len(texts):
            problems.append(
                Problem(
                    _("The answer names option %(letter)s, which is empty.") % {"letter": letter},
                    number,
                    sheets.ANSWER,
                )
            )
            return None
    return [(text, OPTION_LETTERS[i] in letters) for i, text in enumerate(texts)]


def _true_false_options(texts, token, answer, number, problems):
    # The options may be left empty: a true-or-false question always has 正确 and 错误.
    order = list(texts) if texts else list(TRUE_FALSE_OPTIONS)
    if sorted(order) != sorted(TRUE_FALSE_OPTIONS):
        problems.append(
            Problem(
                _(
                    "For 判断 leave the options empty, or write “%(true)s” and “%(false)s” "
                    "in 选项A and 选项B."
                )
                % {"true": TRUE_TEXT, "false": FALSE_TEXT},
                number,
                sheets.OPTIONS_LABEL,
            )
        )
        return None
    if token in TRUE_WORDS:
        right = TRUE_TEXT
    elif token in FALSE_WORDS:
        right = FALSE_TEXT
    elif token in ("A", "B"):
        right = order[OPTION_LETTERS.index(token)]
    else:
        problems.append(
            Problem(
                _(
                    "For 判断 write the answer as “%(true)s” or “%(false)s” (or 对/错), "
                    "not “%(value)s”."
                )
                % {"true": TRUE_TEXT, "false": FALSE_TEXT, "value": answer},
                number,
                sheets.ANSWER,
            )
        )
        return None
    return [(text, text == right) for text in order]


# --- Questions back into rows ------------------------------------------------------------------


def question_row(question):
    """A question as a row of the template (a dict by column name); the options must be
    prefetched to keep an export of the whole bank to two queries."""
    options = list(question.options.all())
    row = {
        sheets.KIND: KIND_NAMES.get(question.kind, question.kind),
        sheets.TEXT: question.text,
        sheets.EXPLANATION: question.explanation,
        sheets.CATEGORY: question.category,
        sheets.DIFFICULTY: DIFFICULTY_NAMES.get(question.difficulty, question.difficulty),
    }
    for name, option in zip(sheets.OPTIONS, options, strict=False):
        row[name] = option.text
    row[sheets.ANSWER] = answer_key(question.kind, options)
    return row
