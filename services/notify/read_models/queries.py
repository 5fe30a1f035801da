"""What staff, the portal, the dispatcher and the day-close command ask of the read models."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, func, or_, select

from services.notify.domain.recipients import INBOX, unit_inbox
from services.notify.read_models.tables import (
    attempts,
    deadlines,
    notice_traces,
    notices,
    publications,
    published_checkpoints,
    stamp,
)
from services.notify.vocabulary import PUBLICATION_TYPES

CHANNEL_ORDER = {INBOX: 0, "email": 1, "sms": 2, "callback": 3}
GROUP_KEYS = ("notice_type", "recipient", "subject", "body", "cause_event_id", "cause_type", "business_time")


def notices_of_unit(engine: Engine, uscc: str) -> list[dict[str, Any]]:
    """Every notice about a unit, oldest first: one per message and recipient, with its deliveries by channel.

    Publications, and their copies to partner agencies, are in the public feed, not here.
    """
    with engine.connect() as conn:
        rows = conn.execute(
            _traced(select(notices, notice_traces.c.correlation_id))
            .where(notices.c.uscc == uscc, notices.c.notice_type.not_in(PUBLICATION_TYPES))
            .order_by(notices.c.created_at)
        ).all()
    groups: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in sorted(rows, key=lambda r: (r.created_at, CHANNEL_ORDER.get(r.channel, 9))):
        key = (row.cause_event_id, row.notice_type, row.recipient)
        group = groups.get(key)
        if group is None:
            group = {name: getattr(row, name) for name in GROUP_KEYS}
            group.update(uscc=row.uscc, reference=row.reference, correlation_id=row.correlation_id or "", deliveries=[])
            groups[key] = group
        group["deliveries"].append(_delivery(row._asdict()))
    return list(groups.values())


def notice(engine: Engine, notice_id: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        query = _traced(select(notices, notice_traces.c.correlation_id, notice_traces.c.causation_id))
        row = conn.execute(query.where(notices.c.notice_id == notice_id)).first()
        if row is None:
            return None
        tried = conn.execute(
            select(attempts).where(attempts.c.notice_id == notice_id).order_by(attempts.c.version)
        ).all()
    found = row._asdict()
    found.update(correlation_id=found["correlation_id"] or "", causation_id=found["causation_id"] or "")
    found["attempt_log"] = [{k: v for k, v in a._asdict().items() if k != "notice_id"} for a in tried]
    return found


def correlation_of(engine: Engine, notice_id: str) -> str:
    """The correlation id of the request a notice follows from ('' when none was recorded)."""
    with engine.connect() as conn:
        query = select(notice_traces.c.correlation_id).where(notice_traces.c.notice_id == notice_id)
        return str(conn.execute(query).scalar() or "")


def _traced(query: Any) -> Any:
    """`query` over the notices, with their traces where they have one."""
    return query.select_from(notices.outerjoin(notice_traces, notice_traces.c.notice_id == notices.c.notice_id))


def failed_deliveries(engine: Engine, limit: int = 100) -> list[dict[str, Any]]:
    """Notices that ended failed, newest first: each waits for staff to correct and retry it."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(notices).where(notices.c.status == "failed").order_by(notices.c.failed_at.desc()).limit(limit)
        ).all()
    return [_delivery(r._asdict()) | {"uscc": r.uscc, "notice_type": r.notice_type} for r in rows]


def delivery_counts(engine: Engine) -> dict[str, dict[str, int]]:
    """{channel: {status: count}}: what is waiting, held, delivered or failed on each channel."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(notices.c.channel, notices.c.status, func.count()).group_by(notices.c.channel, notices.c.status)
        ).all()
    counts: dict[str, dict[str, int]] = {}
    for channel, status, count in rows:
        counts.setdefault(channel, {})[status] = int(count)
    return counts


def inbox(engine: Engine, uscc: str, unread_only: bool = False, limit: int = 100) -> list[dict[str, Any]]:
    """The unit's in-site messages for the portal, newest first."""
    query = select(notices).where(
        notices.c.recipient == unit_inbox(uscc), notices.c.channel == INBOX, notices.c.status == "delivered"
    )
    if unread_only:
        query = query.where(notices.c.read_at.is_(None))
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(notices.c.delivered_at.desc()).limit(limit)).all()
    return [
        {
            "notice_id": r.notice_id,
            "notice_type": r.notice_type,
            "subject": r.subject,
            "body": r.body,
            "reference": r.reference,
            "delivered_at": r.delivered_at,
            "read_at": r.read_at,
        }
        for r in rows
    ]


