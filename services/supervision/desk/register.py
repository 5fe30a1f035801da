"""The register of units and inspectors, as staff see and keep it."""

from __future__ import annotations

from typing import Any

from services.supervision.commands import read_firm, read_unit
from services.supervision.desk.base import DeskBase
from services.supervision.domain.common import local_day
from services.supervision.domain.inspectors import Role, TieRelation
from services.supervision.read_models import queries


class RegisterDesk(DeskBase):
    def register_unit(self, **payload: Any) -> dict[str, Any]:
        """Put a unit on the register, or correct its entry. Fields: those of the import file, and `at`."""
        fields = self.fields(payload)
        uscc, details = read_unit(fields)
        at = fields.moment("at")
        fields.done()
        assert at is not None
        self.app.register_unit(uscc, details, at)
        return self.found(queries.registered_unit(self.views, uscc), f"unit {uscc}")  # type: ignore[no-any-return]

    def register_firm(self, **payload: Any) -> dict[str, Any]:
        """Put a fire technical service firm (消防技术服务机构) on the register, or correct its entry.
        Fields: uscc, firm_name, district, service_types (maintenance_and_testing,
        safety_assessment), and optionally address, legal_representative, technical_lead; `at`."""
        fields = self.fields(payload)
        uscc, details = read_firm(fields)
        at = fields.moment("at")
        fields.done()
        assert at is not None
        return self.app.register_firm(uscc, details, at).entry

    def registered_firm(self, uscc: str) -> dict[str, Any] | None:
        """A firm as the register of firms has it, or None."""
        firm = self.app.registered_firm(uscc)
        return firm.entry if firm is not None else None

    def mark_high_risk(self, **payload: Any) -> dict[str, Any]:
        fields = self.fields(payload)
        uscc = fields.uscc("uscc")
        high_risk = fields.required_flag("high_risk")
        reason = fields.text("reason", max_length=500)
        at = fields.moment("at")
        marked_by = fields.text("marked_by", max_length=64)
        fields.done()
        assert at is not None and high_risk is not None
        self.app.mark_risk(uscc, high_risk, reason, at, marked_by)
        return self.found(queries.registered_unit(self.views, uscc), f"unit {uscc}")  # type: ignore[no-any-return]

    def enrol_inspector(self, **payload: Any) -> dict[str, Any]:
        fields = self.fields(payload)
        inspector_id = fields.text("inspector_id", max_length=64)
        name = fields.text("name", max_length=100)
        district = fields.text("district")
        raw_roles = fields.texts("roles") or [Role.INSPECTOR.value]
        roles = []
        for index, raw in enumerate(raw_roles):
            try:
                roles.append(Role(raw))
            except ValueError:
                fields.fail(f"roles[{index}]", "must be one of: " + ", ".join(r.value for r in Role))
        at = fields.moment("at")
        fields.done()
        assert at is not None
        self.app.enrol_inspector(inspector_id, name, district, roles, at)
        return {"inspector_id": inspector_id}

    def certify_inspector(self, **payload: Any) -> dict[str, Any]:
        fields = self.fields(payload)
        inspector_id = fields.text("inspector_id", max_length=64)
        certificate_no = fields.text("certificate_no", max_length=64)
        valid_until = fields.day("valid_until")
        at = fields.moment("at")
        fields.done()
        assert valid_until is not None and at is not None
        if valid_until < local_day(at):
            fields.fail("valid_until", "must not be before the day of certification")
            fields.done()
        self.app.certify_inspector(inspector_id, certificate_no, valid_until, at)
        return {"inspector_id": inspector_id, "certified_until": valid_until.isoformat()}

    def withdraw_certification(self, **payload: Any) -> dict[str, Any]:
        fields = self.fields(payload)
        inspector_id = fields.text("inspector_id", max_length=64)
        reason = fields.text("reason", max_length=500)
        at = fields.moment("at")
        fields.done()
        assert at is not None
        self.app.withdraw_certification(inspector_id, reason, at)
        return {"inspector_id": inspector_id, "certified_until": None}

    def declare_tie(self, **payload: Any) -> dict[str, Any]:
        """回避: the inspector, or a close relative, has ties to a unit or a fire technical service firm."""
        fields = self.fields(payload)
        inspector_id = fields.text("inspector_id", max_length=64)
        uscc = fields.uscc("uscc")
        relation = fields.enum("relation", TieRelation)
        note = fields.text("note", required=False, max_length=500)
        at = fields.moment("at")
        fields.done()
        assert relation is not None and at is not None
        self.app.declare_tie(inspector_id, uscc, relation, note, at)
        return {"inspector_id": inspector_id, "uscc": uscc, "relation": relation.value}

    def inspectors(self, district: str | None = None) -> list[dict[str, Any]]:
        return queries.inspectors(self.views, district)

    def registered_unit(self, uscc: str) -> dict[str, Any] | None:
        return queries.registered_unit(self.views, uscc)

    def unit_file(self, uscc: str) -> dict[str, Any] | None:
        return queries.unit_file(self.views, uscc)

    def enforcement_record(self, uscc: str) -> list[dict[str, Any]]:
        return queries.enforcement_record(self.views, uscc)
