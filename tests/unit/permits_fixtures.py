"""A permits application on an in-memory store, as the unit tests of permits use it."""

from __future__ import annotations

import datetime as dt

from kit.database import IN_MEMORY_ENV
from services.permits.application import PermitsApplication
from services.permits.domain import PermitRules

UTC = dt.UTC


def at(day: dt.date | str, hour: int = 10) -> dt.datetime:
    date = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return dt.datetime.combine(date, dt.time(hour), tzinfo=UTC)


def permits_app(rules: PermitRules | None = None) -> PermitsApplication:
    return PermitsApplication(env=IN_MEMORY_ENV, rules=rules)


def event_names(app: PermitsApplication) -> list[str]:
    return [type(app.mapper.to_domain_event(n)).__name__ for n in app.recorder.select_notifications(1, 10_000)]
