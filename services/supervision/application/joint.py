"""Joint inspections with other departments (联合检查, S1) and transfers to the competent one (移送)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from services.supervision.application.base import SupervisionBase
from services.supervision.domain.common import SupervisionError, local_day
from services.supervision.domain.inspections import Inspection
from services.supervision.domain.joint import CaseTransfer, Department, JointInspection, Participant, check_transfer


class JointInspecting(SupervisionBase):
    def plan_joint_inspection(
        self,
        request_id: str,
        district: str,
        title: str,
        participants: Sequence[Participant],
        usccs: Sequence[str],
        planned_for: dt.date,
        planned_by: str,
        at: dt.datetime,
    ) -> JointInspection:
        """联合检查: planned with the departments taking part and the units of the district to visit."""
        existing = self.find(JointInspection, JointInspection.create_id(request_id))
        if existing is not None:
            return existing
        units = [self.unit(uscc) for uscc in usccs]
        for unit in units:
            if unit.district != district:
                raise SupervisionError(f"{unit.uscc} is in {unit.district}, not {district}", "OTHER_DISTRICT")
        if planned_for < local_day(at):
            raise SupervisionError("a joint inspection is planned before its day", "PLANNED_AFTER_THE_DAY")
        plan = JointInspection.plan(
            request_id, district, title, list(participants), list(usccs), [u.unit_name for u in units],
            planned_for.isoformat(), planned_by, at.isoformat(),
        )  # fmt: skip
        self.save(plan)
        return plan

    def transfer_case(
        self,
        request_id: str,
        inspection_id: uuid.UUID,
        department: Department,
        department_name: str,
        finding_ids: Sequence[str],
        reason: str,
        legal_basis: str,
        officer_ids: Sequence[str],
        at: dt.datetime,
    ) -> CaseTransfer:
        """移送: findings the fire agency is not competent for, by letter to the department that is."""
        existing = self.find(CaseTransfer, CaseTransfer.create_id(request_id))
        if existing is not None:
            return existing
        inspection = self.get(Inspection, inspection_id, f"inspection {inspection_id}")
        findings = [inspection.finding_as_transferred(f) for f in dict.fromkeys(finding_ids)]
        check_transfer(findings, department, inspection.transferred)
        day = local_day(at)
        if day.isoformat() < inspection.inspected_on[:10]:
            raise SupervisionError("a transfer follows the inspection that found it", "BEFORE_INSPECTION")
        self.team(officer_ids, self.unit(inspection.uscc), day)
        transfer = CaseTransfer(
            request_id=request_id,
            inspection_id=str(inspection_id),
            uscc=inspection.uscc,
            unit_name=inspection.unit_name,
            district=inspection.district,
            department=department.value,
            department_name=department_name,
            findings=findings,
            reason=reason,
            legal_basis=legal_basis,
            officer_ids=list(officer_ids),
            transferred_on=day.isoformat(),
        )
        inspection.note_transfer(str(transfer.id), transfer.finding_ids, department.value)
        self.save(transfer, inspection)
        return transfer
