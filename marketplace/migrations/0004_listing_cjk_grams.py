"""PostgreSQL only: a GIN index over the Chinese characters and character pairs of a listing's text, so the
database search backend (matching/backends/database/postgres.py) finds a Chinese query's bigrams without reading every
row. pg_trgm would not do: a trigram index cannot answer a two-character pattern. SQLite (the demo) gets
nothing and keeps scanning its few rows."""
from django.db import migrations

# Every character in U+3400..U+9FFF (the backend's CJK range) and every pair of them standing side by side
# in one field; keywords as PostgreSQL prints the JSON (Chinese unescaped, as icontains reads it).
FUNCTION = r"""
CREATE OR REPLACE FUNCTION marketplace_listing_cjk_grams(title text, summary text, description text, keywords jsonb)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT gram), '{}')
  FROM regexp_split_to_table(title || E'\n' || summary || E'\n' || description || E'\n' || keywords::text,
                             '[^\u3400-\u9fff]+') AS run,
       generate_series(1, length(run)) AS i,
       unnest(ARRAY[substr(run, i, 1), substr(run, i, 2)]) AS gram
  WHERE run <> ''
$$
"""
INDEX = """
CREATE INDEX marketplace_listing_cjk_grams_idx ON marketplace_listing
USING gin (marketplace_listing_cjk_grams(title, summary, description, keywords))
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION, params=None)
        schema_editor.execute(INDEX, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS marketplace_listing_cjk_grams_idx", params=None)
        schema_editor.execute("DROP FUNCTION IF EXISTS marketplace_listing_cjk_grams(text, text, text, jsonb)",
                              params=None)


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0003_taxonomy")]
    operations = [migrations.RunPython(forwards, backwards)]
