"""The directory's keyword search without accents or case: ``User.search_text``.

Display name, headline and biography through ``mvp_portal.search.search_key``
(one line each), filled here for the existing people and kept by ``User.save``
afterwards. On PostgreSQL a trigram GIN index serves the directory's
``search_text LIKE '%word%'``; SQLite scans.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from mvp_portal.search import search_key

INDEX = "accounts_user_search_text_trgm"
SEARCHED_FIELDS = ("display_name", "headline", "biography")


def fill(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    batch = []
    for user in User.objects.only("pk", *SEARCHED_FIELDS).iterator(chunk_size=2000):
        user.search_text = search_key("\n".join(getattr(user, name) or "" for name in SEARCHED_FIELDS))
        batch.append(user)
        if len(batch) == 2000:
            User.objects.bulk_update(batch, ["search_text"])
            batch = []
    User.objects.bulk_update(batch, ["search_text"])


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON accounts_user USING gin (search_text gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_expertise_translations"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        # Skipped by Django on databases other than PostgreSQL; a no-op where it exists already.
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
