"""The notify worker's dependency: event processing, delivery, reminders and queries, in one order.

Every write (an upstream event, a delivery attempt, a retry, a reminder) and
every read-model refresh in this process takes the same semaphore, so the
projector never runs twice at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from eventlet.semaphore import Semaphore

from kit.arrangements import Arrangement
from kit.consumer import EventProcessor
from services.notify import read_models
from services.notify.application import NotifyApplication
from services.notify.bootstrap import NotifyWorkerParts, build_worker, build_worker_runtime
from services.notify.day_close import close_day
from services.notify.dispatch import DispatchReport
from services.notify.domain import Notice
from services.notify.feed import PublicationFeed


class NotifyWorker(EventProcessor):
    def __init__(self) -> None:
        super().__init__(build_worker_runtime)
        self.parts: NotifyWorkerParts | None = None

    def setup(self) -> None:
        self.parts = build_worker(exclusive=self.exclusively)
        self.runtime = self.parts.runtime

    def exclusively(self) -> Semaphore:
        return self.serialized()

    # Methods, not properties: nameko inspects a dependency's members when it binds it.
    def notify(self) -> NotifyApplication:
        return self._parts().runtime.app

    def views(self) -> Any:
        return self._parts().runtime.engine

    def feed(self) -> PublicationFeed:
        return self._parts().feed

    def dispatch(self, now: dt.datetime) -> DispatchReport:
        return self._parts().dispatcher.dispatch_due(now)

    def retry(self, notice_id: str, at: dt.datetime, requested_by: str) -> dict[str, Any] | None:
        self._write(lambda: self.notify().retry(notice_id, at, requested_by))
        return read_models.notice(self.views(), notice_id)

    def mark_read(self, notice_id: str, uscc: str, at: dt.datetime) -> None:
        self._write(lambda: self.notify().mark_read(notice_id, uscc, at))

    def close_day(self, day: dt.date) -> dict[str, Any]:
        with self.exclusively():
            self._parts().runtime.refresh_read_models()
            try:
                closed = close_day(self.notify(), self.views(), day)
            finally:
                self._parts().runtime.refresh_read_models()
        return closed.as_dict()

    def load_arrangement(self, arrangement: dict[str, Any], at: str) -> dict[str, Any]:
        loaded = Arrangement.from_record(arrangement, self.notify().calendar.law)
        moment = dt.datetime.fromisoformat(at)
        if moment.tzinfo is None:
            raise ValueError(f"at: a time must carry its zone: {at!r}")
        with self.exclusively():
            recorded = self.notify().load_arrangement(loaded, moment)
            self._parts().runtime.refresh_read_models()
        return {"service": "notify", "recorded": recorded, "revised": []}

    def status(self, upstreams: tuple[str, ...]) -> dict[str, Any]:
        status = self._parts().runtime.status(upstreams=upstreams)
        status["channels"] = self._parts().channels.report()
        status["deliveries"] = read_models.delivery_counts(self.views())
        return status

    def _write(self, command: Any) -> Notice:
        with self.exclusively():
            try:
                notice: Notice = command()
            finally:
                self._parts().runtime.refresh_read_models()
        return notice

    def _parts(self) -> NotifyWorkerParts:
        assert self.parts is not None, "the worker is not set up"
        return self.parts
