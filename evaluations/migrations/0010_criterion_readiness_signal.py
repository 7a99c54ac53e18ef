"""What in an MVP's year speaks to each criterion of the rubric, for the
renewal-readiness picture; the default rubric gets a sensible signal each."""

from django.db import migrations, models

# The default rubric (0004) → its readiness signal; other criteria stay blank (judged by evaluators).
DEFAULT_SIGNALS = {
    "Impact": "kinds",
    "Reach": "reach",
    "Quality": "evidence",
    "Consistency": "spread",
    "Depth of expertise": "area",
}


def set_signals(apps, schema_editor):
    Criterion = apps.get_model("evaluations", "Criterion")
    for name, signal in DEFAULT_SIGNALS.items():
        Criterion.objects.filter(name=name, readiness_signal="").update(readiness_signal=signal)


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0009_criterion_translations")]

    operations = [
        migrations.AddField(
            model_name="criterion",
            name="readiness_signal",
            field=models.CharField(
                blank=True,
                choices=[
                    ("kinds", "Kinds of work"),
                    ("reach", "Reach figures"),
                    ("evidence", "Evidence links"),
                    ("spread", "Spread over the months"),
                    ("area", "Work in the technology area"),
                ],
                help_text="What in an MVP's year of activities speaks to it on their renewal-readiness picture; "
                "blank: judged by the evaluators only",
                max_length=10,
            ),
        ),
        migrations.RunPython(set_signals, migrations.RunPython.noop),
    ]
