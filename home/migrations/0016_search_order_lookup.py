"""Search no longer maps each match to its page in SQL: the full-text match yields entry ids, and
home.search_index puts them in order against one list of the shown pages' entries, read once
per pages version by joining the pages to their entries on (content type, object id).

- SQLite: the narrow index of home.0012 served only the old per-match join, so it goes. The
  join uses Wagtail's unique (content_type_id, object_id) index, which holds the entry's id
  (its rowid) already.
- PostgreSQL: the same unique index with the entry's id included, so that the join reads the
  index alone rather than every entry's row with its whole text (10 ms at 13,500 entries).
"""

from django.db import migrations

LOOKUP = "home_indexentry_page_lookup"
OBJECT = "home_indexentry_object"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {LOOKUP}")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {OBJECT} "
            "ON wagtailsearch_indexentry (content_type_id, object_id) INCLUDE (id)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {LOOKUP} "
            "ON wagtailsearch_indexentry (id, content_type_id, object_id)"
        )
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {OBJECT}")


class Migration(migrations.Migration):
    dependencies = [("home", "0015_search_pairs_follow_truncate")]

    operations = [migrations.RunPython(forwards, backwards)]
