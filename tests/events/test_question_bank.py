"""The quiz question bank in the Wagtail admin: the rules a question must meet (in the form and
in the importer alike), import from the spreadsheet template with its row-by-row report, export
in the same shape, permissions, the listing's query count, and the demo bank.

Files are built here with openpyxl and csv. Assertions lean on row numbers, column names (the
template's, which are Chinese in every language) and data attributes rather than on wording.
"""

import csv
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from events.demo_quiz import load_bank
from events.models import Attempt, AttemptQuestion, EventKind, Question, QuestionKind, Quiz
from events.question_bank import question_row, validate_question
from events.question_bank.sheets import COLUMNS, MAX_BYTES, MAX_QUESTIONS
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

LISTING = "/admin/events/questions/"
ADD = f"{LISTING}add/"
IMPORT = f"{LISTING}import/"
TEMPLATE = f"{LISTING}template/"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

T, F = True, False


def staff(username, *codenames):
    """An admin user holding the given permissions (app label events unless dotted)."""
    return factories.staff_user(username, *codenames, app="events")


def superuser():
    return factories.staff_user("boss", superuser=True)


@pytest.fixture
def boss(client, db):
    client.force_login(superuser())
    return client


def row(kind, text, options=(), answer="A", explanation="", category="廉洁从政", difficulty="中"):
    values = dict(zip(COLUMNS[2:8], options, strict=False))
    values.update(
        {
            "题型": kind,
            "题目": text,
            "正确答案": answer,
            "解析": explanation,
            "分类": category,
            "难度": difficulty,
        }
    )
    return values


GOOD_ROWS = [
    row(
        "单选",
        "“三会一课”中的“一课”是什么？",
        ["党课", "业务课", "法治课"],
        "A",
        "按时上好党课。",
        "三会一课",
        "易",
    ),
    row(
        "多选",
        "“三不放过”包括哪些？",
        ["问题不查清不放过", "问题不解决不放过", "措施不落实不放过", "群众不道歉不放过"],
        "a、b、c",
        "",
        "三不放过",
        "2",
    ),
    row("判断", "党风廉政建设只是纪委的事。", [], "错", "一岗双责。", "一岗双责", "难"),
]


def xlsx_file(rows, headers=COLUMNS, name="题库.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for values in rows:
        sheet.append(
            [values.get(header, "") for header in headers] if isinstance(values, dict) else values
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX_TYPE)


def csv_file(rows, headers=COLUMNS, name="题库.csv", encoding="utf-8-sig"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for values in rows:
        writer.writerow([values.get(header, "") for header in headers])
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), content_type="text/csv")


def upload(client, file):
    return client.post(IMPORT, {"file": file})


def report(response):
    """(row, column) of each problem in the import page's report."""
    html = response.content.decode()
    return re.findall(r'<tr data-row="(\d*)" data-column="([^"]*)">', html)


def question(text, *, kind="single", options=("甲", "乙", "丙"), answer=None, **fields):
    """A bank question through the shared factory; ``answer`` is letters, or True/False."""
    if answer is None:
        answer = {"multiple": "AB", "true_false": True}.get(kind, "A")
    if kind == "true_false":
        options, correct = ("正确", "错误"), ((0,) if answer else (1,))
    else:
        correct = tuple("ABCDEF".index(letter) for letter in answer)
    return factories.question(text, kind=kind, options=options, correct=correct, **fields)


def options_of(question):
    return [(option.text, option.is_correct) for option in question.options.all()]


# --- The rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, options, ok",
    [
        ("single", [("甲", T), ("乙", F)], True),
        ("single", [("甲", T), ("乙", T), ("丙", F)], False),
        ("single", [("甲", F), ("乙", F)], False),
        ("single", [("甲", T)], False),
        ("single", [("甲", T), ("甲", F)], False),
        ("single", [("甲", T), ("乙", F), ("", F), ("  ", F)], True),  # blanks are not options
        ("single", [(str(n), n == 0) for n in range(7)], False),
        ("multiple", [("甲", T), ("乙", T), ("丙", F)], True),
        ("multiple", [("甲", T), ("乙", F), ("丙", F)], False),
        ("multiple", [("甲", T), ("乙", T)], False),
        ("multiple", [("甲", T), ("乙", T), ("丙", T)], False),
        ("true_false", [("正确", F), ("错误", T)], True),
        ("true_false", [("错误", T), ("正确", F)], True),
        ("true_false", [("正确", T), ("错误", T)], False),
        ("true_false", [("正确", F), ("错误", F)], False),
        ("true_false", [("对", T), ("错", F)], False),
        ("true_false", [("正确", T), ("错误", F), ("不知道", F)], False),
        ("", [("甲", T), ("乙", F)], False),
    ],
)
def test_validate_question(kind, options, ok):
    problems = validate_question(kind, options)
    assert (problems == []) is ok, problems
    assert all(isinstance(problem, str) and problem for problem in problems)


# --- The edit form ----------------------------------------------------------------------------


