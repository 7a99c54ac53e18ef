"""Celery tasks of the awards app: thin, ids in, one service each."""

from datetime import date

from celery import shared_task

from mvp_portal.program_calendar import program_today

from . import services


@shared_task
def awards_daily(date_iso: str | None = None) -> str:
    """The daily beat task (05:30 UTC, in the database schedule): cycles ahead,
    renewal windows and reminders for "today" in the program's time zone, or
    for ``date_iso``. Safe to run any number of times."""
    today = date.fromisoformat(date_iso) if date_iso else program_today()
    return str(services.awards_daily(today=today))


@shared_task(acks_late=True)
def announce_cycle(cycle_id: int) -> int:
    """Announce a cycle already claimed by ``cycle_announce_request``; the
    dossiers it moves on get their new period from today's date."""
    return services.cycle_announce(cycle_id=cycle_id, today=program_today())
