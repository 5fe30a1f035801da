"""Which permits events leave the service, and in what form (protos/firesafety/permits/v1/events.proto).

Integration events are self-contained: the relay reads the application as it stood
at each event's version to fill in who and what the event is about. The applicant's name, phone
and e-mail, a natural person's, are needed by notify alone: they cross the bus sealed for it
(`Contact.sealed`, kit/sealed.py), so credit, supervision, partners' queues and the broker see
ciphertext.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from google.protobuf.message import Message

from firesafety.permits.v1 import events_pb2 as pb
from kit.envelope import Envelope
from kit.relay import Translate
from kit.sealed import Seal, process_applicant_contact_seal
from services.permits.domain import Appointment, PermitApplication

SOURCE = "permits"
P = PermitApplication
Mapped = tuple[Message, str, dt.datetime]


def build_translate(
    app: Any, cache_size: int = 10_000, seal: Callable[[], Seal] | None = process_applicant_contact_seal
) -> Translate:
    """The relay's translation, reading aggregates from `app`'s repository.

    `seal` gives the seal of applicants' contacts (made on first use); without it (a process that
    does not publish on the bus, e.g. the gRPC server's WatchDecisions) contacts are left out.

    The log is read in order, so each aggregate's events arrive in version order: the
    state after the previous event is kept and advanced by the next one, and the
    repository is read only for an aggregate first met mid-way (after a restart).
    """
    states: OrderedDict[Any, Any] = OrderedDict()

    def state_after(domain_event: Any) -> Any:
        originator_id, version = domain_event.originator_id, domain_event.originator_version
        state = states.pop(originator_id, None)
        if state is not None and state.version == version - 1:
            state = domain_event.mutate(state)
        elif version == 1:
            state = domain_event.mutate(None)
        else:
            state = app.repository.get(originator_id, version=version)
        states[originator_id] = state
        if len(states) > cache_size:
            states.popitem(last=False)
        return state

    def translate(domain_event: Any, position: int) -> Envelope | None:
        state = state_after(domain_event)
        mapping = _MAPPINGS.get(type(domain_event))
        if mapping is None:
            return None
        message, subject, at = mapping(domain_event, state)
        if "applicant" in message.DESCRIPTOR.fields_by_name:
            _seal_applicant(message, seal)
        return Envelope.wrap(
            source=SOURCE,
            position=position,
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            message=message,
            subject=subject,
            business_time=at.isoformat(),
            correlation_id=str(domain_event.originator_id),
        )

    return translate


def _seal_applicant(message: Any, seal: Callable[[], Seal] | None) -> None:
    """The applicant's contact, mapped in clear, replaced by the same sealed for notify."""
    plain = message.applicant
    fields = {"name": plain.name, "phone": plain.phone, "email": plain.email}
    message.ClearField("applicant")
    if seal is not None and any(fields.values()):
        message.applicant.CopyFrom(pb.Contact(sealed=seal().seal(fields)))


def _contact(applicant: dict[str, str]) -> pb.Contact:
    return pb.Contact(
        name=applicant.get("name", ""), phone=applicant.get("phone", ""), email=applicant.get("email", "")
    )


def _granted(e: P.PermitGranted, a: PermitApplication) -> Mapped:
    message = pb.PermitGranted(
        application_id=str(e.originator_id),
        permit_no=e.permit_no,
        route=e.route,
        uscc=e.uscc,
        unit_name=e.unit_name,
        venue_name=e.venue_name,
        district=e.district,
        venue_category=e.venue_category,
        floor_area_m2=e.floor_area_m2,
        granted_at=e.granted_at.isoformat(),
        address=e.address,
        street=e.street,
        delivery_method=e.delivery_method,
        applicant=_contact(e.applicant),
    )
    return message, e.uscc, e.granted_at


def _refused(e: P.PermitRefused, a: PermitApplication) -> Mapped:
    message = pb.PermitRefused(
        application_id=str(a.id),
        uscc=a.unit["uscc"],
        unit_name=a.unit["name"],
        venue_name=a.unit["venue_name"],
        district=a.unit["district"],
        reasons=e.reasons,
        rectification_advice=e.rectification_advice,
        refused_at=e.refused_at.isoformat(),
        applicant=_contact(a.applicant),
    )
    return message, a.unit["uscc"], e.refused_at


def _revoked(e: P.PermitRevoked, a: PermitApplication) -> Mapped:
    message = pb.PermitRevoked(
        application_id=str(a.id),
        permit_no=a.permit_no or "",
        uscc=a.unit["uscc"],
        unit_name=a.unit["name"],
        district=a.unit["district"],
        reason=e.reason,
        revoked_at=e.revoked_at.isoformat(),
        cause_event_id=e.cause_event_id,
    )
    return message, a.unit["uscc"], e.revoked_at


def _deficiencies(e: P.DeficienciesNotified, a: PermitApplication) -> Mapped:
    message = pb.DeficienciesNotified(
        application_id=str(a.id),
        uscc=a.unit["uscc"],
        unit_name=a.unit["name"],
        venue_name=a.unit["venue_name"],
        missing_materials=e.missing,
        notified_at=e.notified_at.isoformat(),
        applicant=_contact(a.applicant),
        route=a.route,
    )
    return message, a.unit["uscc"], e.notified_at


