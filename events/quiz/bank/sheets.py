"""The spreadsheet side of the question bank: the template's columns, reading an uploaded .xlsx
or .csv into rows of text, and writing rows back out in the same shape.

Reading never trusts the file: its size, row count and unpacked size are capped before it is
parsed, formulas are taken by the value Excel saved for them, and every problem is reported
with the row a spreadsheet program would show (the column names are row 1).
"""

import csv
import datetime
import io
import posixpath
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models import OPTION_LETTERS

# The template's column names. They are a file format, the same in every admin language.
KIND = "题型"
TEXT = "题目"
OPTIONS = tuple(f"选项{letter}" for letter in OPTION_LETTERS)
ANSWER = "正确答案"
EXPLANATION = "解析"
CATEGORY = "分类"
DIFFICULTY = "难度"
COLUMNS = (KIND, TEXT, *OPTIONS, ANSWER, EXPLANATION, CATEGORY, DIFFICULTY)
REQUIRED_COLUMNS = (KIND, TEXT, ANSWER, CATEGORY)
# Names staff are likely to type for a column; each is read as the template's own name.
COLUMN_ALIASES = {"类型": KIND, "题干": TEXT, "答案": ANSWER, "类别": CATEGORY}
OPTIONS_LABEL = f"{OPTIONS[0]}–{OPTIONS[-1]}"
# The workbook's sheets, named for staff rather than Sheet1; imports read the first sheet
# whatever its name.
SHEET_TITLE = "题库"
GUIDE_TITLE = "填写说明"

MAX_BYTES = 2 * 1024 * 1024
MAX_QUESTIONS = 2000
# Blank rows a spreadsheet keeps after formatting still have to be read; past this many rows
# in all, the file is refused rather than read on.
MAX_SHEET_ROWS = MAX_QUESTIONS + 1000
MAX_SHEET_COLUMNS = 40
HEADER_SEARCH_ROWS = 5
# A 2 MB .xlsx is a zip that could unpack to gigabytes; real question banks stay far below
# these. They are checked from the zip's directory before anything is unpacked, and zipfile
# stops unpacking an entry at its declared size, so a directory that lies fails to read.
MAX_ZIP_ENTRIES = 50
MAX_ENTRY_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
# Entries smaller than this are left out of the ratio check: a few KB of repeated XML packs
# tightly, and the count and size limits already bound them.
RATIO_CHECKED_BYTES = 1024 * 1024
# The sheet's declared size (<dimension ref="A1:J120"/>) is near its start.
DIMENSION_SEARCH_BYTES = 8 * 1024
SMALL_PART_BYTES = 1024 * 1024
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Za-z0-9:$]+)"')

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_CHARS = ("=", "+", "-", "@")


