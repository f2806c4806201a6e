"""The walked site, built once per test at a fixed moment."""

import datetime

import pytest
import time_machine

from tests.walker import site

# A Sunday morning: the lecture is a week ahead, the quiz open, the reception sessions ahead.
NOW = datetime.datetime(2026, 11, 15, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def walk(db):
    with time_machine.travel(NOW, tick=False):
        yield site.build()
