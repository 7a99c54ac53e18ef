"""AwardCycle now lives in the kernel app ``cycles``: the awards app forgets
its model (state only; the table stays and is renamed by cycles 0002)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0003_daily_schedule"),
        ("cycles", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="award",
                    name="cycle",
                    field=models.ForeignKey(blank=True, help_text="Granted in", null=True, on_delete=django.db.models.deletion.PROTECT, related_name="awards", to="cycles.awardcycle"),
                ),
                migrations.DeleteModel(name="AwardCycle"),
            ],
            database_operations=[],
        ),
    ]
