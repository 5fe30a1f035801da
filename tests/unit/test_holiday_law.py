"""The provisional calendar: statutory days of the holiday law, weekends, make-up days (补假)."""

import datetime as dt

import chinese_calendar
import pytest

from kit.calendar import WorkingDayCalendar
from kit.holiday_law import HolidayLaw

LAW_BEFORE_2025 = HolidayLaw(spring_festival_days=3, spring_festival_days_before_new_year=0, labour_day_days=1)
"""The 2013 text: Spring Festival 正月初一 to 初三, Labour Day 1 May only."""


def law_in_force(year: int) -> HolidayLaw:
    return HolidayLaw() if year >= 2025 else LAW_BEFORE_2025


@pytest.mark.parametrize("year", range(2020, 2027))
def test_every_statutory_holiday_day_agrees_with_the_official_calendar(year: int) -> None:
    statutory = law_in_force(year).statutory_days(year)
    assert len(statutory) >= 10  # 11 days before 2025, 13 since; a shared day counts once
    for day, festivals in statutory.items():
        is_holiday, official_name = chinese_calendar.get_holiday_detail(day)
        assert is_holiday, f"{day} ({festivals}) is a working day in the official {year} calendar"
        assert official_name in festivals.split(", "), f"{day}: {festivals} here, {official_name} officially"


def test_spring_festival_2027_is_new_years_eve_and_the_first_three_days_of_the_first_month() -> None:
    days = HolidayLaw().statutory_days(2027)
    spring = sorted(d for d, name in days.items() if name == "Spring Festival")
    assert spring == [dt.date(2027, 2, 5), dt.date(2027, 2, 6), dt.date(2027, 2, 7), dt.date(2027, 2, 8)]


def test_a_statutory_day_on_a_weekend_is_made_up_on_the_next_working_day() -> None:
    off = HolidayLaw().days_off(2027)
    # Labour Day 2027: Saturday 1 and Sunday 2 May, made up on Monday 3 and Tuesday 4.
    assert off[dt.date(2027, 5, 3)] == "Labour Day (补假)"
    assert off[dt.date(2027, 5, 4)] == "Labour Day (补假)"
    assert dt.date(2027, 5, 5) not in off


def test_without_article_6_a_weekend_holiday_is_not_made_up() -> None:
    off = HolidayLaw(make_up_weekend_holidays=False).days_off(2027)
    assert dt.date(2027, 5, 3) not in off


def test_two_festivals_on_one_day_give_a_make_up_day() -> None:
    # 2028: Mid-Autumn (15th of the 8th month) falls on 3 October, a National Day holiday.
    off = HolidayLaw().days_off(2028)
    assert "Mid-autumn Festival" in off[dt.date(2028, 10, 3)]
    assert off[dt.date(2028, 10, 4)].endswith("(补假)")


def test_each_number_of_the_law_is_a_setting() -> None:
    law = HolidayLaw.from_environ({"HOLIDAY_LAW_NATIONAL_DAY_DAYS": "7", "HOLIDAY_LAW_MAKE_UP_WEEKEND_HOLIDAYS": "no"})
    assert law.national_day_days == 7
    assert not law.make_up_weekend_holidays
    assert HolidayLaw.from_environ({}) == HolidayLaw()
    with pytest.raises(ValueError, match="HOLIDAY_LAW_QINGMING_DAYS"):
        HolidayLaw.from_environ({"HOLIDAY_LAW_QINGMING_DAYS": "-1"})


def test_a_commitment_verification_from_20_december_2026_skips_new_years_day_2027() -> None:
    calendar = WorkingDayCalendar()
    due = calendar.add_working_days(dt.date(2026, 12, 20), 20)
    assert due == dt.date(2027, 1, 18)
    assert not calendar.is_working_day(dt.date(2027, 1, 1))
    assert calendar.provisional_between(dt.date(2026, 12, 20), due)


def test_working_day_arithmetic_agrees_with_counting_day_by_day() -> None:
    calendar = WorkingDayCalendar()
    start = dt.date(2026, 9, 25)
    walked, day, remaining = start, start, 30
    while remaining:
        day += dt.timedelta(days=1)
        if chinese_calendar.is_workday(day):
            remaining -= 1
            walked = day
    assert calendar.add_working_days(start, 30) == walked
    assert calendar.working_days_between(start, walked) == 30
    assert calendar.working_days_between(walked, start) == 0
