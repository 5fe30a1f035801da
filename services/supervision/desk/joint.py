"""Joint inspections with other departments (联合检查, S1) and transfers to the competent one (移送)."""

from __future__ import annotations

from typing import Any

from services.supervision.desk.base import DeskBase
from services.supervision.domain.joint import Department, Participant
from services.supervision.read_models import queries


class JointDesk(DeskBase):
    def plan_joint_inspection(self, **payload: Any) -> dict[str, Any]:
        """联合检查. Fields: request_id, district, title, participants [{department, name (the office),
        officers [names]}], usccs (the units to visit), planned_for (day), planned_by, at."""
        fields = self.fields(payload)
        request_id = fields.text("request_id", max_length=128)
        district = fields.text("district")
        title = fields.text("title", max_length=500)
        participants = []
        for entry in fields.records("participants", required=True):
            department = entry.enum("department", Department)
            name = entry.text("name", max_length=200)
            officers = entry.texts("officers", required=True, max_length=100)
            if department is not None:
                participants.append(Participant(department, name, tuple(officers)))
        usccs = fields.texts("usccs", required=True, max_length=18)
        planned_for = fields.day("planned_for")
        planned_by = fields.text("planned_by", max_length=64)
        at = fields.moment("at")
        fields.done()
        assert planned_for is not None and at is not None
        plan = self.app.plan_joint_inspection(
            request_id, district, title, participants, usccs, planned_for, planned_by, at
        )
        return self.found(queries.joint_inspection(self.views, str(plan.id)), "joint inspection")  # type: ignore[no-any-return]

    def joint_inspection(self, joint_inspection_id: str) -> dict[str, Any] | None:
        """The plan, its departments, each unit's visit, and every department's findings."""
        return queries.joint_inspection(self.views, joint_inspection_id)

    def transfer_case(self, **payload: Any) -> dict[str, Any]:
        """移送. Fields: request_id, inspection_id, department, finding_ids (hazards, violations or
        other departments' findings of the inspection), reason, officer_ids, at; optional
        department_name (the office, e.g. 嘉定区市场监督管理局) and legal_basis."""
        fields = self.fields(payload)
        request_id = fields.text("request_id", max_length=128)
        inspection_id = fields.identifier("inspection_id")
        department = fields.enum("department", Department)
        department_name = fields.text("department_name", required=False, max_length=200)
        finding_ids = fields.texts("finding_ids", required=True, max_length=36)
        reason = fields.text("reason", max_length=2000)
        legal_basis = fields.text("legal_basis", required=False, max_length=500)
        officer_ids = fields.texts("officer_ids", required=True, max_length=64)
        at = fields.moment("at")
        fields.done()
        assert inspection_id is not None and department is not None and at is not None
        transfer = self.app.transfer_case(
            request_id, inspection_id, department, department_name, finding_ids, reason, legal_basis, officer_ids, at
        )
        return self.found(queries.transfer(self.views, str(transfer.id)), "transfer")  # type: ignore[no-any-return]

    def transfers(self, uscc: str) -> list[dict[str, Any]]:
        return queries.transfers(self.views, uscc)