def form_data(kind, options, text="社区干部可以收受居民送的购物卡吗？"):
    return nested_form_data(
        {
            "kind": kind,
            "category": "廉洁从政",
            "difficulty": "2",
            "text": text,
            "explanation": "",
            "active": "on",
            "options": inline_formset(
                [
                    {"text": option, **({"is_correct": "on"} if correct else {})}
                    for option, correct in options
                ],
                min=2,
                max=6,
            ),
        }
    )


@pytest.mark.parametrize(
    "kind, options",
    [
        ("single", [("可以", T), ("不可以", T)]),
        ("multiple", [("甲", T), ("乙", F), ("丙", F)]),
        ("multiple", [("甲", T), ("乙", T)]),
        ("true_false", [("对", T), ("错", F)]),
    ],
)
def test_admin_form_refuses_a_malformed_question(boss, kind, options):
    response = boss.post(ADD, form_data(kind, options))
    assert response.status_code == 200
    assert not Question.objects.exists()
    expected = validate_question(kind, options)
    assert expected
    html = response.content.decode()
    for message in expected:
        assert escape(message) in html


def test_admin_form_saves_a_well_formed_question(boss):
    response = boss.post(ADD, form_data("multiple", [("甲", T), ("乙", T), ("丙", F)]))
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.kind == QuestionKind.MULTIPLE
    assert options_of(question) == [("甲", T), ("乙", T), ("丙", F)]


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


# --- Export and the template -----------------------------------------------------------------


