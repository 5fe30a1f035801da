"""The day book (日结): which business days credit has closed, and what it had received by then.

Closing a day is credit's clock: windows close, repairs come due and the year turns only
when a day is closed. Each close records how far each upstream log had been consumed, so a
replay of the upstream logs puts every close at the same place.
"""

from __future__ import annotations

import datetime as dt
import uuid

from eventsourcing.domain import Aggregate, event

DAY_BOOK_ID = uuid.uuid5(uuid.UUID("3c0a8f5e-2d61-4f0b-9e7a-51b6c2d4e8f3"), "credit-day-book")


class CreditDayBook(Aggregate):
    class Started(Aggregate.Created):
        pass

    class DayClosed(Aggregate.Event):
        day: dt.date
        upstream_positions: dict[str, int]
        units_reviewed: int

    @staticmethod
    def create_id() -> uuid.UUID:
        return DAY_BOOK_ID

    @event(Started)
    def __init__(self) -> None:
        self.closed_through: dt.date | None = None

    @property
    def open_day(self) -> dt.date | None:
        """The first business day not yet closed (None before the first close)."""
        return None if self.closed_through is None else self.closed_through + dt.timedelta(days=1)

    def is_closed(self, day: dt.date) -> bool:
        return self.closed_through is not None and day <= self.closed_through

    @event(DayClosed)
    def close(self, day: dt.date, upstream_positions: dict[str, int], units_reviewed: int) -> None:
        self.closed_through = day
