import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0010_criterion_readiness_signal"),
    ]

    operations = [
        migrations.CreateModel(
            name="EvaluationDraft",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("values", models.JSONField(default=dict, help_text="{form field: the text as typed}")),
                ("saved_at", models.DateTimeField(auto_now=True)),
                (
                    "assignment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="draft", to="evaluations.assignment"
                    ),
                ),
            ],
        ),
    ]
