"""Backups that restore: one dated archive of the database and the media folder.

`manage.py backup` (`make backup`) copies the database while the site keeps running. SQLite is
copied through its online backup API in one step: that reads one snapshot while writers go on
(WAL), so a registration is in the copy whole or not at all. PostgreSQL is copied by pg_dump,
which reads inside one snapshot too. The media folder and a manifest (database kind, time,
applied migrations, versions: nothing secret, nothing personal) go beside it into
``qingfeng-YYYYMMDD-HHMMSS.tar.gz``, written under a temporary name, readable by its owner only,
and renamed when complete.

`manage.py restore` (`make restore`) loads an archive into the empty database DATABASE_URL names
(it never writes over data) and then writes the media files over the media folder.
"""

import importlib.metadata
import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import OperationalError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from home import backup_pg

FORMAT = 1
PREFIX = "qingfeng-"
SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
WORK_PREFIX = ".qingfeng-partial-"


class BackupError(Exception):
    """Something the person running the backup or restore can fix; the message says what."""


@dataclass
class Backup:
    path: Path
    database: str
    media_files: int


@dataclass
class Restored:
    database: str
    created: str
    media_files: int
    pending_migrations: int


def backup_dir():
    """BACKUP_DIR from the environment, else backups/ in the repository (ignored by git)."""
    return Path(os.environ.get("BACKUP_DIR") or Path(settings.BASE_DIR) / "backups").resolve()


def media_root():
    return Path(settings.MEDIA_ROOT).resolve()


def create_backup(directory, now=None):
    """Write one archive into ``directory`` and return it as a Backup."""
    vendor = _vendor()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    now = timezone.localtime(now)
    with tempfile.TemporaryDirectory(dir=directory, prefix=WORK_PREFIX) as work:
        database_file = Path(work) / DATABASE_FILES[vendor]
        manifest = _manifest(vendor, now)
        if vendor == "sqlite":
            _copy_sqlite(database_file)
        else:
            with _tool_errors():
                manifest["pg_dump"] = backup_pg.dump(
                    connection.settings_dict, database_file, manifest["server_major"]
                )
        media = _media_files()
        manifest["media_files"] = len(media)
        partial = Path(work) / "archive"
        _write_archive(partial, manifest, database_file, media)
        path = _publish(partial, directory, now)
    return Backup(path=path, database=vendor, media_files=len(media))


def prune(directory, keep_days, keep):
    """Delete archives older than ``keep_days`` (never ``keep``, the one just written) and work
    folders that an interrupted backup left behind; return the names deleted."""
    cutoff = time.time() - keep_days * 86400
    deleted = []
    for path in sorted(directory.glob(f"{PREFIX}*{SUFFIX}")):
        if path != keep and path.stat().st_mtime < cutoff:
            path.unlink()
            deleted.append(path.name)
    for path in directory.glob(f"{WORK_PREFIX}*"):
        if path.stat().st_mtime < time.time() - 86400:
            shutil.rmtree(path, ignore_errors=True)
    return deleted


def restore_backup(archive_path, target_media):
    """Load the archive at ``archive_path`` into the empty database and ``target_media``."""
    vendor = _vendor()
    with _open_archive(archive_path) as archive, tempfile.TemporaryDirectory() as work:
        manifest = _read_manifest(archive)
        if manifest["database"] != vendor:
            raise BackupError(
                _(
                    "This backup holds a %(archive)s database and DATABASE_URL names a "
                    "%(target)s one; restore it into a database of the same kind."
                )
                % {
                    "archive": ENGINE_NAMES.get(manifest["database"], manifest["database"]),
                    "target": ENGINE_NAMES[vendor],
                }
            )
        _refuse_unless_empty(vendor)
        database_file = Path(work) / DATABASE_FILES[vendor]
        _extract_to(archive, DATABASE_FILES[vendor], database_file)
        if vendor == "sqlite":
            _restore_sqlite(database_file)
        else:
            with _tool_errors():
                # pg_restore reads archives of its own version and older ones only.
                major = max(backup_pg.server_major(connection), manifest.get("pg_dump") or 0)
                backup_pg.restore(connection.settings_dict, database_file, major)
        media_files = _restore_media(archive, target_media)
    return Restored(
        database=vendor,
        created=manifest["created"],
        media_files=media_files,
        pending_migrations=_pending_migrations(),
    )


# --- Backup -----------------------------------------------------------------------------------


def _vendor():
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(_("Only SQLite and PostgreSQL databases can be backed up."))
    return connection.vendor


@contextmanager
def _tool_errors():
    """A missing or failing PostgreSQL tool is told like any other backup problem."""
    try:
        yield
    except backup_pg.ToolError as error:
        raise BackupError(str(error)) from error


def _manifest(vendor, now):
    """What the archive holds and which code wrote it: no host, user, password or data."""
    manifest = {
        "format": FORMAT,
        "created": now.isoformat(timespec="seconds"),
        "database": vendor,
        "migrations": _applied_migrations(),
        "versions": {name: importlib.metadata.version(name) for name in ("django", "wagtail")},
    }
    if vendor == "sqlite":
        manifest["server_version"] = sqlite3.sqlite_version
    else:
        manifest["server_major"] = backup_pg.server_major(connection)
    return manifest


