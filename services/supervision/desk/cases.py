"""Rectification orders (S5), penalties (S6) and simple fire registration (S9)."""

from __future__ import annotations

from typing import Any

from services.supervision.commands import Fields
from services.supervision.desk.base import DeskBase
from services.supervision.domain.accountability import AddresseeKind, MeasureKind
from services.supervision.domain.common import Severity, ViolationType, local_day
from services.supervision.domain.fires import FireFacts
from services.supervision.domain.firms import FirmViolationType
from services.supervision.domain.mitigation import Mitigation
from services.supervision.domain.penalties import BaselineEntry
from services.supervision.domain.sanctions import Revocation, Suspension
from services.supervision.read_models import queries


class CasesDesk(DeskBase):
    def order_rectification(self, **payload: Any) -> dict[str, Any]:
        """责令改正. Fields: request_id, inspection_id, hazard_ids, violation_ids, advice, officer_ids, at;
        optional deadline (otherwise the rules' working days; a holiday moves it to the next working day)."""
        fields = self.fields(payload)
        request_id = fields.text("request_id", max_length=128)
        inspection_id = fields.identifier("inspection_id")
        hazard_ids = fields.texts("hazard_ids", max_length=36)
        violation_ids = fields.texts("violation_ids", max_length=36)
        if not hazard_ids and not violation_ids:
            fields.fail("hazard_ids", "an order names at least one hazard or violation")
        advice = fields.text("advice", max_length=2000)
        officer_ids = fields.texts("officer_ids", required=True, max_length=64)
        at = fields.moment("at")
        deadline = fields.day("deadline", required=False)
        if deadline is not None and at is not None and deadline <= local_day(at):
            fields.fail("deadline", "must come after the day of the order")
        fields.done()
        assert inspection_id is not None and at is not None
        order = self.app.order_rectification(
            request_id, inspection_id, hazard_ids, violation_ids, advice, officer_ids, at, deadline
        )
        return self.found(queries.order(self.views, str(order.id)), "order")  # type: ignore[no-any-return]

    def extend_rectification(self, **payload: Any) -> dict[str, Any]:
        """延期整改 on the unit's request, decided by two inspectors."""
        fields = self.fields(payload)
        order_id = fields.identifier("order_id")
        deadline = fields.day("deadline")
        reason = fields.text("reason", max_length=1000)
        officer_ids = fields.texts("officer_ids", required=True, max_length=64)
        at = fields.moment("at")
        fields.done()
        assert order_id is not None and deadline is not None and at is not None
        self.app.extend_rectification(order_id, deadline, reason, officer_ids, at)
        return self.found(queries.order(self.views, str(order_id)), "order")  # type: ignore[no-any-return]

    def report_rectified(self, **payload: Any) -> dict[str, Any]:
        fields = self.fields(payload)
        order_id = fields.identifier("order_id")
        at = fields.moment("at")
        fields.done()
        assert order_id is not None and at is not None
        self.app.report_rectified(order_id, at)
        return self.found(queries.order(self.views, str(order_id)), "order")  # type: ignore[no-any-return]

    def refuse_rectification(self, **payload: Any) -> dict[str, Any]:
        fields = self.fields(payload)
        order_id = fields.identifier("order_id")
        officer_ids = fields.texts("officer_ids", required=True, max_length=64)
        at = fields.moment("at")
        fields.done()
        assert order_id is not None and at is not None
        self.app.refuse_rectification(order_id, officer_ids, at)
        return self.found(queries.order(self.views, str(order_id)), "order")  # type: ignore[no-any-return]

    def take_accountability_measure(self, **payload: Any) -> dict[str, Any]:
        """函告、警示、约谈 after an overdue major hazard. Fields: request_id, order_id, kind (letter,
        warning, interview), addressee_kind (unit, person), addressee, content, officer_ids, at;
        for an interview also interview_at and place."""
        fields = self.fields(payload)
        request_id = fields.text("request_id", max_length=128)
        order_id = fields.identifier("order_id")
        kind = fields.enum("kind", MeasureKind)
        addressee_kind = fields.enum("addressee_kind", AddresseeKind)
        addressee = fields.text("addressee", max_length=200)
        content = fields.text("content", max_length=4000)
        officer_ids = fields.texts("officer_ids", required=True, max_length=64)
        at = fields.moment("at")
        interview = kind is MeasureKind.INTERVIEW
        interview_at = fields.moment("interview_at", required=interview)
        place = fields.text("place", required=interview, max_length=500)
        if kind is not None and not interview and (interview_at is not None or place):
            fields.fail("interview_at" if interview_at is not None else "place", "only an interview is scheduled")
        if interview_at is not None and at is not None and interview_at < at:
            fields.fail("interview_at", "must not come before the measure is recorded")
        fields.done()
        assert order_id is not None and kind is not None and addressee_kind is not None and at is not None
        measure = self.app.take_accountability_measure(
            request_id, order_id, kind, addressee_kind, addressee, content, officer_ids, at, interview_at, place
        )
        return self.found(queries.measure(self.views, str(measure.id)), "measure")  # type: ignore[no-any-return]

    def order(self, order_id: str) -> dict[str, Any] | None:
        return queries.order(self.views, order_id)

    def discretion_baseline(self) -> dict[str, Any]:
        baseline = self.app.baseline()
        return {"version": baseline.version, "entries": [e.as_dict() for e in baseline.entries]}

    def adopt_discretion_baseline(self, **payload: Any) -> dict[str, Any]:
        """Replace the discretion baseline (裁量基准). Fields: entries [{violation_type, severity,
        min_fine_yuan, max_fine_yuan, legal_basis}], effective_on, adopted_by."""
        fields = self.fields(payload)
        entries = []
        for entry in fields.records("entries", required=True):
            violation_type = _violation_type(entry)
            severity = entry.enum("severity", Severity)
            low = entry.integer("min_fine_yuan", minimum=0)
            high = entry.integer("max_fine_yuan", minimum=0)
            if high < low:
                entry.fail("max_fine_yuan", "must not be below min_fine_yuan")
            basis = entry.text("legal_basis", max_length=200)
            if violation_type is not None and severity is not None:
                entries.append(BaselineEntry(violation_type.value, severity.value, low, high, basis))
        effective_on = fields.day("effective_on")
        adopted_by = fields.text("adopted_by", max_length=64)
        fields.done()
        assert effective_on is not None
        self.app.adopt_baseline(entries, effective_on, adopted_by)
        return self.discretion_baseline()

    def propose_penalty(self, **payload: Any) -> dict[str, Any]:
        """行政处罚. Fields: request_id, inspection_id, violation_id, fine_yuan, reasons, evidence,
        officer_ids, at; optional legal_representative (the party's 法定代表人, by name, for the
        decision and its publication); optional mitigation (none, lighter 从轻, reduced 减轻) with
        mitigation_grounds; optional suspension (none, suspend_business 责令停产停业, stop_use 责令停止使用,
        for a firm stop_practice 责令停止执业) with suspension_scope, and revocation (none, permit 吊销许可证件,
        for a firm qualification 吊销相应资格) with revoked_document. A major decision (a large fine, a
        suspension, a revocation, a reduced penalty) waits for legal review (and the gravest for collective
        deliberation after it); others take effect at once."""
        fields = self.fields(payload)
        request_id = fields.text("request_id", max_length=128)
        inspection_id = fields.identifier("inspection_id")
        violation_id = fields.text("violation_id", max_length=36)
        fine_yuan = fields.integer("fine_yuan", minimum=0)
        reasons = fields.text("reasons", max_length=2000)
        evidence = fields.texts("evidence", required=True)
        officer_ids = fields.texts("officer_ids", required=True, max_length=64)
        at = fields.moment("at")
        legal_representative = fields.text("legal_representative", required=False, max_length=100)
        given = fields.raw("mitigation") not in (None, "")
        named = fields.enum("mitigation", Mitigation, required=False)
        mitigation = named or Mitigation.NONE
        grounds = fields.text("mitigation_grounds", required=mitigation is not Mitigation.NONE, max_length=2000)
        if mitigation is Mitigation.NONE and grounds and not (given and named is None):
            fields.fail("mitigation_grounds", "only a mitigated penalty (lighter, reduced) states grounds")
        suspension = fields.enum("suspension", Suspension, required=False) or Suspension.NONE
        scope = fields.text("suspension_scope", required=suspension is not Suspension.NONE, max_length=500)
        if scope and suspension is Suspension.NONE and fields.raw("suspension") in (None, "", "none"):
            fields.fail("suspension_scope", "only a suspension names what stops")
        revocation = fields.enum("revocation", Revocation, required=False) or Revocation.NONE
        revoked = fields.text("revoked_document", required=revocation is not Revocation.NONE, max_length=200)
        if revoked and revocation is Revocation.NONE and fields.raw("revocation") in (None, "", "none"):
            fields.fail("revoked_document", "only a revocation names the document revoked")
        fields.done()
        assert inspection_id is not None and at is not None
        case = self.app.propose_penalty(
            request_id,
            inspection_id,
            violation_id,
            fine_yuan,
            reasons,
            evidence,
            officer_ids,
            at,
            legal_representative,
            mitigation,
            grounds,
            suspension,
            scope,
            revocation,
            revoked,
        )
        return self.found(queries.penalty(self.views, str(case.id)), "penalty")  # type: ignore[no-any-return]

    def review_penalty(self, **payload: Any) -> dict[str, Any]:
        """法制审核. Fields: penalty_id, reviewer_id, approved, opinion, at."""
        fields = self.fields(payload)
        penalty_id = fields.identifier("penalty_id")
        reviewer_id = fields.text("reviewer_id", max_length=64)
        approved = fields.required_flag("approved")
        opinion = fields.text("opinion", max_length=2000)
        at = fields.moment("at")
        fields.done()
        assert penalty_id is not None and approved is not None and at is not None
        self.app.review_penalty(penalty_id, reviewer_id, approved, opinion, at)
        return self.found(queries.penalty(self.views, str(penalty_id)), "penalty")  # type: ignore[no-any-return]

    def deliberate_penalty(self, **payload: Any) -> dict[str, Any]:
        """集体讨论. Fields: penalty_id, chair_id, participant_ids (the agency's leaders), approved,
        minutes, at."""
        fields = self.fields(payload)
        penalty_id = fields.identifier("penalty_id")
        chair_id = fields.text("chair_id", max_length=64)
        participant_ids = fields.texts("participant_ids", required=True, max_length=64)
        approved = fields.required_flag("approved")
        minutes = fields.text("minutes", max_length=8000)
        at = fields.moment("at")
        fields.done()
        assert penalty_id is not None and approved is not None and at is not None
        self.app.deliberate_penalty(penalty_id, chair_id, participant_ids, approved, minutes, at)
        return self.found(queries.penalty(self.views, str(penalty_id)), "penalty")  # type: ignore[no-any-return]

    def penalties_awaiting_deliberation(self) -> list[dict[str, Any]]:
        return queries.penalties_awaiting_deliberation(self.views)

    def penalty(self, penalty_id: str) -> dict[str, Any] | None:
        return queries.penalty(self.views, penalty_id)

    def penalties_awaiting_review(self) -> list[dict[str, Any]]:
        return queries.penalties_awaiting_review(self.views)

    def publish_leniency_policy(self, **payload: Any) -> dict[str, Any]:
        """特殊时期从宽政策 (000 Hongkou). Fields: request_id, document_no (文号), title, districts,
        starts_on, ends_on (inclusive days), published_by, at. Problems short of a major hazard found
        in those districts on those days, rectified as required, are then not punished."""
        fields = self.fields(payload)
        request_id = fields.text("request_id", max_length=128)
        document_no = fields.text("document_no", max_length=100)
        title = fields.text("title", max_length=500)
        districts = fields.texts("districts", required=True, max_length=200)
        starts_on = fields.day("starts_on")
        ends_on = fields.day("ends_on")
        if starts_on is not None and ends_on is not None and ends_on < starts_on:
            fields.fail("ends_on", "must not come before starts_on")
        published_by = fields.text("published_by", max_length=64)
        at = fields.moment("at")
        fields.done()
        assert starts_on is not None and ends_on is not None and at is not None
        policy = self.app.publish_leniency_policy(
            request_id, document_no, title, districts, starts_on, ends_on, published_by, at
        )
        found = [p for p in queries.leniency_policies(self.views) if p["document_no"] == policy.document_no]
        return self.found(found[0] if found else None, "leniency policy")  # type: ignore[no-any-return]

    def leniency_policies(self, district: str | None = None) -> list[dict[str, Any]]:
        return queries.leniency_policies(self.views, district)

    def register_simple_fire(self, **payload: Any) -> dict[str, Any]:
        """火灾简易登记. Fields: request_id, address, district, occurred_at, description, casualties,
        arson_suspected, compensation_dispute, insurance_claim, facts_clear_and_undisputed,
        direct_loss_yuan, officer_ids, at; optional uscc, unit_name."""
        fields = self.fields(payload)
        request_id = fields.text("request_id", max_length=128)
        occurred_at = fields.moment("occurred_at")
        facts = FireFacts(
            uscc=fields.uscc("uscc", required=False),
            unit_name=fields.text("unit_name", required=False),
            address=fields.text("address", max_length=500),
            district=fields.text("district"),
            occurred_at=occurred_at.isoformat() if occurred_at else "",
            description=fields.text("description", max_length=2000),
            casualties=fields.integer("casualties", minimum=0),
            arson_suspected=fields.flag("arson_suspected"),
            compensation_dispute=fields.flag("compensation_dispute"),
            insurance_claim=fields.flag("insurance_claim"),
            facts_clear_and_undisputed=fields.flag("facts_clear_and_undisputed"),
            direct_loss_yuan=fields.integer("direct_loss_yuan", minimum=0),
        )
        officer_ids = fields.texts("officer_ids", required=True, max_length=64)
        at = fields.moment("at")
        fields.done()
        assert at is not None
        registration = self.app.register_simple_fire(request_id, facts, officer_ids, at)
        return {"registration_id": str(registration.id), "scene_sealed": registration.scene_sealed}


def _violation_type(fields: Fields) -> ViolationType | FirmViolationType | None:
    """A unit's violation type, or a fire technical service firm's (Fire Law art. 69)."""
    value = fields.raw("violation_type")
    if isinstance(value, str) and value.strip() in {t.value for t in FirmViolationType}:
        return FirmViolationType(value.strip())
    fields.read.discard("violation_type")
    return fields.enum("violation_type", ViolationType)
