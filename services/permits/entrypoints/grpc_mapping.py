"""Protobuf ↔ permits domain: the one place the two meet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from firesafety.permits.v1 import permits_pb2 as pb
from kit.envelope import Envelope
from kit.grpc_guard import date_violation, time_of
from kit.identifiers import mask_resident_id
from kit.service_runtime import Freshness
from services.permits.commands import (
    AmendPermit,
    BookAppointment,
    FieldViolation,
    InvalidCommand,
    SubmitApplication,
    SupplementMaterials,
    UnitInput,
)
from services.permits.domain import Applicant, Appointment, PermitApplication

ROUTE = "ROUTE_"
CATEGORY = "VENUE_CATEGORY_"
MATERIAL = "MATERIAL_"
STATUS = "APPLICATION_STATUS_"
DELIVERY = "DELIVERY_METHOD_"
ASPECT = "CHANGED_ASPECT_"
DOCUMENT = "AMENDMENT_DOCUMENT_"
APPOINTMENT = "APPOINTMENT_KIND_"


def to_domain(enum_type: Any, number: int, prefix: str) -> str:
    """`VENUE_CATEGORY_SPORTS_VENUE` → `sports_venue`; UNSPECIFIED → ``""``; unknown numbers → their number."""
    try:
        name = enum_type.Name(number)
    except ValueError:
        return str(number)
    return "" if name.endswith("UNSPECIFIED") else name.removeprefix(prefix).lower()


# The request fields that take an enum, by the field path a violation names (an index stripped).
ENUM_FIELDS: dict[str, Any] = {
    "route": pb.Route,
    "unit.venue_category": pb.VenueCategory,
    "materials": pb.Material,
    "delivery_method": pb.DeliveryMethod,
    "other_changes": pb.ChangedAspect,
    "documents": pb.AmendmentDocument,
    "kind": pb.AppointmentKind,
    "status": pb.ApplicationStatus,
}


def allowed_values(enum_type: Any) -> str:
    """An enum's values a request may carry, as the proto names them."""
    return ", ".join(v.name for v in enum_type.DESCRIPTOR.values if not v.name.endswith("UNSPECIFIED"))


def unknown_enum(path: str, number: int) -> tuple[str, str] | None:
    """The violation of an enum field holding a number its proto does not define (an optional
    field left UNSPECIFIED is not one)."""
    enum_type = ENUM_FIELDS[path.split("[", 1)[0]]
    if number in enum_type.values():
        return None
    return path, f"must be one of: {allowed_values(enum_type)}"


def in_partner_terms(path: str, description: str) -> tuple[str, str]:
    """A violation as a partner reads it: an enum's values named as the proto names them
    (`VENUE_CATEGORY_HOTEL`), not as the domain spells them (`hotel`)."""
    enum_type = ENUM_FIELDS.get(path.split("[", 1)[0])
    if enum_type is None or "one of: " not in description:
        return path, description
    allowed = allowed_values(enum_type)
    if description.startswith("is required"):
        return path, f"is required (one of: {allowed})"
    return path, f"must be one of: {allowed}"


def to_proto(value: str, prefix: str) -> str:
    """`sports_venue` → `VENUE_CATEGORY_SPORTS_VENUE` (protobuf takes enum values by name)."""
    return prefix + value.upper()


def when(message: Any, field: str) -> dt.datetime | None:
    """The time a Timestamp field holds; InvalidCommand naming the field when it is out of range."""
    try:
        return time_of(message, field)
    except ValueError as exc:
        raise InvalidCommand([FieldViolation(field, str(exc))]) from exc


def timestamp(value: dt.datetime | str | None) -> Timestamp | None:
    if value is None or value == "":
        return None
    stamp = Timestamp()
    stamp.FromDatetime(dt.datetime.fromisoformat(value) if isinstance(value, str) else value)
    return stamp


def unit_input(unit: pb.Unit) -> UnitInput:
    return UnitInput(
        uscc=unit.uscc,
        name=unit.name,
        venue_name=unit.venue_name,
        address=unit.address,
        district=unit.district,
        street=unit.street,
        venue_category=to_domain(pb.VenueCategory, unit.venue_category, CATEGORY),
        floor_area_m2=unit.floor_area_m2,
        in_commercial_complex=unit.in_commercial_complex,
        legal_representative=unit.legal_representative,
        legal_representative_id=unit.legal_representative_id,
        complex_name=unit.complex_name,
    )


