"""The State Council's holiday arrangement of a year (国务院办公厅关于某年部分节假日安排的通知).

An operator loads it with `firesafety calendar load FILE` once it is published. The file is
validated whole before anything changes; each service then records it in its own log
(`ArrangementBook`), reckons its calendar from that log, and revises the open due dates the
arrangement moves. The file, in TOML::

    year = 2027
    notice_no = "国办发明电〔2026〕12号"      # the notice's 文号
    notice_date = 2026-11-12
    holidays = ["2027-01-01", "2027-02-05..2027-02-13"]   # every day off (ranges allowed)
    workdays = ["2027-02-14", "2027-02-20"]               # adjusted weekend workdays (调休)
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import tomllib
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventsourcing.domain import Aggregate, event

from kit.calendar import CalendarYear, WorkingDayCalendar, YearOverride
from kit.holiday_law import HolidayLaw

BOOK_NAMESPACE = uuid.UUID("6a1f3c0e-94d2-4b57-8e0a-2c7b5d9f1e36")


class ArrangementRefused(ValueError):
    """The arrangement is malformed or incomplete; nothing was changed."""


@dataclass(frozen=True)
class Arrangement:
    year: int
    notice_no: str
    notice_date: dt.date
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]

    def to_record(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "notice_no": self.notice_no,
            "notice_date": self.notice_date.isoformat(),
            "holidays": [d.isoformat() for d in sorted(self.holidays)],
            "workdays": [d.isoformat() for d in sorted(self.workdays)],
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any], law: HolidayLaw | None = None) -> Arrangement:
        """Parse and validate; raises ArrangementRefused naming what is wrong."""
        arrangement = _parse(record)
        validate(arrangement, law or HolidayLaw())
        return arrangement

    def as_year(self) -> YearOverride:
        return YearOverride(self.holidays, self.workdays, self.notice_no)


def read_arrangement(path: Path, law: HolidayLaw | None = None) -> Arrangement:
    """Read and validate an arrangement file; raises ArrangementRefused with the reason."""
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except OSError as exc:
        raise ArrangementRefused(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ArrangementRefused(f"{path}: not a TOML file: {exc}") from exc
    try:
        return Arrangement.from_record(raw, law)
    except ArrangementRefused as exc:
        raise ArrangementRefused(f"{path}: {exc}") from exc


def _parse(raw: Mapping[str, Any]) -> Arrangement:
    for key in ("year", "notice_no", "notice_date", "holidays", "workdays"):
        if key not in raw:
            raise ArrangementRefused(f"{key} is missing")
    year = raw["year"]
    if not isinstance(year, int) or isinstance(year, bool):
        raise ArrangementRefused(f"year must be a number, not {year!r}")
    notice_no = str(raw["notice_no"]).strip()
    if not notice_no:
        raise ArrangementRefused("notice_no (the notice's 文号) is empty")
    notice_date = _day(raw["notice_date"], "notice_date")
    holidays = _days(raw["holidays"], "holidays", year)
    workdays = _days(raw["workdays"], "workdays", year)
    return Arrangement(year, notice_no, notice_date, frozenset(holidays), frozenset(workdays))


def validate(arrangement: Arrangement, law: HolidayLaw) -> None:
    """A complete year: every statutory day that falls on a weekday is off, adjusted workdays are
    weekend days, no day is both, and the notice comes before the year ends."""
    year = arrangement.year
    if arrangement.notice_date > dt.date(year, 12, 31):
        raise ArrangementRefused(f"notice_date {arrangement.notice_date} is after the year {year} it arranges")
    both = arrangement.holidays & arrangement.workdays
    if both:
        raise ArrangementRefused(f"listed both as holiday and as workday: {_list(both)}")
    weekdays = {d for d in arrangement.workdays if d.weekday() < 5}
    if weekdays:
        raise ArrangementRefused(f"workdays must be Saturdays or Sundays (调休): {_list(weekdays)} are weekdays")
    missing = {d for d in law.statutory_days(year) if d.weekday() < 5 and d not in arrangement.holidays}
    if missing:
        raise ArrangementRefused(
            f"incomplete: the statutory holidays {_list(missing)} of {year} are not listed as holidays"
        )


def _day(value: object, name: str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ArrangementRefused(f"{name}: {value} is a time, not a day")
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ArrangementRefused(f"{name}: {value!r} is not a day, YYYY-MM-DD") from exc


def _days(values: object, name: str, year: int) -> list[dt.date]:
    if not isinstance(values, list):
        raise ArrangementRefused(f"{name} must be a list of days")
    days: list[dt.date] = []
    for value in values:
        first, _, last = str(value).partition("..") if not isinstance(value, dt.date) else (value, "", "")
        start = _day(first, name)
        end = _day(last, name) if last else start
        if end < start:
            raise ArrangementRefused(f"{name}: the range {value} ends before it starts")
        days += [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    outside = {d for d in days if d.year != year}
    if outside:
        raise ArrangementRefused(f"{name}: {_list(outside)} lie outside {year}")
    return days


def _list(days: Iterable[dt.date]) -> str:
    return ", ".join(d.isoformat() for d in sorted(days))


@dataclass(frozen=True)
class Difference:
    """How the arrangement changes a year the calendar reckoned before."""

    before: CalendarYear
    now_off: tuple[dt.date, ...]
    now_worked: tuple[dt.date, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.before.year,
            "before": self.before.source,
            "days_off_added": [d.isoformat() for d in self.now_off],
            "working_days_added": [d.isoformat() for d in self.now_worked],
        }


def difference(arrangement: Arrangement, calendar: WorkingDayCalendar) -> Difference:
    before = calendar.year(arrangement.year)
    after = CalendarYear(arrangement.year, "arrangement", arrangement.holidays, arrangement.workdays)
    first = dt.date(arrangement.year, 1, 1)
    days = [first + dt.timedelta(days=n) for n in range((dt.date(arrangement.year + 1, 1, 1) - first).days)]
    now_off = tuple(d for d in days if before.is_working_day(d) and not after.is_working_day(d))
    now_worked = tuple(d for d in days if not before.is_working_day(d) and after.is_working_day(d))
    return Difference(before, now_off, now_worked)


class ArrangementBook(Aggregate):
    """The holiday arrangements a service has recorded (节假日安排), one log entry per loading."""

    @staticmethod
    def create_id() -> uuid.UUID:
        return uuid.uuid5(BOOK_NAMESPACE, "arrangements")

    class Opened(Aggregate.Created):
        pass

    class Loaded(Aggregate.Event):
        year: int
        notice_no: str
        notice_date: str
        holidays: list[str]
        workdays: list[str]
        loaded_at: str
        #: How far each upstream log had been consumed (credit replays its commands by it).
        upstream_positions: dict[str, int]

    @event(Opened)
    def __init__(self) -> None:
        self.arrangements: dict[int, Arrangement] = {}

    def load(self, arrangement: Arrangement, at: dt.datetime, upstream_positions: Mapping[str, int]) -> bool:
        """Record the arrangement; False when the same notice is already in force for its year."""
        current = self.arrangements.get(arrangement.year)
        if current == arrangement:
            return False
        record = arrangement.to_record()
        self._loaded(
            year=arrangement.year,
            notice_no=arrangement.notice_no,
            notice_date=record["notice_date"],
            holidays=record["holidays"],
            workdays=record["workdays"],
            loaded_at=at.isoformat(),
            upstream_positions=dict(upstream_positions),
        )
        return True

    @event(Loaded)
    def _loaded(
        self,
        year: int,
        notice_no: str,
        notice_date: str,
        holidays: list[str],
        workdays: list[str],
        loaded_at: str,
        upstream_positions: dict[str, int],
    ) -> None:
        self.arrangements = {
            **self.arrangements,
            year: _parse(
                {"year": year, "notice_no": notice_no, "notice_date": notice_date, "holidays": holidays,
                 "workdays": workdays}
            ),
        }  # fmt: skip

    def calendar(self, base: WorkingDayCalendar) -> WorkingDayCalendar:
        return base.with_years({y: a.as_year() for y, a in self.arrangements.items()})


class LoggedCalendar(WorkingDayCalendar):
    """The calendar a service reckons with: its base calendar (the package, CALENDAR_OVERRIDES, the
    holiday law) plus the arrangements recorded in its own log, so that a replay reckons alike.

    Other processes of the service (the gRPC server, replicas) see a new arrangement within
    `refresh_seconds`; the process that records it sees it at once (`invalidate`).
    """

    def __init__(  # the base calendar is held, not extended: no super().__init__()
        self,
        base: WorkingDayCalendar,
        read_book: Callable[[], ArrangementBook | None],
        refresh_seconds: float = 1.0,
    ) -> None:
        self.base = base
        self.law = base.law
        self._read_book = read_book
        self.refresh_seconds = refresh_seconds
        self._current = base
        self._version = 0
        self._checked = float("-inf")
        self._lock = threading.Lock()

    def current(self) -> WorkingDayCalendar:
        if time.monotonic() - self._checked >= self.refresh_seconds:
            with self._lock:
                book = self._read_book()
                version = book.version if book is not None else 0
                if version != self._version:
                    self._current = book.calendar(self.base) if book is not None else self.base
                    self._version = version
                self._checked = time.monotonic()
        return self._current

    def invalidate(self) -> None:
        self._checked = float("-inf")

    # The calendar's own interface, answered by the current calendar.
    def is_working_day(self, day: dt.date) -> bool:
        return self.current().is_working_day(day)

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        return self.current().add_working_days(start, days)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        return self.current().working_days_between(start, end)

    def provisional_between(self, start: dt.date, end: dt.date) -> bool:
        return self.current().provisional_between(start, end)

    def is_provisional(self, year: int) -> bool:
        return self.current().is_provisional(year)

    def year(self, year: int) -> CalendarYear:
        return self.current().year(year)

    def working_days_in(self, year: int) -> int:
        return self.current().working_days_in(year)

    def with_years(self, overrides: Mapping[int, YearOverride]) -> WorkingDayCalendar:
        return self.current().with_years(overrides)

    def after(self, book: ArrangementBook) -> WorkingDayCalendar:
        """The calendar once `book` is saved: for revising due dates in the same transaction."""
        return book.calendar(self.base)


def calendar_of_log(app: Any, base: WorkingDayCalendar) -> LoggedCalendar:
    """The LoggedCalendar of an eventsourcing application, reading its ArrangementBook."""
    return LoggedCalendar(base, lambda: book_of(app))


def book_of(app: Any) -> ArrangementBook | None:
    from eventsourcing.application import AggregateNotFoundError

    try:
        book: ArrangementBook = app.repository.get(ArrangementBook.create_id())
    except AggregateNotFoundError:
        return None
    return book


def book_with(
    app: Any, arrangement: Arrangement, at: dt.datetime, upstream_positions: Mapping[str, int]
) -> tuple[ArrangementBook, bool]:
    """The service's book with `arrangement` recorded (unsaved), and whether that changed it."""
    book = book_of(app) or ArrangementBook()
    return book, book.load(arrangement, at, upstream_positions)
