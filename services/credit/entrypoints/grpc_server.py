"""The partner-agency gRPC API of credit, in its own process (grpcio does not run under eventlet).

Where each answer comes from, so that a change is visible promptly:
- GetStanding and ExplainStanding read the unit's record from credit's event store (cached
  records are brought up to date from the store on each read): as current as the log.
- WatchStandingChanges reads credit's notification log directly, polling it while idle.
- ListBlacklist reads the blacklist read model, which the credit worker brings up to date
  after every event it processes and every day it closes; each page says the log position
  it reflects.

Partner agencies authenticate and are authorised per method as on permits' server
(GRPC_TLS_CERT, GRPC_TLS_KEY, GRPC_TLS_CLIENT_CA, GRPC_AUTHORIZATION: see kit.grpc_auth).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from collections.abc import Iterator
from typing import Any

import grpc
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import get_topic
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError

from firesafety.credit.v1 import credit_pb2, credit_pb2_grpc
from kit import metrics
from kit.audit import AuditLog
from kit.database import create_service_engine, create_tables, store_problem
from kit.grpc_auth import TlsFiles
from kit.grpc_edge import Grants, build_server, security_from_env
from kit.grpc_errors import abort_invalid_argument, abort_not_found
from kit.grpc_guard import date_violation, position_violation
from kit.identifiers import InvalidIdentifier, normalize_uscc
from kit.positions import PositionStore
from kit.reads import CurrentAggregates, Head, LiveHead, LogHead, MessagesOf
from kit.relay import log_watcher
from kit.runtime import configure_logging, stop_on_signals
from kit.settings import load_settings
from services.credit import read_models
from services.credit.application import CreditApplication
from services.credit.bootstrap import build_application
from services.credit.domain import StandingEntry, UnitCreditRecord
from services.credit.entrypoints import grpc_mapping
from services.credit.upstream import own_event_id

log = logging.getLogger(__name__)
SERVICE_NAME = credit_pb2.DESCRIPTOR.services_by_name["CreditService"].full_name
STANDING_CHANGED = get_topic(UnitCreditRecord.StandingChanged)
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
WATCH_BATCH = 100
PROJECTION = "projection:credit"


class CreditService(credit_pb2_grpc.CreditServiceServicer):
    def __init__(
        self, app: CreditApplication, engine: Engine, stopping: threading.Event, poll_seconds: float = 0.2
    ) -> None:
        self.app = app
        self.engine = engine
        self.positions = PositionStore(engine)
        self.stopping = stopping
        self.poll_seconds = poll_seconds
        # Standings are read from the records themselves, kept current with the log (kit.reads).
        recorder: Any = app.recorder
        head: Head = LiveHead(recorder)
        if hasattr(recorder, "channel_name"):  # a database, which the process watches for writes
            url = engine.url.render_as_string(hide_password=False)
            head = LogHead(recorder, log_watcher(url, engine, recorder.channel_name, stopping), stopping).start()
        self.records = CurrentAggregates(app, head)
        self.current = MessagesOf()
        """Each record's standing today as last answered: it follows from the record alone."""

    def GetStanding(self, request: credit_pb2.GetStandingRequest, context: grpc.ServicerContext) -> credit_pb2.Standing:
        record, as_of = self._record(request.uscc, request.as_of, context)
        if as_of is None:
            return self.current.get(
                record, lambda r: grpc_mapping.standing(r, self._entry(r, request.uscc, None, context), None)
            )
        return grpc_mapping.standing(record, self._entry(record, request.uscc, as_of, context), as_of)

    def ExplainStanding(
        self, request: credit_pb2.ExplainStandingRequest, context: grpc.ServicerContext
    ) -> credit_pb2.StandingExplanation:
        record, entry, as_of = self._standing(request.uscc, request.as_of, context)
        return credit_pb2.StandingExplanation(
            standing=grpc_mapping.standing(record, entry, as_of),
            listings=[grpc_mapping.listing(item, status, as_of) for item, status in record.listings_on(as_of)],
            history=[grpc_mapping.history_entry(e) for e in record.history_until(as_of)],
        )

    def ListBlacklist(
        self, request: credit_pb2.ListBlacklistRequest, context: grpc.ServicerContext
    ) -> credit_pb2.ListBlacklistResponse:
        violations = []
        if request.since:
            violations.extend(_date_violations("since", request.since))
        if request.page_size < 0:
            violations.append(("page_size", "must not be negative"))
        after = None
        try:
            after = grpc_mapping.after_token(request.page_token, request.district, request.since)
        except grpc_mapping.InvalidPageToken as exc:
            violations.append(("page_token", str(exc)))
        if violations:
            abort_invalid_argument(context, violations)
        size = min(request.page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        position = self.positions.get(PROJECTION)
        rows = read_models.blacklist_page(
            self.engine, district=request.district, since=request.since, after=after, limit=size + 1
        )
        page, more = rows[:size], len(rows) > size
        return credit_pb2.ListBlacklistResponse(
            entries=[grpc_mapping.blacklist_entry(row) for row in page],
            next_page_token=grpc_mapping.page_token(request.district, request.since, page[-1]) if more else "",
            log_position=position,
        )

    def WatchStandingChanges(
        self, request: credit_pb2.WatchStandingChangesRequest, context: grpc.ServicerContext
    ) -> Iterator[credit_pb2.StandingChangeNotice]:
        out_of_range = position_violation("after_position", request.after_position)
        if out_of_range:
            abort_invalid_argument(context, [out_of_range])
        position = request.after_position
        while context.is_active() and not self.stopping.is_set():
            notifications = self.app.recorder.select_notifications(
                start=position + 1, limit=WATCH_BATCH, topics=[STANDING_CHANGED]
            )
            for notification in notifications:
                event = self.app.mapper.to_domain_event(notification)
                position = notification.id
                if request.district and getattr(event, "district", "") != request.district:
                    continue
                event_id = own_event_id(event.originator_id, event.originator_version)
                yield grpc_mapping.change_notice(notification.id, event_id, event)
            if len(notifications) < WATCH_BATCH:
                self.stopping.wait(self.poll_seconds)

    def _standing(
        self, uscc: str, as_of_text: str, context: grpc.ServicerContext
    ) -> tuple[UnitCreditRecord, StandingEntry, dt.date | None]:
        record, as_of = self._record(uscc, as_of_text, context)
        return record, self._entry(record, uscc, as_of, context), as_of

    def _record(
        self, uscc: str, as_of_text: str, context: grpc.ServicerContext
    ) -> tuple[UnitCreditRecord, dt.date | None]:
        violations = []
        try:
            uscc = normalize_uscc(uscc)
        except InvalidIdentifier as exc:
            violations.append(("uscc", str(exc)))
        as_of = _date(as_of_text) if as_of_text else None
        if as_of_text:
            violations.extend(_date_violations("as_of", as_of_text))
        if violations:
            abort_invalid_argument(context, violations)
        try:
            record: UnitCreditRecord = self.records.get(UnitCreditRecord.create_id(uscc))
        except AggregateNotFoundError:
            abort_not_found(context, "unit", uscc)
        return record, as_of

    @staticmethod
    def _entry(
        record: UnitCreditRecord, uscc: str, as_of: dt.date | None, context: grpc.ServicerContext
    ) -> StandingEntry:
        entry = record.standing(as_of)
        if entry is None:
            abort_not_found(context, "credit standing", f"{record.uscc or uscc} as of {as_of}")
        return entry


def create_server(
    app: CreditApplication,
    engine: Engine,
    address: str,
    stopping: threading.Event,
    max_workers: int = 32,
    tls: TlsFiles | None = None,
    grants: Grants | None = None,
    audit: AuditLog | None = None,
) -> tuple[grpc.Server, int]:
    """The credit server and its port; see kit.grpc_edge.build_server for health, reflection and
    security. Each open WatchStandingChanges holds one worker."""
    return build_server(
        lambda s: credit_pb2_grpc.add_CreditServiceServicer_to_server(CreditService(app, engine, stopping), s),
        SERVICE_NAME,
        address,
        max_workers=max_workers,
        tls=tls,
        grants=grants,
        audit=audit,
        store_problem=lambda: store_problem(engine),
    )


def read_model_engine(engine: Engine, attempts: int = 5) -> Engine:
    """Make sure the read-model tables exist (the worker may not have created them yet)."""
    for attempt in range(1, attempts + 1):
        try:
            create_tables(read_models.metadata, engine)
            return engine
        except (OperationalError, ProgrammingError):
            if attempt == attempts:
                raise
            threading.Event().wait(0.5 * attempt)  # another process created them at the same moment
    return engine


def main() -> None:
    configure_logging("credit-grpc")
    settings = load_settings("credit")
    app = build_application(settings)
    engine = read_model_engine(create_service_engine(settings))
    stopping = stop_on_signals()
    address = f"0.0.0.0:{settings.grpc_port}"
    tls, grants = security_from_env(os.environ)
    audit = AuditLog(engine)
    server, _ = create_server(app, engine, address, stopping, tls=tls, grants=grants, audit=audit)
    metrics.serve()
    server.start()
    log.info("CreditService listening on %s (%s)", address, "mutual TLS" if tls else "plain text, local use only")
    stopping.wait()
    server.stop(grace=5).wait()
    audit.close()
    app.close()
    engine.dispose()


def _date_violations(field: str, value: str) -> list[tuple[str, str]]:
    day = _date(value)
    if day is None:
        return [(field, "must be an ISO date (YYYY-MM-DD)")]
    out_of_range = date_violation(field, day)
    return [out_of_range] if out_of_range else []


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


if __name__ == "__main__":
    main()
