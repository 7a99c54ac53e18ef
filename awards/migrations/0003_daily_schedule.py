"""Put the daily awards run (cycles ahead, renewal windows, reminders) on the
beat schedule: in the database, editable in the admin, at 05:30 UTC (UTC has
no daylight-saving gaps or repeats, so the run happens exactly once a day).

The run computes "today" in PROGRAM_TIME_ZONE. Where 05:30 UTC falls near
local midnight (UTC-6/-5 zones around a DST change) a program day may be
run twice (harmless) or skipped (caught up by the next run)."""

from django.db import migrations

TASK = "awards.tasks.awards_daily"
NAME = "Awards: daily cycles, renewal notices and reminders"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    daily, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="5", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={
            "task": TASK,
            "crontab": daily,
            "interval": None,
            "enabled": True,
            "description": "Same code as `manage.py send_renewal_notices`; safe to run any number of times.",
        },
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0002_award_cycles"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(schedule, unschedule)]
