"""The walked site: built once for the whole folder (tests/once.py) at a fixed moment."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.test import override_settings

from tests.once import built_once
from tests.walker import site

# A Sunday evening in Beijing: the lecture a week ahead, the quiz open, reception sessions ahead.
NOW = datetime.datetime(2026, 11, 15, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(scope="package")
def _built(django_db_setup, django_db_blocker, tmp_path_factory):
    """Publishing a page of every type takes seconds; it is done once, inside a transaction
    that is rolled back when the folder's tests are done."""
    media = tmp_path_factory.mktemp("walk-media")
    with built_once(django_db_blocker):
        with override_settings(MEDIA_ROOT=media), time_machine.travel(NOW, tick=False):
            walk = site.build()
        yield walk, media


@pytest.fixture
def walk(_built, db, settings):
    built, media = _built
    document = built.objects["document"]
    # Each test has a media folder of its own (tests/conftest.py): the document's file goes in.
    target = Path(settings.MEDIA_ROOT) / document.file.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes((media / document.file.name).read_bytes())
    with time_machine.travel(NOW, tick=False):
        yield built
