"""What every gRPC edge refuses before a servicer sees a request, and how store failures reach partners
(applied to every method by kit.grpc_edge).

A partner gets a status it can act on, never UNKNOWN or INTERNAL:

- bytes that do not decode as the method's request message → INVALID_ARGUMENT (field ``request``);
- a text longer than `MAX_TEXT`, or a list longer than `MAX_ITEMS` → INVALID_ARGUMENT naming the
  field (``unit.name``, ``materials``...); a message larger than `MAX_MESSAGE_BYTES` is refused by
  grpcio itself with RESOURCE_EXHAUSTED;
- a store that is busy, restarting or unreachable, on a read as on a write → UNAVAILABLE, with a
  text that names the service, never the database's host or port (those go to the server's log);
- a write that lost a race for the same aggregate → ABORTED: send the same request again.

Log positions and business times are checked by each servicer against `MAX_LOG_POSITION` and
`EARLIEST`/`LATEST` (`position_violation`, `time_of`, `date_violation`).
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, NoReturn

import grpc
import psycopg2
import sqlalchemy.exc
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from kit.database import STORE_UNAVAILABLE
from kit.grpc_errors import abort_status

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 1024 * 1024
"""The largest request a server accepts (grpcio answers RESOURCE_EXHAUSTED beyond it)."""

MAX_TEXT = 4096
"""The longest text any request field may hold, in characters."""

MAX_ITEMS = 256
"""The most items any repeated request field may hold."""

MAX_LOG_POSITION = 2**53 - 1
"""The highest log position a partner may resume after: far beyond any log, and exact in every
client's number type (a JSON client's double too)."""

EARLIEST = dt.datetime(1949, 10, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2200, 1, 1, tzinfo=dt.UTC)
"""Business times and dates outside [EARLIEST, LATEST) are refused as INVALID_ARGUMENT."""

STORE_BUSY: tuple[type[BaseException], ...] = (
    *STORE_UNAVAILABLE,
    sqlalchemy.exc.TimeoutError,
    sqlalchemy.exc.DisconnectionError,
    psycopg2.OperationalError,
    psycopg2.InterfaceError,
    sqlite3.OperationalError,
)
"""Every error class that says the store did not answer, whichever layer raised it."""


@dataclass(frozen=True)
class Refused:
    """What the guarded deserializer returns in place of a request it refuses."""

    violations: tuple[tuple[str, str], ...]


def abort_unavailable(context: grpc.ServicerContext, store: str, exc: BaseException) -> NoReturn:
    """UNAVAILABLE for a store that did not answer, naming the service only (the error goes to the log)."""
    log.warning("the %s store did not answer: %s", store, exc)
    abort_status(context, grpc.StatusCode.UNAVAILABLE, f"the {store} store is busy or unreachable; try again")


def abort_lost_race(context: grpc.ServicerContext) -> NoReturn:
    """ABORTED for a write that lost a race for the same aggregate: the partner sends it again."""
    abort_status(context, grpc.StatusCode.ABORTED, "the record changed meanwhile; send the request again")


def guarded_deserializer(deserialize: Callable[[bytes], Message]) -> Callable[[bytes], Message | Refused]:
    def decode(data: bytes) -> Message | Refused:
        try:
            message = deserialize(data)
        except Exception:  # DecodeError, and whatever else undecodable bytes may raise
            return Refused((("request", "is not a valid encoded request message"),))
        violations = tuple(oversized(message))
        return Refused(violations) if violations else message

    return decode


def oversized(message: Message, prefix: str = "") -> Iterator[tuple[str, str]]:
    """A violation for each text longer than MAX_TEXT and each list longer than MAX_ITEMS."""
    for field, value in message.ListFields():
        name = prefix + field.name
        repeated = field.is_repeated
        if repeated and len(value) > MAX_ITEMS:
            yield name, f"must hold at most {MAX_ITEMS} items"
            continue
        values = value if repeated else [value]
        if field.type == FieldDescriptor.TYPE_STRING:
            if any(len(text) > MAX_TEXT for text in values):
                yield name, f"must be at most {MAX_TEXT} characters"
        elif field.message_type is not None and not field.message_type.GetOptions().map_entry:
            for item in values:
                yield from oversized(item, name + ".")


def position_violation(field: str, position: int) -> tuple[str, str] | None:
    if not 0 <= position <= MAX_LOG_POSITION:
        return field, f"must be between 0 and {MAX_LOG_POSITION}"
    return None


def time_of(message: Any, field: str) -> dt.datetime | None:
    """The time a Timestamp field holds, or None when unset; ValueError naming the range otherwise."""
    if not message.HasField(field):
        return None
    stamp = getattr(message, field)
    if not 0 <= stamp.nanos < 1_000_000_000 or not EARLIEST.timestamp() <= stamp.seconds < LATEST.timestamp():
        raise ValueError(f"must be a time from {EARLIEST.date()} to before {LATEST.date()}")
    return stamp.ToDatetime(dt.UTC)  # type: ignore[no-any-return]


def date_violation(field: str, day: dt.date) -> tuple[str, str] | None:
    if not EARLIEST.date() <= day < LATEST.date():
        return field, f"must be a date from {EARLIEST.date()} to before {LATEST.date()}"
    return None
