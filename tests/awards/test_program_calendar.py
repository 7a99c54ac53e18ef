"""The program calendar: properties over more than ten years of days, leap years included."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mvp_portal import program_calendar as cal

FIRST_DAY, LAST_DAY = date(2024, 1, 1), date(2036, 12, 31)  # 13 years: 2024, 2028, 2032, 2036 are leap years
days = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
award_dates = st.sampled_from([date(year, month, 1) for year in range(2024, 2037) for month in cal.AWARD_MONTHS])


def every_day():
    day = FIRST_DAY
    while day <= LAST_DAY:
        yield day
        day += timedelta(days=1)


def test_award_date_after_every_day_of_thirteen_years():
    for day in every_day():
        after = cal.award_date_after(day)
        assert after > day and cal.is_award_date(after)
        # No award date lies strictly between the day and the one returned.
        assert (after - day).days <= 92
        between = [day + timedelta(days=n) for n in range(1, (after - day).days)]
        assert not any(cal.is_award_date(d) for d in between)
        on_or_before = cal.award_date_on_or_before(day)
        assert on_or_before <= day < after and cal.award_date_after(on_or_before) == after


@given(award_dates)
def test_award_ends_on_the_day_before_its_anniversary(starts_on):
    ends_on = cal.award_ends_on(starts_on)
    anniversary = date(starts_on.year + 1, starts_on.month, starts_on.day)
    assert ends_on == anniversary - timedelta(days=1)
    assert cal.renewal_award_date(starts_on) == anniversary
    assert (ends_on - starts_on).days in (364, 365)  # 365 across a 29 February


@given(award_dates)
def test_renewal_opens_nine_months_after_the_award_date(starts_on):
    opens = cal.renewal_opens_on(starts_on)
    months = (opens.year - starts_on.year) * 12 + opens.month - starts_on.month
    assert months == 9 and opens.day == 1 and cal.is_award_date(opens)
    # The first day of the last three months: exactly three months before the anniversary.
    assert cal.add_months(opens, 3) == cal.renewal_award_date(starts_on)


@given(award_dates, days)
def test_renewal_window_is_the_last_three_months_held(starts_on, today):
    in_window = cal.is_in_renewal_window(starts_on, today)
    assert in_window == (cal.renewal_opens_on(starts_on) <= today <= cal.award_ends_on(starts_on))
    if in_window:
        assert starts_on <= cal.latest_start_in_renewal_window(today)


@given(days)
def test_latest_start_bound_never_misses_an_open_window(today):
    for starts_on in (cal.add_months(cal.award_date_on_or_before(today), -3 * q) for q in range(6)):
        if cal.renewal_opens_on(starts_on) <= today:
            assert starts_on <= cal.latest_start_in_renewal_window(today)


@given(days)
def test_deadlines_come_before_the_award_date(today):
    award_date = cal.award_date_after(today)
    assert cal.submission_deadline(award_date) == award_date - timedelta(weeks=6)
    assert cal.evaluation_deadline(award_date) == award_date - timedelta(weeks=1)
    assert cal.submission_deadline(award_date) < cal.evaluation_deadline(award_date) < award_date


@given(days)
def test_next_open_award_date_is_the_first_whose_submissions_are_open(today):
    open_date = cal.next_open_award_date(today)
    assert cal.is_award_date(open_date) and open_date > today
    assert cal.submission_deadline(open_date) >= today
    earlier = cal.award_date_after(today)
    while earlier < open_date:
        assert cal.submission_deadline(earlier) < today
        earlier = cal.award_date_after(earlier)


@given(days, st.integers(min_value=1, max_value=8))
def test_award_dates_from_are_consecutive(today, count):
    dates = cal.award_dates_from(today, count)
    assert len(dates) == count and dates[0] == cal.award_date_on_or_after(today)
    assert all(cal.award_date_after(a) == b for a, b in zip(dates, dates[1:], strict=False))


@settings(max_examples=300)
@given(days, days)
def test_reminder_due_is_the_latest_threshold_reached_before_the_deadline(deadline, today):
    due = cal.reminder_due(deadline, today)
    if today > deadline or today < deadline - timedelta(days=30):
        assert due is None
    elif today >= deadline - timedelta(days=7):
        assert due == 7
    else:
        assert due == 30


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Pacific/Auckland", date(2027, 1, 1)),
        ("UTC", date(2026, 12, 31)),
        ("America/Los_Angeles", date(2026, 12, 31)),
        ("Asia/Kolkata", date(2027, 1, 1)),
    ],
)
def test_program_today_is_today_in_the_program_time_zone(settings, zone, expected):
    settings.PROGRAM_TIME_ZONE = zone
    assert cal.program_today(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == expected


def test_deadline_ends_at_one_second_before_midnight_in_the_zone():
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("America/Los_Angeles")
    end = cal.end_of_day(date(2026, 11, 20), zone)
    assert end.astimezone(UTC) == datetime(2026, 11, 21, 7, 59, 59, tzinfo=UTC)  # PST is UTC-8
