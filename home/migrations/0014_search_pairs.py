"""PostgreSQL: every pair of neighbouring words of each search index entry, as one term each,
in a narrow table with GIN indexes, so that a two-character word such as 廉政 is one index
lookup instead of a phrase checked against every matching entry's whole text.

``home_search_pairs_of(v)`` turns a tsvector into the pairs of its lexemes that stand at
neighbouring positions ('廉 政' for 廉 at n and 政 at n + 1), read from the stored positions, so a
pair is present exactly when the phrase ``'廉' <-> '政'`` matches. A trigger keeps
``home_search_pairs`` in step with ``wagtailsearch_indexentry`` (rows go with their entry);
home/search_index.py reads it. SQLite needs nothing here.
"""

from django.db import migrations

CREATE = [
    """
CREATE FUNCTION home_search_pairs_of(v tsvector) RETURNS tsvector
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE sql AS $$
  SELECT coalesce(array_to_tsvector(array_agg(DISTINCT a.lexeme || ' ' || b.lexeme)), ''::tsvector)
  FROM (SELECT lexeme, unnest(positions) AS pos FROM unnest(v)) a
  JOIN (SELECT lexeme, unnest(positions) AS pos FROM unnest(v)) b ON b.pos = a.pos + 1
$$
""",
    """
CREATE TABLE home_search_pairs (
  entry_id integer PRIMARY KEY
    REFERENCES wagtailsearch_indexentry (id) ON DELETE CASCADE,
  content_type_id integer NOT NULL,
  object_id varchar(50) NOT NULL,
  title tsvector NOT NULL,
  body tsvector NOT NULL
)
""",
    # No statistics on the pairs: the planner then takes the default selectivity of @@ and
    # always reads the GIN index. With statistics it scans the table for a common word,
    # unpacking every entry's pairs, and the cost it then expects switches on JIT compilation.
    """
ALTER TABLE home_search_pairs
  ALTER COLUMN title SET STATISTICS 0, ALTER COLUMN body SET STATISTICS 0
""",
    """
CREATE FUNCTION home_search_pairs_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO home_search_pairs (entry_id, content_type_id, object_id, title, body)
  VALUES (NEW.id, NEW.content_type_id, NEW.object_id,
          home_search_pairs_of(NEW.title), home_search_pairs_of(NEW.body))
  ON CONFLICT (entry_id) DO UPDATE SET
    content_type_id = EXCLUDED.content_type_id, object_id = EXCLUDED.object_id,
    title = EXCLUDED.title, body = EXCLUDED.body;
  RETURN NULL;
END
$$
""",
    """
CREATE TRIGGER home_search_pairs_insert AFTER INSERT ON wagtailsearch_indexentry
  FOR EACH ROW EXECUTE FUNCTION home_search_pairs_keep()
""",
    """
CREATE TRIGGER home_search_pairs_update
  AFTER UPDATE OF title, body, content_type_id, object_id ON wagtailsearch_indexentry
  FOR EACH ROW EXECUTE FUNCTION home_search_pairs_keep()
""",
    """
INSERT INTO home_search_pairs (entry_id, content_type_id, object_id, title, body)
SELECT id, content_type_id, object_id, home_search_pairs_of(title), home_search_pairs_of(body)
FROM wagtailsearch_indexentry
""",
    """
CREATE INDEX home_search_pairs_title ON home_search_pairs USING gin (title)
""",
    """
CREATE INDEX home_search_pairs_body ON home_search_pairs USING gin (body)
""",
]

DROP = [
    "DROP TRIGGER IF EXISTS home_search_pairs_insert ON wagtailsearch_indexentry",
    "DROP TRIGGER IF EXISTS home_search_pairs_update ON wagtailsearch_indexentry",
    "DROP FUNCTION IF EXISTS home_search_pairs_keep()",
    "DROP TABLE IF EXISTS home_search_pairs",
    "DROP FUNCTION IF EXISTS home_search_pairs_of(tsvector)",
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
    dependencies = [
        ("home", "0013_listing_indexes"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
