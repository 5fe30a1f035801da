"""The complete record (全过程记录): every enforcement act, who did it, when, on which evidence."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, select

from services.supervision.domain.accountability import AccountabilityMeasure
from services.supervision.domain.complaints import Complaint
from services.supervision.domain.fires import FireRegistration
from services.supervision.domain.inspections import Inspection
from services.supervision.domain.joint import CaseTransfer
from services.supervision.domain.penalties import PenaltyCase
from services.supervision.domain.rectification import RectificationOrder
from services.supervision.domain.referrals import ReferralLetter
from services.supervision.domain.verification import CommitmentVerification
from services.supervision.read_models import tables as t

RECORDED = (
    Inspection,
    RectificationOrder,
    PenaltyCase,
    Complaint,
    CommitmentVerification,
    ReferralLetter,
    FireRegistration,
    AccountabilityMeasure,
    CaseTransfer,
)
PERSONAL = frozenset({"reporter_name", "reporter_phone", "reporter_email", "responsible_phone", "responsible_email"})
OFFICERS = ("officer_ids", "inspector_ids", "recorded_by", "reviewer_id")
TIMES = (
    "recorded_at",
    "checked_at",
    "given_at",
    "received_at",
    "requested_at",
    "overdue_at",
    "ordered_on",
    "extended_on",
    "reported_on",
    "found_on",
    "verified_on",
    "overdue_on",
    "suspended_on",
    "lifted_on",
    "proposed_on",
    "reviewed_on",
    "decided_on",
    "withdrawn_on",
    "sent_on",
    "registered_on",
    "given_on",
    "taken_at",
    "transferred_on",
)
ENVELOPE = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic"})


NOT_ACTS = (Inspection.OrderNoted, Inspection.TransferNoted)
"""Bookkeeping between aggregates: the act (here the order) is recorded by its own aggregate."""


def is_recorded(domain_event: Any) -> bool:
    if isinstance(domain_event, NOT_ACTS):
        return False
    return any(domain_event.__class__.__qualname__.startswith(f"{a.__name__}.") for a in RECORDED)


def record_act(conn: Connection, e: Any) -> None:
    state = {k: v for k, v in vars(e).items() if k not in ENVELOPE}
    uscc = state.get("uscc") or _uscc_of(conn, str(e.originator_id))
    officers: list[str] = []
    for name in OFFICERS:
        value = state.get(name)
        if isinstance(value, list):
            officers.extend(value)
        elif value:
            officers.append(str(value))
    if not officers and isinstance(e, Inspection.Event):
        officers = _officers_of(conn, str(e.originator_id))
    business_time = next((str(state[name]) for name in TIMES if state.get(name)), "")
    details = {k: ("***" if k in PERSONAL and v else v) for k, v in state.items() if k not in ("evidence",)}
    conn.execute(
        t.record.insert(),
        dict(
            aggregate_id=str(e.originator_id),
            version=e.originator_version,
            uscc=uscc,
            act=e.__class__.__qualname__,
            business_time=business_time,
            recorded_at=e.timestamp.isoformat(),
            officers=",".join(dict.fromkeys(officers)),
            evidence=json.dumps(state.get("evidence", []), ensure_ascii=False),
            details=json.dumps(details, ensure_ascii=False, sort_keys=True, default=str),
        ),
    )


def _uscc_of(conn: Connection, aggregate_id: str) -> str:
    query = select(t.record.c.uscc).where(t.record.c.aggregate_id == aggregate_id).order_by(t.record.c.version).limit(1)
    return conn.execute(query).scalar_one_or_none() or ""


def _officers_of(conn: Connection, aggregate_id: str) -> list[str]:
    """Findings are part of the inspection that found them: the same officers."""
    query = select(t.record.c.officers).where(t.record.c.aggregate_id == aggregate_id).order_by(t.record.c.version)
    first = conn.execute(query.limit(1)).scalar_one_or_none() or ""
    return [o for o in first.split(",") if o]
