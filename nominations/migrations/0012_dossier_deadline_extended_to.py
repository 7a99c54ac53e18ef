from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0010_activitytype_translations"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="deadline_extended_to",
            field=models.DateField(
                blank=True,
                help_text="A program admin's extension of this dossier's submission deadline "
                "(services.dossier_deadline_extend; the log says who and why)",
                null=True,
            ),
        ),
    ]
