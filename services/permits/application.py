"""The permits application: commands, queries and policies over the event store."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any, TypeVar

from eventsourcing.application import AggregateNotFoundError, ProcessingEvent
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from firesafety.credit.v1 import events_pb2 as credit_events
from firesafety.supervision.v1 import events_pb2 as supervision_events
from kit.calendar import WorkingDayCalendar, business_day
from kit.envelope import Envelope
from kit.processing import EventProcessingApplication, handles
from kit.transcoding import DateAsISO
from services.permits.commands import (
    AmendPermit,
    BookAppointment,
    SubmitApplication,
    SupplementMaterials,
    validate_amendment,
    validate_booking,
    validate_submission,
    validate_supplement,
)
from services.permits.domain import (
    ApplicationNotFound,
    Appointment,
    AppointmentKind,
    PermitApplication,
    PermitRules,
    RequestIdReused,
    UnitStanding,
)

A = TypeVar("A")
NORMAL = "normal"


class PermitsApplication(EventProcessingApplication):
    """Applications, permits and appointments; and permits' view of each unit's credit standing."""

    name = "permits"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        rules: PermitRules | None = None,
        calendar: WorkingDayCalendar | None = None,
    ) -> None:
        super().__init__(env)
        self.rules = rules or PermitRules()
        self.calendar = calendar or WorkingDayCalendar()

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # -- partner-agency commands ------------------------------------------------------------------

    def submit_application(self, command: SubmitApplication, received_at: dt.datetime) -> PermitApplication:
        """File an application once per request_id: a repeat returns the first result."""
        existing = self._find(PermitApplication, PermitApplication.create_id(command.request_id))
        if existing is not None:
            if existing.fingerprint != command.fingerprint():
                raise RequestIdReused(f"request_id {command.request_id} was used for a different application")
            return existing
        valid = validate_submission(command, received_at)
        application = PermitApplication.submit(
            request_id=command.request_id,
            fingerprint=command.fingerprint(),
            route=valid.route,
            unit=valid.unit,
            applicant=valid.applicant,
            materials=valid.materials,
            delivery=valid.delivery,
            submitted_at=valid.submitted_at,
            rules=self.rules,
            calendar=self.calendar,
            unit_tier=self.unit_tier(valid.unit.uscc),
        )
        return self._save_once(application)

    def supplement_materials(self, command: SupplementMaterials, received_at: dt.datetime) -> PermitApplication:
        materials, at = validate_supplement(command, received_at)
        application = self.get_application(uuid.UUID(command.application_id))
        if application.supplement(command.request_id, materials, at, self.rules, self.calendar):
            self.save(application)
        return application

    def amend_permit(self, command: AmendPermit, received_at: dt.datetime) -> PermitApplication:
        valid = validate_amendment(command, received_at)
        application = self.get_application(uuid.UUID(command.application_id))
        changed = application.amend(
            request_id=command.request_id,
            unit_name=command.unit_name.strip(),
            legal_representative=command.legal_representative.strip(),
            legal_representative_id=valid.legal_representative_id,
            other_changes=valid.other_changes,
            documents=valid.documents,
            at=valid.amended_at,
        )
        if changed:
            self.save(application)
        return application

    def book_appointment(self, command: BookAppointment, received_at: dt.datetime) -> Appointment:
        existing = self._find(Appointment, Appointment.create_id(command.request_id))
        if existing is not None:
            return existing
        valid = validate_booking(command, received_at)
        if valid.kind is AppointmentKind.GUIDANCE:
            due_on = self.calendar.add_working_days(business_day(valid.booked_at), self.rules.guidance_working_days)
        else:
            due_on = valid.requested_date
        appointment = Appointment(
            request_id=command.request_id,
            kind=valid.kind.value,
            unit=valid.unit.to_record(),
            applicant=valid.applicant.__dict__.copy(),
            requested_date=valid.requested_date,
            due_on=due_on,
            booked_at=valid.booked_at,
        )
        return self._save_once(appointment)

    # -- the agency's own staff operations --------------------------------------------------------

    def accept_application(self, application_id: uuid.UUID, at: dt.datetime, by: str) -> PermitApplication:
        application = self.get_application(application_id)
        application.accept(at, by, self.rules, self.calendar)
        self.save(application)
        return application

    def record_inspection(
        self,
        application_id: uuid.UUID,
        *,
        passed: bool,
        findings: list[str],
        rectification_advice: str,
        inspectors: list[str],
        at: dt.datetime,
    ) -> PermitApplication:
        application = self.get_application(application_id)
        application.record_inspection(
            passed=passed,
            findings=findings,
            rectification_advice=rectification_advice,
            inspectors=inspectors,
            at=at,
            rules=self.rules,
            calendar=self.calendar,
        )
        self.save(application)
        return application

    def decide(
        self, application_id: uuid.UUID, *, grant: bool, reasons: list[str], at: dt.datetime
    ) -> PermitApplication:
        application = self.get_application(application_id)
        application.decide(grant=grant, reasons=reasons, at=at)
        self.save(application)
        return application

    def extend_clock(self, application_id: uuid.UUID, working_days: int, reason: str) -> PermitApplication:
        application = self.get_application(application_id)
        application.extend_clock(working_days, reason, self.calendar)
        self.save(application)
        return application

    def record_delivery(self, application_id: uuid.UUID, at: dt.datetime, postal_tracking_no: str) -> PermitApplication:
        application = self.get_application(application_id)
        application.record_delivery(at, postal_tracking_no)
        self.save(application)
        return application

    def close_day(self, day: dt.date, candidates: Iterable[uuid.UUID]) -> list[uuid.UUID]:
        """Raise a breach for every candidate whose statutory time limit ran out by the close of `day`."""
        breached = []
        for application_id in candidates:
            application = self.get_application(application_id)
            if application.close_day(day):
                self.save(application)
                breached.append(application_id)
        return breached

    # -- queries ----------------------------------------------------------------------------------

    def get_application(self, application_id: uuid.UUID) -> PermitApplication:
        application = self._find(PermitApplication, application_id)
        if application is None:
            raise ApplicationNotFound(f"no application {application_id}")
        return application

    def history(self, application_id: uuid.UUID) -> list[Any]:
        """Every event of one application, oldest first (P9 archive)."""
        return list(self.events.get(application_id))

    def unit_tier(self, uscc: str) -> str:
        standing = self._find(UnitStanding, UnitStanding.create_id(uscc))
        return standing.tier if standing is not None else NORMAL

    # -- policies: what other services' events mean here ------------------------------------------

    @handles("credit", "StandingChanged")
    def _standing_changed(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        changed = envelope.message(credit_events.StandingChanged)
        standing = self._find(UnitStanding, UnitStanding.create_id(changed.uscc))
        if standing is None:
            standing = UnitStanding(
                uscc=changed.uscc,
                tier=changed.tier,
                cause_event_id=envelope.event_id,
                effective_on=changed.effective_on,
            )
        else:
            standing.change(tier=changed.tier, cause_event_id=envelope.event_id, effective_on=changed.effective_on)
        processing.collect_events(standing)

    @handles("supervision", "CommitmentVerified")
    def _commitment_verified(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """承诺严重失实: a commitment found seriously false revokes the permit (P3)."""
        verified = envelope.message(supervision_events.CommitmentVerified)
        if verified.result != "seriously_false":
            return
        try:
            application_id = uuid.UUID(verified.application_id)
        except ValueError:
            return
        application = self._find(PermitApplication, application_id)
        if application is None or application.status != "granted":
            return
        at = dt.datetime.fromisoformat(envelope.business_time)
        application.revoke("commitment found seriously false (承诺严重失实)", at, cause_event_id=envelope.event_id)
        processing.collect_events(application)

    # -- helpers ----------------------------------------------------------------------------------

    def _save_once(self, aggregate: A) -> A:
        try:
            self.save(aggregate)  # type: ignore[arg-type]
        except IntegrityError:
            # The same request_id raced in from another replica: the first one stands.
            stored: A = self.repository.get(aggregate.id)  # type: ignore[attr-defined]
            return stored
        return aggregate

    def _find(self, kind: type[A], aggregate_id: uuid.UUID) -> A | None:
        try:
            found: Any = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, kind) else None
