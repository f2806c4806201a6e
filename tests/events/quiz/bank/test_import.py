"""Importing the spreadsheet template: every row checked first, nothing imported while any row
is wrong, each problem named by row and column; and the demo bank, loaded through the same
import.

Files are built here with openpyxl and csv. Assertions lean on row numbers, column names (the
template's, which are Chinese in every language) and data attributes rather than on wording.
"""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from events.models import Question, QuestionKind
from events.quiz.bank import validate_question
from events.quiz.bank.sheets import COLUMNS, MAX_BYTES, MAX_QUESTIONS
from events.quiz.demo import load_bank
from tests.events.quiz.bank.helpers import (
    GOOD_ROWS,
    IMPORT,
    LISTING,
    csv_file,
    options_of,
    question,
    report,
    row,
    upload,
    xlsx_file,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


T, F = True, False


# --- Import -----------------------------------------------------------------------------------


def assert_good_rows_imported():
    assert Question.objects.count() == 3
    single = Question.objects.get(text="“三会一课”中的“一课”是什么？")
    assert (single.kind, single.category, single.difficulty) == ("single", "三会一课", 1)
    assert single.explanation == "按时上好党课。"
    assert options_of(single) == [("党课", T), ("业务课", F), ("法治课", F)]
    multiple = Question.objects.get(text="“三不放过”包括哪些？")
    assert multiple.kind == "multiple" and multiple.difficulty == 2
    assert [correct for _text, correct in options_of(multiple)] == [T, T, T, F]
    true_false = Question.objects.get(text="党风廉政建设只是纪委的事。")
    assert true_false.kind == "true_false" and true_false.difficulty == 3
    assert options_of(true_false) == [("正确", F), ("错误", T)]


def test_import_xlsx(boss):
    response = upload(boss, xlsx_file(GOOD_ROWS))
    assert response.status_code == 302
    assert response["Location"] == LISTING
    assert_good_rows_imported()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_import_csv_in_the_encodings_excel_writes(boss, encoding):
    response = upload(boss, csv_file(GOOD_ROWS, encoding=encoding))
    assert response.status_code == 302
    assert_good_rows_imported()


def test_wrong_column_names_are_named_and_nothing_is_imported(boss):
    headers = ["题型", "题目", "选项A", "选项B", "答 案X", "分类"]
    response = upload(boss, xlsx_file([["单选", "题", "甲", "乙", "A", "廉洁从政"]], headers))
    assert response.status_code == 400
    html = response.content.decode()
    assert "正确答案" in html  # missing
    assert "答 案X" in html  # unknown
    assert report(response) == [("1", ""), ("1", "")]
    assert not Question.objects.exists()


def test_column_names_may_be_written_loosely(boss):
    headers = ["类型", "题干", "选项 a", "选项Ｂ", "答案", "类别"]
    response = upload(boss, xlsx_file([["单选题", "题", "甲", "乙", "Ｂ", "廉洁从政"]], headers))
    assert response.status_code == 302
    assert options_of(Question.objects.get()) == [("甲", F), ("乙", T)]


def test_a_title_line_above_the_column_names_is_passed_over(boss):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["2026年廉政知识竞赛题库"])
    sheet.append([])
    sheet.append(list(COLUMNS))
    sheet.append([GOOD_ROWS[0].get(column, "") for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(boss, SimpleUploadedFile("题库.xlsx", buffer.getvalue()))
    assert response.status_code == 302
    assert Question.objects.count() == 1


def test_one_bad_row_among_good_ones_imports_nothing(boss):
    rows = [
        GOOD_ROWS[0],
        GOOD_ROWS[1],
        row("多选", "只有一个对的多选题", ["甲", "乙", "丙"], "A"),
        GOOD_ROWS[2],
    ]
    response = upload(boss, xlsx_file(rows))
    assert response.status_code == 400
    assert report(response) == [("4", "正确答案")]
    assert 'data-import-problems="1"' in response.content.decode()
    assert not Question.objects.exists()


def test_every_problem_names_its_row_and_column(boss):
    rows = [
        row("单选", "", ["甲", "乙"], "A"),  # 2: no text
        row("问答", "题", ["甲", "乙"], "A"),  # 3: unknown type
        row("单选", "题3", ["甲", "", "丙"], "A"),  # 4: gap in the options
        row("单选", "题4", ["甲", "乙"], "C"),  # 5: answer names an empty option
        row("单选", "题5", ["甲", "乙"], "正确"),  # 6: not letters
        row("判断", "题6", ["是", "否"], "对"),  # 7: true/false with other options
        row("判断", "题7", [], "也许"),  # 8: true/false answer unreadable
        row("单选", "题8", ["甲", "乙"], "A", difficulty="很难"),  # 9: difficulty
        row("单选", "题9", ["甲", "乙"], "A", category=""),  # 10: no category
        row("单选", "题" * 501, ["甲", "乙"], "A"),  # 11: text too long
        row("单选", "题11", ["甲", "乙" * 201], "A"),  # 12: option too long
        row("单选", "题1２", ["甲", "乙"], ""),  # 13: no answer
        row("单选", "题9", ["甲", "乙"], "A", category="廉洁从政"),  # 14: same as row 10's text
    ]
    response = upload(boss, xlsx_file(rows))
    assert response.status_code == 400
    found = report(response)
    for expected in [
        ("2", "题目"),
        ("3", "题型"),
        ("4", "选项B"),
        ("5", "正确答案"),
        ("6", "正确答案"),
        ("7", "选项A–选项F"),
        ("8", "正确答案"),
        ("9", "难度"),
        ("10", "分类"),
        ("11", "题目"),
        ("12", "选项B"),
        ("13", "正确答案"),
    ]:
        assert expected in found, expected
    assert not Question.objects.exists()


def test_the_same_question_twice_in_a_file_is_a_problem(boss):
    response = upload(boss, xlsx_file([GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[0]]))
    assert report(response) == [("4", "题目")]
    assert not Question.objects.exists()


def test_questions_already_in_the_bank_are_left_alone(boss):
    question("党风廉政建设只是纪委的事。", kind="true_false", answer=True)
    response = upload(boss, xlsx_file(GOOD_ROWS))
    assert response.status_code == 302
    assert Question.objects.count() == 3
    kept = Question.objects.get(text="党风廉政建设只是纪委的事。")
    assert options_of(kept) == [("正确", T), ("错误", F)]  # not overwritten


def test_a_formula_without_a_saved_value_is_reported(boss):
    rows = [["单选", "题", "甲", "乙", "", "", "", "", '=IF(1,"A","B")', "", "廉洁从政", "易"]]
    response = upload(boss, xlsx_file(rows))
    assert ("2", "正确答案") in report(response)
    assert not Question.objects.exists()


def test_text_that_looks_like_a_formula_is_text(boss):
    rows = [row("单选", "=1+1 等于几？", ["=2", "3"], "A")]
    assert upload(boss, csv_file(rows)).status_code == 302
    question = Question.objects.get()
    assert question.text == "=1+1 等于几？"
    assert options_of(question)[0] == ("=2", T)


@pytest.mark.parametrize(
    "name, content",
    [
        ("题库.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
        ("题库.pdf", b"%PDF-1.4 whatever"),
        ("题库.xlsx", b"not a zip at all"),
        ("题库.xlsx", b"PK\x03\x04 a broken zip"),
        ("题库.csv", b"\n\n  \n"),
        ("题库.csv", "题型,题目,正确答案,分类\n".encode()),
        ("题库.csv", b"\x00\x01\x02binary"),
    ],
)
def test_files_that_are_not_question_tables(boss, name, content):
    response = upload(boss, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert report(response) == [("", "")]  # one problem, about the whole file
    assert not Question.objects.exists()


def test_an_empty_upload_is_a_form_error(boss):
    response = upload(boss, SimpleUploadedFile("题库.csv", b""))
    assert response.status_code == 200
    assert "error-message" in response.content.decode()
    assert not Question.objects.exists()


def test_an_oversized_file_is_refused(boss):
    content = b"a" * (MAX_BYTES + 1)
    response = upload(boss, SimpleUploadedFile("题库.csv", content))
    assert response.status_code == 400
    assert report(response) == [("", "")]
    assert not Question.objects.exists()


def test_too_many_questions_are_refused(boss):
    rows = [row("单选", f"第{n}题", ["甲", "乙"], "A") for n in range(MAX_QUESTIONS + 1)]
    response = upload(boss, csv_file(rows))
    assert response.status_code == 400
    assert report(response) == [("", "")]
    assert not Question.objects.exists()


def test_no_file_is_a_form_error(boss):
    response = boss.post(IMPORT, {})
    assert response.status_code == 200
    assert not Question.objects.exists()


# --- The demo bank ----------------------------------------------------------------------------


def test_the_demo_bank_loads_valid_questions_once():
    count = load_bank()
    assert count >= 30
    questions = list(Question.objects.prefetch_related("options"))
    assert len(questions) == count
    for saved in questions:
        options = [(o.text, o.is_correct) for o in saved.options.all()]
        assert validate_question(saved.kind, options) == [], saved.text
        assert saved.explanation
    assert {q.kind for q in questions} == set(QuestionKind.values)
    assert {q.difficulty for q in questions} == {1, 2, 3}
    assert {"三会一课", "一岗双责", "三不放过", "信访工作", "廉洁从政"} <= {
        q.category for q in questions
    }

    assert load_bank() == count
    assert Question.objects.count() == count
