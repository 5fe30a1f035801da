"""Commands of the permits application and the validation of their fields.

A command arrives as plain values (from gRPC or nameko); every field is checked
before anything is stored, and every problem is reported with the field's path.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import TypeVar

from kit.calendar import business_day
from kit.identifiers import InvalidIdentifier, normalize_resident_id, normalize_uscc
from services.permits.domain import (
    AmendmentDocument,
    Applicant,
    AppointmentKind,
    ChangedAspect,
    DeliveryMethod,
    Material,
    Route,
    Unit,
    VenueCategory,
)

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True)
class FieldViolation:
    field: str
    description: str


class InvalidCommand(ValueError):
    def __init__(self, violations: list[FieldViolation]) -> None:
        super().__init__("; ".join(f"{v.field}: {v.description}" for v in violations))
        self.violations = violations


@dataclass(frozen=True)
class UnitInput:
    uscc: str = ""
    name: str = ""
    venue_name: str = ""
    address: str = ""
    district: str = ""
    street: str = ""
    venue_category: str = ""
    floor_area_m2: float = 0.0
    in_commercial_complex: bool = False
    legal_representative: str = ""
    legal_representative_id: str = ""
    complex_name: str = ""


@dataclass(frozen=True)
class SubmitApplication:
    """申请: file an application for the pre-opening inspection permit."""

    request_id: str
    route: str
    unit: UnitInput
    applicant: Applicant
    materials: tuple[str, ...] = ()
    submitted_at: dt.datetime | None = None
    delivery_method: str = "direct"
    postal_address: str = ""

    def fingerprint(self) -> str:
        """What makes two requests with one request_id the same request."""
        content = asdict(self)
        content.pop("submitted_at")
        content["materials"] = sorted(self.materials)
        return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True)
class SupplementMaterials:
    """补正: materials handed in after the one-time notice."""

    request_id: str
    application_id: str
    materials: tuple[str, ...]
    supplemented_at: dt.datetime | None = None


@dataclass(frozen=True)
class AmendPermit:
    """简化变更."""

    request_id: str
    application_id: str
    unit_name: str = ""
    legal_representative: str = ""
    legal_representative_id: str = ""
    other_changes: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    amended_at: dt.datetime | None = None


@dataclass(frozen=True)
class BookAppointment:
    """预约: pre-opening guidance or an off-hours inspection."""

    request_id: str
    kind: str
    unit: UnitInput
    applicant: Applicant
    requested_date: dt.date | None = None
    booked_at: dt.datetime | None = None

    def fingerprint(self) -> str:
        """What makes two bookings with one request_id the same request."""
        content = asdict(self)
        content.pop("booked_at")
        content["requested_date"] = self.requested_date.isoformat() if self.requested_date else ""
        return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass
class Checker:
    violations: list[FieldViolation] = field(default_factory=list)

    def fail(self, path: str, description: str) -> None:
        self.violations.append(FieldViolation(path, description))

    def required(self, path: str, value: str, max_length: int = 200) -> str:
        value = value.strip()
        if not value:
            self.fail(path, "is required")
        elif len(value) > max_length:
            self.fail(path, f"must be at most {max_length} characters")
        return value

    def enum(self, path: str, enum: type[E], raw: str) -> E | None:
        try:
            return enum(raw)
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            self.fail(path, f"must be one of: {allowed}" if raw else f"is required (one of: {allowed})")
            return None

    def enums(self, path: str, enum: type[E], raws: tuple[str, ...]) -> frozenset[E]:
        members = (self.enum(f"{path}[{index}]", enum, raw) for index, raw in enumerate(raws))
        return frozenset(member for member in members if member is not None)

    def time(self, path: str, value: dt.datetime | None, default: dt.datetime) -> dt.datetime:
        value = value or default
        if value.tzinfo is None:
            self.fail(path, "must carry a time zone")
        return value

    def uuid(self, path: str, value: str) -> str:
        try:
            return str(uuid.UUID(value))
        except ValueError:
            self.fail(path, "must be a UUID")
            return ""

    def raise_if_any(self) -> None:
        if self.violations:
            raise InvalidCommand(self.violations)


@dataclass(frozen=True)
class ValidSubmission:
    route: Route
    unit: Unit
    applicant: Applicant
    materials: frozenset[Material]
    delivery: dict[str, str]
    submitted_at: dt.datetime


def validate_submission(command: SubmitApplication, received_at: dt.datetime) -> ValidSubmission:
    """The command's values as domain types, or InvalidCommand listing every bad field."""
    check = Checker()
    check.required("request_id", command.request_id, max_length=128)
    route = check.enum("route", Route, command.route)
    unit = validate_unit(check, "unit", command.unit)
    if route is Route.PILOT and unit is not None and not unit.complex_name:
        check.fail("unit.complex_name", "is required on the pilot route")
    applicant = validate_applicant(check, command.applicant)
    materials = check.enums("materials", Material, command.materials)
    method = check.enum("delivery_method", DeliveryMethod, command.delivery_method or "direct")
    if method is DeliveryMethod.POST and not command.postal_address.strip():
        check.fail("delivery.postal_address", "is required for delivery by post")
    submitted_at = check.time("submitted_at", command.submitted_at, received_at)
    check.raise_if_any()
    assert route is not None and unit is not None and method is not None
    delivery = {"method": method.value, "postal_address": command.postal_address.strip()}
    return ValidSubmission(route, unit, applicant, materials, delivery, submitted_at)


