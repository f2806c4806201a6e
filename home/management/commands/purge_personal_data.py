"""Remove personal data kept past its time (PIPL Art. 19, 47). Daily, from cron.

What each app removes, and when, is declared in its purge module and listed in home.purge.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from home.purge import Cutoffs, purge_personal_data


class Command(BaseCommand):
    help = (
        "Blank or delete residents' personal data PERSONAL_DATA_RETENTION_DAYS after the event "
        "ended or the case closed, and that of cases without activity for "
        "PERSONAL_DATA_INACTIVE_DAYS; expired sessions and old sign-in failures go too. Prints "
        "a count per kind. Safe to run every day from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            help="Retention period in days (default PERSONAL_DATA_RETENTION_DAYS).",
        )
        parser.add_argument(
            "--inactive-days",
            type=int,
            help="Days without activity before an open case is purged "
            "(default PERSONAL_DATA_INACTIVE_DAYS).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count what is due; change nothing.",
        )

    def handle(self, *args, days, inactive_days, dry_run, **options):
        cutoffs = Cutoffs.from_settings(retention_days=days, inactive_days=inactive_days)
        results = purge_personal_data(cutoffs, dry_run=dry_run)
        done = _(", ").join(
            _("%(label)s %(count)s") % {"label": kind.label, "count": count}
            for kind, count in results
        )
        values = {
            "days": cutoffs.retention_days,
            "inactive": cutoffs.inactive_days,
            "done": done or _("nothing"),
        }
        if dry_run:
            line = _(
                "Dry run, nothing changed. Personal data kept over %(days)s days (open cases: "
                "%(inactive)s days without activity) that is due: %(done)s."
            )
        else:
            line = _(
                "Removed personal data kept over %(days)s days (open cases: %(inactive)s days "
                "without activity): %(done)s."
            )
        self.stdout.write(line % values)
