"""The day-close command (close the day): the reminders due on a day, found in the read models.

The deadlines read model names the candidates cheaply; each is then checked
against its aggregate, which remembers the dates already reminded of, so calling
it twice for a day, or for days that overlap, sends each reminder once.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Engine

from services.notify import read_models
from services.notify.application import DayClosed, NotifyApplication
from services.notify.domain import DeadlineKind


def close_day(app: NotifyApplication, views: Engine, day: dt.date) -> DayClosed:
    candidates: list[tuple[DeadlineKind, uuid.UUID]] = []
    for kind in DeadlineKind:
        start, end = app.reminder_window(day, kind)
        candidates += [(kind, uuid.UUID(d)) for d in read_models.deadlines_due_between(views, kind.value, start, end)]
    return app.close_day(day, candidates)
