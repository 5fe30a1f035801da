"""Inspection records (检查记录, S4): checklist, hazards graded general or major, violations by type."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.domain import Aggregate, event

from services.supervision.domain.common import (
    HazardGrade,
    HazardType,
    InspectionMode,
    InspectionPurpose,
    Severity,
    SupervisionError,
    ViolationType,
    stable_id,
)
from services.supervision.domain.firms import FirmViolationType, PartyKind, ServiceType
from services.supervision.domain.joint import DepartmentFindingInput


@dataclass(frozen=True)
class ChecklistItem:
    item: str
    passed: bool
    note: str = ""


@dataclass(frozen=True)
class HazardInput:
    grade: HazardGrade
    description: str
    location: str = ""
    hazard_type: HazardType = HazardType.OTHER


@dataclass(frozen=True)
class FirmParty:
    """The fire technical service firm (消防技术服务机构) a violation is charged to."""

    uscc: str
    name: str
    service_type: ServiceType


@dataclass(frozen=True)
class ViolationInput:
    violation_type: ViolationType | FirmViolationType
    severity: Severity
    description: str
    corrected_on_the_spot: bool = False
    firm: FirmParty | None = None
    """Set when the violation is the firm's, not the unit's (e.g. a false maintenance report)."""


@dataclass(frozen=True)
class InspectedUnit:
    """The register's facts about the unit, copied into the record as they were on the day."""

    uscc: str
    unit_name: str
    district: str
    industry_regulator: str = ""
    service_firm_uscc: str = ""


@dataclass(frozen=True)
class InspectionFindings:
    mode: InspectionMode
    purpose: InspectionPurpose
    inspected_on: str
    checklist: tuple[ChecklistItem, ...] = ()
    hazards: tuple[HazardInput, ...] = ()
    violations: tuple[ViolationInput, ...] = ()
    self_reported: tuple[str, ...] = ()
    video_ref: str = ""
    evidence: tuple[str, ...] = ()
    links: dict[str, str] = field(default_factory=dict)
    """plan_id, complaint_id, application_id, order_id or joint_inspection_id, by purpose."""
    departments_present: tuple[str, ...] = ()
    department_findings: tuple[DepartmentFindingInput, ...] = ()
    """A joint inspection's: the other departments there, and what each of them found."""


