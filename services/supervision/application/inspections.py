"""Recording inspections, and what an inspection settles: a draw, a complaint, a commitment, an order."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from eventsourcing.domain import Aggregate

from services.supervision.application.base import SupervisionBase
from services.supervision.domain.agency_deadlines import AgencyDeadlineKind
from services.supervision.domain.common import CommitmentResult, InspectionPurpose, SupervisionError, local_day
from services.supervision.domain.complaints import Complaint
from services.supervision.domain.inspections import InspectedUnit, Inspection, InspectionFindings
from services.supervision.domain.inspectors import EnforcementTarget
from services.supervision.domain.joint import JointInspection
from services.supervision.domain.plans import InspectionPlan, outcome_of
from services.supervision.domain.rectification import RectificationOrder
from services.supervision.domain.referrals import ReferralLetter, units_violations
from services.supervision.domain.register import RegisteredUnit
from services.supervision.domain.verification import CommitmentVerification


class Inspecting(SupervisionBase):
    def record_inspection(
        self,
        request_id: str,
        uscc: str,
        findings: InspectionFindings,
        inspector_ids: Sequence[str],
        recorded_by: str,
        at: dt.datetime,
        commitment_result: CommitmentResult | None = None,
        rectified: bool | None = None,
    ) -> Inspection:
        """Record an inspection by two certified inspectors, once per request id.

        In the same transaction: the plan, complaint, commitment or order it
        settles, and a referral letter to the unit's industry regulator when it
        found hazards (S8).
        """
        existing = self.find(Inspection, Inspection.create_id(request_id))
        if existing is not None:
            return existing
        unit = self.unit(uscc)
        day = dt.date.fromisoformat(findings.inspected_on)
        self.team(inspector_ids, unit, day)
        for firm in {v.firm.uscc for v in findings.violations if v.firm is not None}:
            self.check_team(inspector_ids, EnforcementTarget(uscc, firm), day)
        inspection = Inspection.record(
            request_id=request_id,
            unit=InspectedUnit(
                uscc=uscc,
                unit_name=unit.unit_name,
                district=unit.district,
                industry_regulator=unit.industry_regulator,
                service_firm_uscc=unit.service_firm_uscc,
            ),
            findings=findings,
            inspector_ids=list(inspector_ids),
            recorded_by=recorded_by,
            recorded_at=at.isoformat(),
        )
        settled = self._settle(inspection, unit, findings, at, commitment_result, rectified)
        letter = None
        if (inspection.hazards or units_violations(inspection.violations)) and unit.industry_regulator:
            letter = ReferralLetter.send(
                str(inspection.id),
                uscc,
                unit.unit_name,
                unit.industry_regulator,
                inspection.hazards,
                day.isoformat(),
                inspection.violations,
            )
        self.save(inspection, *settled, letter)
        return inspection

    def _settle(
        self,
        inspection: Inspection,
        unit: RegisteredUnit,
        findings: InspectionFindings,
        at: dt.datetime,
        commitment_result: CommitmentResult | None,
        rectified: bool | None,
    ) -> list[Aggregate]:
        purpose = findings.purpose
        links = _Links(findings.links)
        day = dt.date.fromisoformat(findings.inspected_on)
        inspection_id = str(inspection.id)
        if purpose is InspectionPurpose.RANDOM:
            plan = self.get(InspectionPlan, uuid.UUID(links["plan_id"]), f"plan {links['plan_id']}")
            plan.check_assigned(unit.uscc, inspection.inspector_ids)
            outcome = outcome_of(len(inspection.hazards), len(inspection.violations))
            plan.note_inspection(unit.uscc, inspection_id, outcome)
            return [plan]
        if purpose is InspectionPurpose.COMPLAINT:
            complaint = self.get(Complaint, Complaint.create_id(links["ticket_no"]), f"complaint {links['ticket_no']}")
            complaint.check(inspection_id, at, unit.uscc, unit.unit_name)
            return [complaint]
        if purpose is InspectionPurpose.COMMITMENT_VERIFICATION:
            verification = self.get(
                CommitmentVerification,
                CommitmentVerification.create_id(links["application_id"]),
                f"commitment verification of application {links['application_id']}",
            )
            self._same_unit(verification.uscc, unit.uscc, "commitment verification")
            if commitment_result is None:
                raise SupervisionError("a commitment verification states its result", "MISSING_RESULT")
            if commitment_result is CommitmentResult.PROBLEMS_FOUND and not (
                inspection.hazards or inspection.violations
            ):
                raise SupervisionError(
                    "a verification that found problems records them as hazards or violations", "MISSING_FINDINGS"
                )
            verification.complete(commitment_result, day, inspection_id, at)
            if inspection.hazards or inspection.violations:
                # Fire Law art. 15: the rectification notice follows a problem found within 3 working days.
                notice = self.open_agency_deadline(
                    AgencyDeadlineKind.RECTIFICATION_NOTICE, inspection_id, unit.uscc, unit.unit_name, day,
                    self.rules.rectification_notice_working_days,
                )  # fmt: skip
                return [verification, *([notice] if notice else [])]
            return [verification]
        if purpose is InspectionPurpose.JOINT:
            joint_id = links["joint_inspection_id"]
            joint = self.get(JointInspection, uuid.UUID(joint_id), f"joint inspection {joint_id}")
            joint.note_inspection(
                unit.uscc,
                inspection_id,
                findings.inspected_on,
                list(findings.departments_present),
                list(findings.department_findings),
            )
            return [joint]
        if purpose is InspectionPurpose.RE_INSPECTION:
            order = self.get(RectificationOrder, uuid.UUID(links["order_id"]), f"order {links['order_id']}")
            self._same_unit(order.uscc, unit.uscc, "order")
            if rectified is None:
                raise SupervisionError("a re-inspection states whether the order was complied with", "MISSING_RESULT")
            order.reinspect(rectified, day, inspection_id)
            reinspection = self.agency_deadline(AgencyDeadlineKind.REINSPECTION, str(order.id))
            if reinspection is not None and reinspection.meet(day, f"inspection {inspection_id}"):
                return [order, reinspection]
            return [order]
        unit.note_pilot_check(inspection_id, findings.inspected_on)
        check = self.agency_deadline(AgencyDeadlineKind.PILOT_CHECK, unit.uscc)
        if check is not None and check.meet(day, f"inspection {inspection_id}"):
            return [unit, check]
        return [unit]

    @staticmethod
    def _same_unit(expected: str, got: str, what: str) -> None:
        if expected and expected != got:
            raise SupervisionError(f"the {what} concerns {expected}, not {got}", "OTHER_UNIT")

    def send_referral_letter(self, inspection_id: uuid.UUID, regulator: str, at: dt.datetime) -> ReferralLetter:
        """函告 by hand, for an inspection whose unit had no industry regulator on the register:
        its hazards and the unit's violations."""
        inspection = self.get(Inspection, inspection_id, f"inspection {inspection_id}")
        if self.find(ReferralLetter, ReferralLetter.create_id(str(inspection_id))) is not None:
            raise SupervisionError("the hazards of this inspection were already referred", "ALREADY_REFERRED")
        letter = ReferralLetter.send(
            str(inspection_id),
            inspection.uscc,
            inspection.unit_name,
            regulator,
            inspection.hazards,
            local_day(at).isoformat(),
            inspection.violations,
        )
        self.save(letter)
        return letter

    def inspection(self, inspection_id: uuid.UUID) -> Inspection:
        return self.get(Inspection, inspection_id, f"inspection {inspection_id}")


class _Links(dict[str, str]):
    """What an inspection settles, by purpose; a missing one is a refused request, not a crash."""

    def __missing__(self, key: str) -> str:
        raise SupervisionError(f"this inspection's purpose needs {key}", "MISSING_LINK")