def _applied_migrations():
    applied = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _copy_sqlite(target):
    source_path = Path(connection.settings_dict["NAME"])
    if not source_path.is_file():
        raise BackupError(_("The database file %(path)s does not exist.") % {"path": source_path})
    source = sqlite3.connect(source_path, timeout=20)
    copy = sqlite3.connect(target)
    try:
        # pages=-1 copies every page in one step, inside one read transaction: one snapshot.
        source.backup(copy, pages=-1)
        # A single self-contained file: no -wal beside it is needed to read the copy.
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
        source.close()


def media_on_this_machine():
    """False when media live in object storage (S3), which keeps its own copies."""
    return isinstance(default_storage, FileSystemStorage)


def _media_files():
    """Every file under MEDIA_ROOT, with its name in the archive."""
    root = media_root()
    if not media_on_this_machine():
        return []
    if not root.is_dir():
        return []
    return [
        (path, f"{MEDIA}/{path.relative_to(root).as_posix()}")
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    ]


def _write_archive(path, manifest, database_file, media):
    # Created readable by its owner only: it holds every resident's name and number.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with (
        os.fdopen(descriptor, "wb") as raw,
        tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as archive,
    ):
        text = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(text), int(time.time()), 0o600
        archive.addfile(info, io.BytesIO(text))
        archive.add(database_file, arcname=database_file.name)
        for file, name in media:
            try:
                archive.add(file, arcname=name, recursive=False)
            except FileNotFoundError:
                continue  # deleted since the folder was listed, e.g. a rendition replaced


def _publish(partial, directory, now):
    """Give the finished archive its dated name; a second backup within the same second gets
    -2, -3…, never overwriting the first (a hard link fails when the name is taken)."""
    stem = f"{PREFIX}{now:%Y%m%d-%H%M%S}"
    for number in range(1, 1000):
        path = directory / (f"{stem}{SUFFIX}" if number == 1 else f"{stem}-{number}{SUFFIX}")
        try:
            os.link(partial, path)
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links
            if path.exists():
                continue
            os.replace(partial, path)
        return path
    raise BackupError(_("Too many backups in one second."))


# --- Restore ----------------------------------------------------------------------------------


def _open_archive(path):
    if not path.is_file():
        raise BackupError(_("There is no backup file at %(path)s.") % {"path": path})
    try:
        return tarfile.open(path, "r:gz")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(_not_a_backup(path)) from error


def _not_a_backup(path):
    return _("%(path)s is not a backup written by make backup.") % {"path": path}


def _read_manifest(archive):
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, AttributeError, ValueError, tarfile.TarError, OSError) as error:
        raise BackupError(_not_a_backup(archive.name)) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_not_a_backup(archive.name))
    return manifest


def _extract_to(archive, name, target):
    try:
        with archive.extractfile(name) as source, target.open("wb") as copy:
            shutil.copyfileobj(source, copy)
    except (KeyError, AttributeError, tarfile.TarError, OSError) as error:
        raise BackupError(_not_a_backup(archive.name)) from error


def _refuse_unless_empty(vendor):
    """Stop before anything is written when the database already has tables."""
    if vendor == "sqlite":
        tables = _sqlite_tables(Path(connection.settings_dict["NAME"]))
    else:
        tables = _postgres_tables()
    if tables:
        raise BackupError(
            _(
                "The database %(name)s already has %(count)s tables. A backup is restored only "
                "into an empty database, so nothing was changed: create an empty database and "
                "point DATABASE_URL at it."
            )
            % {"name": connection.settings_dict["NAME"], "count": tables}
        )


def _sqlite_tables(path):
    if not path.parent.is_dir():
        raise BackupError(_("The folder %(path)s does not exist.") % {"path": path.parent})
    if not path.exists():
        return 0
    # Read-only: looking must not turn the file into a database (or into WAL mode).
    reader = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        query = "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        return reader.execute(query).fetchone()[0]
    finally:
        reader.close()


def _postgres_tables():
    """Tables of the database DATABASE_URL names, which is created when it does not exist."""
    try:
        connection.ensure_connection()
    except OperationalError as error:
        try:
            backup_pg.create_database(connection.settings_dict)
        except backup_pg.ToolError:
            raise BackupError(
                _("Cannot connect to the database: %(error)s") % {"error": error}
            ) from error
        connection.close()
    return len(connection.introspection.table_names())


def _restore_sqlite(source_path):
    connection.close()
    source = sqlite3.connect(source_path)
    target = sqlite3.connect(connection.settings_dict["NAME"], timeout=20)
    try:
        source.backup(target, pages=-1)
    finally:
        target.close()
        source.close()


def _restore_media(archive, target):
    """Write every media file of the archive into ``target``, over files of the same name;
    names that would leave the folder are refused by tarfile's "data" filter."""
    target.mkdir(parents=True, exist_ok=True)
    count = 0
    for member in archive.getmembers():
        if not (member.isfile() and member.name.startswith(f"{MEDIA}/")):
            continue
        try:
            archive.extract(
                member.replace(name=member.name[len(MEDIA) + 1 :], deep=False),
                target,
                filter="data",
            )
        except tarfile.FilterError as error:
            raise BackupError(_not_a_backup(archive.name)) from error
        count += 1
    return count


def _pending_migrations():
    """How many of this code's migrations the restored database has not had applied."""
    connection.close()
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
