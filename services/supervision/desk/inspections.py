"""Recording inspections (S4), and the referral letters hazards lead to (S8)."""

from __future__ import annotations

from typing import Any

from services.supervision.commands import Fields
from services.supervision.desk.base import DeskBase
from services.supervision.domain.common import (
    CommitmentResult,
    HazardGrade,
    HazardType,
    InspectionMode,
    InspectionPurpose,
    RemoteItem,
    Severity,
    ViolationType,
    local_day,
)
from services.supervision.domain.firms import FirmViolationType, PartyKind, ServiceType
from services.supervision.domain.inspections import (
    ChecklistItem,
    FirmParty,
    HazardInput,
    InspectionFindings,
    ViolationInput,
)
from services.supervision.domain.joint import Department, DepartmentFindingInput
from services.supervision.read_models import queries

LINKS = {
    InspectionPurpose.RANDOM: "plan_id",
    InspectionPurpose.COMPLAINT: "ticket_no",
    InspectionPurpose.COMMITMENT_VERIFICATION: "application_id",
    InspectionPurpose.RE_INSPECTION: "order_id",
    InspectionPurpose.JOINT: "joint_inspection_id",
}
"""What an inspection of each purpose settles."""


class InspectionDesk(DeskBase):
    def record_inspection(self, **payload: Any) -> dict[str, Any]:
        """Record an inspection, once per request_id.

        Fields: request_id, uscc, mode (on_site, remote, off_hours), purpose (random,
        complaint, commitment_verification, re_inspection, pilot), inspector_ids (two
        certified, without ties), at, recorded_by; optional inspected_on (the day of
        `at`), checklist [{item, passed, note}], hazards [{grade, description,
        location, hazard_type (evacuation, fire_facilities, fire_separation, electrical,
        fire_and_gas_use, combustibles, fire_access, safety_management; default other)}],
        violations [{violation_type, severity, description,
        corrected_on_the_spot; for a violation of the unit's fire technical service firm
        (消防技术服务机构) party_kind technical_service_firm, firm_uscc, firm_name,
        service_type (maintenance_and_testing, safety_assessment) and a firm's
        violation_type (false_documents, unqualified_practice, substandard_practice)}],
        evidence [...]; for a remote inspection
        self_reported [items] and video_ref; by purpose plan_id, ticket_no,
        application_id with commitment_result (true, seriously_false, problems_found), order_id
        with rectified (true/false), or for a joint inspection (purpose joint, 联合检查)
        joint_inspection_id with departments_present [department] and department_findings
        [{department, description, location}] (what each other department found).
        """
        fields = self.fields(payload)
        request_id = fields.text("request_id", max_length=128)
        uscc = fields.uscc("uscc")
        mode = fields.enum("mode", InspectionMode)
        purpose = fields.enum("purpose", InspectionPurpose)
        inspector_ids = fields.texts("inspector_ids", required=True, max_length=64)
        at = fields.moment("at")
        recorded_by = fields.text("recorded_by", max_length=64)
        inspected_on = fields.day("inspected_on", required=False) or (local_day(at) if at else None)
        checklist = [self._checklist_item(f) for f in fields.records("checklist")]
        hazards = [self._hazard(f) for f in fields.records("hazards")]
        violations = [self._violation(f) for f in fields.records("violations")]
        evidence = fields.texts("evidence")
        self_reported = self._self_reported(fields, remote=mode is InspectionMode.REMOTE)
        video_ref = fields.text("video_ref", required=mode is InspectionMode.REMOTE, max_length=500)
        links, result, rectified = self._links(fields, purpose)
        present, department_findings = self._departments(fields, joint=purpose is InspectionPurpose.JOINT)
        if inspected_on is not None and at is not None and inspected_on > local_day(at):
            fields.fail("inspected_on", "must not be after the time of recording")
        fields.done()
        assert mode is not None and purpose is not None and at is not None and inspected_on is not None
        inspection = self.app.record_inspection(
            request_id=request_id,
            uscc=uscc,
            findings=InspectionFindings(
                mode=mode,
                purpose=purpose,
                inspected_on=inspected_on.isoformat(),
                checklist=tuple(c for c in checklist if c is not None),
                hazards=tuple(h for h in hazards if h is not None),
                violations=tuple(v for v in violations if v is not None),
                self_reported=tuple(self_reported),
                video_ref=video_ref,
                evidence=tuple(evidence),
                links=links,
                departments_present=tuple(present),
                department_findings=tuple(department_findings),
            ),
            inspector_ids=inspector_ids,
            recorded_by=recorded_by,
            at=at,
            commitment_result=result,
            rectified=rectified,
        )
        return {
            "inspection_id": str(inspection.id),
            "hazard_ids": list(inspection.hazards),
            "major_hazard_ids": inspection.major_hazard_ids,
            "violation_ids": list(inspection.violations),
            "oral_orders": sorted(inspection.oral_orders),
        }

    @staticmethod
    def _checklist_item(fields: Fields) -> ChecklistItem | None:
        item = fields.text("item")
        passed = fields.required_flag("passed")
        note = fields.text("note", required=False, max_length=500)
        return None if passed is None else ChecklistItem(item, passed, note)

    @staticmethod
    def _hazard(fields: Fields) -> HazardInput | None:
        grade = fields.enum("grade", HazardGrade)
        description = fields.text("description", max_length=1000)
        location = fields.text("location", required=False)
        hazard_type = fields.enum("hazard_type", HazardType, required=False) or HazardType.OTHER
        return None if grade is None else HazardInput(grade, description, location, hazard_type)

    @staticmethod
    def _violation(fields: Fields) -> ViolationInput | None:
        party = fields.enum("party_kind", PartyKind, required=False) or PartyKind.UNIT
        firm_party = party is PartyKind.TECHNICAL_SERVICE_FIRM
        violation_type: ViolationType | FirmViolationType | None
        if firm_party:
            violation_type = fields.enum("violation_type", FirmViolationType)
        else:
            violation_type = fields.enum("violation_type", ViolationType)
        severity = fields.enum("severity", Severity)
        description = fields.text("description", max_length=1000)
        corrected = fields.flag("corrected_on_the_spot")
        firm = None
        if firm_party:
            firm_uscc = fields.uscc("firm_uscc")
            firm_name = fields.text("firm_name")
            service_type = fields.enum("service_type", ServiceType)
            if firm_uscc and firm_name and service_type is not None:
                firm = FirmParty(firm_uscc, firm_name, service_type)
        else:
            for name in ("firm_uscc", "firm_name", "service_type"):
                if fields.payload.get(name) not in (None, ""):
                    fields.read.add(name)
                    fields.fail(name, "belongs only to a violation of a technical_service_firm")
        if violation_type is None or severity is None or (firm_party and firm is None):
            return None
        return ViolationInput(violation_type, severity, description, corrected, firm)

    @staticmethod
    def _departments(fields: Fields, joint: bool) -> tuple[list[str], list[DepartmentFindingInput]]:
        """A joint inspection's other departments present, and each one's findings."""
        if not joint:
            for name in ("departments_present", "department_findings"):
                if fields.payload.get(name) not in (None, []):
                    fields.read.add(name)
                    fields.fail(name, "belongs only to a joint inspection")
            return [], []
        present = fields.texts("departments_present", required=True, max_length=40)
        known = [d.value for d in Department]
        for index, name in enumerate(present):
            if name not in known:
                fields.fail(f"departments_present[{index}]", "must be one of: " + ", ".join(known))
        findings = []
        for entry in fields.records("department_findings"):
            department = entry.enum("department", Department)
            description = entry.text("description", max_length=1000)
            location = entry.text("location", required=False)
            if department is not None:
                findings.append(DepartmentFindingInput(department, description, location))
        return present, findings

    @staticmethod
    def _self_reported(fields: Fields, remote: bool) -> list[str]:
        items = fields.texts("self_reported", required=remote)
        for index, item in enumerate(items):
            if item not in {i.value for i in RemoteItem}:
                fields.fail(f"self_reported[{index}]", "must be one of: " + ", ".join(i.value for i in RemoteItem))
        return items

    @staticmethod
    def _links(
        fields: Fields, purpose: InspectionPurpose | None
    ) -> tuple[dict[str, str], CommitmentResult | None, bool | None]:
        links: dict[str, str] = {}
        for link_purpose, name in LINKS.items():
            wanted = purpose is link_purpose
            if name in ("plan_id", "order_id", "joint_inspection_id"):
                value = fields.identifier(name, required=wanted)
                links_value = str(value) if value else ""
            else:
                links_value = fields.text(name, required=wanted, max_length=64)
            if links_value and not wanted:
                fields.fail(name, f"belongs only to a {link_purpose.value} inspection")
            elif links_value:
                links[name] = links_value
        result = None
        if purpose is InspectionPurpose.COMMITMENT_VERIFICATION:
            result = fields.enum("commitment_result", CommitmentResult)
        elif fields.payload.get("commitment_result") is not None:
            fields.read.add("commitment_result")
            fields.fail("commitment_result", "belongs only to a commitment_verification inspection")
        rectified = None
        if purpose is InspectionPurpose.RE_INSPECTION:
            rectified = fields.required_flag("rectified")
        elif fields.payload.get("rectified") is not None:
            fields.read.add("rectified")
            fields.fail("rectified", "belongs only to a re_inspection")
        return links, result, rectified

    def send_referral_letter(self, **payload: Any) -> dict[str, Any]:
        """函告 by hand, when the unit's industry regulator was unknown at the inspection."""
        fields = self.fields(payload)
        inspection_id = fields.identifier("inspection_id")
        regulator = fields.text("regulator")
        at = fields.moment("at")
        fields.done()
        assert inspection_id is not None and at is not None
        letter = self.app.send_referral_letter(inspection_id, regulator, at)
        return {"letter_id": str(letter.id), "regulator": letter.regulator}

    def inspection(self, inspection_id: str) -> dict[str, Any] | None:
        return queries.inspection(self.views, inspection_id)

    def reinspections_due(self, day: str) -> list[dict[str, Any]]:
        fields = self.fields({"day": day})
        parsed = fields.day("day")
        fields.done()
        assert parsed is not None
        return queries.reinspections_due(self.views, parsed)
