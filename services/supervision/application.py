"""The supervision application: keeps the register of units from permit events."""

from __future__ import annotations

from typing import Any

from eventsourcing.application import AggregateNotFoundError, ProcessingEvent

from firesafety.permits.v1 import events_pb2 as permit_events
from kit.envelope import Envelope
from kit.processing import EventProcessingApplication, handles
from services.supervision.domain import RegisteredUnit


class SupervisionApplication(EventProcessingApplication):
    name = "supervision"

    @handles("permits", "PermitGranted")
    def _permit_granted(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        granted = envelope.message(permit_events.PermitGranted)
        unit = self._unit(granted.uscc)
        if unit is None:
            unit = RegisteredUnit(
                uscc=granted.uscc,
                unit_name=granted.unit_name,
                venue_name=granted.venue_name,
                district=granted.district,
                venue_category=granted.venue_category,
                since=granted.granted_at,
            )
        unit.note_permit(permit_no=granted.permit_no, route=granted.route, granted_at=granted.granted_at)
        processing.collect_events(unit)

    def _unit(self, uscc: str) -> RegisteredUnit | None:
        try:
            unit: RegisteredUnit = self.repository.get(RegisteredUnit.create_id(uscc))
        except AggregateNotFoundError:
            return None
        return unit
