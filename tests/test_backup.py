"""`make backup` and `make restore`: a copy taken while residents register restores whole.

The site runs as in production (tests.gunicorn's four workers and the message worker) on this
run's own database, SQLite or PostgreSQL; the make targets run as an operator runs them, in
their own processes, with the test's media folder (tests/backup_settings.py).
"""

import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from events.models import EventPage, Registration
from tests import factories
from tests.gunicorn import ROOT, database_url

sys.path.insert(0, str(ROOT / "scripts"))
from register_load import fire  # noqa: E402

ARCHIVE_NAME = re.compile(r"^qingfeng-\d{8}-\d{6}\.tar\.gz$")
CAPACITY = 30


@pytest.fixture
def operator_env(tmp_path):
    """The environment of an operator's shell: this run's database, a backup folder of the
    test's own and its media folder; no make of ours around it (a sub-make would add
    "Leaving directory" after the path)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"MAKEFLAGS", "MAKELEVEL", "MFLAGS", "REDIS_URL"}
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "tests.backup_settings",
        "DATABASE_URL": database_url(),
        "BACKUP_DIR": str(tmp_path / "backups"),
        "QINGFENG_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }


def make(target, env, *variables):
    return subprocess.run(
        ["make", target, *variables], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def backed_up(env):
    """Run `make backup` and return the archive named on its last line."""
    done = make("backup", env)
    assert done.returncode == 0, done.stderr
    return Path(done.stdout.strip().splitlines()[-1])


def _admin_connection():
    settings_dict = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        user=settings_dict["USER"] or "postgres",
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
        autocommit=True,
    )


@pytest.fixture
def fresh_database(tmp_path):
    """The URL of a database that does not exist yet; a PostgreSQL one is dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"qf_restore_{os.getpid()}"
    drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    with closing(_admin_connection()) as admin:
        admin.execute(drop)
    yield f"{database_url().rsplit('/', 1)[0]}/{name}"
    with closing(_admin_connection()) as admin:
        admin.execute(drop)


def registrations(event):
    """{registration code: status} for the event, as the live database holds it now."""
    return dict(Registration.objects.filter(event=event).values_list("code", "status"))


