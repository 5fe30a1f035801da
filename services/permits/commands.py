"""Commands of the permits application and the validation of their fields.

A command arrives as plain values (from gRPC or nameko); every field is checked
before anything is stored, and every problem is reported with the field's path.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TypeVar

from kit.identifiers import InvalidIdentifier, normalize_resident_id, normalize_uscc
from services.permits.domain import Applicant, Material, Route, Unit, VenueCategory

E = TypeVar("E", Route, VenueCategory, Material)


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


@dataclass(frozen=True)
class SubmitApplication:
    """申请: file an application for the pre-opening inspection permit."""

    request_id: str
    route: str
    unit: UnitInput
    applicant: Applicant
    materials: tuple[str, ...] = ()
    submitted_at: dt.datetime | None = None


@dataclass
class _Checker:
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


def validate_submission(
    command: SubmitApplication, received_at: dt.datetime
) -> tuple[Route, Unit, frozenset[Material], dt.datetime]:
    """The command's values as domain types, or InvalidCommand listing every bad field."""
    check = _Checker()
    check.required("request_id", command.request_id, max_length=128)
    route = _enum(check, "route", Route, command.route)
    unit = _unit(check, command.unit)
    check.required("applicant.name", command.applicant.name)
    if command.applicant.email and "@" not in command.applicant.email:
        check.fail("applicant.email", "is not an e-mail address")
    materials = []
    for index, raw in enumerate(command.materials):
        material = _enum(check, f"materials[{index}]", Material, raw)
        if material is not None:
            materials.append(material)
    submitted_at = command.submitted_at or received_at
    if submitted_at.tzinfo is None:
        check.fail("submitted_at", "must carry a time zone")
    if check.violations:
        raise InvalidCommand(check.violations)
    assert route is not None and unit is not None
    return route, unit, frozenset(materials), submitted_at


def _unit(check: _Checker, raw: UnitInput) -> Unit | None:
    before = len(check.violations)
    uscc = ""
    try:
        uscc = normalize_uscc(raw.uscc)
    except InvalidIdentifier as exc:
        check.fail("unit.uscc", str(exc))
    name = check.required("unit.name", raw.name)
    venue_name = check.required("unit.venue_name", raw.venue_name)
    address = check.required("unit.address", raw.address, max_length=500)
    district = check.required("unit.district", raw.district)
    category = _enum(check, "unit.venue_category", VenueCategory, raw.venue_category)
    if not raw.floor_area_m2 > 0:
        check.fail("unit.floor_area_m2", "must be a positive number of square metres")
    legal_id = ""
    if raw.legal_representative_id:
        try:
            legal_id = normalize_resident_id(raw.legal_representative_id)
        except InvalidIdentifier as exc:
            check.fail("unit.legal_representative_id", str(exc))
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
    )


def _enum(check: _Checker, path: str, enum: type[E], raw: str) -> E | None:
    try:
        return enum(raw)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        check.fail(path, f"must be one of: {allowed}" if raw else f"is required (one of: {allowed})")
        return None
