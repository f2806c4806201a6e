"""Fixtures shared by the tests in this folder."""

import pytest

from tests.events.helpers import superuser


@pytest.fixture
def boss(client, db):
    client.force_login(superuser())
    return client
