"""Put the sources' sync on the beat schedule: in the database, editable in the
admin. Every 15 minutes it hands the connections that are due to the workers;
each connection is due once a day, or 1 h, 2 h, 4 h … (at most a day) after a
failure, so the schedule looks often and the connections say when."""

from django.db import migrations

TASK = "nominations.sources.tasks.sources_sync_due"
NAME = "Sources: sync the connections that are due"


def schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = IntervalSchedule.objects.get_or_create(every=15, period="minutes")
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={
            "task": TASK,
            "interval": every,
            "crontab": None,
            "enabled": True,
            "description": "Each connection syncs once a day; failures back off from 1 hour to a day.",
        },
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0007_source_connections_and_suggestions"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(schedule, unschedule)]
