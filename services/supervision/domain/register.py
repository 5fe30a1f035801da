"""The register of units under supervision (监管对象名录), from permits and market registration."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from eventsourcing.domain import Aggregate, event

REGISTER_NAMESPACE = uuid.UUID("d7e2a913-5b4c-4f0e-8c6a-1b9f3e2d7c48")


@dataclass(frozen=True)
class UnitDetails:
    """What the register knows of a unit beyond its code; empty strings where a source said nothing."""

    unit_name: str
    venue_name: str = ""
    address: str = ""
    district: str = ""
    street: str = ""
    venue_category: str = ""
    floor_area_m2: float = 0.0
    in_commercial_complex: bool = False
    industry_regulator: str = ""  # 行业主管部门
    responsible_person: str = ""  # 消防安全责任人
    responsible_phone: str = ""
    responsible_email: str = ""
    service_firm_uscc: str = ""  # 消防技术服务机构 that maintains its facilities
    high_risk: bool = False  # 潜在风险大

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in DETAIL_FIELDS}

    def changes_from(self, current: Mapping[str, Any]) -> dict[str, Any]:
        """The fields whose value differs from `current`.

        A source adds or corrects information and never erases it: fields it left
        empty (or false) are not changes. High risk is cleared by staff only.
        """
        changes = {}
        for name, value in self.as_dict().items():
            if not value:
                continue
            if current.get(name) != value:
                changes[name] = value
        return changes


DETAIL_FIELDS = tuple(UnitDetails.__dataclass_fields__)


class RegisteredUnit(Aggregate):
    """A unit on the register, from which the double-random draw picks (S1)."""

    @staticmethod
    def create_id(uscc: str) -> uuid.UUID:
        return uuid.uuid5(REGISTER_NAMESPACE, uscc)

    class Registered(Aggregate.Created):
        uscc: str
        unit_name: str
        venue_name: str
        district: str
        venue_category: str
        since: str
        details: dict[str, Any] | None = None
        source: str = "permit"

    class PermitNoted(Aggregate.Event):
        permit_no: str
        route: str
        granted_at: str
        #: The permits service's application the permit was granted on (noted since penalties revoke permits).
        application_id: str = ""

    class DetailsUpdated(Aggregate.Event):
        changes: dict[str, Any]
        source: str
        updated_at: str

    class PilotNoted(Aggregate.Event):
        """先开业后监管: opened without a permit; due an on-site check later (P4)."""

        application_id: str
        complex_name: str
        registered_at: str

    class PilotChecked(Aggregate.Event):
        inspection_id: str
        checked_on: str

    class PermitRevocationNoted(Aggregate.Event):
        permit_no: str
        reason: str
        revoked_at: str

    class RiskMarked(Aggregate.Event):
        high_risk: bool
        reason: str
        marked_at: str
        marked_by: str

    @event(Registered)
    def __init__(
        self,
        uscc: str,
        unit_name: str,
        venue_name: str,
        district: str,
        venue_category: str,
        since: str,
        details: dict[str, Any] | None = None,
        source: str = "permit",
    ) -> None:
        self.uscc = uscc
        self.source = source
        self.since = since
        self.details: dict[str, Any] = UnitDetails(unit_name=unit_name).as_dict()
        self.details.update(
            {"venue_name": venue_name, "district": district, "venue_category": venue_category, **(details or {})}
        )
        self.permits: list[str] = []
        self.permit_applications: dict[str, str] = {}
        self.revoked_permits: list[str] = []
        self.pilot_check_due = False

    @classmethod
    def register(cls, uscc: str, details: UnitDetails, source: str, since: str) -> RegisteredUnit:
        return cls(
            uscc=uscc,
            unit_name=details.unit_name,
            venue_name=details.venue_name,
            district=details.district,
            venue_category=details.venue_category,
            since=since,
            details=details.as_dict(),
            source=source,
        )

    @property
    def unit_name(self) -> str:
        return str(self.details["unit_name"])

    @property
    def district(self) -> str:
        return str(self.details["district"])

    @property
    def industry_regulator(self) -> str:
        return str(self.details.get("industry_regulator", ""))

    @property
    def service_firm_uscc(self) -> str:
        return str(self.details.get("service_firm_uscc", ""))

    def update_details(self, details: UnitDetails, source: str, at: str) -> bool:
        """Record what changed; False (and no event) when nothing did."""
        changes = details.changes_from(self.details)
        if not changes:
            return False
        self._details_updated(changes=changes, source=source, updated_at=at)
        return True

    @event(DetailsUpdated)
    def _details_updated(self, changes: dict[str, Any], source: str, updated_at: str) -> None:
        self.details.update(changes)

    @event(PermitNoted)
    def note_permit(self, permit_no: str, route: str, granted_at: str, application_id: str = "") -> None:
        self.permits.append(permit_no)
        if application_id:
            self.permit_applications = {**self.permit_applications, permit_no: application_id}

    def permit_held(self, permit_no: str) -> str:
        """The application of a permit the unit holds (granted, not revoked), or ''."""
        if permit_no in self.revoked_permits:
            return ""
        return self.permit_applications.get(permit_no, "")

    @event(PilotNoted)
    def note_pilot(self, application_id: str, complex_name: str, registered_at: str) -> None:
        self.pilot_check_due = True

    def note_pilot_check(self, inspection_id: str, checked_on: str) -> None:
        if self.pilot_check_due:
            self._pilot_checked(inspection_id=inspection_id, checked_on=checked_on)

    @event(PilotChecked)
    def _pilot_checked(self, inspection_id: str, checked_on: str) -> None:
        self.pilot_check_due = False

    @event(PermitRevocationNoted)
    def note_revocation(self, permit_no: str, reason: str, revoked_at: str) -> None:
        self.revoked_permits.append(permit_no)

    @event(RiskMarked)
    def mark_risk(self, high_risk: bool, reason: str, marked_at: str, marked_by: str) -> None:
        self.details["high_risk"] = high_risk


class CreditStanding(Aggregate):
    """A unit's credit standing as credit last published it (C3: fewer draws; C2: more)."""

    @staticmethod
    def create_id(uscc: str) -> uuid.UUID:
        return uuid.uuid5(REGISTER_NAMESPACE, f"credit:{uscc}")

    class Opened(Aggregate.Created):
        uscc: str

    class Noted(Aggregate.Event):
        tier: str
        colour: str
        reduced_inspection: bool
        effective_on: str
        cause_event_id: str

    @event(Opened)
    def __init__(self, uscc: str) -> None:
        self.uscc = uscc
        self.tier = "normal"
        self.reduced_inspection = False

    @event(Noted)
    def note(self, tier: str, colour: str, reduced_inspection: bool, effective_on: str, cause_event_id: str) -> None:
        self.tier = tier
        self.reduced_inspection = reduced_inspection
