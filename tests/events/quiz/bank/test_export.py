"""Exporting the bank in the template's shape, which imports back unchanged, and the template
itself."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from events.models import Question
from events.quiz.bank import question_row
from events.quiz.bank.sheets import COLUMNS
from tests.events.quiz.bank.helpers import IMPORT, LISTING, TEMPLATE, XLSX_TYPE, question, upload

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


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


def test_the_sheets_have_chinese_names(boss):
    make_bank()
    export = boss.get(f"{LISTING}?export=xlsx")
    assert openpyxl.load_workbook(io.BytesIO(export.content)).sheetnames == ["题库"]
    template = boss.get(TEMPLATE)
    workbook = openpyxl.load_workbook(io.BytesIO(template.content))
    assert workbook.sheetnames == ["题库", "填写说明"]
    assert workbook["填写说明"]["A1"].value == "题库导入模板填写说明"
