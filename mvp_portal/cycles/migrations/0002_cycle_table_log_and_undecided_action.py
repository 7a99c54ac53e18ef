import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0001_initial"),
        ("awards", "0004_cycle_moves_to_the_kernel"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelTable(name="awardcycle", table=None),
        migrations.AddField(
            model_name="awardcycle",
            name="undecided_action",
            field=models.CharField(blank=True, choices=[("roll", "Move them to the next award date"), ("close", "Close them without a decision")], help_text="What the announcement does with the dossiers it finds without a decision", max_length=8),
        ),
        migrations.CreateModel(
            name="CycleLogEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("action", models.CharField(max_length=40)),
                ("message", models.TextField(blank=True)),
                ("data", models.JSONField(blank=True, default=dict)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("cycle", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="log_entries", to="cycles.awardcycle")),
            ],
            options={"ordering": ["created_at", "pk"], "verbose_name_plural": "cycle log entries"},
        ),
    ]
