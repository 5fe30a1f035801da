"""Which credit events leave the service, as the messages of protos/firesafety/credit/v1/events.proto.

StandingChanged (permits refuses blacklisted units the commitment route; supervision draws by
tier and reduced inspection), ListingNoticeIssued and ListingNoticeWithdrawn (notify tells the
unit), CreditRepaired, TradeExitRecommended (a fire technical service firm seriously
dishonest). Everything else stays inside credit.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from google.protobuf.message import Message

from firesafety.credit.v1 import events_pb2
from kit.envelope import Envelope
from services.credit.domain import Cause, UnitCreditRecord
from services.credit.upstream import SOURCE

R = UnitCreditRecord


def translate(domain_event: Any, position: int) -> Envelope | None:
    build = _MESSAGES.get(type(domain_event))
    if build is None:
        return None
    message, business_day = build(domain_event)
    causes = getattr(domain_event, "causes", [])
    originator_id, version = domain_event.originator_id, domain_event.originator_version
    if isinstance(domain_event, R.NoticeIssued):
        # Named after the notice: the same id the listing's causes give it.
        originator_id, version = uuid.UUID(domain_event.notice_id), 1
    return Envelope.wrap(
        source=SOURCE,
        position=position,
        originator_id=originator_id,
        originator_version=version,
        message=message,
        subject=domain_event.uscc,
        business_time=business_day,
        correlation_id=str(causes[0]["event_id"]) if causes else str(domain_event.originator_id),
    )


def cause_messages(causes: list[Cause]) -> list[events_pb2.Cause]:
    return [
        events_pb2.Cause(
            service=c["service"],
            event_id=c["event_id"],
            event_type=c["event_type"],
            time=c["time"],
            rule=c["rule"],
            position=int(c.get("position", 0)),
        )
        for c in causes
    ]


def standing_changed(e: Any) -> events_pb2.StandingChanged:
    return events_pb2.StandingChanged(
        uscc=e.uscc,
        unit_name=e.unit_name,
        district=e.district,
        previous_tier=e.previous_tier,
        tier=e.tier,
        colour=e.colour,
        reduced_inspection=e.reduced_inspection,
        effective_on=e.effective_on.isoformat(),
        causes=cause_messages(e.causes),
        previous_colour=e.previous_colour,
        listed_rules=e.listed_rules,
        blacklisted=e.tier == "serious_dishonesty",
    )


def _standing_changed(e: Any) -> tuple[Message, str]:
    return standing_changed(e), e.effective_on.isoformat()


def _notice_issued(e: Any) -> tuple[Message, str]:
    message = events_pb2.ListingNoticeIssued(
        uscc=e.uscc,
        unit_name=e.unit_name,
        tier=e.tier,
        objection_deadline=e.objection_deadline.isoformat(),
        causes=cause_messages(e.causes),
        issued_on=e.noticed_on.isoformat(),
        notice_id=e.notice_id,
        rule=e.rule,
        district=e.district,
        objection_working_days=e.objection_working_days,
        objection_deadline_provisional=e.objection_deadline_provisional,
    )
    return message, e.noticed_on.isoformat()


def _notice_withdrawn(e: Any) -> tuple[Message, str]:
    message = events_pb2.ListingNoticeWithdrawn(
        uscc=e.uscc,
        unit_name=e.unit_name,
        district=e.district,
        notice_id=e.notice_id,
        rule=e.rule,
        reason=e.reason,
        withdrawn_on=e.on.isoformat(),
        causes=cause_messages(e.causes),
    )
    return message, e.on.isoformat()


def _repaired(e: Any) -> tuple[Message, str]:
    message = events_pb2.CreditRepaired(
        uscc=e.uscc,
        unit_name=e.unit_name,
        previous_tier=e.previous_tier,
        tier=e.tier,
        repaired_on=e.on.isoformat(),
        causes=cause_messages(e.causes),
        district=e.district,
        notice_ids=e.notice_ids,
    )
    return message, e.on.isoformat()


def _trade_exit_recommended(e: Any) -> tuple[Message, str]:
    message = events_pb2.TradeExitRecommended(
        uscc=e.uscc,
        firm_name=e.unit_name,
        district=e.district,
        service_types=e.service_types,
        recommended_on=e.on.isoformat(),
        listed_rules=e.listed_rules,
        causes=cause_messages(e.causes),
    )
    return message, e.on.isoformat()


def _repair_decided(e: Any) -> tuple[Message, str]:
    message = events_pb2.RepairApplicationDecided(
        uscc=e.uscc,
        unit_name=e.unit_name,
        district=e.district,
        notice_id=e.notice_id,
        rule=e.rule,
        application_id=e.application_id,
        approved=e.approved,
        reasons=e.reasons,
        decided_on=e.decided_on.isoformat(),
        causes=cause_messages([e.cause]),
    )
    return message, e.decided_on.isoformat()


def _objection_deadline_revised(e: Any) -> tuple[Message, str]:
    message = events_pb2.ObjectionDeadlineRevised(
        notice_id=e.notice_id,
        uscc=e.uscc,
        unit_name=e.unit_name,
        previous_deadline=e.previous_deadline.isoformat(),
        objection_deadline=e.objection_deadline.isoformat(),
        objection_deadline_provisional=e.provisional,
        arrangement=e.arrangement,
        revised_at=e.revised_at.isoformat(),
    )
    return message, e.revised_at.isoformat()


_MESSAGES: dict[type[Any], Callable[[Any], tuple[Message, str]]] = {
    R.StandingChanged: _standing_changed,
    R.NoticeIssued: _notice_issued,
    R.NoticeWithdrawn: _notice_withdrawn,
    R.ObjectionDeadlineRevised: _objection_deadline_revised,
    R.Repaired: _repaired,
    R.TradeExitRecommended: _trade_exit_recommended,
    R.RepairDecided: _repair_decided,
}
