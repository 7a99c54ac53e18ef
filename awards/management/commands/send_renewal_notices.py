"""``send_renewal_notices [--date YYYY-MM-DD]``: the daily awards run, the same
code as the beat task. Safe to run any number of times; catches up after downtime."""

from datetime import date

from django.core.management.base import BaseCommand

from awards import services
from mvp_portal.program_calendar import program_today


class Command(BaseCommand):
    help = "Open renewal dossiers whose window has opened, send re-evaluation notices and reminders."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=date.fromisoformat, help="Run as if today were this day (default: today in program time)"
        )

    def handle(self, *args, date: date | None = None, **options):
        run = services.awards_daily(today=date or program_today())
        self.stdout.write(str(run))