def read_xlsx(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [
        ["" if value is None else str(value) for value in r]
        for r in sheet.iter_rows(values_only=True)
    ]


def make_bank():
    question(
        "下列哪项属于“三会”？",
        options=["党小组会", "茶话会", "联欢会"],
        answer="A",
        category="三会一课",
        difficulty=1,
        explanation="三会：党员大会、支委会、党小组会。",
    )
    question(
        "“四风”包括哪些？",
        kind="multiple",
        options=["形式主义", "官僚主义", "享乐主义", "奢靡之风", "艰苦奋斗"],
        answer="ABCD",
        difficulty=3,
    )
    question("信访人不得捏造事实。", kind="true_false", answer=True, category="信访工作")
    question("=SUM(A1) 这样的文字也是题目吗？", options=["-是", "+否", "@不知道"], answer="A")
    return {q.text: question_row(q) for q in Question.objects.prefetch_related("options")}


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_export_then_import_gives_back_the_same_bank(boss, export_format):
    before = make_bank()
    response = boss.get(f"{LISTING}?export={export_format}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    content = response.content
    if export_format == "csv":
        assert content.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    else:
        rows = read_xlsx(content)
    assert rows[0] == list(COLUMNS)
    assert len(rows) == 5

    Question.objects.all().delete()
    name = f"题库.{export_format}"
    kind = XLSX_TYPE if export_format == "xlsx" else "text/csv"
    assert upload(boss, SimpleUploadedFile(name, content, content_type=kind)).status_code == 302
    after = {q.text: question_row(q) for q in Question.objects.prefetch_related("options")}
    assert after == before


def test_export_follows_the_filters(boss):
    make_bank()
    response = boss.get(f"{LISTING}?export=csv&category=信访工作")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["信访人不得捏造事实。"]


def test_the_template_has_the_columns_and_two_examples_that_import(boss):
    response = boss.get(TEMPLATE)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = read_xlsx(response.content)
    assert rows[0] == list(COLUMNS)
    assert len([r for r in rows[1:] if any(r)]) == 2
    assert len(workbook.worksheets) == 2  # the questions, then how to fill them in

    imported = upload(
        boss, SimpleUploadedFile("模板.xlsx", response.content, content_type=XLSX_TYPE)
    )
    assert imported.status_code == 302
    assert Question.objects.count() == 2

    csv_template = boss.get(f"{TEMPLATE}?format=csv")
    assert csv_template.status_code == 200
    assert upload(boss, SimpleUploadedFile("模板.csv", csv_template.content)).status_code == 302
    assert Question.objects.count() == 2  # the same two questions: left alone


def test_the_import_page_links_the_template(boss):
    response = boss.get(IMPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{TEMPLATE}"' in html
    assert "data-question-import" in html
    assert 'enctype="multipart/form-data"' in html


# --- Permissions ------------------------------------------------------------------------------


def test_viewers_may_export_but_not_import(client):
    question("只能看的题")
    client.force_login(staff("viewer", "view_question"))
    assert client.get(LISTING).status_code == 200
    assert client.get(f"{LISTING}?export=csv").status_code == 200
    html = client.get(LISTING).content.decode()
    assert IMPORT not in html and TEMPLATE not in html

    for response in (
        client.get(IMPORT),
        client.get(TEMPLATE),
        upload(client, xlsx_file(GOOD_ROWS)),
    ):
        assert response.status_code == 302  # Wagtail's "permission denied" goes to the dashboard
        assert response["Location"] == "/admin/"
    assert Question.objects.count() == 1


def test_adders_may_import_but_export_needs_view(client):
    client.force_login(staff("adder", "add_question"))
    html = client.get(LISTING).content.decode()
    assert IMPORT in html and TEMPLATE in html
    assert "export=csv" not in html
    assert client.get(TEMPLATE).status_code == 200
    assert upload(client, xlsx_file(GOOD_ROWS)).status_code == 302
    assert Question.objects.count() == 3
    refused = client.get(f"{LISTING}?export=csv")
    assert refused.status_code == 403


def test_staff_without_question_permissions_see_nothing(client):
    question("看不见的题")
    client.force_login(staff("clerk", "view_registration"))
    for url in (LISTING, IMPORT, TEMPLATE, f"{LISTING}?export=csv"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "看不见的题".encode() not in response.content


# --- Listing ----------------------------------------------------------------------------------


def test_listing_speaks_chinese_and_shows_the_answers(boss):
    question("单选题文本", options=["甲", "乙", "丙"], answer="B", category="三会一课")
    question("多选题文本", kind="multiple", options=["甲", "乙", "丙", "丁"], answer="ACD")
    question("判断题文本", kind="true_false", answer=False, active=False)
    response = boss.get(LISTING)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-hans"' in html
    for text in ("单选题文本", "多选题文本", "判断题文本", "题型", "分类", "难度"):
        assert text in html
    assert ">B<" in html.replace(" ", "").replace("\n", "")
    assert ">ACD<" in html.replace(" ", "").replace("\n", "")
    assert ">错误<" in html.replace(" ", "").replace("\n", "")


def test_the_bank_sits_in_the_events_menu(boss):
    html = boss.get("/admin/").content.decode()
    assert LISTING in html
    assert "/admin/snippets/events/question/" not in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("kind=multiple", {"多选"}),
        ("kind=true_false", {"判断"}),
        ("category=三会一课", {"单选"}),
        ("difficulty=3", {"多选"}),
        ("active=0", {"判断"}),
        ("active=1", {"单选", "多选"}),
        ("q=信访", {"判断"}),
        ("q=党支部", {"单选"}),
    ],
)
def test_listing_filters_and_search(boss, query, expected):
    question("单选：党支部的“三会”", category="三会一课", difficulty=1)
    question("多选：廉洁", kind="multiple", difficulty=3)
    question("判断：信访人", kind="true_false", active=False)
    html = boss.get(f"{LISTING}results/?{query}").content.decode()
    shown = {kind for kind in ("单选", "多选", "判断") if f"{kind}：" in html}
    assert shown == expected


# Session, user, profile; the category choices of the filter; count; locales; the admin menu's
# page checks (3); the questions, and all their options in one more.
LISTING_QUERIES = 11


@pytest.mark.parametrize("length", [1, 20])
def test_listing_query_count_does_not_grow(client, length):
    client.force_login(superuser())
    for number in range(length):
        kind = ("single", "multiple", "true_false")[number % 3]
        question(f"第{number}题", kind=kind, category=f"分类{number % 4}")
    client.get(LISTING)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LISTING)
    assert response.status_code == 200
    assert response.content.decode().count("第") >= length
    assert len(queries) == LISTING_QUERIES, [q["sql"] for q in queries]


# --- Questions on papers ----------------------------------------------------------------------


def test_a_question_on_a_residents_paper_cannot_be_deleted(boss):
    used = question("答过的题")
    unused = question("没人答过的题")
    event = factories.event(factories.event_index(), kind=EventKind.QUIZ)
    now = timezone.now()
    quiz = Quiz.objects.create(
        event=event, opens_at=now, closes_at=now + timezone.timedelta(days=1)
    )
    attempt = Attempt.objects.create(quiz=quiz, token="t" * 32, max_score=100, deadline=now)
    AttemptQuestion.objects.create(attempt=attempt, question=used, position=1)

    response = boss.post(f"{LISTING}delete/{used.pk}/")
    assert response.status_code == 302
    assert Question.objects.filter(pk=used.pk).exists()
    assert boss.get(f"{LISTING}delete/{used.pk}/").status_code == 302

    bulk = f"/admin/bulk/events/question/delete/?next={LISTING}"
    boss.post(f"{bulk}&id={used.pk}&id={unused.pk}")
    assert Question.objects.filter(pk__in=[used.pk, unused.pk]).count() == 2

    assert boss.post(f"{bulk}&id={unused.pk}").status_code == 302
    assert not Question.objects.filter(pk=unused.pk).exists()
    assert Question.objects.filter(pk=used.pk).exists()


# --- The demo bank ----------------------------------------------------------------------------


def test_the_demo_bank_loads_valid_questions_once():
    count = load_bank()
    assert count >= 30
    questions = list(Question.objects.prefetch_related("options"))
    assert len(questions) == count
    for question in questions:
        options = [(o.text, o.is_correct) for o in question.options.all()]
        assert validate_question(question.kind, options) == [], question.text
        assert question.explanation
    assert {q.kind for q in questions} == set(QuestionKind.values)
    assert {q.difficulty for q in questions} == {1, 2, 3}
    assert {"三会一课", "一岗双责", "三不放过", "信访工作", "廉洁从政"} <= {
        q.category for q in questions
    }

    assert load_bank() == count
    assert Question.objects.count() == count
