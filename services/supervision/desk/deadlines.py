"""Complaints through 12345 (S7), commitment verifications, and the day-close command."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

from kit.arrangements import Arrangement
from services.supervision.desk.base import DeskBase
from services.supervision.domain.common import ComplaintCategory
from services.supervision.domain.complaints import Reporter
from services.supervision.read_models import queries


class DeadlinesDesk(DeskBase):
    def receive_complaint(self, **payload: Any) -> dict[str, Any]:
        """A 12345 report. Fields: ticket_no, category, description, received_at; optional uscc, address,
        reporter_name, reporter_phone, reporter_email. A repeated delivery of a ticket changes nothing."""
        fields = self.fields(payload)
        ticket_no = fields.text("ticket_no", max_length=64)
        category = fields.enum("category", ComplaintCategory)
        description = fields.text("description", max_length=2000)
        received_at = fields.moment("received_at")
        uscc = fields.uscc("uscc", required=False)
        address = fields.text("address", required=False, max_length=500)
        if not uscc and not address:
            fields.fail("address", "is required when the report names no unit (uscc)")
        reporter = Reporter(
            name=fields.text("reporter_name", required=False, max_length=100),
            phone=fields.text("reporter_phone", required=False, max_length=40),
            email=fields.text("reporter_email", required=False),
        )
        fields.done()
        assert category is not None and received_at is not None
        complaint, new = self.app.receive_complaint(
            ticket_no, category, description, received_at, reporter, uscc=uscc, address=address
        )
        return {
            "ticket_no": ticket_no,
            "due": complaint.due.isoformat(),
            "due_provisional": complaint.due_provisional,
            "duplicate": not new,
        }

    def give_complaint_feedback(self, **payload: Any) -> dict[str, Any]:
        fields = self.fields(payload)
        ticket_no = fields.text("ticket_no", max_length=64)
        feedback = fields.text("feedback", max_length=2000)
        at = fields.moment("at")
        fields.done()
        assert at is not None
        self.app.give_complaint_feedback(ticket_no, feedback, at)
        return self.found(queries.complaint(self.views, ticket_no), "complaint")  # type: ignore[no-any-return]

    def check_unregistered_venue(self, **payload: Any) -> dict[str, Any]:
        """A report about a venue not on the register, checked there. Fields: ticket_no, venue_name,
        address, substantiated, findings, evidence, inspector_ids, at. A venue that is a unit the
        register can hold is registered on the spot (register_unit) and inspected instead."""
        fields = self.fields(payload)
        ticket_no = fields.text("ticket_no", max_length=64)
        venue_name = fields.text("venue_name", max_length=200)
        address = fields.text("address", max_length=500)
        substantiated = fields.required_flag("substantiated")
        findings = fields.text("findings", max_length=4000)
        evidence = fields.texts("evidence", required=True)
        inspector_ids = fields.texts("inspector_ids", required=True, max_length=64)
        at = fields.moment("at")
        fields.done()
        assert substantiated is not None and at is not None
        self.app.check_unregistered_venue(
            ticket_no, venue_name, address, substantiated, findings, evidence, inspector_ids, at
        )
        return self.found(queries.complaint(self.views, ticket_no), "complaint")  # type: ignore[no-any-return]

    def complaint(self, ticket_no: str) -> dict[str, Any] | None:
        return queries.complaint(self.views, ticket_no)

    def commitment_verification(self, application_id: str) -> dict[str, Any] | None:
        return queries.verification(self.views, application_id)

    def load_arrangement(self, arrangement: dict[str, Any], at: str) -> dict[str, Any]:
        """Record the State Council's arrangement of a year and revise the running deadlines it moves."""
        loaded = Arrangement.from_record(arrangement, self.app.calendar.law)
        fields = self.fields({"at": at})
        moment = fields.moment("at")
        fields.done()
        assert moment is not None
        due = queries.revisable(self.views, loaded.year)
        recorded, revised = self.app.load_arrangement(
            loaded,
            moment,
            order_ids=[uuid.UUID(i) for i in due["orders"]],
            complaint_ids=[uuid.UUID(i) for i in due["complaints"]],
            agency_deadline_ids=[uuid.UUID(i) for i in due["agency_deadlines"]],
        )
        self.runtime.refresh_read_models()
        return {"service": "supervision", "recorded": recorded, "revised": [str(a.id) for a in revised]}

    def agency_deadlines(self, status: str = "", kind: str = "") -> list[dict[str, Any]]:
        """The agency's own deadlines (re-inspections, rectification notices, pilot checks) for staff."""
        return queries.agency_deadlines(self.views, status, kind)

    def close_day(self, day: str) -> dict[str, Any]:
        """Close a business day: raise every deadline that expired by its end. Safe to repeat."""
        fields = self.fields({"day": day})
        closed_day = fields.day("day")
        fields.done()
        assert closed_day is not None
        due = queries.expiring(self.views, closed_day)
        closed = self.app.close_day(
            closed_day,
            order_ids=[uuid.UUID(i) for i in due["orders"]],
            complaint_ids=[uuid.UUID(i) for i in due["complaints"]],
            verification_ids=[uuid.UUID(i) for i in due["verifications"]],
            agency_deadline_ids=[uuid.UUID(i) for i in due["agency_deadlines"]],
        )
        self.runtime.refresh_read_models()
        return dataclasses.asdict(closed)