class Inspection(Aggregate):
    @staticmethod
    def create_id(request_id: str) -> uuid.UUID:
        return stable_id("inspection", request_id)

    class Recorded(Aggregate.Created):
        request_id: str
        uscc: str
        unit_name: str
        district: str
        industry_regulator: str
        mode: str
        purpose: str
        inspector_ids: list[str]
        inspected_on: str
        checklist: list[dict[str, Any]]
        self_reported: list[str]
        video_ref: str
        evidence: list[str]
        links: dict[str, str]
        hazards: int
        major_hazards: int
        violations: int
        recorded_by: str
        recorded_at: str
        firm_violations: int = 0

    class HazardFound(Aggregate.Event):
        hazard_id: str
        uscc: str
        unit_name: str
        district: str
        industry_regulator: str
        grade: str
        description: str
        location: str
        found_on: str
        #: Hazards recorded before types were kept count as "other".
        hazard_type: str = HazardType.OTHER.value

    class ViolationFound(Aggregate.Event):
        violation_id: str
        uscc: str
        unit_name: str
        district: str
        violation_type: str
        severity: str
        description: str
        corrected_on_the_spot: bool
        found_on: str
        party_kind: str = PartyKind.UNIT.value
        service_type: str = ""
        site_uscc: str = ""

    class DepartmentFindingRecorded(Aggregate.Event):
        """What another department found in a joint inspection (联合检查), attributed to it."""

        finding_id: str
        uscc: str
        department: str
        description: str
        location: str
        found_on: str

    class TransferNoted(Aggregate.Event):
        """Findings transferred (移送) to a department (the transfer is its own aggregate)."""

        transfer_id: str
        finding_ids: list[str]
        department: str

    class OrderNoted(Aggregate.Event):
        """A rectification order now names these findings (the order is its own aggregate)."""

        order_id: str
        hazard_ids: list[str]
        violation_ids: list[str]

    class OralOrderGiven(Aggregate.Event):
        """口头责令改正: a minor violation corrected on the spot is not punished (004 #10)."""

        violation_id: str
        uscc: str
        given_on: str
        officer_ids: list[str]

    @event(Recorded)
    def __init__(
        self,
        request_id: str,
        uscc: str,
        unit_name: str,
        district: str,
        industry_regulator: str,
        mode: str,
        purpose: str,
        inspector_ids: list[str],
        inspected_on: str,
        checklist: list[dict[str, Any]],
        self_reported: list[str],
        video_ref: str,
        evidence: list[str],
        links: dict[str, str],
        hazards: int,
        major_hazards: int,
        violations: int,
        recorded_by: str,
        recorded_at: str,
        firm_violations: int = 0,
    ) -> None:
        self.request_id = request_id
        self.uscc = uscc
        self.unit_name = unit_name
        self.district = district
        self.industry_regulator = industry_regulator
        self.mode = mode
        self.purpose = purpose
        self.inspector_ids = list(inspector_ids)
        self.inspected_on = inspected_on
        self.links = dict(links)
        self.hazards: dict[str, dict[str, Any]] = {}
        self.violations: dict[str, dict[str, Any]] = {}
        self.oral_orders: set[str] = set()
        self.orders: dict[str, str] = {}
        self.department_findings: dict[str, dict[str, str]] = {}
        self.transferred: dict[str, str] = {}

    @classmethod
    def record(
        cls,
        request_id: str,
        unit: InspectedUnit,
        findings: InspectionFindings,
        inspector_ids: list[str],
        recorded_by: str,
        recorded_at: str,
    ) -> Inspection:
        if findings.mode is InspectionMode.REMOTE and not (findings.self_reported and findings.video_ref):
            raise SupervisionError(
                "a remote inspection needs the unit's self-reported items and a video", "REMOTE_EVIDENCE_MISSING"
            )
        if any(v.firm is not None and v.firm.uscc == unit.uscc for v in findings.violations):
            raise SupervisionError(
                "a technical service firm's violation names a firm other than the inspected unit", "FIRM_IS_THE_UNIT"
            )
        inspection = cls(
            request_id=request_id,
            uscc=unit.uscc,
            unit_name=unit.unit_name,
            district=unit.district,
            industry_regulator=unit.industry_regulator,
            mode=findings.mode.value,
            purpose=findings.purpose.value,
            inspector_ids=list(inspector_ids),
            inspected_on=findings.inspected_on,
            checklist=[{"item": c.item, "passed": c.passed, "note": c.note} for c in findings.checklist],
            self_reported=list(findings.self_reported),
            video_ref=findings.video_ref,
            evidence=list(findings.evidence),
            links=dict(findings.links),
            hazards=len(findings.hazards),
            major_hazards=sum(1 for h in findings.hazards if h.grade is HazardGrade.MAJOR),
            violations=sum(1 for v in findings.violations if v.firm is None),
            recorded_by=recorded_by,
            recorded_at=recorded_at,
            firm_violations=sum(1 for v in findings.violations if v.firm is not None),
        )
        for number, hazard in enumerate(findings.hazards, start=1):
            inspection._hazard_found(
                hazard_id=str(stable_id("hazard", f"{inspection.id}/{number}")),
                uscc=unit.uscc,
                unit_name=unit.unit_name,
                district=unit.district,
                industry_regulator=unit.industry_regulator,
                grade=hazard.grade.value,
                description=hazard.description,
                location=hazard.location,
                found_on=findings.inspected_on,
                hazard_type=hazard.hazard_type.value,
            )
        for number, violation in enumerate(findings.violations, start=1):
            violation_id = str(stable_id("violation", f"{inspection.id}/{number}"))
            firm = violation.firm
            inspection._violation_found(
                violation_id=violation_id,
                uscc=firm.uscc if firm else unit.uscc,
                unit_name=firm.name if firm else unit.unit_name,
                district=unit.district,
                violation_type=violation.violation_type.value,
                severity=violation.severity.value,
                description=violation.description,
                corrected_on_the_spot=violation.corrected_on_the_spot,
                found_on=findings.inspected_on,
                party_kind=(PartyKind.TECHNICAL_SERVICE_FIRM if firm else PartyKind.UNIT).value,
                service_type=firm.service_type.value if firm else "",
                site_uscc=unit.uscc if firm else "",
            )
            if violation.corrected_on_the_spot and violation.severity is Severity.MINOR:
                inspection._oral_order_given(
                    violation_id=violation_id,
                    uscc=firm.uscc if firm else unit.uscc,
                    given_on=findings.inspected_on,
                    officer_ids=list(inspector_ids),
                )
        for number, found in enumerate(findings.department_findings, start=1):
            inspection._department_finding_recorded(
                finding_id=str(stable_id("department-finding", f"{inspection.id}/{number}")),
                uscc=unit.uscc,
                department=found.department.value,
                description=found.description,
                location=found.location,
                found_on=findings.inspected_on,
            )
        return inspection

    @event(DepartmentFindingRecorded)
    def _department_finding_recorded(
        self, finding_id: str, uscc: str, department: str, description: str, location: str, found_on: str
    ) -> None:
        self.department_findings[finding_id] = {
            "department": department,
            "description": description,
            "location": location,
        }

    @event(TransferNoted)
    def note_transfer(self, transfer_id: str, finding_ids: list[str], department: str) -> None:
        for finding in finding_ids:
            self.transferred[finding] = transfer_id

    def finding_as_transferred(self, finding_id: str) -> dict[str, str]:
        """A hazard, a violation or another department's finding, as a transfer letter names it."""
        if finding_id in self.hazards or finding_id in self.violations:
            hazard = finding_id in self.hazards
            named = self.hazard_as_ordered(finding_id) if hazard else self.violation_as_ordered(finding_id)
            return {**named, "kind": "hazard" if hazard else "violation", "type": named["kind"], "department": ""}
        if finding_id in self.department_findings:
            return {"id": finding_id, "kind": "department_finding", "type": "", **self.department_findings[finding_id]}
        raise SupervisionError(f"inspection {self.id} found no {finding_id}", "UNKNOWN_FINDING")

    @event(HazardFound)
    def _hazard_found(
        self,
        hazard_id: str,
        uscc: str,
        unit_name: str,
        district: str,
        industry_regulator: str,
        grade: str,
        description: str,
        location: str,
        found_on: str,
        hazard_type: str = HazardType.OTHER.value,
    ) -> None:
        self.hazards[hazard_id] = {
            "grade": grade,
            "description": description,
            "location": location,
            "hazard_type": hazard_type,
        }

    @event(ViolationFound)
    def _violation_found(
        self,
        violation_id: str,
        uscc: str,
        unit_name: str,
        district: str,
        violation_type: str,
        severity: str,
        description: str,
        corrected_on_the_spot: bool,
        found_on: str,
        party_kind: str = PartyKind.UNIT.value,
        service_type: str = "",
        site_uscc: str = "",
    ) -> None:
        self.violations[violation_id] = {
            "violation_type": violation_type,
            "severity": severity,
            "description": description,
            "corrected_on_the_spot": corrected_on_the_spot,
            "party_kind": party_kind,
            "uscc": uscc,
            "party_name": unit_name,
            "service_type": service_type,
        }

    @event(OralOrderGiven)
    def _oral_order_given(self, violation_id: str, uscc: str, given_on: str, officer_ids: list[str]) -> None:
        self.oral_orders.add(violation_id)

    @event(OrderNoted)
    def note_order(self, order_id: str, hazard_ids: list[str], violation_ids: list[str]) -> None:
        for finding in [*hazard_ids, *violation_ids]:
            self.orders[finding] = order_id

    @property
    def firm_violation_ids(self) -> list[str]:
        return [v for v, data in self.violations.items() if data.get("party_kind") == PartyKind.TECHNICAL_SERVICE_FIRM]

    @property
    def major_hazard_ids(self) -> list[str]:
        return [h for h, data in self.hazards.items() if data["grade"] == HazardGrade.MAJOR.value]

    def violation(self, violation_id: str) -> dict[str, Any]:
        try:
            return self.violations[violation_id]
        except KeyError:
            raise SupervisionError(
                f"inspection {self.id} found no violation {violation_id}", "UNKNOWN_VIOLATION"
            ) from None

    def hazard_as_ordered(self, hazard_id: str) -> dict[str, str]:
        """A hazard as a rectification order names it: id, grade, description, location."""
        found = self.hazards[hazard_id]
        return {
            "id": hazard_id,
            "kind": str(found["grade"]),
            "description": str(found["description"]),
            "location": str(found.get("location", "")),
        }

    def violation_as_ordered(self, violation_id: str) -> dict[str, str]:
        """A violation as a rectification order names it: id, type, description."""
        found = self.violation(violation_id)
        return {
            "id": violation_id,
            "kind": str(found["violation_type"]),
            "description": str(found["description"]),
            "location": "",
        }

    def check_findings(self, hazard_ids: list[str], violation_ids: list[str]) -> None:
        unknown = [h for h in hazard_ids if h not in self.hazards] + [
            v for v in violation_ids if v not in self.violations
        ]
        if unknown:
            raise SupervisionError(f"inspection {self.id} found none of {', '.join(unknown)}", "UNKNOWN_FINDING")
