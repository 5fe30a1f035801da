"""The permits application: commands, queries and policies over the event store."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable
from typing import Any, TypeVar

from eventsourcing.application import AggregateNotFoundError, ProcessingEvent
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from firesafety.credit.v1 import events_pb2 as credit_events
from firesafety.supervision.v1 import events_pb2 as supervision_events
from kit.arrangements import Arrangement, book_of, book_with, calendar_of_log
from kit.calendar import WorkingDayCalendar, business_day
from kit.envelope import Envelope
from kit.group_commit import GroupCommit
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
    Route,
    UnitStanding,
)
from services.permits.domain.permit_application import PENALTY_REVOCATION
from services.permits.domain.supervision_links import SupervisionLink

A = TypeVar("A")
log = logging.getLogger(__name__)
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
        self.calendar = calendar_of_log(self, calendar or WorkingDayCalendar())
        # Submissions arriving together (a partner's batch, the gRPC server's threads) share a commit.
        self.submissions = GroupCommit(self)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # -- partner-agency commands ------------------------------------------------------------------

    def submit_application(self, command: SubmitApplication, received_at: dt.datetime) -> PermitApplication:
        """File an application once per request_id: a repeat returns the first result.

        The store's unique key on the application's id (derived from the request id) decides what
        is a repeat, so a first submission reads nothing before it saves; the first result is read
        only when the save collides with it, or when the repeat would no longer be accepted."""
        try:
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
                # Only the commitment route depends on the unit's credit standing (P3).
                unit_tier=self.unit_tier(valid.unit.uscc) if valid.route is Route.COMMITMENT else NORMAL,
            )
        except Exception:
            first = self._first_submission(command)
            if first is not None:
                return first
            raise
        try:
            self.submissions.save(application, *self._pilot_link(application))
        except IntegrityError:
            # The same request_id came before, or raced in from another replica: the first one stands.
            first = self._first_submission(command)
            if first is None:
                raise
            return first
        return application

    def _pilot_link(self, application: PermitApplication) -> list[SupervisionLink]:
        """A pilot venue's later checks, by USCC, concern its latest registration (P4)."""
        if application.route != Route.PILOT:
            return []
        uscc = application.unit["uscc"]
        link = self._find(SupervisionLink, SupervisionLink.create_id("pilot", uscc))
        if link is None:
            return [SupervisionLink(kind="pilot", reference=uscc, application_id=str(application.id))]
        link.relink(str(application.id))
        return [link]

    def _first_submission(self, command: SubmitApplication) -> PermitApplication | None:
        """The application first filed under this request_id, if any; a different one is refused."""
        existing = self._find(PermitApplication, PermitApplication.create_id(command.request_id))
        if existing is not None and existing.fingerprint != command.fingerprint():
            raise RequestIdReused(command.request_id)
        return existing

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
            if existing.fingerprint and existing.fingerprint != command.fingerprint():
                raise RequestIdReused(command.request_id, "appointment")
            return existing
        valid = validate_booking(command, received_at)
        booked_on = business_day(valid.booked_at)
        working_days = self.rules.guidance_working_days if valid.kind is AppointmentKind.GUIDANCE else 0
        due_on = self.calendar.add_working_days(booked_on, working_days) if working_days else valid.requested_date
        appointment = Appointment(
            request_id=command.request_id,
            kind=valid.kind.value,
            unit=valid.unit.to_record(),
            applicant=valid.applicant.__dict__.copy(),
            requested_date=valid.requested_date,
            due_on=due_on,
            booked_at=valid.booked_at,
            provisional=bool(working_days) and self.calendar.provisional_between(booked_on, due_on),
            working_days=working_days,
            fingerprint=command.fingerprint(),
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

    def pause_for_expert_opinion(self, application_id: uuid.UUID, reason: str, at: dt.datetime) -> PermitApplication:
        application = self.get_application(application_id)
        application.pause_for_expert_opinion(reason, at)
        self.save(application)
        return application

    def resume_after_expert_opinion(self, application_id: uuid.UUID, at: dt.datetime) -> PermitApplication:
        application = self.get_application(application_id)
        application.resume_after_expert_opinion(at, self.calendar)
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

    def record_appointment_kept(self, appointment_id: uuid.UUID, at: dt.datetime, by: str) -> Appointment:
        appointment = self._appointment(appointment_id)
        if appointment.keep(at, by):
            self.save(appointment)
        return appointment

    def record_appointment_missed_by_unit(
        self, appointment_id: uuid.UUID, at: dt.datetime, by: str, reason: str
    ) -> Appointment:
        appointment = self._appointment(appointment_id)
        if appointment.missed_by_unit(at, by, reason):
            self.save(appointment)
        return appointment

    def record_rectification_plan(
        self,
        application_id: uuid.UUID,
        *,
        items: list[str],
        target_date: dt.date | None,
        guided_by: list[str],
        at: dt.datetime,
    ) -> PermitApplication:
        application = self.get_application(application_id)
        application.record_rectification_plan(items=items, target_date=target_date, guided_by=guided_by, at=at)
        self.save(application)
        return application

    def _appointment(self, appointment_id: uuid.UUID) -> Appointment:
        appointment = self._find(Appointment, appointment_id)
        if appointment is None:
            raise ApplicationNotFound(f"no appointment {appointment_id}")
        return appointment

    def close_appointments(self, day: dt.date, candidates: Iterable[uuid.UUID]) -> list[uuid.UUID]:
        """The agency's own deadlines: every appointment whose day ended unkept is raised, once."""
        missed = [a for i in candidates if (a := self._find(Appointment, i)) is not None and a.close_day(day)]
        self.save(*missed)
        return [a.id for a in missed]

    def load_arrangement(
        self, arrangement: Arrangement, at: dt.datetime, candidates: Iterable[uuid.UUID]
    ) -> tuple[bool, list[PermitApplication | Appointment]]:
        """Record the official arrangement of a year and revise every open due date it moves, in one
        transaction; returns whether it was new, and what was revised. `candidates` are the
        applications and appointments whose dates may move. Loading it again changes nothing."""
        book, changed = book_with(self, arrangement, at, {})
        if not changed:
            return False, []
        calendar = self.calendar.after(book)
        revised: list[PermitApplication | Appointment] = []
        for aggregate_id in candidates:
            found = self._find(PermitApplication, aggregate_id) or self._find(Appointment, aggregate_id)
            if found is not None and found.revise_due_dates(calendar, arrangement.notice_no, at):
                revised.append(found)
        self.save(book, *revised)
        self.calendar.invalidate()
        return True, revised

    def revise_stale_provisional(self, at: dt.datetime, candidates: Iterable[uuid.UUID]) -> list[uuid.UUID]:
        """Count again the provisional dates of `candidates` on the arrangements in the log: a process
        that had not yet seen a new arrangement (it looks every second) may have counted one
        provisionally just after it was loaded. The day close calls this; it changes nothing otherwise."""
        book = book_of(self)
        if book is None or not book.arrangements:
            return []
        calendar = self.calendar.after(book)
        notice = book.arrangements[max(book.arrangements)].notice_no
        revised = []
        for aggregate_id in candidates:
            found = self._find(PermitApplication, aggregate_id) or self._find(Appointment, aggregate_id)
            if found is not None and found.revise_due_dates(calendar, notice, at):
                revised.append(found)
        self.save(*revised)
        return [a.id for a in revised]

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
        try:
            application_id = uuid.UUID(verified.application_id)
        except ValueError:
            return
        application = self._find(PermitApplication, application_id)
        if application is None:
            return
        at = dt.datetime.fromisoformat(verified.verified_at or envelope.business_time)
        changed = application.complete_verification(verified.result, at, verified.inspection_id)
        if verified.result == "seriously_false" and application.status == "granted":
            application.revoke("commitment found seriously false (承诺严重失实)", at, cause_event_id=envelope.event_id)
            changed = True
        elif changed and verified.inspection_id:
            # What this inspection found may be ordered rectified (problems_found, or hazards beside a
            # true commitment): the order, and its re-inspection, then concern this permit.
            self._link(processing, "inspection", verified.inspection_id, application_id)
        if changed:
            processing.collect_events(application)

    @handles("supervision", "InspectionRecorded")
    def _inspection_recorded(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """先开业后监管的事后检查 (P4): the check of a venue that opened first, and what it found."""
        recorded = envelope.message(supervision_events.InspectionRecorded)
        if recorded.purpose != "pilot":
            return
        application = self._linked(processing, "pilot", recorded.uscc)
        if application is None:
            return
        inspected_on = dt.date.fromisoformat(recorded.inspected_on)
        hazards, violations = recorded.hazards, recorded.violations
        if application.record_pilot_check(recorded.inspection_id, inspected_on, hazards, violations):
            if hazards or violations:
                self._link(processing, "inspection", recorded.inspection_id, application.id)
            processing.collect_events(application)

    @handles("supervision", "RectificationOrdered")
    def _rectification_ordered(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """责令限期改正 of what a commitment verification or a pilot check found (Fire Law art. 15)."""
        ordered = envelope.message(supervision_events.RectificationOrdered)
        application = self._linked(processing, "inspection", ordered.inspection_id)
        if application is None or not ordered.deadline:
            return
        ordered_on = (
            dt.date.fromisoformat(ordered.ordered_on)
            if ordered.ordered_on
            else business_day(dt.datetime.fromisoformat(envelope.business_time))
        )
        if application.order_rectification(ordered.order_id, dt.date.fromisoformat(ordered.deadline), ordered_on):
            self._link(processing, "order", ordered.order_id, application.id)
            processing.collect_events(application)

    @handles("supervision", "RectificationVerified")
    def _rectification_verified(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        verified = envelope.message(supervision_events.RectificationVerified)
        application = self._linked(processing, "order", verified.order_id)
        if application is not None and application.rectified(
            verified.order_id, dt.date.fromisoformat(verified.verified_on)
        ):
            processing.collect_events(application)

    @handles("supervision", "RectificationOverdue")
    def _rectification_overdue(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """逾期不整改 (or refused, or found not rectified on re-inspection): the permit is lost."""
        overdue = envelope.message(supervision_events.RectificationOverdue)
        application = self._linked(processing, "order", overdue.order_id)
        at = dt.datetime.fromisoformat(envelope.business_time)
        if application is not None and application.fail_to_rectify(overdue.order_id, at, envelope.event_id):
            processing.collect_events(application)

    @handles("supervision", "PenaltyDecided")
    def _penalty_decided(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """吊销许可证件: a penalty decision that revokes the unit's permit takes it away here (S6)."""
        decided = envelope.message(supervision_events.PenaltyDecided)
        if decided.revocation != "permit" or not decided.revoked_application_id:
            return
        try:
            application_id = uuid.UUID(decided.revoked_application_id)
        except ValueError:
            return
        application = self._find(PermitApplication, application_id)
        if application is None or application.permit_no != decided.revoked_document:
            log.warning(
                "penalty %s revokes permit %s, which this service did not grant on application %s",
                decided.document_no or decided.penalty_id,
                decided.revoked_document,
                decided.revoked_application_id,
            )
            return
        if application.status != "granted":
            return  # revoked already (or a pilot registration): nothing more to take away
        at = dt.datetime.fromisoformat(envelope.business_time)
        application.revoke(PENALTY_REVOCATION, at, cause_event_id=envelope.event_id)
        processing.collect_events(application)

    def _link(self, processing: ProcessingEvent[Any], kind: str, reference: str, application_id: uuid.UUID) -> None:
        if self._find(SupervisionLink, SupervisionLink.create_id(kind, reference)) is None:
            processing.collect_events(
                SupervisionLink(kind=kind, reference=reference, application_id=str(application_id))
            )

    def _linked(self, processing: ProcessingEvent[Any], kind: str, reference: str) -> PermitApplication | None:
        """The application a supervision inspection or order concerns, if it verifies one."""
        if not reference:
            return None
        link = self._find(SupervisionLink, SupervisionLink.create_id(kind, reference))
        return None if link is None else self._find(PermitApplication, uuid.UUID(link.application_id))

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
