"""The audit log of partner calls: who called which method, with which request id, and what they got.

Every call that reaches a gRPC server — refusals included (PERMISSION_DENIED, INVALID_ARGUMENT...) —
is appended to the table `audit_calls` of the service's own database: the agency (its client
certificate's common name, "" for a plain-text caller), the method, the request's `request_id`, the
status code, the duration and the time. Each row carries a link, the SHA-256 of the previous row's
link and of the row itself, so an edited, inserted or deleted row breaks the chain from there on
(`verify`, `firesafety audit SERVICE --verify`).

A call refused at the TLS handshake (no certificate, or one from another CA) never reaches the
server's code, and so is not in this log: grpcio logs the failed handshake itself.

Rows are written by a background thread in small batches, so a call never waits for the audit
store; a process killed outright may lose the last fraction of a second of rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import grpc
from sqlalchemy import Column, Engine, Float, Integer, MetaData, String, Table, insert, select, text

from kit.database import create_tables
from kit.grpc_auth import caller, rewrap

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


@dataclass(frozen=True)
class Call:
    at: str
    agency: str
    method: str
    request_id: str
    code: str
    duration_ms: float


def link_of(previous: str, call: Call) -> str:
    canonical = json.dumps(asdict(call), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{previous}\n{canonical}".encode()).hexdigest()


class AuditLog:
    """Appends calls to `audit_calls` from a background thread; `flush` waits until all are stored."""

    def __init__(self, engine: Engine, flush_seconds: float = 0.2) -> None:
        self.engine = engine
        create_tables(metadata, engine)
        self.flush_seconds = flush_seconds
        self._queue: queue.Queue[Call | None] = queue.Queue()
        self._idle = threading.Condition()
        self._pending = 0
        self._writer = threading.Thread(target=self._write_forever, name="audit-writer", daemon=True)
        self._writer.start()

    def record(self, call: Call) -> None:
        with self._idle:
            self._pending += 1
        self._queue.put(call)

    def flush(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._pending and time.monotonic() < deadline:
                self._idle.wait(max(0.0, deadline - time.monotonic()))

    def close(self) -> None:
        self.flush()
        self._queue.put(None)
        self._writer.join(timeout=10)

    def _write_forever(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while True:
                try:
                    item = self._queue.get(timeout=self.flush_seconds if len(batch) < 500 else 0)
                except queue.Empty:
                    break
                if item is None:
                    self._append_until_stored(batch)
                    return
                batch.append(item)
            self._append_until_stored(batch)

    def _append_until_stored(self, batch: list[Call]) -> None:
        delay = 0.5
        while True:
            try:
                append(self.engine, batch)
                break
            except Exception as error:  # the store is away: keep the rows, try again
                log.warning("could not append %d calls to the audit log (%s); again in %.1fs", len(batch), error, delay)
                time.sleep(delay)
                delay = min(delay * 2, 30.0)
        with self._idle:
            self._pending -= len(batch)
            self._idle.notify_all()


def append(engine: Engine, calls: Sequence[Call]) -> None:
    """Append calls in one transaction, each linked to the one before (the table is locked meanwhile,
    so that replicas of one server appending to one store keep one chain)."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            schema = (engine.get_execution_options().get("schema_translate_map") or {}).get(None)
            table = f'"{schema}".audit_calls' if schema else "audit_calls"
            conn.execute(text(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE"))
        previous = conn.execute(select(audit_calls.c.link).order_by(audit_calls.c.position.desc()).limit(1)).scalar()
        link = previous or GENESIS
        rows = []
        for call in calls:
            link = link_of(link, call)
            rows.append({**asdict(call), "link": link})
        conn.execute(insert(audit_calls), rows)


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
            fields = {name: row._mapping[name] for name in Call.__dataclass_fields__}
            if link_of(previous, Call(**fields)) != row.link:
                return int(row.position)
            previous = row.link
    return None


class CallAudit(grpc.ServerInterceptor):  # type: ignore[misc]
    """Records every call that reaches the server, whatever its outcome, in an AuditLog."""

    def __init__(self, audit: AuditLog) -> None:
        self.audit = audit

    def intercept_service(self, continuation: Callable[[Any], Any], details: Any) -> Any:
        handler = continuation(details)
        method = details.method.rpartition("/")[2]
        if handler is None or details.method.startswith(("/grpc.health.", "/grpc.reflection.")):
            return handler
        return rewrap(handler, lambda b: self._unary(b, method), lambda b: self._stream(b, method))

    def _unary(self, behaviour: Callable[[Any, grpc.ServicerContext], Any], method: str) -> Callable[..., Any]:
        def audited(request: Any, context: grpc.ServicerContext) -> Any:
            started, failed = time.monotonic(), "UNKNOWN"
            try:
                answer = behaviour(request, context)
                failed = ""
                return answer
            finally:
                self._record(request, context, method, started, failed)

        return audited

    def _stream(
        self, behaviour: Callable[[Any, grpc.ServicerContext], Iterator[Any]], method: str
    ) -> Callable[..., Any]:
        def audited(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            started, failed = time.monotonic(), "UNKNOWN"
            try:
                yield from behaviour(request, context)
                failed = ""
            except GeneratorExit:
                failed = "CANCELLED"  # the partner hung up
                raise
            finally:
                self._record(request, context, method, started, failed)

        return audited

    def _record(self, request: Any, context: grpc.ServicerContext, method: str, started: float, failed: str) -> None:
        """`failed`: the code when the call raised without aborting (grpcio answers UNKNOWN) or was cancelled."""
        code = context.code()  # set by an abort; None otherwise
        request_id = getattr(request, "request_id", "")
        self.audit.record(
            Call(
                at=dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
                agency=caller(context),
                method=method,
                request_id=request_id if isinstance(request_id, str) else "",
                code=code.name if isinstance(code, grpc.StatusCode) else failed or "OK",
                duration_ms=round((time.monotonic() - started) * 1000, 3),
            )
        )
