"""Notices caused by credit events: N5, to the unit and to the partner agencies that subscribe."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from eventsourcing.application import ProcessingEvent

from firesafety.credit.v1 import events_pb2 as credit
from kit.envelope import Envelope
from kit.processing import handles
from services.notify.application.base import Cause, Message, NoticeWriter
from services.notify.domain.recipients import to_unit

SERIOUS_DISHONESTY = "serious_dishonesty"


def causes_of(causes: Iterable[credit.Cause]) -> list[dict[str, Any]]:
    """C6: the events behind a standing, as the unit may object to them."""
    return [
        {
            "service": c.service,
            "event_id": c.event_id,
            "event_type": c.event_type,
            "time": c.time,
            "rule": c.rule,
            "position": c.position,
        }
        for c in causes
    ]


class CreditNotices(NoticeWriter):
    @handles("credit", "ListingNoticeIssued")
    def _listing_notice_issued(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """列入前告知: the unit is told before it is listed, and until when it may object."""
        e = envelope.message(credit.ListingNoticeIssued)
        facts = {
            "notice_id": e.notice_id,
            "unit_name": e.unit_name,
            "district": e.district,
            "tier": e.tier,
            "rule": e.rule or (e.causes[0].rule if e.causes else ""),
            "objection_deadline": e.objection_deadline,
            "causes": causes_of(e.causes),
            "issued_on": e.issued_on,
            "provisional": e.objection_deadline_provisional,
        }
        reference = e.notice_id or e.uscc
        self._to_unit(processing, envelope, e.uscc, Message("listing_notice", e.uscc, reference, facts, facts))

    @handles("credit", "ListingNoticeWithdrawn")
    def _listing_notice_withdrawn(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """The objection was upheld, or the unit rectified in time: it is not listed."""
        e = envelope.message(credit.ListingNoticeWithdrawn)
        facts = {
            "notice_id": e.notice_id,
            "unit_name": e.unit_name,
            "district": e.district,
            "rule": e.rule,
            "reason": e.reason,
            "withdrawn_on": e.withdrawn_on,
        }
        reference = e.notice_id or e.uscc
        self._to_unit(processing, envelope, e.uscc, Message("listing_withdrawn", e.uscc, reference, facts, facts))

    @handles("credit", "StandingChanged")
    def _standing_changed(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """Listing on the blacklist (C2): the unit, and the agencies that take part in joint punishment."""
        e = envelope.message(credit.StandingChanged)
        listed = e.blacklisted or e.tier == SERIOUS_DISHONESTY
        if not listed or e.previous_tier == SERIOUS_DISHONESTY:
            return
        facts = {
            "unit_name": e.unit_name,
            "district": e.district,
            "previous_tier": e.previous_tier,
            "tier": e.tier,
            "colour": e.colour,
            "effective_on": e.effective_on,
            "causes": causes_of(e.causes),
            "listed_rules": list(e.listed_rules),
        }
        self._to_unit(processing, envelope, e.uscc, Message("blacklisted", e.uscc, e.uscc, facts, facts))

    @handles("credit", "CreditRepaired")
    def _credit_repaired(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """信用修复 (C4): the unit, and the agencies that must lift their measures."""
        e = envelope.message(credit.CreditRepaired)
        facts = {
            "unit_name": e.unit_name,
            "previous_tier": e.previous_tier,
            "tier": e.tier,
            "repaired_on": e.repaired_on,
            "district": e.district,
            "causes": causes_of(e.causes),
        }
        self._to_unit(processing, envelope, e.uscc, Message("credit_repaired", e.uscc, e.uscc, facts, facts))

    @handles("credit", "RepairApplicationDecided")
    def _repair_application_decided(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """信用修复申请 (C4): a refusal is told to the unit with its reasons; an approval is told by
        the CreditRepaired that follows it."""
        e = envelope.message(credit.RepairApplicationDecided)
        if e.approved:
            return
        facts = {
            "notice_id": e.notice_id,
            "application_id": e.application_id,
            "unit_name": e.unit_name,
            "district": e.district,
            "rule": e.rule,
            "reasons": e.reasons,
            "decided_on": e.decided_on,
        }
        reference = e.application_id or e.notice_id
        self._to_unit(processing, envelope, e.uscc, Message("repair_refused", e.uscc, reference, facts, facts))

    @handles("credit", "TradeExitRecommended")
    def _trade_exit_recommended(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """C7: a fire technical service firm seriously dishonest; the firm, and the agencies that
        order it to stop practising and leave the trade (行业退出, 003 (二))."""
        e = envelope.message(credit.TradeExitRecommended)
        facts = {
            "firm_name": e.firm_name,
            "unit_name": e.firm_name,
            "district": e.district,
            "service_types": list(e.service_types),
            "recommended_on": e.recommended_on,
            "listed_rules": list(e.listed_rules),
            "causes": causes_of(e.causes),
        }
        message = Message("trade_exit_recommended", e.uscc, e.uscc, facts, facts)
        self._to_unit(processing, envelope, e.uscc, message)

    def _to_unit(self, processing: ProcessingEvent[Any], envelope: Envelope, uscc: str, message: Message) -> None:
        role, contact = self.preferred_contact(uscc)
        processing.collect_events(*self.compose(Cause.of(envelope), message, to_unit(uscc, role, contact)))
