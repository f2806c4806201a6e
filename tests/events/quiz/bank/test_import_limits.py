"""An uploaded .xlsx is bounded before it is parsed: the zip's entries (count, unpacked size,
compression ratio) and the first sheet's declared size are checked from the zip's directory
and the sheet's first few KB, so a small file that unpacks to a huge sheet is refused at once.

The workbooks are built here: the large ones with zipfile, writing the sheet in pieces so the
test itself stays fast and small; the others with openpyxl.
"""

import re
import time
import tracemalloc
import zipfile
from io import BytesIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from events.models import Question
from tests.events.quiz.bank.helpers import GOOD_ROWS, XLSX_TYPE, upload, xlsx_file

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Target="xl/workbook.xml" '
        f'Type="{DOC_RELS}/officeDocument"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>'
        '<sheet name="题库" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Target="worksheets/sheet1.xml" Type="{DOC_RELS}/worksheet"/></Relationships>'
    ),
}


def workbook(cells_in_row=3, *, dimension=None, extra_parts=0, name="题库.xlsx"):
    """A one-row workbook written piece by piece; ``dimension`` is the size it declares."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, text in PARTS.items():
            archive.writestr(part, text)
        for number in range(extra_parts):
            archive.writestr(f"customXml/item{number}.xml", "<a/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<worksheet xmlns="{MAIN}">'.encode())
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b'<sheetData><row r="1">')
            chunk = b"<c><v>1</v></c>" * 10_000
            written = 0
            while written + 10_000 <= cells_in_row:
                sheet.write(chunk)
                written += 10_000
            sheet.write(b"<c><v>1</v></c>" * (cells_in_row - written))
            sheet.write(b"</row></sheetData></worksheet>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX_TYPE)


def whole_file_problems(response):
    """The messages about the file as a whole in the import page's report."""
    html = response.content.decode()
    return re.findall(
        r'<tr data-row="" data-column="">.*?<td>[^<]*</td>\s*<td>([^<]*)</td>', html, re.S
    )


def test_a_small_file_holding_four_million_cells_is_refused_quickly_and_cheaply(boss):
    bomb = workbook(4_000_000)
    assert len(bomb) < 200 * 1024  # about 121 KB, under the 2 MB upload limit
    started = time.perf_counter()
    response = upload(boss, bomb)
    assert time.perf_counter() - started < 2
    assert response.status_code == 400
    bomb.seek(0)
    tracemalloc.start()  # traced apart from the timing, which tracing slows
    try:
        again = upload(boss, bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert again.status_code == 400
    assert peak < 100 * 1024 * 1024
    [message] = whole_file_problems(response)
    assert "20 MB" in message  # one part of the workbook may unpack to at most 20 MB
    assert not Question.objects.exists()


def test_a_sheet_declaring_too_many_columns_is_refused_before_it_is_read(boss):
    # Declares A1:AO1, 41 columns, though it holds only three cells.
    response = upload(boss, workbook(3, dimension="A1:AO1"))
    assert response.status_code == 400
    [message] = whole_file_problems(response)
    assert "40" in message


def test_a_sheet_declaring_too_many_rows_is_refused(boss):
    response = upload(boss, workbook(3, dimension="A1:J3001"))
    assert response.status_code == 400
    [message] = whole_file_problems(response)
    assert "3000" in message


def test_the_declared_size_is_found_in_a_workbook_excel_would_write(boss):
    spreadsheet = openpyxl.load_workbook(BytesIO(xlsx_file(GOOD_ROWS).read()))
    spreadsheet.active.cell(row=2, column=41, value="备注")
    buffer = BytesIO()
    spreadsheet.save(buffer)
    response = upload(boss, SimpleUploadedFile("题库.xlsx", buffer.getvalue()))
    assert response.status_code == 400
    assert "40" in whole_file_problems(response)[0]
    assert not Question.objects.exists()


def test_a_workbook_with_too_many_parts_is_refused(boss):
    response = upload(boss, workbook(3, extra_parts=50))
    assert response.status_code == 400
    assert "50" in whole_file_problems(response)[0]


def test_a_part_packed_far_tighter_than_a_spreadsheet_is_refused(boss):
    # 200,000 identical cells: 3 MB unpacked, under every size limit, but packed about 300:1.
    response = upload(boss, workbook(200_000))
    assert response.status_code == 400
    assert "100" in whole_file_problems(response)[0]
