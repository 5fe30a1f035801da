"""The notify nameko worker: consumes permits, supervision and credit events; delivers; serves staff and public.

Thin: every method delegates to the NotifyWorker dependency. The timer passes the
time in; nothing below reads the clock.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from nameko.rpc import rpc
from nameko.timer import timer
from nameko.web.handlers import http
from werkzeug.wrappers import Request

from kit.consumer import BatchOutcome, Delivery, consume_events
from services.notify import read_models
from services.notify.entrypoints.worker import NotifyWorker
from services.notify.feed import BadFeedRequest

UPSTREAMS = ("permits", "supervision", "credit")
DISPATCH_INTERVAL_SECONDS = 1.0
JSON = {"Content-Type": "application/json; charset=utf-8"}
ATOM = {"Content-Type": "application/atom+xml; charset=utf-8"}
JSON_LINES = {"Content-Type": "application/x-ndjson; charset=utf-8"}
Response = tuple[int, dict[str, str], str]


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class NotifyService:
    name = "notify"

    events = NotifyWorker()

    @consume_events("permits")  # type: ignore[misc]
    def on_permits_event(self, batch: list[Delivery]) -> BatchOutcome:
        return self.events.process_batch(batch)

    @consume_events("supervision")  # type: ignore[misc]
    def on_supervision_event(self, batch: list[Delivery]) -> BatchOutcome:
        return self.events.process_batch(batch)

    @consume_events("credit")  # type: ignore[misc]
    def on_credit_event(self, batch: list[Delivery]) -> BatchOutcome:
        return self.events.process_batch(batch)

    @timer(interval=DISPATCH_INTERVAL_SECONDS)  # type: ignore[misc]
    def dispatch(self) -> None:
        """Send the notices that are due (and retry those whose backoff has passed)."""
        self.events.dispatch(now())

    @rpc  # type: ignore[misc]
    def status(self) -> dict[str, Any]:
        """Positions of the log, the read models and each upstream; channels; deliveries by status."""
        return self.events.status(UPSTREAMS)

    @rpc  # type: ignore[misc]
    def notices_of_unit(self, uscc: str) -> list[dict[str, Any]]:
        """Every notice about a unit, oldest first, each with its deliveries by channel."""
        return read_models.notices_of_unit(self.events.views(), uscc)

    @rpc  # type: ignore[misc]
    def notice(self, notice_id: str) -> dict[str, Any] | None:
        """One notice (one recipient, one channel) with every attempt at it."""
        return read_models.notice(self.events.views(), notice_id)

    @rpc  # type: ignore[misc]
    def failed_deliveries(self, limit: int = 100) -> list[dict[str, Any]]:
        return read_models.failed_deliveries(self.events.views(), limit)

    @rpc  # type: ignore[misc]
    def retry_notice(self, notice_id: str, requested_by: str) -> dict[str, Any] | None:
        """Send a failed notice again: a new round of attempts, due at once."""
        return self.events.retry(notice_id, now(), requested_by)

    @rpc  # type: ignore[misc]
    def inbox(self, uscc: str, unread_only: bool = False) -> list[dict[str, Any]]:
        """The unit's in-site messages, for the portal (站内信)."""
        return read_models.inbox(self.events.views(), uscc, unread_only)

    @rpc  # type: ignore[misc]
    def mark_inbox_notice_read(self, uscc: str, notice_id: str) -> None:
        self.events.mark_read(notice_id, uscc, now())

    @rpc  # type: ignore[misc]
    def close_day(self, day: str) -> dict[str, Any]:
        """Reminders before rectification deadlines and appointments, raised once per date."""
        return self.events.close_day(dt.date.fromisoformat(day))

    @rpc  # type: ignore[misc]
    def load_arrangement(self, arrangement: dict[str, Any], at: str) -> dict[str, Any]:
        """Record the State Council's arrangement of a year (from `firesafety calendar load`)."""
        return self.events.load_arrangement(arrangement, at)

    @http("GET", "/publications")  # type: ignore[misc]
    def publications(self, request: Request) -> Response:
        """双公示, 一公开: published decisions and inspections, newest first, paginated JSON."""
        try:
            return 200, JSON, self.events.feed().json_page(self.events.feed().query(request.args))
        except BadFeedRequest as error:
            return 400, JSON, json.dumps({"error": str(error)}, ensure_ascii=False)

    @http("GET", "/publications.atom")  # type: ignore[misc]
    def publications_atom(self, request: Request) -> Response:
        try:
            return 200, ATOM, self.events.feed().atom_page(self.events.feed().query(request.args))
        except BadFeedRequest as error:
            return 400, JSON, json.dumps({"error": str(error)}, ensure_ascii=False)

    @http("GET", "/checkpoints")  # type: ignore[misc]
    def checkpoints(self, request: Request) -> Response:
        """The signed checkpoints of every service's event chain, as JSON lines, for third parties to keep."""
        try:
            return 200, JSON_LINES, self.events.feed().checkpoints(request.args)
        except BadFeedRequest as error:
            return 400, JSON, json.dumps({"error": str(error)}, ensure_ascii=False)

    @http("GET", "/publications/<string:notice_id>")  # type: ignore[misc]
    def publication(self, request: Request, notice_id: str) -> Response:
        item = self.events.feed().json_item(notice_id)
        return (200, JSON, item) if item is not None else (404, JSON, '{"error": "not published"}')
