"""How each notify event changes the read models.

Rows go through kit.projection's batched writes (`insert_or_ignore`, `update_row`), which send a
batch's rows in executemany; the one statement with an SQL expression (a counter + 1) is built
once, with bound parameters, so SQLAlchemy compiles it once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam

from kit import logs
from kit.checkpoints import ChainCheckpoint
from kit.projection import Handlers, insert_or_ignore, update_row
from services.notify.domain import Deadline, Notice
from services.notify.domain.recipients import PUBLICATION
from services.notify.read_models.tables import (
    attempts,
    deadlines,
    notice_traces,
    notices,
    publications,
    published_checkpoints,
    stamp,
)

_RECORD_ATTEMPT = (
    notices.update()
    .where(notices.c.notice_id == bindparam("_notice"))
    .values(
        status="pending",
        held_reason=None,
        attempts=notices.c.attempts + 1,
        last_attempt_at=bindparam("_at"),
        last_result=bindparam("_result"),
        last_detail=bindparam("_detail"),
        next_attempt_at=bindparam("_next_at"),
    )
)


def _created(conn: Connection, e: Notice.Created) -> None:
    notice_id = str(e.originator_id)
    insert_or_ignore(
        conn,
        notices,
        notice_id=notice_id,
        uscc=e.uscc,
        recipient=e.recipient,
        role=e.role,
        channel=e.channel,
        address=e.address,
        notice_type=e.notice_type,
        status="pending",
        subject=e.subject,
        body=e.body,
        cause_event_id=e.cause_event_id,
        cause_type=e.cause_type,
        business_time=e.business_time,
        reference=e.reference,
        created_at=stamp(e.timestamp),
        next_attempt_at=stamp(e.due_at),
        attempts=0,
    )
    if correlation := logs.correlation_id.get():  # stored with the event (kit.tracing)
        insert_or_ignore(
            conn, notice_traces, notice_id=notice_id, correlation_id=correlation, causation_id=logs.causation_id.get()
        )
    if e.channel == PUBLICATION:
        data = e.data
        insert_or_ignore(
            conn,
            publications,
            notice_id=notice_id,
            kind=str(data.get("kind", "")),
            notice_type=e.notice_type,
            title=e.subject,
            body=e.body,
            uscc=e.uscc,
            unit_name=str(data.get("unit_name", "")),
            district=str(data.get("district", "")),
            reference=e.reference,
            decided_on=str(data.get("decided_on", "")),
            publish_by=str(data.get("publish_by", "")),
            published_at=None,
            details=data,
        )


def _held(conn: Connection, e: Notice.DeliveryHeld) -> None:
    _update(conn, e, status="held", held_reason=e.reason)


def _attempted(conn: Connection, e: Notice.DeliveryAttempted) -> None:
    next_at = stamp(e.next_attempt_at) if e.next_attempt_at else None
    insert_or_ignore(
        conn,
        attempts,
        notice_id=str(e.originator_id),
        version=e.originator_version,
        at=stamp(e.at),
        channel=e.channel,
        address=e.address,
        attempt=e.attempt,
        result=e.result,
        detail=e.detail,
        next_attempt_at=next_at,
    )
    conn.execute(
        _RECORD_ATTEMPT,
        {
            "_notice": str(e.originator_id),
            "_at": stamp(e.at),
            "_result": e.result,
            "_detail": e.detail,
            "_next_at": next_at,
        },
    )
    if e.address:
        # Addresses from the directory are looked up when sending: show staff where it went.
        _update(conn, e, address=e.address)


def _delivered(conn: Connection, e: Notice.Delivered) -> None:
    _update(conn, e, status="delivered", delivered_at=stamp(e.at), receipt=e.receipt, next_attempt_at=None)
    update_row(conn, publications, "notice_id", str(e.originator_id), published_at=stamp(e.at))


def _failed(conn: Connection, e: Notice.DeliveryFailed) -> None:
    _update(conn, e, status="failed", failed_at=stamp(e.at), failed_reason=e.reason, next_attempt_at=None)


def _retry_requested(conn: Connection, e: Notice.RetryRequested) -> None:
    _update(conn, e, status="pending", failed_at=None, failed_reason=None, next_attempt_at=stamp(e.at))


def _read(conn: Connection, e: Notice.Read) -> None:
    _update(conn, e, read_at=stamp(e.at))


def _update(conn: Connection, e: Any, **values: Any) -> None:
    update_row(conn, notices, "notice_id", str(e.originator_id), **values)


def _deadline_opened(conn: Connection, e: Deadline.Opened) -> None:
    insert_or_ignore(
        conn,
        deadlines,
        deadline_id=str(e.originator_id),
        kind=e.kind,
        reference=e.reference,
        uscc=e.uscc,
        unit_name=e.unit_name,
        due_on=e.due_on,
        is_open=True,
        reminded_for="",
    )


def _deadline_moved(conn: Connection, e: Deadline.Moved) -> None:
    _update_deadline(conn, e, due_on=e.due_on)


def _deadline_closed(conn: Connection, e: Deadline.Closed) -> None:
    _update_deadline(conn, e, is_open=False)


def _reminder_issued(conn: Connection, e: Deadline.ReminderIssued) -> None:
    _update_deadline(conn, e, reminded_for=e.for_due_on)


def _update_deadline(conn: Connection, e: Any, **values: Any) -> None:
    update_row(conn, deadlines, "deadline_id", str(e.originator_id), **values)


def _checkpoint(conn: Connection, e: ChainCheckpoint.Signed) -> None:
    insert_or_ignore(
        conn,
        published_checkpoints,
        service=e.service,
        position=e.position,
        link=e.link,
        signed_at=e.signed_at,
        key_id=e.key_id,
        signature=e.signature,
        public_key=e.public_key,
    )


apply = Handlers(
    {
        ChainCheckpoint.Signed: _checkpoint,
        Notice.Created: _created,
        Notice.DeliveryHeld: _held,
        Notice.DeliveryAttempted: _attempted,
        Notice.Delivered: _delivered,
        Notice.DeliveryFailed: _failed,
        Notice.RetryRequested: _retry_requested,
        Notice.Read: _read,
        Deadline.Opened: _deadline_opened,
        Deadline.Moved: _deadline_moved,
        Deadline.Closed: _deadline_closed,
        Deadline.ReminderIssued: _reminder_issued,
    }
)