class SheetError(Exception):
    """The file as a whole cannot be read as a question table."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Cell:
    value: str
    # A formula with no value saved by the spreadsheet program (e.g. one written by a script).
    unsaved_formula: bool = False


@dataclass
class Table:
    """The column names (as read) and each non-blank row below them with its row number."""

    header_row: int
    headers: list
    rows: list = field(default_factory=list)  # [(row_number, [Cell, ...])]


def read_table(upload):
    """The table in an uploaded file (a Django UploadedFile), or SheetError."""
    name = (upload.name or "").lower()
    if upload.size is not None and upload.size > MAX_BYTES:
        raise SheetError(_too_large())
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise SheetError(_too_large())
    if not data.strip():
        raise SheetError(_("The file is empty."))
    if name.endswith(".xlsx") or name.endswith(".xlsm"):
        rows = _xlsx_rows(data)
    elif name.endswith(".csv") or name.endswith(".txt"):
        rows = _csv_rows(data)
    elif name.endswith(".xls") or name.endswith(".et") or name.endswith(".wps"):
        raise SheetError(
            _("Old Excel (.xls) and WPS files cannot be read: save the file as .xlsx first.")
        )
    else:
        raise SheetError(_wrong_type())
    return _table(rows)


def _too_large():
    return _("The file is larger than %(size)s MB; split it into smaller files.") % {
        "size": MAX_BYTES // (1024 * 1024)
    }


def _wrong_type():
    return _("Choose an Excel (.xlsx) or CSV (.csv) file made from the template.")


def _table(rows):
    filled = [(number, cells) for number, cells in rows if any(cell.value for cell in cells)]
    if not filled:
        raise SheetError(_("The file is empty."))
    # The column names are the first row naming a question column; a title line above them
    # ("2026年廉政知识题库") is passed over. Without such a row the first row is taken, and the
    # missing columns are reported.
    start = next(
        (
            index
            for index, (_number, cells) in enumerate(filled[:HEADER_SEARCH_ROWS])
            if {normalise_header(cell.value) for cell in cells} & {KIND, TEXT}
        ),
        0,
    )
    header_row, header_cells = filled[start]
    table = Table(header_row=header_row, headers=[cell.value for cell in header_cells])
    table.rows = filled[start + 1 :]
    if len(table.rows) > MAX_QUESTIONS:
        raise SheetError(
            _("The file holds more than %(count)s questions; split it into smaller files.")
            % {"count": MAX_QUESTIONS}
        )
    if not table.rows:
        raise SheetError(_("The file has column names but no questions below them."))
    return table


# --- Reading .xlsx ---------------------------------------------------------------------------


def _xlsx_rows(data):
    import openpyxl

    unreadable = _(
        "The file could not be read as an Excel workbook. Open it in Excel or WPS, save it "
        "as .xlsx and try again."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive)
            _check_dimension(archive)
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError):
        raise SheetError(unreadable) from None
    try:
        values = _sheet(openpyxl, data, data_only=True)
        kinds = _sheet(openpyxl, data, data_only=False)
    except SheetError:
        raise
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds of errors for a broken file
        raise SheetError(unreadable) from None
    rows = []
    for number, (row_values, row_kinds) in enumerate(zip(values, kinds, strict=False), start=1):
        rows.append(
            (
                number,
                [
                    Cell(_text(value), unsaved_formula=is_formula and value is None)
                    for value, is_formula in zip(row_values, row_kinds, strict=False)
                ],
            )
        )
    return rows


def _check_archive(archive):
    """Refuse a workbook whose zip directory promises more than a question bank holds."""
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise SheetError(
            _(
                "The workbook has more than %(count)s parts inside; save it again from Excel "
                "or WPS as .xlsx."
            )
            % {"count": MAX_ZIP_ENTRIES}
        )
    for info in entries:
        if info.file_size > MAX_ENTRY_BYTES:
            raise SheetError(_unpacks_to(MAX_ENTRY_BYTES))
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECKED_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise SheetError(
                _(
                    "The workbook is packed more than %(ratio)s times tighter than a real "
                    "spreadsheet; save it again from Excel or WPS as .xlsx."
                )
                % {"ratio": MAX_COMPRESSION_RATIO}
            )
    if sum(info.file_size for info in entries) > MAX_UNPACKED_BYTES:
        raise SheetError(_unpacks_to(MAX_UNPACKED_BYTES))


def _unpacks_to(limit):
    return _(
        "The workbook unpacks to more than %(size)s MB; delete unused rows, columns and "
        "pictures, or split it into smaller files."
    ) % {"size": limit // (1024 * 1024)}


def _check_dimension(archive):
    """Refuse the first sheet if the size it declares is past the rows or columns read."""
    path = _first_sheet_path(archive)
    if path is None:
        return
    with archive.open(path) as stream:
        start = stream.read(DIMENSION_SEARCH_BYTES)
    found = DIMENSION.search(start)
    if not found:
        return
    from openpyxl.utils.cell import range_boundaries

    first_column, first_row, last_column, last_row = range_boundaries(
        found.group(1).decode("ascii").replace("$", "")
    )
    if last_column is not None and last_column - (first_column or 1) + 1 > MAX_SHEET_COLUMNS:
        raise SheetError(
            _("The sheet has more than %(count)s columns; delete the unused columns.")
            % {"count": MAX_SHEET_COLUMNS}
        )
    if last_row is not None and last_row - (first_row or 1) + 1 > MAX_SHEET_ROWS:
        raise SheetError(_too_many_rows())


def _first_sheet_path(archive):
    """The zip path of the workbook's first sheet, found as openpyxl finds it, or None."""
    names = set(archive.namelist())
    workbook_path = "xl/workbook.xml"
    types = _small_xml(archive, "[Content_Types].xml")
    for override in types.iter(f"{{{CONTENT_TYPES_NS}}}Override"):
        if override.get("ContentType", "").endswith(".main+xml"):
            workbook_path = override.get("PartName", "").lstrip("/")
            break
    folder, filename = posixpath.split(workbook_path)
    rels_path = posixpath.join(folder, "_rels", f"{filename}.rels")
    if workbook_path not in names or rels_path not in names:
        return None
    sheet = _small_xml(archive, workbook_path).find(f"{{{MAIN_NS}}}sheets/{{{MAIN_NS}}}sheet")
    if sheet is None:
        return None
    rel_id = sheet.get(f"{{{RELATIONSHIPS_NS}}}id")
    for relation in _small_xml(archive, rels_path):
        if relation.get("Id") == rel_id:
            target = relation.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            path = posixpath.normpath(path)
            return path if path in names else None
    return None


