"""The audit log of partner calls: who called which method, with which request id, and what they got.

Every call that reaches a gRPC server — refusals included (PERMISSION_DENIED, INVALID_ARGUMENT...) —
is appended to the table `audit_calls` of the service's own database: the agency (its client
certificate's common name, "" for a plain-text caller), the method, the request's `request_id`, the
status code, the duration and the time. Each row carries a link, the SHA-256 of the previous row's
link and of the row itself, so an edited, inserted or deleted row breaks the chain from there on
(`verify`, `firesafety audit SERVICE --verify`).

A call refused at the TLS handshake (no certificate, or one from another CA) never reaches the
server's code, and so is not in this log: grpcio logs the failed handshake itself.

Rows are written by a background thread in batches, a few times a second while calls come, so a call
never waits for the audit store; a process killed outright may lose the last fraction of a second of
rows.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import queue
import threading
import time
from collections.abc import Sequence
from json.encoder import encode_basestring as _text  # type: ignore[attr-defined]
from typing import Any, NamedTuple

from psycopg2.extras import execute_values
from sqlalchemy import Column, Engine, Float, Integer, MetaData, String, Table, select, text

from kit.database import create_tables

log = logging.getLogger(__name__)

metadata = MetaData()
audit_calls = Table(
    "audit_calls",
    metadata,
    Column("position", Integer, primary_key=True, autoincrement=True),
    Column("at", String(40), nullable=False),
    Column("agency", String(256), nullable=False),
    Column("method", String(256), nullable=False),
    Column("request_id", String(256), nullable=False),
    Column("code", String(32), nullable=False),
    Column("duration_ms", Float, nullable=False),
    Column("link", String(64), nullable=False),
)
GENESIS = "0" * 64
_COLUMNS = "at, agency, method, request_id, code, duration_ms, link"


class Call(NamedTuple):
    at: str
    agency: str
    method: str
    request_id: str
    code: str
    duration_ms: float


def link_of(previous: str, call: Call) -> str:
    """SHA-256 of the previous link, a newline and the row's canonical JSON: its fields by name in
    sorted order, compact, not ASCII-escaped. The text is written out here field by field, in the
    very bytes `json.dumps(..., sort_keys=True, ensure_ascii=False, separators=(",", ":"))` gives."""
    duration = call.duration_ms
    number = repr(duration) if math.isfinite(duration) else json.dumps(duration)
    canonical = (
        f'{{"agency":{_text(call.agency)},"at":{_text(call.at)},"code":{_text(call.code)},'
        f'"duration_ms":{number},"method":{_text(call.method)},"request_id":{_text(call.request_id)}}}'
    )
    return hashlib.sha256(f"{previous}\n{canonical}".encode()).hexdigest()


class AuditLog:
    """Appends calls to `audit_calls` from a background thread; `flush` waits until all are stored."""

    def __init__(self, engine: Engine, flush_seconds: float = 0.2, batch: int = 1000) -> None:
        self.engine = engine
        create_tables(metadata, engine)
        self.flush_seconds = flush_seconds
        self.batch = batch
        self._queue: queue.SimpleQueue[Call | threading.Event | None] = queue.SimpleQueue()
        self._hurry = threading.Event()
        self._writer = threading.Thread(target=self._write_forever, name="audit-writer", daemon=True)
        self._writer.start()

    def record(self, call: Call) -> None:
        """Queue the call for the writer. This wakes no thread: the writer takes what came every
        `flush_seconds` while calls come, so a call costs its server one queue append."""
        self._queue.put(call)

    def flush(self, timeout: float = 30.0) -> None:
        """Wait until every call recorded before is stored (at most `timeout` seconds)."""
        stored = threading.Event()
        self._queue.put(stored)
        self._hurry.set()
        stored.wait(timeout)

    def close(self) -> None:
        self.flush()
        self._queue.put(None)
        self._hurry.set()
        self._writer.join(timeout=10)

    def _write_forever(self) -> None:
        while True:
            first = self._queue.get()  # an idle server's writer sleeps here
            if isinstance(first, Call):
                self._hurry.wait(self.flush_seconds)  # the calls of the next moment join this batch
            self._hurry.clear()
            batch: list[Call] = []
            waiting: list[threading.Event] = []
            item: Call | threading.Event | None = first
            while True:
                if item is None:
                    self._store(batch, waiting)
                    return
                if isinstance(item, threading.Event):
                    waiting.append(item)
                else:
                    batch.append(item)
                    if len(batch) >= self.batch:
                        self._store(batch, waiting)
                        batch, waiting = [], []
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            self._store(batch, waiting)

    def _store(self, batch: list[Call], waiting: list[threading.Event]) -> None:
        if batch:
            self._append_until_stored(batch)
        for stored in waiting:
            stored.set()

    def _append_until_stored(self, batch: list[Call]) -> None:
        delay = 0.5
        while True:
            try:
                append(self.engine, batch)
                return
            except Exception as error:  # the store is away: keep the rows, try again
                log.warning("could not append %d calls to the audit log (%s); again in %.1fs", len(batch), error, delay)
                time.sleep(delay)
                delay = min(delay * 2, 30.0)


def append(engine: Engine, calls: Sequence[Call]) -> None:
    """Append calls in one transaction, each linked to the one before (the table is locked meanwhile,
    so that replicas of one server appending to one store keep one chain)."""
    schema = (engine.get_execution_options().get("schema_translate_map") or {}).get(None)
    table = f'"{schema}".audit_calls' if schema else "audit_calls"
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE"))
        previous = conn.execute(select(audit_calls.c.link).order_by(audit_calls.c.position.desc()).limit(1)).scalar()
        link = previous or GENESIS
        rows = []
        for call in calls:
            link = link_of(link, call)
            rows.append((*call, link))
        # The rows as the driver takes them: no per-row parameter processing.
        if engine.dialect.name == "postgresql":
            cursor = conn.connection.cursor()  # the transaction's own connection
            try:
                execute_values(cursor, f"INSERT INTO {table} ({_COLUMNS}) VALUES %s", rows, page_size=len(rows))
            finally:
                cursor.close()
        else:
            conn.exec_driver_sql(f"INSERT INTO {table} ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)


def calls(
    engine: Engine, agency: str = "", method: str = "", since: str = "", limit: int = 100
) -> list[dict[str, Any]]:
    """The latest calls (oldest first among them), filtered by agency, method and time."""
    query = select(audit_calls).order_by(audit_calls.c.position.desc()).limit(limit)
    if agency:
        query = query.where(audit_calls.c.agency == agency)
    if method:
        query = query.where(audit_calls.c.method == method)
    if since:
        query = query.where(audit_calls.c.at >= since)
    with engine.connect() as conn:
        rows = [dict(row._mapping) for row in conn.execute(query)]
    return rows[::-1]


def verify(engine: Engine) -> int | None:
    """The position of the first row whose link does not follow, or None when the chain holds."""
    previous = GENESIS
    with engine.connect() as conn:
        for row in conn.execute(select(audit_calls).order_by(audit_calls.c.position)):
            call = Call(row.at, row.agency, row.method, row.request_id, row.code, row.duration_ms)
            if link_of(previous, call) != row.link:
                return int(row.position)
            previous = row.link
    return None