def validate_applicant(check: Checker, applicant: Applicant) -> Applicant:
    name = check.required("applicant.name", applicant.name)
    email = applicant.email.strip()
    if email and ("@" not in email or " " in email):
        check.fail("applicant.email", "is not an e-mail address")
    phone = applicant.phone.strip()
    if phone and not phone.replace("-", "").replace("+", "").isdigit():
        check.fail("applicant.phone", "must contain digits only")
    return Applicant(name=name, phone=phone, email=email)


def validate_unit(check: Checker, path: str, raw: UnitInput) -> Unit | None:
    before = len(check.violations)
    uscc = ""
    try:
        uscc = normalize_uscc(raw.uscc)
    except InvalidIdentifier as exc:
        check.fail(f"{path}.uscc", str(exc))
    name = check.required(f"{path}.name", raw.name)
    venue_name = check.required(f"{path}.venue_name", raw.venue_name)
    address = check.required(f"{path}.address", raw.address, max_length=500)
    district = check.required(f"{path}.district", raw.district)
    category = check.enum(f"{path}.venue_category", VenueCategory, raw.venue_category)
    if not raw.floor_area_m2 > 0:
        check.fail(f"{path}.floor_area_m2", "must be a positive number of square metres")
    legal_id = ""
    if raw.legal_representative_id:
        try:
            legal_id = normalize_resident_id(raw.legal_representative_id)
        except InvalidIdentifier as exc:
            check.fail(f"{path}.legal_representative_id", str(exc))
    if len(check.violations) > before or category is None:
        return None
    return Unit(
        uscc=uscc,
        name=name,
        venue_name=venue_name,
        address=address,
        district=district,
        street=raw.street.strip(),
        venue_category=category,
        floor_area_m2=float(raw.floor_area_m2),
        in_commercial_complex=raw.in_commercial_complex,
        legal_representative=raw.legal_representative.strip(),
        legal_representative_id=legal_id,
        complex_name=raw.complex_name.strip(),
    )


def validate_supplement(
    command: SupplementMaterials, received_at: dt.datetime
) -> tuple[frozenset[Material], dt.datetime]:
    check = Checker()
    check.required("request_id", command.request_id, max_length=128)
    check.uuid("application_id", command.application_id)
    materials = check.enums("materials", Material, command.materials)
    if not command.materials:
        check.fail("materials", "name at least one material")
    at = check.time("supplemented_at", command.supplemented_at, received_at)
    check.raise_if_any()
    return materials, at


@dataclass(frozen=True)
class ValidAmendment:
    other_changes: frozenset[ChangedAspect]
    documents: frozenset[AmendmentDocument]
    legal_representative_id: str
    amended_at: dt.datetime


def validate_amendment(command: AmendPermit, received_at: dt.datetime) -> ValidAmendment:
    check = Checker()
    check.required("request_id", command.request_id, max_length=128)
    check.uuid("application_id", command.application_id)
    if not command.unit_name.strip() and not command.legal_representative.strip():
        check.fail("unit_name", "give the new name or the new legal representative")
    if command.unit_name.strip():
        check.required("unit_name", command.unit_name)
    if command.legal_representative.strip():
        check.required("legal_representative", command.legal_representative)
    legal_id = ""
    if command.legal_representative.strip():
        try:
            legal_id = normalize_resident_id(command.legal_representative_id)
        except InvalidIdentifier as exc:
            check.fail("legal_representative_id", str(exc))
    changes = check.enums("other_changes", ChangedAspect, command.other_changes)
    documents = check.enums("documents", AmendmentDocument, command.documents)
    at = check.time("amended_at", command.amended_at, received_at)
    check.raise_if_any()
    return ValidAmendment(changes, documents, legal_id, at)


@dataclass(frozen=True)
class ValidBooking:
    kind: AppointmentKind
    unit: Unit
    applicant: Applicant
    requested_date: dt.date
    booked_at: dt.datetime


def validate_booking(command: BookAppointment, received_at: dt.datetime) -> ValidBooking:
    check = Checker()
    check.required("request_id", command.request_id, max_length=128)
    kind = check.enum("kind", AppointmentKind, command.kind)
    unit = validate_unit(check, "unit", command.unit)
    applicant = validate_applicant(check, command.applicant)
    booked_at = check.time("booked_at", command.booked_at, received_at)
    requested = command.requested_date or business_day(booked_at)
    if requested < business_day(booked_at):
        check.fail("requested_date", "must not be in the past")
    check.raise_if_any()
    assert kind is not None and unit is not None
    return ValidBooking(kind, unit, applicant, requested, booked_at)
