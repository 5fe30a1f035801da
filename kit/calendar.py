"""Working days on China's calendar (法定工作日), official where it is known, provisional where not.

Where each year comes from, first found first:

1. an official arrangement the operator loaded (`firesafety calendar load`, recorded in each
   service's log) or listed in the file named by `CALENDAR_OVERRIDES`;
2. the `chinesecalendar` package (the State Council's arrangements it knows, 2004–2026 in 1.11.0);
3. for a later year, the *provisional* calendar of the holiday law (kit.holiday_law): statutory
   days, weekends and make-up days, no adjusted workdays. Every date computed across such a year
   is marked provisional by the services, and revised by an event once the official arrangement
   is loaded.

A year before the package's first is refused with `CalendarYearNotCovered`, never guessed.

Working-day arithmetic is served from a per-year index (the sorted working days of each year),
built once per year and calendar: `add_working_days` and `working_days_between` cost a bisection,
not a walk over the days.
"""

from __future__ import annotations

import datetime as dt
import threading
import tomllib
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import chinese_calendar

from kit.holiday_law import HolidayLaw

CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "CST")
"""The official calendar's time zone (China has one, without daylight saving)."""

OFFICIAL_FROM = 2004
"""The first year the calendar package knows; earlier years are refused."""

Source = Literal["arrangement", "package", "provisional"]


def business_day(moment: dt.datetime) -> dt.date:
    """The calendar day a moment falls on in China, whatever zone it was written in:
    07:30 in Shanghai is still that day, though in UTC it is the day before."""
    return moment.astimezone(CHINA_TIME).date()


class CalendarYearNotCovered(LookupError):
    """The calendar of this year is not known to the system (a year before the package's first)."""

    def __init__(self, year: int) -> None:
        super().__init__(
            f"the working-day calendar does not cover {year}: years from {OFFICIAL_FROM} are known "
            f"(official, from the package or CALENDAR_OVERRIDES, or provisional from the holiday law)"
        )
        self.year = year


@dataclass(frozen=True)
class YearOverride:
    """One year's arrangement: statutory holidays off, adjusted weekend workdays (调休) on."""

    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    workdays: frozenset[dt.date] = field(default_factory=frozenset)
    notice_no: str = ""


@dataclass(frozen=True)
class CalendarYear:
    """One year as the calendar reckons it: where it comes from, and which days are off or worked."""

    year: int
    source: Source
    days_off: frozenset[dt.date]
    """Days off that would otherwise be working days (weekdays), and weekend days listed as off."""
    workdays: frozenset[dt.date]
    """Adjusted weekend workdays (调休); never in a provisional year."""
    notice_no: str = ""
    """The arrangement's 文号, for a year an arrangement covers."""

    @property
    def provisional(self) -> bool:
        return self.source == "provisional"

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.days_off:
            return False
        return day.weekday() < 5


class _YearIndex:
    """The working days of one year as sorted ordinals, for bisection."""

    __slots__ = ("ordinals", "working")

    def __init__(self, year: CalendarYear) -> None:
        first = dt.date(year.year, 1, 1).toordinal()
        last = dt.date(year.year, 12, 31).toordinal()
        self.ordinals = [o for o in range(first, last + 1) if year.is_working_day(dt.date.fromordinal(o))]
        self.working = frozenset(self.ordinals)

    def rank(self, ordinal: int) -> int:
        """Working days of the year on or before `ordinal`."""
        return bisect_right(self.ordinals, ordinal)