def applicant(message: pb.Applicant) -> Applicant:
    return Applicant(name=message.name, phone=message.phone, email=message.email)


def submit_command(request: pb.SubmitApplicationRequest) -> SubmitApplication:
    return SubmitApplication(
        request_id=request.request_id,
        route=to_domain(pb.Route, request.route, ROUTE),
        unit=unit_input(request.unit),
        applicant=applicant(request.applicant),
        materials=tuple(to_domain(pb.Material, m, MATERIAL) for m in request.materials),
        submitted_at=when(request, "submitted_at"),
        delivery_method=to_domain(pb.DeliveryMethod, request.delivery_method, DELIVERY) or "direct",
        postal_address=request.postal_address,
    )


def supplement_command(request: pb.SupplementMaterialsRequest) -> SupplementMaterials:
    return SupplementMaterials(
        request_id=request.request_id,
        application_id=request.application_id,
        materials=tuple(to_domain(pb.Material, m, MATERIAL) for m in request.materials),
        supplemented_at=when(request, "supplemented_at"),
    )


def amend_command(request: pb.AmendPermitRequest) -> AmendPermit:
    return AmendPermit(
        request_id=request.request_id,
        application_id=request.application_id,
        unit_name=request.unit_name,
        legal_representative=request.legal_representative,
        legal_representative_id=request.legal_representative_id,
        other_changes=tuple(to_domain(pb.ChangedAspect, c, ASPECT) for c in request.other_changes),
        documents=tuple(to_domain(pb.AmendmentDocument, d, DOCUMENT) for d in request.documents),
        amended_at=when(request, "amended_at"),
    )


def booking_command(request: pb.BookGuidanceAppointmentRequest) -> BookAppointment:
    """Raises InvalidCommand naming requested_date when it is not a date of the calendar's range."""
    requested = None
    if request.requested_date:
        try:
            requested = dt.date.fromisoformat(request.requested_date)
        except ValueError as exc:
            raise InvalidCommand([FieldViolation("requested_date", "must be a date, YYYY-MM-DD")]) from exc
        out_of_range = date_violation("requested_date", requested)
        if out_of_range:
            raise InvalidCommand([FieldViolation(*out_of_range)])
    return BookAppointment(
        request_id=request.request_id,
        kind=to_domain(pb.AppointmentKind, request.kind, APPOINTMENT),
        unit=unit_input(request.unit),
        applicant=applicant(request.applicant),
        requested_date=requested,
        booked_at=when(request, "booked_at"),
    )


def application_message(application: PermitApplication) -> pb.Application:
    unit = application.unit
    clock = application.clock or {}
    refusal = application.refusal or {}
    overall = application.overall or {}
    plan, pilot = application.rectification_plan, application.pilot_check
    return pb.Application(
        application_id=str(application.id),
        request_id=application.request_id,
        route=to_proto(application.route, ROUTE),
        status=to_proto(application.status, STATUS),
        unit=pb.Unit(
            uscc=unit["uscc"],
            name=unit["name"],
            venue_name=unit["venue_name"],
            address=unit["address"],
            district=unit["district"],
            street=unit["street"],
            venue_category=to_proto(unit["venue_category"], CATEGORY),
            floor_area_m2=unit["floor_area_m2"],
            in_commercial_complex=unit["in_commercial_complex"],
            legal_representative=unit["legal_representative"],
            legal_representative_id=mask_resident_id(unit["legal_representative_id"])
            if unit["legal_representative_id"]
            else "",
            complex_name=unit.get("complex_name", ""),
        ),
        applicant=pb.Applicant(**application.applicant),
        materials=[to_proto(m, MATERIAL) for m in application.materials],
        submitted_at=timestamp(application.submitted_at),
        permit_no=application.permit_no or "",
        granted_at=timestamp(application.granted_at),
        missing_materials=[to_proto(m, MATERIAL) for m in application.missing],
        clock_stage=clock.get("stage", ""),
        due_date=clock["due_on"].isoformat() if clock else "",
        clock_paused=bool(clock.get("paused_on")),
        refusal_reasons=refusal.get("reasons", []),
        rectification_advice=refusal.get("rectification_advice", ""),
        verification_due_date=application.verification_due_on.isoformat() if application.verification_due_on else "",
        delivery_method=to_proto(application.delivery.get("method", "direct"), DELIVERY),
        delivered_at=timestamp(application.delivered_at),
        due_date_provisional=bool(clock.get("provisional")),
        verification_due_date_provisional=application.verification_provisional,
        accepted_at=timestamp(application.accepted_at),
        clock_pause_cause=application.pause_cause if clock.get("paused_on") else "",
        overall_due_date=overall["due_on"].isoformat() if overall else "",
        overall_due_date_provisional=bool(overall.get("provisional")),
        breached_limits=list(application.breaches),
        verification_result=application.verification_result,
        rectification_plan=pb.RectificationPlan(
            items=plan["items"],
            target_date=plan["target_date"].isoformat() if plan["target_date"] else "",
            recorded_at=timestamp(plan["recorded_at"]),
        )
        if plan
        else None,
        pilot_check=pb.PilotCheck(
            inspection_id=pilot["inspection_id"],
            inspected_on=pilot["inspected_on"].isoformat(),
            outcome=pilot["outcome"],
        )
        if pilot
        else None,
    )


