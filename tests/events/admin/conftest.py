"""Fixtures shared by the tests in this folder."""

import pytest

from tests import factories


@pytest.fixture
def index(db):
    return factories.event_index()


@pytest.fixture
def event(index):
    return factories.event(index, title="廉政知识讲座", capacity=10)
