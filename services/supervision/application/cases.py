"""Rectification orders, penalties and simple fire registration: enforcement acts by two inspectors."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence

from services.supervision.application.leniency import Leniency
from services.supervision.domain.accountability import AccountabilityMeasure, AddresseeKind, MeasureKind
from services.supervision.domain.agency_deadlines import AgencyDeadlineKind
from services.supervision.domain.common import SupervisionError, local_day
from services.supervision.domain.document_numbers import DocumentNumbers
from services.supervision.domain.fires import FireFacts, FireRegistration
from services.supervision.domain.firms import PartyKind
from services.supervision.domain.inspections import Inspection
from services.supervision.domain.inspectors import EnforcementTarget, Role
from services.supervision.domain.legal_basis import order_legal_basis
from services.supervision.domain.mitigation import Mitigation
from services.supervision.domain.penalties import (
    BaselineBook,
    BaselineEntry,
    DiscretionBaseline,
    PenaltyCase,
    ViolationOnRecord,
)
from services.supervision.domain.rectification import Addressee, ExtensionLimits, OrderTerms, RectificationOrder
from services.supervision.domain.register import RegisteredUnit
from services.supervision.domain.sanctions import Revocation, Suspension


class Cases(Leniency):
    """Enforcement acts; penalties respect the special-period leniency policies (`Leniency`)."""

    def order_rectification(
        self,
        request_id: str,
        inspection_id: uuid.UUID,
        hazard_ids: Sequence[str],
        violation_ids: Sequence[str],
        advice: str,
        officer_ids: Sequence[str],
        at: dt.datetime,
        deadline: dt.date | None = None,
    ) -> RectificationOrder:
        """责令改正: concrete advice and a deadline; a major hazard is listed for supervision with its own.

        Without a deadline the rules' working days apply; a deadline that falls
        on a holiday moves to the next working day.
        """
        existing = self.find(RectificationOrder, RectificationOrder.create_id(request_id))
        if existing is not None:
            return existing
        inspection = self.get(Inspection, inspection_id, f"inspection {inspection_id}")
        inspection.check_findings(list(hazard_ids), list(violation_ids))
        firms = [v for v in violation_ids if v in inspection.firm_violation_ids]
        if firms:
            raise SupervisionError(
                f"violations {', '.join(firms)} are a technical service firm's, not the unit's to rectify",
                "FIRM_VIOLATION",
            )
        unit = self.unit(inspection.uscc)
        day = local_day(at)
        self.team(officer_ids, unit, day)
        major = any(h in inspection.major_hazard_ids for h in hazard_ids)
        days = 0
        if deadline is None:
            days = (
                self.rules.major_rectification_working_days if major else self.rules.general_rectification_working_days
            )
            deadline = self.add_working_days(day, days)
        deadline = self.working_day_on_or_after(deadline)
        order = RectificationOrder.issue(
            request_id=request_id,
            inspection_id=str(inspection_id),
            addressee=Addressee(
                uscc=unit.uscc,
                unit_name=unit.unit_name,
                district=unit.district,
                responsible_person=str(unit.details.get("responsible_person", "")),
                responsible_phone=str(unit.details.get("responsible_phone", "")),
                responsible_email=str(unit.details.get("responsible_email", "")),
            ),
            terms=OrderTerms(
                hazard_ids=tuple(hazard_ids),
                violation_ids=tuple(violation_ids),
                advice=advice,
                deadline=deadline,
                major=major,
                provisional=self.calendar.provisional_between(day, deadline),
                working_days=days,
                hazards=tuple(inspection.hazard_as_ordered(h) for h in hazard_ids),
                violations=tuple(inspection.violation_as_ordered(v) for v in violation_ids),
                legal_basis=order_legal_basis(
                    bool(hazard_ids), (inspection.violations[v]["violation_type"] for v in violation_ids)
                ),
            ),
            ordered_on=day,
            officer_ids=list(officer_ids),
        )
        reinspection = self.open_agency_deadline(
            AgencyDeadlineKind.REINSPECTION, str(order.id), unit.uscc, unit.unit_name, order.deadline,
            self.rules.reinspection_working_days,
        )  # fmt: skip
        notice = self.agency_deadline(AgencyDeadlineKind.RECTIFICATION_NOTICE, str(inspection_id))
        noticed = notice is not None and notice.meet(day, f"order {order.id}")
        inspection.note_order(str(order.id), list(hazard_ids), list(violation_ids))
        self.save(order, inspection, reinspection, notice if noticed else None)
        return order

    def extend_rectification(
        self, order_id: uuid.UUID, deadline: dt.date, reason: str, officer_ids: Sequence[str], at: dt.datetime
    ) -> RectificationOrder:
        order = self.order(order_id)
        day = local_day(at)
        self.team(officer_ids, self.unit(order.uscc), day)
        deadline = self.working_day_on_or_after(deadline)
        limits = ExtensionLimits(self.rules.max_extensions, self.rules.max_extension_working_days)
        order.extend(
            deadline,
            reason,
            day,
            list(officer_ids),
            self.calendar.provisional_between(day, deadline),
            limits,
            self.working_days_between(order.first_deadline, deadline),
        )
        reinspection = self.agency_deadline(AgencyDeadlineKind.REINSPECTION, str(order.id))
        moved = reinspection is not None and reinspection.count_again(self.calendar, "extension", deadline)
        self.save(order, reinspection if moved else None)
        return order

    def report_rectified(self, order_id: uuid.UUID, at: dt.datetime) -> RectificationOrder:
        """The unit reports the work done; the re-inspection is due within 3 working days of the report."""
        order = self.order(order_id)
        day = local_day(at)
        due = self.add_working_days(day, self.rules.reinspection_working_days)
        order.report_rectified(day, due, self.calendar.provisional_between(day, due))
        reinspection = self.agency_deadline(AgencyDeadlineKind.REINSPECTION, str(order.id))
        moved = (
            reinspection is not None
            and day < reinspection.counted_from
            and reinspection.count_again(self.calendar, "the unit reported the rectification", day)
        )
        self.save(order, reinspection if moved else None)
        return order

    def refuse_rectification(self, order_id: uuid.UUID, officer_ids: Sequence[str], at: dt.datetime) -> None:
        order = self.order(order_id)
        day = local_day(at)
        self.team(officer_ids, self.unit(order.uscc), day)
        order.refuse(day)
        reinspection = self.agency_deadline(AgencyDeadlineKind.REINSPECTION, str(order.id))
        if reinspection is not None:
            reinspection.cancel("the unit refused to rectify", day)
        self.save(order, reinspection)

    def reinspection_due(self, order: RectificationOrder) -> dt.date:
        """Within 3 working days of the deadline, or of the unit's report when it came first."""
        if order.reinspection_due is not None:
            return order.reinspection_due
        return self.add_working_days(order.deadline, self.rules.reinspection_working_days)

    def take_accountability_measure(
        self,
        request_id: str,
        order_id: uuid.UUID,
        kind: MeasureKind,
        addressee_kind: AddresseeKind,
        addressee: str,
        content: str,
        officer_ids: Sequence[str],
        at: dt.datetime,
        interview_at: dt.datetime | None = None,
        place: str = "",
    ) -> AccountabilityMeasure:
        """函告、警示、约谈 of the responsible unit or people after an overdue major hazard (002 二(六))."""
        existing = self.find(AccountabilityMeasure, AccountabilityMeasure.create_id(request_id))
        if existing is not None:
            return existing
        order = self.order(order_id)
        day = local_day(at)
        self.team(officer_ids, self.unit(order.uscc), day)
        measure = AccountabilityMeasure.take(
            request_id, order, kind, addressee_kind, addressee, content, at, day, list(officer_ids), interview_at, place
        )
        self.save(measure)
        return measure

    def order(self, order_id: uuid.UUID) -> RectificationOrder:
        return self.get(RectificationOrder, order_id, f"rectification order {order_id}")

    def baseline(self) -> DiscretionBaseline:
        book = self.find(BaselineBook, BaselineBook.BOOK_ID)
        return book.current if book is not None else BaselineBook().current

    def adopt_baseline(self, entries: Sequence[BaselineEntry], effective_on: dt.date, adopted_by: str) -> int:
        """The agency replaces the discretion baseline (裁量基准); returns the new version."""
        book = self.find(BaselineBook, BaselineBook.BOOK_ID) or BaselineBook()
        book.adopt(tuple(entries), effective_on.isoformat(), adopted_by)
        self.save(book)
        return book.current.version

    def propose_penalty(
        self,
        request_id: str,
        inspection_id: uuid.UUID,
        violation_id: str,
        fine_yuan: int,
        reasons: str,
        evidence: Sequence[str],
        officer_ids: Sequence[str],
        at: dt.datetime,
        legal_representative: str = "",
        mitigation: Mitigation = Mitigation.NONE,
        mitigation_grounds: str = "",
        suspension: Suspension = Suspension.NONE,
        suspension_scope: str = "",
        revocation: Revocation = Revocation.NONE,
        revoked_document: str = "",
    ) -> PenaltyCase:
        """行政处罚: `legal_representative` names the party's 法定代表人 (by name) for the decision
        and its publication; the register does not keep it. A suspension or a revocation beside the
        fine makes the decision major (legal review)."""
        existing = self.find(PenaltyCase, PenaltyCase.create_id(request_id))
        if existing is not None:
            return existing
        inspection = self.get(Inspection, inspection_id, f"inspection {inspection_id}")
        found = inspection.violation(violation_id)
        self.check_leniency(inspection, violation_id)
        day = local_day(at)
        numbers, number = self._numbering(inspection.district, day, PenaltyCase.create_id(request_id))
        unit = self.unit(inspection.uscc)
        firm_party = found.get("party_kind") == PartyKind.TECHNICAL_SERVICE_FIRM
        if firm_party:
            self.check_team(officer_ids, EnforcementTarget(unit.uscc, found["uscc"]), day)
        else:
            self.team(officer_ids, unit, day)
        revoked_application_id = ""
        if revocation is Revocation.PERMIT and not firm_party:
            # 吊销许可证件: of a permit the unit holds, which permits then revokes.
            revoked_application_id = unit.permit_held(revoked_document.strip())
            if not revoked_application_id:
                raise SupervisionError(
                    f"revoked_document: {revoked_document.strip()} is not a permit {unit.uscc} holds",
                    "REVOKED_PERMIT_NOT_HELD",
                )
        case = PenaltyCase.propose(
            request_id=request_id,
            violation=ViolationOnRecord(
                inspection_id=str(inspection_id),
                violation_id=violation_id,
                uscc=found["uscc"] if firm_party else inspection.uscc,
                unit_name=found["party_name"] if firm_party else inspection.unit_name,
                district=inspection.district,
                violation_type=found["violation_type"],
                severity=found["severity"],
                corrected_on_the_spot=found["corrected_on_the_spot"],
                party_kind=str(found.get("party_kind", PartyKind.UNIT.value)),
                service_type=str(found.get("service_type", "")),
            ),
            fine_yuan=fine_yuan,
            baseline=self.baseline(),
            major_fine_yuan=self.rules.major_decision_fine_yuan,
            reasons=reasons,
            evidence=list(evidence),
            officer_ids=list(officer_ids),
            proposed_on=day.isoformat(),
            facts="；".join(part for part in (str(found.get("description", "")), reasons) if part),
            legal_representative=legal_representative,
            number=number,
            mitigation=mitigation,
            mitigation_grounds=mitigation_grounds,
            deliberation_fine_yuan=self.rules.collective_deliberation_fine_yuan,
            suspension=suspension,
            suspension_scope=suspension_scope,
            revocation=revocation,
            revoked_document=revoked_document,
            revoked_application_id=revoked_application_id,
        )
        self.save(case, numbers if numbers.pending_events else None)
        return case

    def review_penalty(
        self, penalty_id: uuid.UUID, reviewer_id: str, approved: bool, opinion: str, at: dt.datetime
    ) -> PenaltyCase:
        """法制审核 of a major decision, by a legal reviewer."""
        case = self.get(PenaltyCase, penalty_id, f"penalty case {penalty_id}")
        reviewer = self.inspector(reviewer_id)
        if not reviewer.has_role(Role.LEGAL_REVIEWER):
            raise SupervisionError(f"{reviewer_id} is not a legal reviewer", "NOT_A_LEGAL_REVIEWER")
        if approved:
            inspection = self.get(Inspection, uuid.UUID(case.violation.inspection_id), "the case's inspection")
            self.check_leniency(inspection, case.violation.violation_id)
        day = local_day(at)
        numbers, number = self._numbering(case.violation.district, day, case.id)
        case.review(reviewer_id, approved, opinion, day.isoformat(), number)
        self.save(case, numbers if numbers.pending_events else None)
        return case

    def deliberate_penalty(
        self,
        penalty_id: uuid.UUID,
        chair_id: str,
        participant_ids: Sequence[str],
        approved: bool,
        minutes: str,
        at: dt.datetime,
    ) -> PenaltyCase:
        """集体讨论 of a grave decision by the agency's leaders, after its legal review."""
        case = self.get(PenaltyCase, penalty_id, f"penalty case {penalty_id}")
        not_leaders = [i for i in participant_ids if not self.inspector(i).has_role(Role.LEADER)]
        if not_leaders:
            raise SupervisionError(f"{', '.join(not_leaders)} is not one of the agency's leaders", "NOT_A_LEADER")
        day = local_day(at)
        numbers, number = self._numbering(case.violation.district, day, case.id)
        case.deliberate(
            chair_id,
            list(participant_ids),
            approved,
            minutes,
            day.isoformat(),
            self.rules.collective_deliberation_quorum,
            number,
        )
        self.save(case, numbers if numbers.pending_events else None)
        return case

    def _numbering(self, district: str, day: dt.date, case_id: uuid.UUID) -> tuple[DocumentNumbers, Callable[[], str]]:
        """The district's document numbers of the year, and how a decision of the case takes one."""
        numbers = self.find(DocumentNumbers, DocumentNumbers.create_id(district, day.year)) or DocumentNumbers(
            district=district, year=day.year
        )
        return numbers, lambda: numbers.give(str(case_id), self.rules.penalty_document_pattern)

    def register_simple_fire(
        self, request_id: str, facts: FireFacts, officer_ids: Sequence[str], at: dt.datetime
    ) -> FireRegistration:
        existing = self.find(FireRegistration, FireRegistration.create_id(request_id))
        if existing is not None:
            return existing
        day = local_day(at)
        unit = self.find(RegisteredUnit, RegisteredUnit.create_id(facts.uscc)) if facts.uscc else None
        target = EnforcementTarget(facts.uscc, unit.service_firm_uscc if unit else "")
        self.check_team(officer_ids, target, day)
        registration = FireRegistration.register_simply(
            request_id, facts, self.rules.simple_fire_max_loss_yuan, day.isoformat(), list(officer_ids)
        )
        self.save(registration)
        return registration
