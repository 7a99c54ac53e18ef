"""Jobs of the daily run contributed by the apps.

The awards app runs the day (``awards.services.awards_daily``, on the beat
schedule and from ``send_renewal_notices``); apps above or beside it register
their own daily jobs here, in their AppConfig, so that no lower layer imports
them. Each job takes ``today`` and returns how many things it did; like the
whole run, it must catch up after missed days and change nothing when run twice.
"""

from collections.abc import Callable
from datetime import date

_jobs: dict[str, Callable[..., int]] = {}


def register_daily_job(name: str, job: Callable[..., int]) -> Callable[..., int]:
    _jobs[name] = job
    return job


def daily_jobs_run(*, today: date) -> dict[str, int]:
    """Run every registered job for ``today``, in registration order."""
    return {name: job(today=today) for name, job in _jobs.items()}