class WorkingDayCalendar:
    def __init__(
        self,
        overrides: Mapping[int, YearOverride] | None = None,
        law: HolidayLaw | None = None,
    ) -> None:
        self._overrides = dict(overrides or {})
        self.law = law or HolidayLaw()
        self._years: dict[int, CalendarYear] = {}
        self._indexes: dict[int, _YearIndex] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_file(cls, path: Path | None, law: HolidayLaw | None = None) -> WorkingDayCalendar:
        """Read overrides from a TOML file of the form::

        [2027]
        holidays = [2027-01-01, 2027-02-05]
        workdays = [2027-02-14]
        """
        if path is None:
            return cls(law=law)
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
        overrides = {}
        for year, days in raw.items():
            holidays = _dates(days.get("holidays", []), int(year), path)
            workdays = _dates(days.get("workdays", []), int(year), path)
            overrides[int(year)] = YearOverride(
                frozenset(holidays), frozenset(workdays), str(days.get("notice_no", "") or f"{path.name}")
            )
        return cls(overrides, law)

    def with_years(self, overrides: Mapping[int, YearOverride]) -> WorkingDayCalendar:
        """This calendar with more official years (an arrangement loaded later takes precedence)."""
        return WorkingDayCalendar({**self._overrides, **overrides}, self.law)

    # -- the years --------------------------------------------------------------------------------

    def year(self, year: int) -> CalendarYear:
        """How the calendar reckons `year`."""
        known = self._years.get(year)
        if known is None:
            known = self._reckon(year)
            self._years[year] = known
        return known

    def is_provisional(self, year: int) -> bool:
        return self.year(year).provisional

    def provisional_between(self, start: dt.date, end: dt.date) -> bool:
        """Whether counting the days in (start, end] crosses a provisional year."""
        first = (start + dt.timedelta(days=1)).year if start < end else end.year
        return any(self.is_provisional(y) for y in range(first, end.year + 1))

    def _reckon(self, year: int) -> CalendarYear:
        override = self._overrides.get(year)
        if override is not None:
            return CalendarYear(year, "arrangement", override.holidays, override.workdays, override.notice_no)
        if year < OFFICIAL_FROM:
            raise CalendarYearNotCovered(year)
        try:
            return _package_year(year)
        except NotImplementedError:
            off = self.law.days_off(year)
            return CalendarYear(year, "provisional", frozenset(off), frozenset())

    def _index(self, year: int) -> _YearIndex:
        index = self._indexes.get(year)
        if index is None:
            with self._lock:
                index = self._indexes.get(year)
                if index is None:
                    index = _YearIndex(self.year(year))
                    self._indexes[year] = index
        return index

    # -- working-day arithmetic -------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        return day.toordinal() in self._index(day.year).working

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date `days` working days after `start` (start itself not counted)."""
        if days < 0:
            raise ValueError("days must not be negative")
        if days == 0:
            return start
        year = start.year
        index = self._index(year)
        target = index.rank(start.toordinal()) + days  # the rank, within `year`, of the day sought
        while target > len(index.ordinals):
            target -= len(index.ordinals)
            year += 1
            index = self._index(year)
        return dt.date.fromordinal(index.ordinals[target - 1])

    def working_days_in(self, year: int) -> int:
        return len(self._index(year).ordinals)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: how many a pause from start to end consumed."""
        if end <= start:
            return 0
        count = self._index(end.year).rank(end.toordinal()) - self._index(start.year).rank(start.toordinal())
        for year in range(start.year, end.year):
            count += len(self._index(year).ordinals)
        return count


def _package_year(year: int) -> CalendarYear:
    """A year the calendar package knows (raises NotImplementedError for one it does not)."""
    first = dt.date(year, 1, 1)
    chinese_calendar.is_workday(first)  # raises for a year the package does not know
    days = [first + dt.timedelta(days=n) for n in range((dt.date(year + 1, 1, 1) - first).days)]
    off = frozenset(d for d in days if d.weekday() < 5 and not chinese_calendar.is_workday(d))
    worked = frozenset(d for d in days if d.weekday() >= 5 and chinese_calendar.is_workday(d))
    return CalendarYear(year, "package", off, worked, "chinesecalendar")


def _dates(values: Iterable[object], year: int, path: Path) -> list[dt.date]:
    dates = []
    for value in values:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        if day.year != year:
            raise ValueError(f"{path}: {day} is listed under year {year}")
        dates.append(day)
    return dates
