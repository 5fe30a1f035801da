"""Working days on the official Chinese calendar (法定工作日).

The `chinesecalendar` package knows each year the State Council has published.
Years it does not know come from an operator-supplied override file; a date in
a year known to neither is an explicit error, never a guess.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import chinese_calendar

CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "CST")
"""The official calendar's time zone (China has one, without daylight saving)."""


def business_day(moment: dt.datetime) -> dt.date:
    """The calendar day a moment falls on in China, whatever zone it was written in:
    07:30 in Shanghai is still that day, though in UTC it is the day before."""
    return moment.astimezone(CHINA_TIME).date()


class CalendarYearNotCovered(LookupError):
    """The official calendar of this year is not known to the system."""

    def __init__(self, year: int) -> None:
        super().__init__(
            f"the working-day calendar does not cover {year}: add the State Council's "
            f"holiday arrangement for {year} to the file named by CALENDAR_OVERRIDES"
        )
        self.year = year


@dataclass(frozen=True)
class YearOverride:
    """One year's arrangement: statutory holidays off, adjusted weekend workdays (调休) on."""

    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    workdays: frozenset[dt.date] = field(default_factory=frozenset)


class WorkingDayCalendar:
    def __init__(self, overrides: dict[int, YearOverride] | None = None) -> None:
        self._overrides = overrides or {}

    @classmethod
    def from_file(cls, path: Path | None) -> WorkingDayCalendar:
        """Read overrides from a TOML file of the form::

        [2027]
        holidays = [2027-01-01, 2027-02-05]
        workdays = [2027-02-14]
        """
        if path is None:
            return cls()
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
        overrides = {}
        for year, days in raw.items():
            holidays = _dates(days.get("holidays", []), int(year), path)
            workdays = _dates(days.get("workdays", []), int(year), path)
            overrides[int(year)] = YearOverride(frozenset(holidays), frozenset(workdays))
        return cls(overrides)

    def is_working_day(self, day: dt.date) -> bool:
        override = self._overrides.get(day.year)
        if override is not None:
            if day in override.workdays:
                return True
            if day in override.holidays:
                return False
            return day.weekday() < 5
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError as exc:
            raise CalendarYearNotCovered(day.year) from exc

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date `days` working days after `start` (start itself not counted)."""
        if days < 0:
            raise ValueError("days must not be negative")
        current = start
        remaining = days
        while remaining:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: how many a pause from start to end consumed."""
        count = 0
        current = start
        while current < end:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count


def _dates(values: Iterable[object], year: int, path: Path) -> list[dt.date]:
    dates = []
    for value in values:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        if day.year != year:
            raise ValueError(f"{path}: {day} is listed under year {year}")
        dates.append(day)
    return dates