def restored_registrations(url, event):
    """{registration code: status} for the event in the restored database at ``url``."""
    query = (
        f"SELECT code, status FROM {Registration._meta.db_table} "  # noqa: S608 - our own names
        f"WHERE event_id = {int(event.pk)}"
    )
    if url.startswith("sqlite:"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as database:
            return dict(database.execute(query).fetchall())
    with psycopg.connect(url) as database:
        return dict(database.execute(query).fetchall())


class Residents(threading.Thread):
    """Residents registering in rounds of 12, six at a time, each with a new number, until the
    backup is done: the round under way then finishes and one more follows, so that some
    registrations are certainly taken after the backup."""

    ROUND = 12
    MOST_ROUNDS = 20  # 240 codes, within the per-address limit of the verification texts

    def __init__(self, server, event, codes):
        super().__init__()
        self.server, self.event, self.codes = server, event, codes
        self.backup_done = threading.Event()
        self.runs = []

    def run(self):
        for number in range(self.MOST_ROUNDS):
            last = self.backup_done.is_set()
            first_phone = 13900000000 + number * self.ROUND
            self.runs.append(
                fire(self.server, self.event.url, self.ROUND, 6, self.codes, first_phone)
            )
            if last:
                return

    def errors(self):
        return [error for run in self.runs for error in run.errors()]

    def wait_for(self, count, timeout=120):
        deadline = time.monotonic() + timeout
        while len(registrations(self.event)) < count:
            assert self.is_alive(), "the residents stopped before the backup began"
            assert time.monotonic() < deadline, f"fewer than {count} registrations in {timeout} s"
            time.sleep(0.1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_taken_during_registrations_restores_every_one_taken_before_it(
    server, codes, operator_env, fresh_database, tmp_path
):
    event = factories.event(factories.event_index(), capacity=CAPACITY, title="备份时的报名")
    upload = factories.image("宣传栏照片")
    residents = Residents(server, event, codes)
    residents.start()
    try:
        residents.wait_for(6)
        before = registrations(event)
        archive = backed_up(operator_env)
        after_backup = registrations(event)
    finally:
        residents.backup_done.set()
        residents.join()
    final = registrations(event)

    assert residents.errors() == []
    # The backup ran in the middle: residents registered before it and after it.
    assert 6 <= len(before) <= len(after_backup) < len(final)
    assert list(final.values()).count("confirmed") == min(len(final), CAPACITY)
    assert archive.is_absolute()
    assert archive.parent == Path(operator_env["BACKUP_DIR"])
    assert ARCHIVE_NAME.match(archive.name)
    assert archive.stat().st_mode & 0o777 == 0o600
    assert not list(archive.parent.glob(".qingfeng-*")), "the work folder was left behind"

    restored_media = tmp_path / "restored-media"
    restored_media.mkdir()
    (restored_media / "old-notice.txt").write_text("旧的文件")
    (restored_media / upload.file.name).parent.mkdir(parents=True)
    (restored_media / upload.file.name).write_bytes(b"an older copy of the photo")
    restore_env = {
        **operator_env,
        "DATABASE_URL": fresh_database,
        "QINGFENG_TEST_MEDIA_ROOT": str(restored_media),
    }
    done = make("restore", restore_env, f"FILE={archive}")
    assert done.returncode == 0, done.stderr

    restored = restored_registrations(fresh_database, event)
    # Every registration taken before the backup began is there with its status; none is there
    # that the live database does not hold just so (no half-written one); seats stay within
    # capacity.
    assert before.items() <= restored.items()
    assert restored.items() <= final.items()
    assert list(restored.values()).count("confirmed") <= CAPACITY
    # The uploaded photo is written over the older file of the same name; other files stay.
    assert (restored_media / upload.file.name).read_bytes() == Path(upload.file.path).read_bytes()
    assert (restored_media / "old-notice.txt").read_text() == "旧的文件"
    # The restored database is at this code's migrations: `migrate` would do nothing.
    check = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check"],
        cwd=ROOT,
        env=restore_env,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def archive_entries(archive):
    with tarfile.open(archive, "r:gz") as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
        return manifest, opened.getnames()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_refuses_a_database_that_has_data_and_changes_nothing(operator_env):
    event = factories.event(factories.event_index(), title="原有的活动")
    photo = factories.image("原有的照片")
    archive = backed_up(operator_env)

    manifest, names = archive_entries(archive)
    assert manifest["database"] == connection.vendor
    assert "events" in manifest["migrations"]
    assert f"media/{photo.file.name}" in names
    database_file = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
    assert names[:2] == ["manifest.json", database_file[connection.vendor]]
    # The manifest holds no connection details and no secret.
    text = json.dumps(manifest)
    assert settings.SECRET_KEY not in text
    assert str(connection.settings_dict["NAME"]) not in text

    # Changed after the backup: a restore over this database would undo both.
    EventPage.objects.filter(pk=event.pk).update(title="备份之后改过的标题")
    Path(photo.file.path).write_bytes(b"changed after the backup")

    refused = make("restore", operator_env, f"FILE={archive}")

    assert refused.returncode != 0
    assert str(connection.settings_dict["NAME"]) in refused.stderr  # names the database
    assert EventPage.objects.get(pk=event.pk).title == "备份之后改过的标题"
    assert Path(photo.file.path).read_bytes() == b"changed after the backup"


def fake_archive(path, manifest):
    with tarfile.open(path, "w:gz") as archive:
        text = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(text)
        archive.addfile(info, io.BytesIO(text))
    return path


@pytest.mark.postgres
@pytest.mark.django_db
def test_restore_refuses_another_database_kind_and_files_that_are_not_backups(tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    cross = fake_archive(tmp_path / "other.tar.gz", {"format": 1, "database": other})
    not_tar = tmp_path / "notes.tar.gz"
    not_tar.write_text("这不是备份")
    no_manifest = tmp_path / "empty.tar.gz"
    tarfile.open(no_manifest, "w:gz").close()

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(cross))
    assert {"SQLite", "PostgreSQL"} <= set(re.findall(r"SQLite|PostgreSQL", str(refused.value)))
    for path in (not_tar, no_manifest, tmp_path / "missing.tar.gz"):
        with pytest.raises(CommandError) as refused:
            call_command("restore", str(path))
        assert str(path) in str(refused.value)


def test_make_restore_without_a_file_says_how(operator_env):
    done = make("restore", operator_env)
    assert done.returncode == 2
    assert "make restore FILE=" in done.stdout


@pytest.mark.django_db
def test_keep_days_deletes_archives_older_than_that_and_keeps_the_rest(tmp_path, monkeypatch):
    folder = tmp_path / "backups"
    folder.mkdir()
    monkeypatch.setenv("BACKUP_DIR", str(folder))
    day = 86400
    ages = {"qingfeng-20261029-020000.tar.gz": 32, "qingfeng-20261101-020000.tar.gz": 29}
    for name, days in ages.items():
        (folder / name).write_bytes(b"an older backup")
        os.utime(folder / name, (time.time() - days * day,) * 2)
    (folder / "notes.txt").write_text("not a backup")
    os.utime(folder / "notes.txt", (time.time() - 400 * day,) * 2)

    output = io.StringIO()
    call_command("backup", keep_days=30, stdout=output)

    newest = Path(output.getvalue().strip().splitlines()[-1])
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        ["qingfeng-20261101-020000.tar.gz", "notes.txt", newest.name]
    )
    assert "qingfeng-20261029-020000.tar.gz" in output.getvalue()
