from datetime import date

from django.core.management.base import BaseCommand, CommandError

from mvp_portal.accounts.services import security_events_purge
from mvp_portal.program_calendar import program_today


class Command(BaseCommand):
    help = "Delete security events older than one year (the daily run calls the same function)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Purge as if today were YYYY-MM-DD (default: today, program time)")

    def handle(self, *args, **options):
        text = options.get("date")
        try:
            today = date.fromisoformat(text) if text else program_today()
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD, not {text!r}") from exc
        deleted = security_events_purge(today=today)
        self.stdout.write(f"Deleted {deleted} security event(s) older than a year before {today.isoformat()}.")
