"""Running the purge in tests: counts by kind, as the command prints them."""

from home.purge import Cutoffs, purge_personal_data


def purge(now=None, *, dry_run=False, **days):
    """{kind key: rows blanked or deleted} after one run of the purge at ``now``."""
    cutoffs = Cutoffs.from_settings(now=now, **days)
    return {kind.key: count for kind, count in purge_personal_data(cutoffs, dry_run=dry_run)}
