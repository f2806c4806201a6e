"""The report as an XLSX workbook: one sheet a section, named in Chinese, each rate as its
numerator, denominator and value, this period beside the previous one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from home.admin_ui import sheet_title

from .rates import Rate

if TYPE_CHECKING:
    from openpyxl import Workbook


def _cells(value) -> list:
    if isinstance(value, Rate):
        return [
            value.numerator,
            value.denominator,
            round(value.value, 4) if value.value is not None else "—",
        ]
    return ["", "", value]


def _heading(report) -> list:
    this, before = report.period.label, report.previous.label
    return [
        _("Figure"),
        _("This period: numerator"),
        _("This period: denominator"),
        _("This period: value"),
        _("Previous period: numerator"),
        _("Previous period: denominator"),
        _("Previous period: value"),
        "",
        f"{_('This period')}：{this}",
        f"{_('Previous period')}：{before}",
    ]


def report_workbook(report) -> Workbook:
    # Imported here: openpyxl takes about 9 MB in every app server process that loads it, and
    # only staff who download a report need it.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for section in report.sections:
        sheet = workbook.create_sheet(title=sheet_title(section.title))
        sheet.append(_heading(report))
        for cell in sheet[1]:
            cell.font = bold
        for figure in section.figures:
            sheet.append([str(figure.label), *_cells(figure.current), *_cells(figure.previous)])
        for breakdown in section.breakdowns:
            sheet.append([])
            sheet.append([str(breakdown.title)])
            sheet[sheet.max_row][0].font = bold
            for label, current, previous in breakdown.rows:
                sheet.append([str(label), *_cells(current), *_cells(previous)])
        if section.note:
            sheet.append([])
            sheet.append([str(section.note)])
        sheet.column_dimensions["A"].width = 28
        for column in "BCDEFG":
            sheet.column_dimensions[column].width = 14
    return workbook
