"""Special-period leniency policies (S6, 000 Hongkou): published by the agency, applied to penalties."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from services.supervision.application.base import SupervisionBase
from services.supervision.domain.firms import PartyKind
from services.supervision.domain.inspections import Inspection
from services.supervision.domain.leniency import LeniencyPolicies, LeniencyPolicy, Rectification, check_leniency
from services.supervision.domain.rectification import OrderStatus, RectificationOrder


class Leniency(SupervisionBase):
    def publish_leniency_policy(
        self,
        request_id: str,
        document_no: str,
        title: str,
        districts: Sequence[str],
        starts_on: dt.date,
        ends_on: dt.date,
        published_by: str,
        at: dt.datetime,
    ) -> LeniencyPolicy:
        book = self.find(LeniencyPolicies, LeniencyPolicies.BOOK_ID) or LeniencyPolicies()
        policy = book.publish(
            request_id, document_no, title, list(districts), starts_on, ends_on, published_by, at.isoformat()
        )
        self.save(book)
        return policy

    def check_leniency(self, inspection: Inspection, violation_id: str) -> None:
        """A penalty for a unit's violation found while a policy covered its district and day."""
        found = inspection.violation(violation_id)
        if found.get("party_kind", PartyKind.UNIT.value) != PartyKind.UNIT.value:
            return  # the policy spares enterprises' problems, not a technical service firm's practice
        book = self.find(LeniencyPolicies, LeniencyPolicies.BOOK_ID)
        if book is None:
            return
        policy = book.in_force(inspection.district, dt.date.fromisoformat(inspection.inspected_on[:10]))
        check_leniency(policy, bool(inspection.major_hazard_ids), self._rectification(inspection, violation_id))

    def _rectification(self, inspection: Inspection, violation_id: str) -> Rectification:
        if inspection.violations[violation_id].get("corrected_on_the_spot"):
            return Rectification.ON_THE_SPOT
        order_id = inspection.orders.get(violation_id)
        order = self.find(RectificationOrder, uuid.UUID(order_id)) if order_id else None
        if order is None:
            return Rectification.PENDING
        if order.rectified_in_time:
            return Rectification.AS_REQUIRED
        if order.overdue_on is not None or order.status is OrderStatus.VERIFIED:
            return Rectification.NOT_AS_REQUIRED
        return Rectification.PENDING
