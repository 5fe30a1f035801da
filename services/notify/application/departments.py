"""Notices to other departments (S1): a joint inspection they take part in, a case transferred to them (移送);
and the public notice of a special-period leniency policy (S6)."""

from __future__ import annotations

from typing import Any

from eventsourcing.application import ProcessingEvent

from firesafety.supervision.v1 import events_pb2 as supervision
from kit.envelope import Envelope
from kit.processing import handles
from services.notify.application.base import Cause, Message, NoticeWriter, day_of
from services.notify.domain.recipients import to_public, to_regulator


class DepartmentNotices(NoticeWriter):
    @handles("supervision", "JointInspectionPlanned")
    def _joint_inspection_planned(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """联合检查: each department taking part is told the day, the units and who comes from the others."""
        e = envelope.message(supervision.JointInspectionPlanned)
        participants = [
            {"department": p.department, "name": p.name, "officers": list(p.officers)} for p in e.participants
        ]
        units = [{"uscc": u.uscc, "unit_name": u.unit_name} for u in e.units]
        facts = {"joint_inspection_id": e.joint_inspection_id, "planned_for": e.planned_for, "units": units}
        for p in e.participants:
            context = {
                **facts,
                "title": e.title,
                "district": e.district,
                "participants": participants,
                "department_name": p.name or self.directory.regulator_name(p.department),
            }
            message = Message("joint_inspection_planned", "", f"{e.joint_inspection_id}/{p.department}", context, facts)
            processing.collect_events(*self.compose(Cause.of(envelope), message, to_regulator(p.department)))

    @handles("supervision", "LeniencyPolicyPublished")
    def _leniency_policy_published(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """A special-period leniency policy is a public document: what it spares, where, and when."""
        e = envelope.message(supervision.LeniencyPolicyPublished)
        facts = {
            "kind": "leniency_policy",
            "document_no": e.document_no,
            "title": e.title,
            "districts": list(e.districts),
            # The feed filters by one district; a policy of several is listed unfiltered.
            "district": e.districts[0] if len(e.districts) == 1 else "",
            "starts_on": e.starts_on,
            "ends_on": e.ends_on,
            "decided_on": day_of(e.published_at or envelope.business_time),
        }
        message = Message("leniency_policy_published", "", e.document_no, facts, facts)
        processing.collect_events(*self.compose(Cause.of(envelope), message, to_public()))

    @handles("supervision", "CaseTransferred")
    def _case_transferred(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        """移送函: the findings, the reason and the legal basis, to the department competent for them."""
        e = envelope.message(supervision.CaseTransferred)
        findings = [
            {"id": f.id, "kind": f.kind, "type": f.type, "description": f.description, "location": f.location,
             "department": f.department}
            for f in e.findings
        ]  # fmt: skip
        facts = {
            "transfer_id": e.transfer_id,
            "inspection_id": e.inspection_id,
            "department": e.department,
            "finding_ids": [f["id"] for f in findings],
            "transferred_on": e.transferred_on or day_of(envelope.business_time),
        }
        context = {
            **facts,
            "unit_name": e.unit_name,
            "uscc": e.uscc,
            "findings": findings,
            "reason": e.reason,
            "legal_basis": e.legal_basis,
            "department_name": e.department_name or self.directory.regulator_name(e.department),
        }
        message = Message("transfer_letter", e.uscc, e.transfer_id, context, facts)
        processing.collect_events(*self.compose(Cause.of(envelope), message, to_regulator(e.department)))
