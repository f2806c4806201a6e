import datetime

import pytest
import time_machine

from tests.discussions.reception.helpers import SHANGHAI


@pytest.fixture(autouse=True)
def wednesday_morning():
    """The pages list what is still ahead of now. A fixed now keeps "ahead" the same on every
    run: on a Monday afternoon that day's session would already be over."""
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI), tick=False):
        yield
