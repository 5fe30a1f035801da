"""Permit applications and their rules (DOMAIN.md P1, P3).

Pure: no I/O and no clock; business time comes in as arguments.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from eventsourcing.domain import Aggregate, event

APPLICATION_NAMESPACE = uuid.UUID("0b6d7c1e-8a52-4c8e-a3d4-51f0e2a9c7b3")


class Route(StrEnum):
    """办理方式."""

    STANDARD = "standard"
    COMMITMENT = "commitment"  # 告知承诺制


class VenueCategory(StrEnum):
    """场所类别."""

    PASSENGER_STATION_WAITING_ROOM = "passenger_station_waiting_room"
    PASSENGER_TERMINAL_WAITING_HALL = "passenger_terminal_waiting_hall"
    CIVIL_AIRPORT_TERMINAL = "civil_airport_terminal"
    SPORTS_VENUE = "sports_venue"
    ASSEMBLY_HALL = "assembly_hall"
    HOTEL = "hotel"
    SHOPPING_MALL = "shopping_mall"
    CATERING = "catering"
    ENTERTAINMENT = "entertainment"
    OTHER = "other"


class Material(StrEnum):
    """申请材料."""

    APPLICATION_FORM = "application_form"
    COMMITMENT_LETTER = "commitment_letter"
    BUSINESS_LICENCE = "business_licence"
    SAFETY_RULES_AND_EVACUATION_PLAN = "safety_rules_and_evacuation_plan"
    FLOOR_AND_FIRE_FACILITY_PLANS = "floor_and_fire_facility_plans"
    LEGAL_REPRESENTATIVE_ID = "legal_representative_id"


STATUTORY_COMMITMENT_CATEGORIES = frozenset(
    {
        VenueCategory.PASSENGER_STATION_WAITING_ROOM,
        VenueCategory.PASSENGER_TERMINAL_WAITING_HALL,
        VenueCategory.CIVIL_AIRPORT_TERMINAL,
        VenueCategory.SPORTS_VENUE,
        VenueCategory.ASSEMBLY_HALL,
    }
)
"""The five categories of 002 四(二) eligible for the commitment route."""

COMMITMENT_MATERIALS = frozenset(
    {
        Material.COMMITMENT_LETTER,
        Material.BUSINESS_LICENCE,
        Material.SAFETY_RULES_AND_EVACUATION_PLAN,
        Material.FLOOR_AND_FIRE_FACILITY_PLANS,
    }
)
"""Fire Law art. 15: the permit is granted on the spot once these are in."""


@dataclass(frozen=True)
class PermitRules:
    """The district's settings for permits, with the statutory values as defaults."""

    commitment_categories: frozenset[VenueCategory] = STATUTORY_COMMITMENT_CATEGORIES
    commitment_materials: frozenset[Material] = COMMITMENT_MATERIALS


@dataclass(frozen=True)
class Unit:
    """The venue or unit applying (社会单位 / 场所)."""

    uscc: str
    name: str
    venue_name: str
    address: str
    district: str
    street: str
    venue_category: VenueCategory
    floor_area_m2: float
    in_commercial_complex: bool
    legal_representative: str
    legal_representative_id: str

    def to_record(self) -> dict[str, Any]:
        return {**self.__dict__, "venue_category": self.venue_category.value}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Unit:
        return cls(**{**record, "venue_category": VenueCategory(record["venue_category"])})


@dataclass(frozen=True)
class Applicant:
    name: str
    phone: str = ""
    email: str = ""


class PermitApplication(Aggregate):
    """One application for the pre-opening inspection permit."""

    @staticmethod
    def create_id(request_id: str) -> uuid.UUID:
        return uuid.uuid5(APPLICATION_NAMESPACE, f"application:{request_id}")

    class Submitted(Aggregate.Created):
        request_id: str
        route: str
        unit: dict[str, Any]
        applicant: dict[str, str]
        materials: list[str]
        submitted_at: dt.datetime

    class PermitGranted(Aggregate.Event):
        """准予许可: self-contained, so that every consumer can act on it alone."""

        permit_no: str
        granted_at: dt.datetime
        route: str
        uscc: str
        unit_name: str
        venue_name: str
        district: str
        venue_category: str
        floor_area_m2: float
        applicant: dict[str, str]

    @event(Submitted)
    def __init__(
        self,
        request_id: str,
        route: str,
        unit: dict[str, Any],
        applicant: dict[str, str],
        materials: list[str],
        submitted_at: dt.datetime,
    ) -> None:
        self.request_id = request_id
        self.route = route
        self.unit = unit
        self.applicant = applicant
        self.materials = materials
        self.submitted_at = submitted_at
        self.status = "submitted"
        self.permit_no: str | None = None
        self.granted_at: dt.datetime | None = None

    @classmethod
    def submit(
        cls,
        *,
        request_id: str,
        route: Route,
        unit: Unit,
        applicant: Applicant,
        materials: frozenset[Material],
        submitted_at: dt.datetime,
        rules: PermitRules,
    ) -> PermitApplication:
        """File an application; on the commitment route the permit is granted at once."""
        if route is Route.COMMITMENT:
            check_commitment_route(unit, materials, rules)
        application = cls(
            request_id=request_id,
            route=route.value,
            unit=unit.to_record(),
            applicant=applicant.__dict__.copy(),
            materials=sorted(m.value for m in materials),
            submitted_at=submitted_at,
        )
        if route is Route.COMMITMENT:
            application.grant(submitted_at)
        return application

    def grant(self, at: dt.datetime) -> None:
        if self.status == "granted":
            raise PermitAlreadyGranted(self.permit_no or "")
        unit = Unit.from_record(self.unit)
        self._permit_granted(
            permit_no=permit_number(self.id, at),
            granted_at=at,
            route=self.route,
            uscc=unit.uscc,
            unit_name=unit.name,
            venue_name=unit.venue_name,
            district=unit.district,
            venue_category=unit.venue_category.value,
            floor_area_m2=unit.floor_area_m2,
            applicant=self.applicant,
        )

    @event(PermitGranted)
    def _permit_granted(
        self,
        permit_no: str,
        granted_at: dt.datetime,
        route: str,
        uscc: str,
        unit_name: str,
        venue_name: str,
        district: str,
        venue_category: str,
        floor_area_m2: float,
        applicant: dict[str, str],
    ) -> None:
        self.status = "granted"
        self.permit_no = permit_no
        self.granted_at = granted_at


def check_commitment_route(unit: Unit, materials: frozenset[Material], rules: PermitRules) -> None:
    if unit.venue_category not in rules.commitment_categories:
        raise CommitmentRouteUnavailable(
            f"venue category {unit.venue_category.value} is not eligible for the commitment route"
        )
    missing = rules.commitment_materials - materials
    if missing:
        raise CommitmentRouteUnavailable(
            "the commitment route needs every required material; missing: "
            + ", ".join(sorted(m.value for m in missing))
        )


def permit_number(application_id: uuid.UUID, at: dt.datetime) -> str:
    """许可文书号: stable for the application, so replays and retries give the same number."""
    return f"XF{at.year}-{application_id.hex[:12].upper()}"


class PermitsError(Exception):
    """A rule of the permits domain refused the request."""


class CommitmentRouteUnavailable(PermitsError):
    pass


class PermitAlreadyGranted(PermitsError):
    pass


class ApplicationNotFound(PermitsError):
    pass
