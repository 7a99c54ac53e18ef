"""``send_renewal_notices [--date YYYY-MM-DD]``: the daily awards run, the same
code as the beat task. Safe to run any number of times; catches up after downtime."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from awards import services
from mvp_portal.program_calendar import program_today


def as_date(value: datetime.date | str | None) -> datetime.date | None:
    """``--date`` from the command line arrives parsed; ``call_command(date="…")`` as text."""
    if value is None or isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    help = "Open renewal dossiers whose window has opened, send re-evaluation notices and reminders."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="Run as if today were this day (default: today in program time)",
        )

    def handle(self, *args, **options):
        run = services.awards_daily(today=as_date(options["date"]) or program_today())
        self.stdout.write(str(run))
