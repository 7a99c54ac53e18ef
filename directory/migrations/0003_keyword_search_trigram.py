"""Keyword search of the directory served by trigram indexes on PostgreSQL.

The directory's keyword filter is ``icontains`` on name, headline and biography,
which Django writes as ``UPPER(col::text) LIKE UPPER('%word%')``: a GIN index
with ``gin_trgm_ops`` on exactly that expression serves it. SQLite has neither
the extension nor the index, and searches by scanning (small databases only).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

COLUMNS = {
    "directory_user_name_trgm": "display_name",
    "directory_user_headline_trgm": "headline",
    "directory_user_biography_trgm": "biography",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in COLUMNS.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON accounts_user USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_summit"),
        ("accounts", "0006_user_language"),
    ]

    operations = [
        # Skipped by Django on databases other than PostgreSQL.
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
