"""Write one dated archive of the database and the media folder while the site runs."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from home.backup import BackupError, backup_dir, create_backup, media_on_this_machine, prune


def positive_days(value):
    days = int(value)
    if days < 1:
        raise ValueError(value)
    return days


class Command(BaseCommand):
    # A backup or restore must not wait for, or stop at, checks about other things.
    requires_system_checks = []
    help = (
        "Copy the database (SQLite online backup or pg_dump) and the media folder into one "
        "dated archive in BACKUP_DIR (default backups/); the site keeps running. The last line "
        "printed is the archive's absolute path. For cron: make backup KEEP_DAYS=30."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep-days",
            type=positive_days,
            help="Also delete archives in the backup folder older than this many days.",
        )

    def handle(self, *args, keep_days=None, **options):
        directory = backup_dir()
        try:
            backup = create_backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if keep_days:
            for name in prune(directory, keep_days, keep=backup.path):
                self.stdout.write(_("Deleted the old backup %(name)s.") % {"name": name})
        if not media_on_this_machine():
            self.stderr.write(
                _("Media files are not stored on this machine; back them up where they are kept.")
            )
        size = backup.path.stat().st_size / 1024 / 1024
        self.stdout.write(
            ngettext(
                "Backed up the database and %(count)d media file (%(size).1f MB):",
                "Backed up the database and %(count)d media files (%(size).1f MB):",
                backup.media_files,
            )
            % {"count": backup.media_files, "size": size}
        )
        # The contract: the archive's absolute path is the last line, for scripts to pick up.
        self.stdout.write(str(backup.path))
