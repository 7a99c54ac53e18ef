import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_user_search_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="avatar_digest",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="Set with the profile photo (Avatar); empty: no photo, the initials are shown",
                max_length=16,
                verbose_name="photo version",
            ),
        ),
        migrations.CreateModel(
            name="Avatar",
            fields=[
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="avatar",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("large", models.BinaryField(help_text="256 × 256 pixels")),
                ("small", models.BinaryField(help_text="64 × 64 pixels")),
                ("content_type", models.CharField(default="image/webp", max_length=40)),
                ("digest", models.CharField(max_length=16)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
    ]
