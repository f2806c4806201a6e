"""What the public listings of records and suggestions share: a calendar year in local time
and the query string of a listing's filters."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.http import urlencode


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=tz),
        datetime.datetime(year + 1, 1, 1, tzinfo=tz),
    )


def filter_query(**params: object) -> str:
    """The query string for a listing's filters, leaving out the empty ones."""
    return urlencode({name: value for name, value in params.items() if value})
