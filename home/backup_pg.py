"""PostgreSQL's own tools for the backups: pg_dump, pg_restore and createdb.

pg_dump reads the whole database inside one snapshot, so the copy is consistent while the site
keeps writing. It refuses a server newer than itself, and a pg_restore newer than the server
can write statements the server does not know, so each tool is taken from the server's own
major version when it is installed (Debian keeps each version in /usr/lib/postgresql/N/bin),
else from the nearest newer one. Connection details go through Django's own psql client code:
user, host, port and database as arguments, the password only in PGPASSWORD.
"""

import glob
import os
import re
import shutil
import subprocess

from django.db.backends.postgresql.client import DatabaseClient
from django.utils.translation import gettext as _

VERSIONED_BINARIES = "/usr/lib/postgresql/*/bin"


class ToolError(Exception):
    """A PostgreSQL tool is missing or failed; the message says which and why."""


def server_major(connection):
    """The major version of the server ``connection`` talks to (15 for 15.20)."""
    connection.ensure_connection()
    return connection.pg_version // 10000


def _major(program_path):
    result = subprocess.run(  # noqa: S603 - a PostgreSQL binary found on this machine
        [program_path, "--version"], capture_output=True, text=True, check=False
    )
    found = re.search(r"\b(\d+)(?:\.\d+)*\b", result.stdout)
    return int(found.group(1)) if found else None


def find(program, major):
    """The path of ``program`` for PostgreSQL ``major``, or of the nearest newer version."""
    versions = {}
    for path in [shutil.which(program), *sorted(glob.glob(f"{VERSIONED_BINARIES}/{program}"))]:
        if path and os.access(path, os.X_OK):
            version = _major(path)
            if version is not None:
                versions.setdefault(version, path)
    usable = sorted(version for version in versions if version >= major)
    if not usable:
        raise ToolError(
            _(
                "%(program)s for PostgreSQL %(major)s was not found. Install it with "
                "apt-get install postgresql-client-%(major)s."
            )
            % {"program": program, "major": major}
        )
    return versions[major] if major in versions else versions[usable[0]]


def _command(program_path, settings_dict, options, *after):
    """``program_path`` with the database's connection options, as Django's dbshell builds
    them (options end just before the database name), and its environment."""
    args, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, options)
    return [program_path, *args[1:], *after], {**os.environ, **(env or {})}


def _run(program, command, env):
    result = subprocess.run(  # noqa: S603 - our own arguments, no shell
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise ToolError(
            _("%(program)s failed: %(error)s")
            % {"program": program, "error": result.stderr.strip() or result.returncode}
        )


def dump(settings_dict, target, major):
    """Write the database to ``target`` in pg_dump's compressed custom format."""
    path = find("pg_dump", major)
    command, env = _command(path, settings_dict, ["--format=custom", "--file", str(target)])
    _run("pg_dump", command, env)
    return _major(path)


def restore(settings_dict, source, major):
    """Load ``source`` into the (empty) database, all or nothing. Objects belong to the user
    restoring, and no grants of the old server are replayed."""
    path = find("pg_restore", major)
    options = ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
    # --dbname takes the database name Django's client code puts right after the options.
    command, env = _command(path, settings_dict, [*options, "--dbname"], str(source))
    _run("pg_restore", command, env)


def create_database(settings_dict):
    """Create the database that DATABASE_URL names (any version's createdb will do)."""
    command, env = _command(find("createdb", 0), settings_dict, [])
    _run("createdb", command, env)