def _small_xml(archive, name):
    """A part that is a few KB in any real workbook, parsed; a larger one is not read."""
    if archive.getinfo(name).file_size > SMALL_PART_BYTES:
        raise ValueError(name)
    from openpyxl.xml.functions import fromstring  # defused, as openpyxl reads the rest

    try:
        return fromstring(archive.read(name))
    except Exception as error:  # noqa: BLE001 - lxml and ElementTree raise different errors
        raise ValueError(name) from error


def _too_many_rows():
    return _("The file has more than %(count)s rows; split it into smaller files.") % {
        "count": MAX_SHEET_ROWS
    }


def _sheet(openpyxl, data, *, data_only):
    """The first sheet's rows: values (``data_only``) or whether each cell is a formula."""
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    try:
        if not workbook.worksheets:
            raise SheetError(_("The file is empty."))
        rows = []
        for row in workbook.worksheets[0].iter_rows(max_col=MAX_SHEET_COLUMNS):
            if len(rows) >= MAX_SHEET_ROWS:
                raise SheetError(_too_many_rows())
            if data_only:
                rows.append([cell.value for cell in row])
            else:
                rows.append([cell.data_type == "f" for cell in row])
        return rows
    finally:
        workbook.close()


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    return str(value).strip()


# --- Reading .csv ----------------------------------------------------------------------------


def _csv_rows(data):
    # Excel on a Chinese Windows saves "CSV" in GBK, and "CSV UTF-8" with a byte-order mark.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly any bytes
        raise SheetError(_("The text of the CSV file could not be read; save it as “CSV UTF-8”."))
    if "\x00" in text:
        raise SheetError(_wrong_type())
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    rows = []
    try:
        for number, values in enumerate(
            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1
        ):
            if number > MAX_SHEET_ROWS:
                raise SheetError(_too_many_rows())
            rows.append(
                (number, [Cell(_unguard(value.strip())) for value in values[:MAX_SHEET_COLUMNS]])
            )
    except csv.Error:
        raise SheetError(
            _("The CSV file could not be read; save it again from Excel or WPS as .csv.")
        ) from None
    return rows


def _unguard(value):
    """Undo the apostrophe an export puts before text that a spreadsheet would run as a
    formula, so that an exported file imports unchanged."""
    if value[:1] == "'" and value[1:2] in FORMULA_CHARS:
        return value[1:]
    return value


# --- Column names ----------------------------------------------------------------------------


def normalise_header(value):
    """选项 a, 选项Ａ and 选项A are one column; 答案 is 正确答案."""
    name = "".join(unicodedata.normalize("NFKC", value or "").split())
    if name.startswith("选项"):
        name = "选项" + name[2:].upper()
    return COLUMN_ALIASES.get(name, name)


# --- Writing ---------------------------------------------------------------------------------


def csv_guard(value):
    """Text starting with = + - @ would run as a formula when the CSV is opened: quote it."""
    value = "" if value is None else str(value)
    return "'" + value if value[:1] in FORMULA_CHARS else value


def write_csv(rows):
    """The rows (dicts by column name) as CSV bytes Excel opens as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([csv_guard(row.get(column, "")) for column in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(rows, *, notes=(), validation=False):
    """The rows (dicts by column name) as an .xlsx workbook; ``notes`` become a second sheet
    of instructions, and ``validation`` adds drop-down lists for the type and difficulty."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([row.get(column, "") for column in COLUMNS])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if cell.data_type == "f":
                # Text that starts with "=" is question text, not a formula.
                cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    header_fill = PatternFill("solid", fgColor="F2E6D8")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
    widths = {KIND: 8, TEXT: 48, ANSWER: 10, EXPLANATION: 40, CATEGORY: 12, DIFFICULTY: 8}
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = widths.get(
            column, 18
        )
    sheet.freeze_panes = "C2"
    if validation:
        last = MAX_QUESTIONS + 1
        for column, choices in ((KIND, "单选,多选,判断"), (DIFFICULTY, "易,中,难")):
            letter = sheet.cell(row=1, column=COLUMNS.index(column) + 1).column_letter
            rule = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
            rule.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(rule)
    if notes:
        guide = workbook.create_sheet(GUIDE_TITLE)
        guide.column_dimensions["A"].width = 100
        for line in notes:
            guide.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
