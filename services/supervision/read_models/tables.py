"""The supervision read models: SQL tables built from the service's own event log, rebuildable at any time."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Float, Integer, MetaData, String, Table, Text

metadata = MetaData()


def _id(name: str) -> Column[str]:
    return Column(name, String(36), primary_key=True)


register = Table(
    "register_view",
    metadata,
    Column("uscc", String(18), primary_key=True),
    Column("unit_id", String(36), nullable=False, unique=True),
    Column("unit_name", String(200), nullable=False),
    Column("venue_name", String(200), nullable=False),
    Column("district", String(200), nullable=False, index=True),
    Column("venue_category", String(50), nullable=False),
    Column("since", String(40), nullable=False),
    Column("source", String(20), nullable=False, default="permit"),
    Column("address", String(500), nullable=False, default=""),
    Column("street", String(200), nullable=False, default=""),
    Column("floor_area_m2", Float, nullable=False, default=0.0),
    Column("in_commercial_complex", Boolean, nullable=False, default=False),
    Column("industry_regulator", String(200), nullable=False, default=""),
    Column("responsible_person", String(200), nullable=False, default=""),
    Column("responsible_phone", String(40), nullable=False, default=""),
    Column("responsible_email", String(200), nullable=False, default=""),
    Column("service_firm_uscc", String(18), nullable=False, default=""),
    Column("high_risk", Boolean, nullable=False, default=False),
    Column("permits", Integer, nullable=False, default=0),
    Column("permits_revoked", Integer, nullable=False, default=0),
    Column("pilot_check_due", Boolean, nullable=False, default=False),
    Column("suspended", Boolean, nullable=False, default=False),
)

credit_standings = Table(
    "credit_standing_view",
    metadata,
    Column("uscc", String(18), primary_key=True),
    Column("standing_id", String(36), nullable=False, unique=True),
    Column("tier", String(40), nullable=False),
    Column("colour", String(20), nullable=False, default=""),
    Column("reduced_inspection", Boolean, nullable=False, default=False),
    Column("effective_on", String(40), nullable=False, default=""),
    Column("cause_event_id", String(36), nullable=False, default=""),
)

inspectors = Table(
    "inspectors_view",
    metadata,
    Column("inspector_id", String(64), primary_key=True),
    Column("aggregate_id", String(36), nullable=False, unique=True),
    Column("name", String(100), nullable=False),
    Column("district", String(200), nullable=False, index=True),
    Column("roles", String(200), nullable=False),
    Column("certificate_no", String(64), nullable=False, default=""),
    Column("certified_until", String(10)),
    Column("enrolled_at", String(40), nullable=False),
)

inspector_ties = Table(
    "inspector_ties_view",
    metadata,
    Column("inspector_id", String(64), primary_key=True),
    Column("uscc", String(18), primary_key=True),
    Column("relation", String(40), nullable=False),
    Column("note", String(500), nullable=False),
    Column("declared_at", String(40), nullable=False),
)

plans = Table(
    "plans_view",
    metadata,
    _id("plan_id"),
    Column("district", String(200), nullable=False),
    Column("month", String(7), nullable=False, index=True),
    Column("seed", String(200), nullable=False),
    Column("register_snapshot", String(80), nullable=False),
    Column("rules", Text, nullable=False),
    Column("draws", Integer, nullable=False),
    Column("pool_size", Integer, nullable=False),
    Column("units_in_snapshot", Integer, nullable=False),
    Column("published_at", String(40), nullable=False),
    Column("published_by", String(64), nullable=False),
    Column("results_published_at", String(40)),
)

plan_draws = Table(
    "plan_draws_view",
    metadata,
    Column("plan_id", String(36), primary_key=True),
    Column("uscc", String(18), primary_key=True, index=True),
    Column("unit_name", String(200), nullable=False),
    Column("month", String(7), nullable=False, index=True),
    Column("inspector_ids", String(200), nullable=False),
    Column("reason", String(20), nullable=False),
    Column("inspection_id", String(36)),
    Column("outcome", String(30)),
)

plan_guidance = Table(
    "plan_guidance_view",
    metadata,
    Column("plan_id", String(36), primary_key=True),
    Column("uscc", String(18), primary_key=True, index=True),
    Column("mode", String(20)),
    Column("summary", Text),
    Column("inspector_ids", String(200)),
    Column("given_on", String(10)),
)

plan_substitutions = Table(
    "plan_substitutions_view",
    metadata,
    Column("plan_id", String(36), primary_key=True),
    Column("uscc", String(18), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("replaced", String(200), nullable=False),
    Column("substitutes", String(200), nullable=False),
    Column("reason", String(1000), nullable=False),
    Column("substituted_by", String(64), nullable=False),
    Column("substituted_at", String(40), nullable=False),
)

inspections = Table(
    "inspections_view",
    metadata,
    _id("inspection_id"),
    Column("request_id", String(128), nullable=False),
    Column("uscc", String(18), nullable=False, index=True),
    Column("unit_name", String(200), nullable=False),
    Column("district", String(200), nullable=False),
    Column("mode", String(20), nullable=False),
    Column("purpose", String(30), nullable=False),
    Column("inspector_ids", String(200), nullable=False),
    Column("inspected_on", String(10), nullable=False, index=True),
    Column("hazards", Integer, nullable=False),
    Column("major_hazards", Integer, nullable=False),
    Column("violations", Integer, nullable=False),
    Column("links", Text, nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", String(40), nullable=False),
)

hazards = Table(
    "hazards_view",
    metadata,
    _id("hazard_id"),
    Column("inspection_id", String(36), nullable=False, index=True),
    Column("uscc", String(18), nullable=False, index=True),
    Column("grade", String(10), nullable=False),
    Column("description", Text, nullable=False),
    Column("location", String(200), nullable=False),
    Column("found_on", String(10), nullable=False),
)

violations = Table(
    "violations_view",
    metadata,
    _id("violation_id"),
    Column("inspection_id", String(36), nullable=False, index=True),
    Column("uscc", String(18), nullable=False, index=True),
    Column("violation_type", String(40), nullable=False),
    Column("severity", String(10), nullable=False),
    Column("description", Text, nullable=False),
    Column("corrected_on_the_spot", Boolean, nullable=False),
    Column("oral_order", Boolean, nullable=False, default=False),
    Column("found_on", String(10), nullable=False),
)

orders = Table(
    "rectification_orders_view",
    metadata,
    _id("order_id"),
    Column("request_id", String(128), nullable=False),
    Column("inspection_id", String(36), nullable=False),
    Column("uscc", String(18), nullable=False, index=True),
    Column("unit_name", String(200), nullable=False),
    Column("district", String(200), nullable=False),
    Column("advice", Text, nullable=False),
    Column("major", Boolean, nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("ordered_on", String(10), nullable=False),
    Column("deadline", String(10), nullable=False, index=True),
    #: The date was counted across a year the official holiday arrangement has not reached yet.
    Column("deadline_provisional", Boolean, nullable=False, default=False),
    Column("extensions", Integer, nullable=False, default=0),
    Column("reported_on", String(10)),
    Column("reinspection_due", String(10)),
    Column("reinspection_due_provisional", Boolean, nullable=False, default=False),
    Column("verified_on", String(10)),
    Column("overdue_on", String(10)),
    Column("refused", Boolean, nullable=False, default=False),
    Column("suspended", Boolean, nullable=False, default=False),
    #: The agency still owes its re-inspection (复查): not yet recorded, nor cancelled by a refusal.
    Column("reinspection_owed", Boolean, nullable=False, default=True),
    #: The agency's own last day for the re-inspection (3 working days after the deadline or the report).
    Column("reinspection_owed_by", String(10)),
    #: That day ended without the re-inspection recorded.
    Column("reinspection_breached", Boolean, nullable=False, default=False),
)

measures = Table(
    "accountability_measures_view",
    metadata,
    _id("measure_id"),
    Column("request_id", String(128), nullable=False),
    Column("order_id", String(36), nullable=False, index=True),
    Column("uscc", String(18), nullable=False, index=True),
    Column("unit_name", String(200), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("addressee_kind", String(20), nullable=False),
    Column("addressee", String(200), nullable=False),
    Column("content", Text, nullable=False),
    Column("taken_on", String(10), nullable=False),
    Column("taken_at", String(40), nullable=False, default=""),
    Column("interview_at", String(40), nullable=False, default=""),
    Column("place", String(500), nullable=False, default=""),
)

penalties = Table(
    "penalties_view",
    metadata,
    _id("penalty_id"),
    Column("request_id", String(128), nullable=False),
    Column("uscc", String(18), nullable=False, index=True),
    Column("unit_name", String(200), nullable=False),
    Column("inspection_id", String(36), nullable=False),
    Column("violation_id", String(36), nullable=False),
    Column("violation_type", String(40), nullable=False),
    Column("severity", String(10), nullable=False),
    Column("fine_yuan", BigInteger, nullable=False),
    Column("major", Boolean, nullable=False),
    Column("legal_basis", String(200), nullable=False),
    Column("baseline_version", Integer, nullable=False),
    Column("status", String(30), nullable=False, index=True),
    Column("proposed_on", String(10), nullable=False),
    Column("reviewed_by", String(64)),
    Column("decided_on", String(10)),
    #: none, lighter (从轻) or reduced (减轻), and why.
    Column("mitigation", String(10), nullable=False, default="none"),
    Column("mitigation_grounds", Text, nullable=False, default=""),
    #: Decided by the agency's leaders collectively (集体讨论) after legal review.
    Column("collective_deliberation", Boolean, nullable=False, default=False),
    Column("deliberated_by", String(64)),
    #: Beside the fine: none, suspend_business (责令停产停业), stop_use (责令停止使用), stop_practice
    #: (责令停止执业), and what stops; none, permit (吊销许可证件) or qualification (吊销相应资格), and
    #: the document revoked.
    Column("suspension", String(20), nullable=False, default="none"),
    Column("suspension_scope", String(500), nullable=False, default=""),
    Column("revocation", String(20), nullable=False, default="none"),
    Column("revoked_document", String(200), nullable=False, default=""),
    #: Why the decision goes to legal review, comma-separated: large_fine, suspension, revocation,
    #: reduced_penalty; empty when it took effect at once.
    Column("review_grounds", String(100), nullable=False, default=""),
)

complaints = Table(
    "complaints_view",
    metadata,
    Column("ticket_no", String(64), primary_key=True),
    Column("complaint_id", String(36), nullable=False, unique=True),
    Column("uscc", String(18), nullable=False, index=True),
    Column("category", String(40), nullable=False),
    Column("received_at", String(40), nullable=False),
    Column("due", String(40), nullable=False),
    Column("due_utc", String(40), nullable=False, index=True),
    #: The date was counted across a year the official holiday arrangement has not reached yet.
    Column("due_provisional", Boolean, nullable=False, default=False),
    Column("status", String(20), nullable=False, index=True),
    Column("inspection_id", String(36)),
    Column("checked_at", String(40)),
    Column("breached", Boolean, nullable=False, default=False),
    Column("feedback_at", String(40)),
    #: Checked at a venue not on the register: its name, address, and whether the report was borne out.
    Column("venue_name", String(200), nullable=False, default=""),
    Column("venue_address", String(500), nullable=False, default=""),
    Column("substantiated", Boolean),
)

verifications = Table(
    "commitment_verifications_view",
    metadata,
    Column("application_id", String(64), primary_key=True),
    Column("verification_id", String(36), nullable=False, unique=True),
    Column("permit_no", String(64), nullable=False),
    Column("uscc", String(18), nullable=False, index=True),
    Column("unit_name", String(200), nullable=False),
    Column("due_date", String(10), nullable=False, index=True),
    #: The date was counted across a year the official holiday arrangement has not reached yet.
    Column("due_provisional", Boolean, nullable=False, default=False),
    Column("status", String(20), nullable=False, index=True),
    Column("result", String(20)),
    Column("verified_on", String(10)),
)

agency_deadlines = Table(
    "agency_deadlines_view",
    metadata,
    _id("deadline_id"),
    Column("kind", String(30), nullable=False, index=True),
    Column("reference", String(64), nullable=False),
    Column("uscc", String(18), nullable=False, index=True),
    Column("unit_name", String(200), nullable=False),
    Column("counted_from", String(10), nullable=False),
    Column("due_on", String(10), nullable=False, index=True),
    #: The date was counted across a year the official holiday arrangement has not reached yet.
    Column("provisional", Boolean, nullable=False, default=False),
    Column("status", String(20), nullable=False, index=True),
    Column("missed_on", String(10)),
    Column("met_on", String(10)),
)

referrals = Table(
    "referral_letters_view",
    metadata,
    _id("letter_id"),
    Column("inspection_id", String(36), nullable=False),
    Column("uscc", String(18), nullable=False, index=True),
    Column("regulator", String(200), nullable=False),
    Column("hazards", Integer, nullable=False),
    Column("violations", Integer, nullable=False, default=0),
    Column("summary", Text, nullable=False),
    Column("sent_on", String(10), nullable=False),
)

fires = Table(
    "simple_fires_view",
    metadata,
    _id("registration_id"),
    Column("uscc", String(18), nullable=False, index=True),
    Column("address", String(500), nullable=False),
    Column("district", String(200), nullable=False),
    Column("occurred_at", String(40), nullable=False),
    Column("direct_loss_yuan", BigInteger, nullable=False),
    Column("registered_on", String(10), nullable=False),
)

joint_inspections = Table(
    "joint_inspections_view",
    metadata,
    _id("joint_inspection_id"),
    Column("request_id", String(128), nullable=False),
    Column("district", String(200), nullable=False, index=True),
    Column("title", String(500), nullable=False),
    #: JSON list of {department, name, officers}.
    Column("participants", Text, nullable=False),
    #: JSON list of {uscc, inspection_id, departments, department_findings}; inspection_id "" until visited.
    Column("units", Text, nullable=False),
    Column("planned_for", String(10), nullable=False),
    Column("planned_by", String(64), nullable=False),
)

department_findings = Table(
    "department_findings_view",
    metadata,
    _id("finding_id"),
    Column("inspection_id", String(36), nullable=False, index=True),
    Column("uscc", String(18), nullable=False, index=True),
    Column("department", String(40), nullable=False),
    Column("description", Text, nullable=False),
    Column("location", String(200), nullable=False, default=""),
    Column("found_on", String(10), nullable=False),
    Column("transfer_id", String(36)),
)

transfers = Table(
    "transfers_view",
    metadata,
    _id("transfer_id"),
    Column("inspection_id", String(36), nullable=False, index=True),
    Column("uscc", String(18), nullable=False, index=True),
    Column("department", String(40), nullable=False),
    Column("department_name", String(200), nullable=False, default=""),
    #: JSON list of {id, kind (hazard, violation, department_finding), type, description, location, department}.
    Column("findings", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("legal_basis", String(500), nullable=False, default=""),
    Column("officer_ids", String(300), nullable=False),
    Column("transferred_on", String(10), nullable=False),
)

leniency_policies = Table(
    "leniency_policies_view",
    metadata,
    Column("document_no", String(100), primary_key=True),
    Column("title", String(500), nullable=False),
    #: JSON list of the districts the policy covers.
    Column("districts", Text, nullable=False),
    Column("starts_on", String(10), nullable=False),
    Column("ends_on", String(10), nullable=False),
    Column("published_by", String(64), nullable=False),
    Column("published_at", String(40), nullable=False),
)

record = Table(
    "enforcement_record_view",
    metadata,
    Column("aggregate_id", String(36), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("uscc", String(18), nullable=False, index=True),
    Column("act", String(60), nullable=False),
    Column("business_time", String(40), nullable=False),
    Column("recorded_at", String(40), nullable=False),
    Column("officers", String(300), nullable=False),
    Column("evidence", Text, nullable=False),
    Column("details", Text, nullable=False),
)
"""全过程记录: every enforcement act, who did it, when, on which evidence (S6, 003 (十二))."""
