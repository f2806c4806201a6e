"""The pairs table of home.0014 follows its index entries by triggers alone, without a foreign
key: a foreign key would make ``TRUNCATE wagtailsearch_indexentry`` (``manage.py flush``,
the test runner between transactional tests) refuse to run. Rows go with their entry on
DELETE, and all of them on TRUNCATE. PostgreSQL only, as home.0014.
"""

from django.db import migrations

CREATE = [
    "ALTER TABLE home_search_pairs DROP CONSTRAINT IF EXISTS home_search_pairs_entry_id_fkey",
    """
CREATE FUNCTION home_search_pairs_drop() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    TRUNCATE home_search_pairs;
  ELSE
    DELETE FROM home_search_pairs WHERE entry_id = OLD.id;
  END IF;
  RETURN NULL;
END
$$
""",
    """
CREATE TRIGGER home_search_pairs_delete AFTER DELETE ON wagtailsearch_indexentry
  FOR EACH ROW EXECUTE FUNCTION home_search_pairs_drop()
""",
    """
CREATE TRIGGER home_search_pairs_truncate AFTER TRUNCATE ON wagtailsearch_indexentry
  FOR EACH STATEMENT EXECUTE FUNCTION home_search_pairs_drop()
""",
]

DROP = [
    "DROP TRIGGER IF EXISTS home_search_pairs_truncate ON wagtailsearch_indexentry",
    "DROP TRIGGER IF EXISTS home_search_pairs_delete ON wagtailsearch_indexentry",
    "DROP FUNCTION IF EXISTS home_search_pairs_drop()",
    """
DELETE FROM home_search_pairs s
WHERE NOT EXISTS (SELECT 1 FROM wagtailsearch_indexentry e WHERE e.id = s.entry_id)
""",
    """
ALTER TABLE home_search_pairs ADD CONSTRAINT home_search_pairs_entry_id_fkey
  FOREIGN KEY (entry_id) REFERENCES wagtailsearch_indexentry (id) ON DELETE CASCADE
""",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("home", "0014_search_pairs")]

    operations = [migrations.RunPython(create, drop)]
