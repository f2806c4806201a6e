"""Helpers shared by the question bank's tests: rows and files in the template's shape,
uploading them, and reading the import report."""

import csv
import io
import re

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from events.quiz.bank.sheets import COLUMNS
from tests import factories

LISTING = "/admin/events/questions/"

ADD = f"{LISTING}add/"

IMPORT = f"{LISTING}import/"

TEMPLATE = f"{LISTING}template/"

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
