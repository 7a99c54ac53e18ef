"""The program's calendar: pure functions of dates, no clock reads.

Awards are granted on the first day of January, April, July and October and
held for one year. Only ``program_today`` looks at the clock, and it is meant
for the edges (views, tasks, commands) that pass ``today`` down.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

AWARD_MONTHS = (1, 4, 7, 10)
DEFAULT_SUBMISSION_LEAD = timedelta(weeks=6)
DEFAULT_EVALUATION_LEAD = timedelta(weeks=1)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the end of a shorter month."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    next_month_first = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month_first - timedelta(days=1)).day
    return date(year, month, min(day.day, last_day))


def is_award_date(day: date) -> bool:
    return day.day == 1 and day.month in AWARD_MONTHS


def award_date_on_or_after(day: date) -> date:
    """The first quarterly award date that is ``day`` or later."""
    if is_award_date(day):
        return day
    return award_date_after(day)


def award_date_after(day: date) -> date:
    """The first quarterly award date strictly after ``day``."""
    quarter_start = date(day.year, ((day.month - 1) // 3) * 3 + 1, 1)
    return add_months(quarter_start, 3)


def award_date_on_or_before(day: date) -> date:
    """The latest quarterly award date that is ``day`` or earlier."""
    return date(day.year, ((day.month - 1) // 3) * 3 + 1, 1)


def award_ends_on(starts_on: date) -> date:
    """The last day an award granted on ``starts_on`` is held: a year less a day."""
    return add_months(starts_on, 12) - timedelta(days=1)


def renewal_opens_on(starts_on: date) -> date:
    """The first day of the award's last three months."""
    return add_months(starts_on, 9)


def renewal_award_date(starts_on: date) -> date:
    """The cycle in which an award granted on ``starts_on`` is renewed or lapses."""
    return add_months(starts_on, 12)


def submission_deadline(award_date: date, lead: timedelta = DEFAULT_SUBMISSION_LEAD) -> date:
    """Last day (inclusive, to 23:59:59 program time) to submit for ``award_date``."""
    return award_date - lead


def evaluation_deadline(award_date: date, lead: timedelta = DEFAULT_EVALUATION_LEAD) -> date:
    return award_date - lead


def next_open_award_date(today: date, lead: timedelta = DEFAULT_SUBMISSION_LEAD) -> date:
    """The next award date whose submission deadline has not passed on ``today``."""
    candidate = award_date_after(today)
    while submission_deadline(candidate, lead) < today:
        candidate = award_date_after(candidate)
    return candidate


def award_dates_from(day: date, count: int) -> list[date]:
    """``count`` consecutive award dates, the first being ``day`` or the next one after it."""
    dates = [award_date_on_or_after(day)]
    while len(dates) < count:
        dates.append(award_date_after(dates[-1]))
    return dates


def is_in_renewal_window(starts_on: date, today: date) -> bool:
    """Whether an award granted on ``starts_on`` is in its last three months on ``today``."""
    return renewal_opens_on(starts_on) <= today <= award_ends_on(starts_on)


def latest_start_in_renewal_window(today: date) -> date:
    """No award whose renewal window is open on ``today`` started after this day.

    ``renewal_opens_on`` is monotonic, so ``renewal_opens_on(s) <= today``
    implies ``s <= today - 9 months`` (plus the days lost to month-end clamping).
    """
    return add_months(today, -9) + timedelta(days=3)


def reminder_due(deadline: date, today: date, days_before: tuple[int, ...] = (30, 7)) -> int | None:
    """The reminder (in days before ``deadline``) due on ``today``: the latest
    threshold already reached while the deadline has not passed, else None.

    A run after downtime that skipped a threshold sends only the latest one.
    """
    if today > deadline:
        return None
    reached = [days for days in days_before if deadline - timedelta(days=days) <= today]
    return min(reached) if reached else None


def program_time_zone() -> ZoneInfo:
    from django.conf import settings

    return ZoneInfo(settings.PROGRAM_TIME_ZONE)


def program_today(now: datetime | None = None) -> date:
    """Today in the program's time zone. For the edges only."""
    from django.utils import timezone

    return (now or timezone.now()).astimezone(program_time_zone()).date()


def end_of_day(day: date, tz: ZoneInfo) -> datetime:
    """23:59:59 of ``day`` in ``tz``: the moment a deadline on ``day`` ends."""
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=tz)