def summary_message(row: dict[str, Any]) -> pb.ApplicationSummary:
    return pb.ApplicationSummary(
        application_id=row["application_id"],
        uscc=row["uscc"],
        unit_name=row["unit_name"],
        venue_name=row["venue_name"],
        district=row["district"],
        route=to_proto(row["route"], ROUTE),
        status=to_proto(row["status"], STATUS),
        permit_no=row["permit_no"] or "",
        submitted_at=timestamp(row["submitted_at"]),
        due_date=(row["due_on"] or "") if row["status"] in ("accepted", "inspected") else "",
        due_date_provisional=bool(row["due_provisional"]) and row["status"] in ("accepted", "inspected"),
    )


def freshness_message(freshness: Freshness) -> pb.ReadFreshness:
    as_of = Timestamp()
    as_of.FromNanoseconds(int(freshness.as_of * 1e9))
    return pb.ReadFreshness(log_position=freshness.position, as_of=as_of)


def verification_message(row: dict[str, Any]) -> pb.VerifyPermitResponse:
    return pb.VerifyPermitResponse(
        valid=row["status"] == "valid",
        permit_no=row["permit_no"],
        application_id=row["application_id"],
        uscc=row["uscc"],
        unit_name=row["unit_name"],
        venue_name=row["venue_name"],
        district=row["district"],
        route=to_proto(row["route"], ROUTE),
        granted_at=timestamp(row["granted_at"]),
        revoked_at=timestamp(row["revoked_at"]),
        revocation_reason=row["revocation_reason"] or "",
    )


def appointment_message(appointment: Appointment) -> pb.Appointment:
    return pb.Appointment(
        appointment_id=str(appointment.id),
        kind=to_proto(appointment.kind, APPOINTMENT),
        uscc=appointment.unit["uscc"],
        venue_name=appointment.unit["venue_name"],
        requested_date=appointment.requested_date.isoformat(),
        due_date=appointment.due_on.isoformat(),
        booked_at=timestamp(appointment.booked_at),
        due_date_provisional=appointment.provisional,
    )


DECISIONS = {
    "PermitGranted": (pb.DECISION_KIND_GRANTED, "granted_at"),
    "PermitRefused": (pb.DECISION_KIND_REFUSED, "refused_at"),
    "PermitRevoked": (pb.DECISION_KIND_REVOKED, "revoked_at"),
    "PilotRegistered": (pb.DECISION_KIND_PILOT_REGISTERED, "registered_at"),
    "PermitAmended": (pb.DECISION_KIND_AMENDED, "amended_at"),
}


def decision_message(envelope: Envelope) -> pb.Decision | None:
    """The decision an integration event publishes, or None for other events."""
    if envelope.event_type not in DECISIONS:
        return None
    kind, time_field = DECISIONS[envelope.event_type]
    data = envelope.data
    reasons = data.get("reasons", []) or ([data["reason"]] if data.get("reason") else [])
    return pb.Decision(
        position=envelope.position,
        kind=kind,
        application_id=data.get("application_id", ""),
        permit_no=data.get("permit_no", ""),
        uscc=data.get("uscc", ""),
        unit_name=data.get("unit_name", ""),
        venue_name=data.get("venue_name", ""),
        district=data.get("district", ""),
        decided_at=timestamp(data.get(time_field)),
        reasons=reasons,
        previous_unit_name=data.get("previous_name", ""),
        previous_legal_representative=data.get("previous_legal_representative", ""),
        legal_representative=data.get("legal_representative", ""),
    )
