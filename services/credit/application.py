"""The credit application: reacts to permit and supervision events, and to nothing else."""

from __future__ import annotations

from typing import Any

from eventsourcing.application import AggregateNotFoundError, ProcessingEvent

from firesafety.permits.v1 import events_pb2 as permit_events
from kit.envelope import Envelope
from kit.processing import EventProcessingApplication, handles
from services.credit.domain import UnitCreditRecord


def cause_of(envelope: Envelope, rule: str) -> dict[str, Any]:
    return {
        "service": envelope.source,
        "event_id": envelope.event_id,
        "event_type": envelope.event_type,
        "time": envelope.business_time,
        "rule": rule,
    }


class CreditApplication(EventProcessingApplication):
    name = "credit"

    @handles("permits", "PermitGranted")
    def _permit_granted(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        granted = envelope.message(permit_events.PermitGranted)
        cause = cause_of(envelope, "permit held")
        record = self._record_of(granted.uscc)
        if record is None:
            record = UnitCreditRecord(
                uscc=granted.uscc, unit_name=granted.unit_name, district=granted.district, cause=cause
            )
        record.record_permit(permit_no=granted.permit_no, route=granted.route, cause=cause)
        processing.collect_events(record)

    def _record_of(self, uscc: str) -> UnitCreditRecord | None:
        try:
            record: UnitCreditRecord = self.repository.get(UnitCreditRecord.create_id(uscc))
        except AggregateNotFoundError:
            return None
        return record
