"""Deterministic demo data at any scale, showing every stage of the lifecycle."""

import random
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from awards.demo import create_awards
from awards.models import Award
from mvp_portal import program_calendar
from mvp_portal.accounts import demo as accounts_demo
from mvp_portal.accounts.models import Region, User
from mvp_portal.notices.models import Notice


class Command(BaseCommand):
    help = "Load deterministic demo data: one login per role, MVPs, nominees, dossiers and awards."

    def add_arguments(self, parser):
        parser.add_argument("--mvps", type=int, default=40, help="How many current MVPs (default 40)")
        parser.add_argument("--reset", action="store_true", help="Delete existing people and program data first")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing (and succeed) when the database already holds data"
        )
        parser.add_argument("--date", type=date.fromisoformat, help="Seed as if today were this day (YYYY-MM-DD)")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026)")

    def handle(self, *args, mvps: int, reset: bool, if_empty: bool, date: date | None, seed: int, **options):
        if mvps < 1:
            raise CommandError("--mvps must be at least 1")
        if User.objects.exists():
            if if_empty:
                self.stdout.write("The database already holds data; demo data not loaded.")
                return
            if not reset:
                raise CommandError(
                    "The database already holds data. Run with --reset to delete it and load the demo instead."
                )
        started = time.monotonic()
        today = date or program_calendar.program_today()
        rng = random.Random(seed)
        with transaction.atomic():
            if reset:
                self._delete_everything()
            staff = accounts_demo.create_staff(rng)
            mvp_people = accounts_demo.create_people(
                rng, mvps, prefix="mvp", first_email=f"mvp@{accounts_demo.DEMO_DOMAIN}"
            )
            lapsed = accounts_demo.create_people(rng, max(1, mvps // 10), prefix="alumni")
            nominees = accounts_demo.create_people(
                rng, max(1, mvps // 4), prefix="nominee", first_email=f"nominee@{accounts_demo.DEMO_DOMAIN}"
            )
            awards = create_awards(rng, mvps=mvp_people, lapsed=lapsed, today=today)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data for {today:%Y-%m-%d}: {len(mvp_people)} MVPs, {len(lapsed)} lapsed, "
                f"{len(nominees)} nominees, {len(awards)} awards, {len(staff.leads)} regions with leads "
                f"in {time.monotonic() - started:.1f}s."
            )
        )
        self.stdout.write(f"Every demo login uses the password {accounts_demo.DEMO_PASSWORD!r}:")
        for role, email in [
            ("Program admin", staff.admin.email),
            ("MVP lead", staff.lead.email),
            ("Employee", staff.employee.email),
            ("MVP (in the renewal window)", mvp_people[0].email),
            ("Nominee", nominees[0].email),
        ]:
            self.stdout.write(f"  {role:<30} {email}")

    def _delete_everything(self) -> None:
        # Children before parents; reference data (expertises, languages,
        # the beat schedule) stays.
        Notice.objects.all().delete()
        Award.objects.all().delete()
        Region.objects.all().delete()
        User.objects.all().delete()