def _verification(e: P.CommitmentVerificationRequested, a: PermitApplication) -> Mapped:
    message = pb.CommitmentVerificationRequested(
        application_id=str(a.id),
        permit_no=a.permit_no or "",
        uscc=a.unit["uscc"],
        unit_name=a.unit["name"],
        venue_name=a.unit["venue_name"],
        district=a.unit["district"],
        address=a.unit["address"],
        requested_at=e.requested_at.isoformat(),
        due_date=e.due_on.isoformat(),
        due_date_provisional=e.provisional,
        working_days=e.working_days,
    )
    return message, a.unit["uscc"], e.requested_at


def _pilot(e: P.PilotRegistered, a: PermitApplication) -> Mapped:
    message = pb.PilotRegistered(
        application_id=str(a.id),
        uscc=a.unit["uscc"],
        unit_name=a.unit["name"],
        venue_name=a.unit["venue_name"],
        district=a.unit["district"],
        address=a.unit["address"],
        complex_name=e.complex_name,
        venue_category=a.unit["venue_category"],
        floor_area_m2=a.unit["floor_area_m2"],
        registered_at=e.registered_at.isoformat(),
    )
    return message, a.unit["uscc"], e.registered_at


def _amended(e: P.PermitAmended, a: PermitApplication) -> Mapped:
    message = pb.PermitAmended(
        application_id=str(a.id),
        permit_no=a.permit_no or "",
        uscc=a.unit["uscc"],
        previous_name=e.previous_name,
        unit_name=e.unit_name,
        previous_legal_representative=e.previous_legal_representative,
        legal_representative=e.legal_representative,
        amended_at=e.amended_at.isoformat(),
        venue_name=a.unit["venue_name"],
        district=a.unit["district"],
        address=a.unit["address"],
    )
    return message, a.unit["uscc"], e.amended_at


def _delivered(e: P.DocumentsDelivered, a: PermitApplication) -> Mapped:
    message = pb.DocumentsDelivered(
        application_id=str(a.id),
        permit_no=a.permit_no or "",
        uscc=a.unit["uscc"],
        method=e.method,
        delivered_at=e.delivered_at.isoformat(),
        postal_tracking_no=e.postal_tracking_no,
        applicant=_contact(a.applicant),
    )
    return message, a.unit["uscc"], e.delivered_at


def _breached(e: P.ClockBreached, a: PermitApplication) -> Mapped:
    message = pb.StatutoryClockBreached(
        application_id=str(a.id),
        uscc=a.unit["uscc"],
        unit_name=a.unit["name"],
        district=a.unit["district"],
        stage=e.stage,
        due_date=e.due_on.isoformat(),
        breached_on=e.breached_on.isoformat(),
    )
    at = dt.datetime.combine(e.breached_on, dt.time(23, 59, 59), tzinfo=a.submitted_at.tzinfo)
    return message, a.unit["uscc"], at


def _booked(e: Appointment.Booked, a: Appointment) -> Mapped:
    message = pb.AppointmentBooked(
        appointment_id=str(a.id),
        uscc=a.unit["uscc"],
        unit_name=a.unit["name"],
        venue_name=a.unit["venue_name"],
        address=a.unit["address"],
        kind=e.kind,
        requested_date=e.requested_date.isoformat(),
        due_date=e.due_on.isoformat(),
        applicant=_contact(e.applicant),
        booked_at=e.booked_at.isoformat(),
        due_date_provisional=e.provisional,
    )
    return message, a.unit["uscc"], e.booked_at


def _revised(e: Any, a: Any) -> Mapped:
    """DueDateRevised of an application or an appointment; published at the loading's time."""
    appointment = isinstance(a, Appointment)
    message = pb.DueDateRevised(
        application_id="" if appointment else str(a.id),
        appointment_id=str(a.id) if appointment else "",
        uscc=a.unit["uscc"],
        unit_name=a.unit["name"],
        what=e.what,
        previous_due_date=e.previous_due_on.isoformat(),
        due_date=e.due_on.isoformat(),
        due_date_provisional=e.provisional,
        arrangement=e.arrangement,
        applicant=_contact(a.applicant),
        revised_at=e.revised_at.isoformat(),
    )
    return message, a.unit["uscc"], e.revised_at


_MAPPINGS: dict[type, Callable[[Any, Any], Mapped]] = {
    P.PermitGranted: _granted,
    P.PermitRefused: _refused,
    P.PermitRevoked: _revoked,
    P.DeficienciesNotified: _deficiencies,
    P.CommitmentVerificationRequested: _verification,
    P.PilotRegistered: _pilot,
    P.PermitAmended: _amended,
    P.DocumentsDelivered: _delivered,
    P.ClockBreached: _breached,
    Appointment.Booked: _booked,
    P.DueDateRevised: _revised,
    Appointment.DueDateRevised: _revised,
}
