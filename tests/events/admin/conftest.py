"""Fixtures shared by the tests in this folder."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests import factories


@pytest.fixture(autouse=True)
def weekday_morning():
    """A Wednesday, 9:00 in Beijing: an event "in an hour" is today whatever the hour the tests
    run, so today's rosters and the dashboard's day are the same on every run."""
    with time_machine.travel(
        datetime.datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True
    ):
        yield


@pytest.fixture
def index(db):
    return factories.event_index()


@pytest.fixture
def event(index):
    """An event starting in an hour: check-in is open (from two hours before the start)."""
    return factories.event(
        index, title="廉政知识讲座", capacity=10, starts_in=datetime.timedelta(hours=1)
    )
