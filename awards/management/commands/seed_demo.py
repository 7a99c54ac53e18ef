"""Deterministic demo data at any scale, showing every stage of the lifecycle.

Each installed app with a ``demo`` module seeds its own objects through
``demo.seed(context)``, in INSTALLED_APPS order (which is the dependency
order), so this command never needs to know what the apps contain.
"""

import importlib
import random
import time
from datetime import date

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from mvp_portal import program_calendar, public_cache
from mvp_portal.accounts.demo import DEMO_PASSWORD
from mvp_portal.accounts.models import User
from mvp_portal.demo import DemoContext


def demo_modules():
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        yield config, module


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
        context = DemoContext(rng=random.Random(seed), today=date or program_calendar.program_today(), mvps=mvps)
        modules = list(demo_modules())
        with transaction.atomic():
            if reset:
                # Top of the dependency graph first, so nothing is still referenced.
                for _config, module in reversed(modules):
                    if hasattr(module, "delete_all"):
                        module.delete_all()
            for _config, module in modules:
                module.seed(context)
            # Pages cached from the data just replaced must not outlive it (the cache survives a reset).
            public_cache.directory_changed()
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Demo data for {context.today:%Y-%m-%d} in {elapsed:.1f}s:"))
        for line in context.summary:
            self.stdout.write(f"  {line}")
        self.stdout.write(f"Every demo login uses the password {DEMO_PASSWORD!r}:")
        for role, email in context.logins:
            self.stdout.write(f"  {role:<30} {email}")
