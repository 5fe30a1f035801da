import datetime as dt
from pathlib import Path

import pytest

from kit.calendar import CalendarYearNotCovered, WorkingDayCalendar

calendar = WorkingDayCalendar()


def test_a_deadline_across_national_day_skips_the_golden_week() -> None:
    # 2026: 1–7 October are off; Saturday 10 October is an adjusted workday.
    assert calendar.add_working_days(dt.date(2026, 9, 30), 1) == dt.date(2026, 10, 8)
    assert calendar.add_working_days(dt.date(2026, 9, 30), 3) == dt.date(2026, 10, 10)


def test_an_adjusted_working_sunday_counts_as_a_working_day() -> None:
    assert calendar.is_working_day(dt.date(2026, 9, 20))  # Sunday, 调休
    assert not calendar.is_working_day(dt.date(2026, 9, 13))  # ordinary Sunday


def test_a_statutory_holiday_on_a_weekday_is_not_a_working_day() -> None:
    assert not calendar.is_working_day(dt.date(2026, 10, 5))


def test_a_year_before_the_official_calendar_is_an_explicit_error_not_a_guess() -> None:
    with pytest.raises(CalendarYearNotCovered) as raised:
        calendar.is_working_day(dt.date(2003, 1, 6))
    assert raised.value.year == 2003


def test_a_year_the_state_council_has_not_arranged_yet_is_provisional() -> None:
    assert not calendar.is_provisional(2026)
    assert calendar.is_provisional(2027)
    assert calendar.year(2027).workdays == frozenset()  # no adjusted workdays are guessed


def test_a_deadline_running_into_a_provisional_year_is_computed_and_says_so() -> None:
    due = calendar.add_working_days(dt.date(2026, 12, 28), 10)
    assert due == dt.date(2027, 1, 12)  # skips New Year's Day 2027, a Friday
    assert calendar.provisional_between(dt.date(2026, 12, 28), due)
    assert not calendar.provisional_between(dt.date(2026, 12, 1), dt.date(2026, 12, 31))


def test_an_override_file_covers_a_year_the_package_does_not_know(tmp_path: Path) -> None:
    overrides = tmp_path / "calendar.toml"
    overrides.write_text("[2027]\nholidays = [2027-01-01]\nworkdays = [2027-01-09]\n")
    covered = WorkingDayCalendar.from_file(overrides)
    assert not covered.is_working_day(dt.date(2027, 1, 1))  # Friday, holiday
    assert covered.is_working_day(dt.date(2027, 1, 9))  # Saturday, adjusted workday
    assert not covered.is_working_day(dt.date(2027, 1, 10))  # ordinary Sunday
    assert covered.add_working_days(dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 4)
    assert not covered.is_provisional(2027)


def test_an_override_listing_a_date_under_the_wrong_year_is_rejected(tmp_path: Path) -> None:
    overrides = tmp_path / "calendar.toml"
    overrides.write_text("[2027]\nholidays = [2028-01-01]\n")
    with pytest.raises(ValueError, match="2028-01-01"):
        WorkingDayCalendar.from_file(overrides)


def test_working_days_between_counts_the_days_a_pause_consumed() -> None:
    # Paused on Wednesday 30 September, resumed Monday 12 October: 8, 9, 10 and 12 October.
    assert calendar.working_days_between(dt.date(2026, 9, 30), dt.date(2026, 10, 12)) == 4