def due_notices(
    engine: Engine,
    now: dt.datetime,
    ready_channels: Iterable[str],
    limit: int,
    channel: str | None = None,
    other_than: Iterable[str] = (),
) -> list[str]:
    """Pending notices whose time has come, and held ones whose channel is ready now; oldest first.

    Only those of `channel` when given; only those of channels other than `other_than` when given."""
    ready = list(ready_channels)
    due = and_(notices.c.status == "pending", notices.c.next_attempt_at <= stamp(now))
    released = and_(notices.c.status == "held", notices.c.channel.in_(ready))
    query = select(notices.c.notice_id).where(or_(due, released) if ready else due)
    if channel is not None:
        query = query.where(notices.c.channel == channel)
    if others := list(other_than):
        query = query.where(notices.c.channel.not_in(others))
    query = query.order_by(notices.c.next_attempt_at, notices.c.notice_id).limit(limit)
    with engine.connect() as conn:
        return [row.notice_id for row in conn.execute(query)]


def deadlines_due_between(engine: Engine, kind: str, start: dt.date, end: dt.date) -> list[str]:
    """Open deadlines of `kind` falling in [start, end) and not yet reminded of their current date."""
    query = select(deadlines.c.deadline_id).where(
        deadlines.c.kind == kind,
        deadlines.c.is_open.is_(True),
        deadlines.c.due_on >= start.isoformat(),
        deadlines.c.due_on < end.isoformat(),
        deadlines.c.reminded_for != deadlines.c.due_on,
    )
    with engine.connect() as conn:
        return [row.deadline_id for row in conn.execute(query.order_by(deadlines.c.due_on))]


def publications_page(
    engine: Engine, page: int, per_page: int, kind: str | None = None, district: str | None = None
) -> tuple[list[dict[str, Any]], int]:
    """Published items, newest first, one page of them, and how many there are in all."""
    conditions: list[ColumnElement[bool]] = [publications.c.published_at.is_not(None)]
    if kind:
        conditions.append(publications.c.kind == kind)
    if district:
        conditions.append(publications.c.district == district)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(publications).where(*conditions)).scalar_one()
        rows = conn.execute(
            select(publications)
            .where(*conditions)
            .order_by(publications.c.published_at.desc(), publications.c.notice_id)
            .offset((page - 1) * per_page)
            .limit(per_page)
        ).all()
    return [r._asdict() for r in rows], int(total)


def publication(engine: Engine, notice_id: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(
            select(publications).where(publications.c.notice_id == notice_id, publications.c.published_at.is_not(None))
        ).first()
    return None if row is None else row._asdict()


def _delivery(row: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "notice_id",
        "channel",
        "recipient",
        "role",
        "address",
        "status",
        "attempts",
        "next_attempt_at",
        "last_attempt_at",
        "last_result",
        "last_detail",
        "held_reason",
        "delivered_at",
        "receipt",
        "failed_reason",
        "read_at",
    )
    return {k: row[k] for k in keys}


def checkpoints_published(
    engine: Engine, service: str | None = None, since: int = 0, limit: int = 1000
) -> list[dict[str, Any]]:
    """Signed checkpoints of the services' event chains, by service and position, after `since`."""
    conditions: list[ColumnElement[bool]] = [published_checkpoints.c.position > since]
    if service:
        conditions.append(published_checkpoints.c.service == service)
    with engine.connect() as conn:
        rows = conn.execute(
            select(published_checkpoints)
            .where(*conditions)
            .order_by(published_checkpoints.c.service, published_checkpoints.c.position)
            .limit(limit)
        ).all()
    return [{"service": r.service, **{k: v for k, v in r._asdict().items() if k != "service"}} for r in rows]
