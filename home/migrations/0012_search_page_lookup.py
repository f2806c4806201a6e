"""A narrow index that maps a search index entry to its page without reading its text.

SQLite only: the full-text match yields entry ids, and reading each entry's content type and
object id from the table itself pulls the entry's whole indexed text from disk. PostgreSQL
answers from Wagtail's own GIN indexes and needs nothing here (see home/search_index.py).
"""

from django.db import migrations

INDEX = "home_indexentry_page_lookup"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} "
            "ON wagtailsearch_indexentry (id, content_type_id, object_id)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0011_slogans"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
