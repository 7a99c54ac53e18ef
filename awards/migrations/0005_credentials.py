"""Verifiable credentials: each award's public credential id (added empty,
then filled one uuid per row; 0006 makes it unique), revocations, alumni."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_credential_ids(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    for award in Award.objects.filter(credential_id__isnull=True).only("pk").iterator():
        Award.objects.filter(pk=award.pk).update(credential_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0004_cycle_moves_to_the_kernel"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="award",
            name="credential_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_credential_ids, migrations.RunPython.noop, elidable=True),
        migrations.CreateModel(
            name="AwardRevocation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reason", models.TextField()),
                ("revoked_at", models.DateTimeField()),
                (
                    "award",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT, related_name="revocation", to="awards.award"
                    ),
                ),
                (
                    "revoked_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="AlumniCredential",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("first_award_on", models.DateField(help_text="The start of their first award")),
                ("alumnus_since", models.DateField(help_text="The day after the lapsed award's last day")),
                ("credential_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("issued_at", models.DateTimeField()),
                (
                    "last_award",
                    models.ForeignKey(
                        help_text="The award that lapsed",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="awards.award",
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="alumni_credential",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
    ]
