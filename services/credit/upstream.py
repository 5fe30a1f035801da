"""Policies: what permit and supervision events mean to a unit's credit record.

The one place where the upstream services' event messages become facts; the rules that react
to the facts live in the domain.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from eventsourcing.application import AggregateNotFoundError, ProcessingEvent
from eventsourcing.persistence import JSONTranscoder

from firesafety.permits.v1 import events_pb2 as permit_events
from firesafety.supervision.v1 import events_pb2 as supervision_events
from kit.arrangements import calendar_of_log
from kit.calendar import WorkingDayCalendar, business_day
from kit.envelope import Envelope, InvalidEnvelope, stable_event_id
from kit.identifiers import InvalidIdentifier, normalize_uscc
from kit.processing import EventProcessingApplication, handles
from kit.transcoding import DateAsISO
from services.credit.domain import Context, CreditDayBook, CreditPolicy, Fact, UnitCreditRecord
from services.credit.domain.daybook import DAY_BOOK_ID
from services.credit.domain.record import Party

SOURCE = "credit"
UPSTREAMS = ("permits", "supervision")


class CreditPolicies(EventProcessingApplication):
    """Loads or opens the unit's record for each upstream event and hands it the fact."""

    def __init__(
        self,
        env: dict[str, str] | None = None,
        policy: CreditPolicy | None = None,
        calendar: WorkingDayCalendar | None = None,
    ) -> None:
        super().__init__(env)
        self.credit_policy = policy or CreditPolicy()
        self.calendar = calendar_of_log(self, calendar or WorkingDayCalendar())
        self.context = Context(policy=self.credit_policy, calendar=self.calendar, event_id=own_event_id)

    def receive(self, envelope: Envelope) -> bool:
        with self.forgetting_cached_records_on_failure():
            return super().receive(envelope)

    @contextmanager
    def forgetting_cached_records_on_failure(self) -> Iterator[None]:
        """A worker may use cached records without copying them (DEEPCOPY_FROM_AGGREGATE_CACHE=n,
        much faster); a command that fails half-way then leaves a changed record in the cache,
        so every failure empties the cache and the next use reads the store."""
        try:
            yield
        except BaseException:
            self.forget_cached_aggregates()
            raise

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # -- permits -------------------------------------------------------------------------------

    @handles("permits", "PermitGranted")
    def _permit_granted(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        granted = envelope.message(permit_events.PermitGranted)
        fact = self._fact(envelope, granted.granted_at, granted.unit_name, granted.district)
        record = self._subject(granted.uscc, fact)
        record.record_permit_granted(granted.permit_no, granted.route, fact)
        processing.collect_events(record)

    @handles("permits", "PermitRevoked")
    def _permit_revoked(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        revoked = envelope.message(permit_events.PermitRevoked)
        fact = self._fact(envelope, revoked.revoked_at, revoked.unit_name, revoked.district)
        record = self._subject(revoked.uscc, fact)
        record.record_permit_revoked(revoked.permit_no, revoked.reason, fact)
        processing.collect_events(record)

    # -- supervision ---------------------------------------------------------------------------

    @handles("supervision", "HazardFound")
    def _hazard_found(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        found = envelope.message(supervision_events.HazardFound)
        fact = self._fact(envelope, found.found_on, found.unit_name, found.district)
        record = self._subject(found.uscc, fact)
        record.record_hazard(found.hazard_id or envelope.event_id, found.grade, fact, self.context)
        processing.collect_events(record)

    @handles("supervision", "ViolationFound")
    def _violation_found(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        found = envelope.message(supervision_events.ViolationFound)
        fact = self._fact(envelope, found.found_on, found.unit_name)
        record = self._subject(found.uscc, fact)
        party = Party(found.party_kind, found.service_type, found.violation_type, found.severity)
        record.record_violation(found.violation_id or envelope.event_id, found.corrected_on_the_spot, fact, party)
        processing.collect_events(record)

    @handles("supervision", "InspectionRecorded")
    def _inspection_recorded(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        inspection = envelope.message(supervision_events.InspectionRecorded)
        fact = self._fact(envelope, inspection.inspected_on, inspection.unit_name, inspection.district)
        record = self._subject(inspection.uscc, fact)
        record.record_inspection(
            inspection.inspection_id or envelope.event_id, inspection.hazards, inspection.violations, fact
        )
        processing.collect_events(record)

    @handles("supervision", "RectificationOrdered")
    def _rectification_ordered(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        order = envelope.message(supervision_events.RectificationOrdered)
        fact = self._fact(envelope, order.ordered_on, order.unit_name, order.district)
        record = self._subject(order.uscc, fact)
        record.record_rectification_ordered(order.order_id, list(order.hazard_ids), order.major, fact)
        processing.collect_events(record)

    @handles("supervision", "RectificationVerified")
    def _rectification_verified(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        verified = envelope.message(supervision_events.RectificationVerified)
        fact = self._fact(envelope, verified.verified_on, verified.unit_name)
        record = self._subject(verified.uscc, fact)
        record.record_rectification_verified(verified.order_id, fact)
        processing.collect_events(record)

    @handles("supervision", "RectificationOverdue")
    def _rectification_overdue(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        overdue = envelope.message(supervision_events.RectificationOverdue)
        fact = self._fact(envelope, overdue.overdue_on, overdue.unit_name, overdue.district)
        record = self._subject(overdue.uscc, fact)
        record.record_rectification_overdue(overdue.order_id, overdue.major, overdue.refused, fact, self.context)
        processing.collect_events(record)

    @handles("supervision", "BusinessSuspended")
    def _business_suspended(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        suspended = envelope.message(supervision_events.BusinessSuspended)
        fact = self._fact(envelope, suspended.suspended_on, suspended.unit_name)
        record = self._subject(suspended.uscc, fact)
        record.record_business_suspended(suspended.order_id, fact)
        processing.collect_events(record)

    @handles("supervision", "BusinessResumed")
    def _business_resumed(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        resumed = envelope.message(supervision_events.BusinessResumed)
        fact = self._fact(envelope, resumed.resumed_on, resumed.unit_name)
        record = self._subject(resumed.uscc, fact)
        record.record_business_resumed(resumed.order_id, fact)
        processing.collect_events(record)

    @handles("supervision", "PenaltyDecided")
    def _penalty_decided(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        penalty = envelope.message(supervision_events.PenaltyDecided)
        fact = self._fact(envelope, penalty.decided_on, penalty.unit_name, penalty.district)
        record = self._subject(penalty.uscc, fact)
        party = Party(penalty.party_kind, penalty.service_type, penalty.violation_type, penalty.severity)
        record.record_penalty(penalty.penalty_id or envelope.event_id, fact, self.context, party)
        processing.collect_events(record)

    @handles("supervision", "TechnicalServiceFirmRegistered")
    def _firm_registered(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        firm = envelope.message(supervision_events.TechnicalServiceFirmRegistered)
        fact = self._fact(envelope, firm.registered_at, firm.firm_name, firm.district)
        record = self._subject(firm.uscc, fact)
        record.record_firm_registered(firm.firm_name, list(firm.service_types), fact, self.context)
        processing.collect_events(record)

    @handles("supervision", "CommitmentVerified")
    def _commitment_verified(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        verified = envelope.message(supervision_events.CommitmentVerified)
        fact = self._fact(envelope, verified.verified_on, verified.unit_name)
        record = self._subject(verified.uscc, fact)
        subject = verified.application_id or verified.permit_no or envelope.event_id
        record.record_commitment_verified(subject, verified.result, fact, self.context)
        processing.collect_events(record)

    # -- helpers -------------------------------------------------------------------------------

    def record_of(self, uscc: str) -> UnitCreditRecord | None:
        try:
            record: UnitCreditRecord = self.repository.get(UnitCreditRecord.create_id(uscc))
        except AggregateNotFoundError:
            return None
        return record

    def day_book(self) -> CreditDayBook | None:
        try:
            book: CreditDayBook = self.repository.get(DAY_BOOK_ID)
        except AggregateNotFoundError:
            return None
        return book

    def _subject(self, uscc: str, fact: Fact) -> UnitCreditRecord:
        try:
            uscc = normalize_uscc(uscc)
        except InvalidIdentifier as exc:
            raise InvalidEnvelope(f"{fact.cause['event_type']}: {exc}") from exc
        record = self.record_of(uscc)
        return record if record is not None else UnitCreditRecord(uscc=uscc, fact=fact.data())

    def _fact(self, envelope: Envelope, on: str, unit_name: str = "", district: str = "") -> Fact:
        day = business_date(on) or business_date(envelope.business_time)
        if day is None:
            raise InvalidEnvelope(f"{envelope.event_type} carries no business date")
        book = self.day_book()
        open_day = book.open_day if book is not None else None
        return Fact(
            on=day,
            known_on=max(day, open_day) if open_day is not None else day,
            cause={
                "service": envelope.source,
                "event_id": envelope.event_id,
                "event_type": envelope.event_type,
                "time": on or envelope.business_time,
                "rule": "",
                "position": envelope.position,
            },
            unit_name=unit_name,
            district=district,
        )


def business_date(value: str) -> dt.date | None:
    """The calendar date of an ISO date or date-time, in China Standard Time."""
    if not value:
        return None
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        moment = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidEnvelope(f"not an ISO 8601 date or time: {value!r}") from exc
    return business_day(moment) if moment.tzinfo else moment.date()


def own_event_id(originator_id: uuid.UUID, version: int) -> str:
    """The id credit's relay gives its event at this aggregate version."""
    return str(stable_event_id(SOURCE, originator_id, version))
