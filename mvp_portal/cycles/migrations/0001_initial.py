"""AwardCycle moves from the awards app into the kernel (``cycles``).

The table is taken over as it is (state only here); 0002 renames it.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("awards", "0003_daily_schedule"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AwardCycle",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("award_date", models.DateField(help_text="The quarterly award date: 1 January, April, July or October", unique=True)),
                        ("submission_deadline", models.DateField(help_text="Last day to submit a dossier (to 23:59:59 program time)")),
                        ("evaluation_deadline", models.DateField(help_text="Last day to decide (to 23:59:59 program time)")),
                        ("state", models.CharField(choices=[("open", "Open for submissions"), ("evaluating", "Evaluating"), ("announcing", "Announcing"), ("announced", "Announced")], default="open", max_length=12)),
                        ("progress_done", models.PositiveIntegerField(default=0, help_text="Decisions announced so far")),
                        ("progress_total", models.PositiveIntegerField(default=0, help_text="Decisions to announce")),
                        ("announce_requested_at", models.DateTimeField(blank=True, null=True)),
                        ("announced_at", models.DateTimeField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("announce_requested_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"ordering": ["-award_date"], "db_table": "awards_awardcycle"},
                ),
                migrations.AddConstraint(
                    model_name="awardcycle",
                    constraint=models.CheckConstraint(condition=models.Q(("submission_deadline__lte", models.F("evaluation_deadline"))), name="awards_cycle_submission_before_evaluation", violation_error_message="The submission deadline must come no later than the evaluation deadline."),
                ),
                migrations.AddConstraint(
                    model_name="awardcycle",
                    constraint=models.CheckConstraint(condition=models.Q(("evaluation_deadline__lt", models.F("award_date"))), name="awards_cycle_evaluation_before_award", violation_error_message="The evaluation deadline must come before the award date."),
                ),
                migrations.AddConstraint(
                    model_name="awardcycle",
                    constraint=models.CheckConstraint(condition=models.Q(("progress_done__lte", models.F("progress_total"))), name="awards_cycle_progress_bounded"),
                ),
            ],
            database_operations=[],
        ),
    ]
