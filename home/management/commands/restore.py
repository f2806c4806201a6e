"""Put a `make backup` archive back into an empty database and over the media folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from home.backup import BackupError, media_root, restore_backup


class Command(BaseCommand):
    # A backup or restore must not wait for, or stop at, checks about other things.
    requires_system_checks = []
    help = (
        "Restore an archive written by make backup into the empty database DATABASE_URL names "
        "(a PostgreSQL database is created when missing; one that has tables is refused), then "
        "write its media files over the media folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz file that make backup printed.")

    def handle(self, *args, archive, **options):
        target = media_root()
        try:
            restored = restore_backup(Path(archive).resolve(), target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            ngettext(
                "Restored the backup of %(created)s and %(count)d media file into %(media)s.",
                "Restored the backup of %(created)s and %(count)d media files into %(media)s.",
                restored.media_files,
            )
            % {"created": restored.created, "count": restored.media_files, "media": target}
        )
        if restored.pending_migrations:
            self.stdout.write(
                ngettext(
                    "%(count)d migration of this code is not applied yet: run manage.py migrate.",
                    "%(count)d migrations of this code are not applied yet: run manage.py migrate.",
                    restored.pending_migrations,
                )
                % {"count": restored.pending_migrations}
            )
        else:
            self.stdout.write(_("The database matches this code: no migration is pending."))
