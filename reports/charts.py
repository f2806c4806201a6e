"""Server-drawn SVG bar charts of the report, as the quiz statistics draw theirs: x positions
and lengths in percent of the width, y positions in pixels, so the bars stretch with the screen
or the A4 page while the text keeps its size. Each row has this period's bar above the previous
period's, and the same numbers stand in a table beside the chart."""

from __future__ import annotations

from .rates import Rate

ROW, TRACK = 50, 78  # pixels a row; percent of the width the longest bar may take


def _amount(value) -> float:
    if isinstance(value, Rate):
        return 100 * value.value if value.value is not None else 0
    return float(value or 0)


def _text(value) -> str:
    return str(value) if isinstance(value, Rate) else str(value or 0)


def paired_bars(breakdown) -> dict:
    rows = breakdown.rows
    most = (
        100 if breakdown.is_rate else max((_amount(v) for _l, *vs in rows for v in vs), default=0)
    )
    most = most or 1
    drawn = []
    for number, (label, current, previous) in enumerate(rows):
        top = number * ROW
        bars = []
        for offset, value, css in ((20, current, "current"), (35, previous, "previous")):
            width = round(TRACK * _amount(value) / most, 3)
            bars.append(
                {
                    "y": top + offset,
                    "width": width,
                    "value_x": round(width + 1, 3),
                    "value_y": top + offset + 11,
                    "text": _text(value),
                    "css": css,
                }
            )
        drawn.append({"label": label, "label_y": top + 15, "bars": bars})
    return {"rows": drawn, "height": max(len(rows) * ROW, 1)}
