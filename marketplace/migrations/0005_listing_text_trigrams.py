"""PostgreSQL only: a pg_trgm GIN index over a listing's text in capitals, so the database search backend finds
an English word (three letters or more) without reading every row; 0004 covers Chinese characters and pairs.
SQLite (the demo) gets nothing. pg_trgm is a trusted extension: the database's owner may create it."""
from django.db import migrations

# The backend's DocumentContains builds the same expression (matching/backends/database/postgres.py).
INDEX = r"""
CREATE INDEX marketplace_listing_text_trgm_idx ON marketplace_listing
USING gin (upper(title || ' ' || summary || ' ' || description || ' ' || keywords::text) gin_trgm_ops)
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm", params=None)
        schema_editor.execute(INDEX, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS marketplace_listing_text_trgm_idx", params=None)


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0004_listing_cjk_grams")]
    operations = [migrations.RunPython(forwards, backwards)]
