"""The register of units and of inspectors: from permit and credit events, bulk import and staff."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.application import ProcessingEvent
from eventsourcing.persistence import IntegrityError

from firesafety.credit.v1 import events_pb2 as credit_events
from firesafety.permits.v1 import events_pb2 as permit_events
from kit.envelope import Envelope
from kit.processing import handles
from services.supervision.application.base import SupervisionBase
from services.supervision.domain.agency_deadlines import AgencyDeadlineKind
from services.supervision.domain.common import SupervisionError, local_day
from services.supervision.domain.firms import FirmDetails, TechnicalServiceFirm
from services.supervision.domain.inspectors import Inspector, Role, TieRelation
from services.supervision.domain.register import CreditStanding, RegisteredUnit, UnitDetails


@dataclass(frozen=True)
class RegisterHints:
    """What the register's read model shows of some units, and whether it has caught up with the log."""

    entries: Mapping[str, Mapping[str, Any]]
    current: bool


@dataclass
class ImportCount:
    registered: int = 0
    updated: int = 0
    unchanged: int = 0


class RegisterKeeping(SupervisionBase):
    @handles("permits", "PermitGranted")
    def _permit_granted(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        granted = envelope.message(permit_events.PermitGranted)
        details = UnitDetails(
            unit_name=granted.unit_name,
            venue_name=granted.venue_name,
            address=granted.address,
            district=granted.district,
            street=granted.street,
            venue_category=granted.venue_category,
            floor_area_m2=granted.floor_area_m2,
        )
        unit = self._register_or_update(granted.uscc, details, "permit", granted.granted_at)
        unit.note_permit(
            permit_no=granted.permit_no,
            route=granted.route,
            granted_at=granted.granted_at,
            application_id=granted.application_id,
        )
        processing.collect_events(unit)

    @handles("permits", "PilotRegistered")
    def _pilot_registered(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        pilot = envelope.message(permit_events.PilotRegistered)
        details = UnitDetails(
            unit_name=pilot.unit_name,
            venue_name=pilot.venue_name,
            address=pilot.address,
            district=pilot.district,
            venue_category=pilot.venue_category,
            floor_area_m2=pilot.floor_area_m2,
            in_commercial_complex=True,
        )
        unit = self._register_or_update(pilot.uscc, details, "pilot", pilot.registered_at)
        unit.note_pilot(
            application_id=pilot.application_id, complex_name=pilot.complex_name, registered_at=pilot.registered_at
        )
        check = self.open_agency_deadline(
            AgencyDeadlineKind.PILOT_CHECK,
            pilot.uscc,
            pilot.uscc,
            pilot.unit_name,
            local_day(dt.datetime.fromisoformat(pilot.registered_at or envelope.business_time)),
            self.rules.pilot_check_working_days,
        )
        processing.collect_events(unit, check)

    @handles("permits", "PermitRevoked")
    def _permit_revoked(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        revoked = envelope.message(permit_events.PermitRevoked)
        unit = self.find(RegisteredUnit, RegisteredUnit.create_id(revoked.uscc))
        if unit is not None:
            unit.note_revocation(permit_no=revoked.permit_no, reason=revoked.reason, revoked_at=revoked.revoked_at)
            processing.collect_events(unit)

    @handles("credit", "StandingChanged")
    def _standing_changed(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        changed = envelope.message(credit_events.StandingChanged)
        standing = self.find(CreditStanding, CreditStanding.create_id(changed.uscc)) or CreditStanding(
            uscc=changed.uscc
        )
        standing.note(
            tier=changed.tier,
            colour=changed.colour,
            reduced_inspection=changed.reduced_inspection,
            effective_on=changed.effective_on or envelope.business_time,
            cause_event_id=envelope.event_id,
        )
        processing.collect_events(standing)

    def _register_or_update(self, uscc: str, details: UnitDetails, source: str, at: str) -> RegisteredUnit:
        unit = self.find(RegisteredUnit, RegisteredUnit.create_id(uscc))
        if unit is None:
            return RegisteredUnit.register(uscc, details, source=source, since=at)
        unit.update_details(details, source=source, at=at)
        return unit

    def import_units(
        self,
        records: Sequence[tuple[str, UnitDetails]],
        source: str,
        at: dt.datetime,
        hints: RegisterHints | None = None,
    ) -> ImportCount:
        """Register or update a batch of units in one transaction (market-regulation register, 市场监管).

        `hints`, the register as its read model shows it, spares loading every
        unit: one it does not show is presumed new, and one it shows with the
        same values is unchanged when the read model is current. A presumption
        proved wrong by the store (the unit existed) sends the batch down the
        exact path, unit by unit.
        """
        try:
            return self._import_batch(records, source, at, hints)
        except IntegrityError:
            if hints is None:
                raise
            return self._import_batch(records, source, at, None)

    def _import_batch(
        self, records: Sequence[tuple[str, UnitDetails]], source: str, at: dt.datetime, hints: RegisterHints | None
    ) -> ImportCount:
        count = ImportCount()
        batch: dict[str, RegisteredUnit] = {}
        since = at.isoformat()
        for uscc, details in records:
            unit = batch.get(uscc)
            if unit is None and hints is not None:
                shown = hints.entries.get(uscc)
                if shown is None:
                    batch[uscc] = RegisteredUnit.register(uscc, details, source=source, since=since)
                    count.registered += 1
                    continue
                if hints.current and not details.changes_from(shown):
                    count.unchanged += 1
                    continue
            unit = unit or self.find(RegisteredUnit, RegisteredUnit.create_id(uscc))
            if unit is None:
                batch[uscc] = RegisteredUnit.register(uscc, details, source=source, since=since)
                count.registered += 1
            elif unit.update_details(details, source=source, at=since):
                batch[uscc] = unit
                count.updated += 1
            else:
                count.unchanged += 1
        self.save(*batch.values())
        return count

    def register_unit(self, uscc: str, details: UnitDetails, at: dt.datetime) -> RegisteredUnit:
        unit = self._register_or_update(uscc, details, "staff", at.isoformat())
        self.save(unit)
        return unit

    def register_firm(self, uscc: str, details: FirmDetails, at: dt.datetime) -> TechnicalServiceFirm:
        """Put a fire technical service firm on the register (消防技术服务机构名录), or correct its
        entry; the same entry again changes nothing."""
        firm = self.find(TechnicalServiceFirm, TechnicalServiceFirm.create_id(uscc))
        if firm is None:
            firm = TechnicalServiceFirm.register(uscc, details, at.isoformat())
        elif not firm.correct(details, at.isoformat()):
            return firm
        self.save(firm)
        return firm

    def registered_firm(self, uscc: str) -> TechnicalServiceFirm | None:
        return self.find(TechnicalServiceFirm, TechnicalServiceFirm.create_id(uscc))

    def mark_risk(self, uscc: str, high_risk: bool, reason: str, at: dt.datetime, marked_by: str) -> None:
        """潜在风险大: focus units are inspected at least once per half year (S2)."""
        unit = self.unit(uscc)
        unit.mark_risk(high_risk=high_risk, reason=reason, marked_at=at.isoformat(), marked_by=marked_by)
        self.save(unit)

    def enrol_inspector(
        self, inspector_id: str, name: str, district: str, roles: Sequence[Role], at: dt.datetime
    ) -> Inspector:
        if self.find(Inspector, Inspector.create_id(inspector_id)) is not None:
            raise SupervisionError(f"inspector {inspector_id} is already enrolled", "ALREADY_ENROLLED")
        inspector = Inspector(
            inspector_id=inspector_id,
            name=name,
            district=district,
            roles=[r.value for r in roles],
            enrolled_at=at.isoformat(),
        )
        self.save(inspector)
        return inspector

    def certify_inspector(self, inspector_id: str, certificate_no: str, valid_until: dt.date, at: dt.datetime) -> None:
        """持证上岗: only certified inspectors enforce."""
        inspector = self.inspector(inspector_id)
        inspector.certify(
            certificate_no=certificate_no, valid_until=valid_until.isoformat(), certified_at=at.isoformat()
        )
        self.save(inspector)

    def withdraw_certification(self, inspector_id: str, reason: str, at: dt.datetime) -> None:
        inspector = self.inspector(inspector_id)
        inspector.withdraw_certification(reason=reason, withdrawn_at=at.isoformat())
        self.save(inspector)

    def declare_tie(self, inspector_id: str, uscc: str, relation: TieRelation, note: str, at: dt.datetime) -> None:
        """回避: a tie to a unit or to a fire technical service firm keeps the inspector off it."""
        inspector = self.inspector(inspector_id)
        inspector.declare_tie(uscc=uscc, relation=relation.value, note=note, declared_at=at.isoformat())
        self.save(inspector)
