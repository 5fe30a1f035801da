"""One log format for every process: JSON lines, or readable lines when attached to a terminal.

Every line names the service and the process; while a partner's request (or what it caused) is being
handled, also its correlation id, and the causation where there is one. The gRPC edge adopts the
partner's `x-request-id` or W3C `traceparent` (its trace id), or mints one (kit.grpc_edge).

    {"time": "2026-12-03T08:13:15.632Z", "level": "INFO", "service": "permits", "process": "permits-grpc",
     "logger": "kit.grpc_edge", "message": "SubmitApplication OK", "correlation_id": "4bf92f35…",
     "method": "SubmitApplication", "agency": "market-regulation", "code": "OK", "duration_ms": 12.4}
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import json
import logging
import os
import random
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

correlation_id: contextvars.ContextVar[str] = contextvars.ContextVar("correlation_id", default="")
causation_id: contextvars.ContextVar[str] = contextvars.ContextVar("causation_id", default="")

_TRACEPARENT = re.compile(r"^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def correlation_from(metadata: Sequence[tuple[str, str | bytes]] | Mapping[str, str]) -> str:
    """The partner's `x-request-id`, else the trace id of its `traceparent`, else a new id."""
    pairs = metadata.items() if isinstance(metadata, Mapping) else metadata
    request_id: str | bytes = ""
    traceparent: str | bytes = ""
    for key, value in pairs:
        name = key.lower()
        if name == "x-request-id":
            request_id = value
        elif name == "traceparent":
            traceparent = value
    if request_id:
        given = (request_id if isinstance(request_id, str) else request_id.decode(errors="replace")).strip()
        if _REQUEST_ID.match(given):
            return given
    if traceparent:
        given = (traceparent if isinstance(traceparent, str) else traceparent.decode(errors="replace")).strip()
        if match := _TRACEPARENT.match(given.lower()):
            return match.group(1)
    return new_id()


def new_id() -> str:
    """32 random hex digits. Drawn from the process's own generator (reseeded in every forked child),
    not the system's: a request-serving thread that asked the kernel would let go of the interpreter
    and queue behind the others to get it back, on every call."""
    return f"{random.getrandbits(128):032x}"


@contextlib.contextmanager
def correlated(correlation: str, causation: str = "") -> Iterator[None]:
    """Every line logged inside carries `correlation` (and `causation`)."""
    tokens = correlation_id.set(correlation), causation_id.set(causation)
    try:
        yield
    finally:
        correlation_id.reset(tokens[0])
        causation_id.reset(tokens[1])


_make_record = logging.getLogRecordFactory()


def _stamped_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
    """A log record stamped, where it is made, with the correlation and causation of the moment."""
    record = _make_record(*args, **kwargs)
    if correlation := correlation_id.get():
        record.correlation_id = correlation
    if causation := causation_id.get():
        record.causation_id = causation
    return record


logging.setLogRecordFactory(_stamped_record)


class JsonFormatter(logging.Formatter):
    """One JSON object per line; fields passed with `extra=` are kept."""

    def __init__(self, process: str = "", service: str = "") -> None:
        super().__init__()
        self.process = process or os.environ.get("PROCESS_NAME", "")
        self.service = service or self.process.split("-", 1)[0]

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "service": self.service,
            "process": self.process,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update({k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class ReadableFormatter(JsonFormatter):
    """The same fields as a line for a person at a terminal."""

    def format(self, record: logging.LogRecord) -> str:
        fields = json.loads(super().format(record))
        head = f"{fields.pop('time')[11:23]} {fields.pop('level'):<7} {fields.pop('process') or fields['service']}"
        fields.pop("service")
        message, logger, exception = fields.pop("message"), fields.pop("logger"), fields.pop("exception", "")
        rest = " ".join(f"{key}={value}" for key, value in fields.items())
        return f"{head} {logger}: {message}" + (f"  [{rest}]" if rest else "") + (f"\n{exception}" if exception else "")


def formatter(process: str = "", service: str = "") -> logging.Formatter:
    """JSON lines, unless stderr is a terminal (or LOG_FORMAT says `readable` / `json`)."""
    wanted = os.environ.get("LOG_FORMAT", "")
    readable = wanted == "readable" or (wanted != "json" and sys.stderr.isatty())
    return (ReadableFormatter if readable else JsonFormatter)(process, service)


def configure(process: str, service: str = "") -> None:
    """The root logger writes to stderr in the one format."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter(process, service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(os.environ.get("LOG_LEVEL", "INFO"))
