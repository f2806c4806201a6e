"""Fixtures shared by the tests in this folder."""

import datetime

import pytest

from tests import factories


@pytest.fixture
def index(db):
    return factories.event_index()


@pytest.fixture
def event(index):
    """An event starting in an hour: check-in is open (from two hours before the start)."""
    return factories.event(
        index, title="廉政知识讲座", capacity=10, starts_in=datetime.timedelta(hours=1)
    )
