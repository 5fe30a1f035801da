"""A unit's credit record (信用档案): facts in, listings and standings out (C1–C6).

Commands record a fact, then let the rules react: a trigger issues a listing notice
(列入前告知) with an objection window in working days; closing a day lists the unit when the
window closed without a successful objection, repairs a listing once rectified and the
minimum period served (信用修复), and turns the year for good standing (守信激励). Every
change of standing is an event naming the events that caused it.

Only supervision facts and credit's own day closes and objections change a standing; permit
facts change only the permits held. So the state after a batch of events does not depend on
how the two upstream services' events interleaved.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import uuid
from typing import Any

from eventsourcing.domain import Aggregate, event

from services.credit.domain.errors import (
    InvalidObjection,
    InvalidRepairApplication,
    NoObjection,
    NoRepairApplication,
    NoticeClosed,
    NoticeNotFound,
    ObjectionAlreadyDecided,
    ObjectionAlreadyFiled,
    ObjectionTooLate,
    RepairApplicationAlreadyDecided,
    RepairApplicationPending,
    RepairNotDue,
    RepairNotOpen,
)
from services.credit.domain.evaluation import (
    ONE_DAY,
    derive,
    next_review,
    penalties_counted,
    repair_due_from,
    repairable_from,
)
from services.credit.domain.facts import Fact
from services.credit.domain.rules import Context, Resolution, Rule
from services.credit.domain.standing import INITIAL_STANDING, Cause, Colour, StandingEntry, Tier
from services.credit.domain.state import (
    TECHNICAL_SERVICE_FIRM,
    CreditState,
    Listing,
    ListingStatus,
    Objection,
    Order,
    Penalty,
    RepairApplication,
)


@dataclasses.dataclass(frozen=True)
class Party:
    """Who a supervision fact concerns: the unit itself, or a fire technical service firm (C7)."""

    kind: str = ""
    service_type: str = ""
    violation_type: str = ""
    severity: str = ""

    @property
    def is_firm(self) -> bool:
        return self.kind == TECHNICAL_SERVICE_FIRM


FIRM_RULES = frozenset({Rule.TECHNICAL_SERVICE_SERIOUS_VIOLATION})
"""Rules that list a fire technical service firm as a firm: held until the firm is on the register."""


def register_name_key(fact: Fact) -> str:
    """The register's name outranks the names other facts carry (an inspector's spelling of the
    firm on a penalty); a later correction of the entry outranks the entry."""
    return "~" + fact.key


RECORD_NAMESPACE = uuid.UUID("9a3e51d2-6c0b-4b7e-8f14-3d2c7a6b5e01")
MAJOR = "major"
RECTIFYING = {"rectification_verified", "clean_inspection"}


@functools.lru_cache(maxsize=1 << 16)
def _record_id(uscc: str) -> uuid.UUID:
    """A unit's record id; kept, since every standing a partner asks for starts with it (a SHA-1)."""
    return uuid.uuid5(RECORD_NAMESPACE, uscc)


class UnitCreditRecord(Aggregate):
    """A unit's credit record (信用档案), one per USCC."""

    @staticmethod
    def create_id(uscc: str) -> uuid.UUID:
        return _record_id(uscc)

    # -- events: each records a fact or a decision, and changes the state only by applying it ----

    class Opened(Aggregate.Created):
        uscc: str
        fact: dict[str, Any]

    class PermitRecorded(Aggregate.Event):
        permit_no: str
        route: str
        held_after: int
        fact: dict[str, Any]

    class PermitRevocationRecorded(Aggregate.Event):
        permit_no: str
        reason: str
        held_after: int
        fact: dict[str, Any]

    class HazardRecorded(Aggregate.Event):
        hazard_id: str
        grade: str
        fact: dict[str, Any]

    class ViolationRecorded(Aggregate.Event):
        violation_id: str
        corrected_on_the_spot: bool
        fact: dict[str, Any]
        party_kind: str = ""
        service_type: str = ""

    class InspectionRecorded(Aggregate.Event):
        inspection_id: str
        hazards: int
        violations: int
        fact: dict[str, Any]

    class RectificationOrderRecorded(Aggregate.Event):
        order_id: str
        hazard_ids: list[str]
        major: bool
        fact: dict[str, Any]

    class RectificationVerificationRecorded(Aggregate.Event):
        order_id: str
        fact: dict[str, Any]

    class RectificationOverdueRecorded(Aggregate.Event):
        order_id: str
        major: bool
        refused: bool
        fact: dict[str, Any]

    class SuspensionRecorded(Aggregate.Event):
        order_id: str
        fact: dict[str, Any]

    class SuspensionLifted(Aggregate.Event):
        order_id: str
        fact: dict[str, Any]

    class PenaltyRecorded(Aggregate.Event):
        penalty_id: str
        fact: dict[str, Any]
        party_kind: str = ""
        service_type: str = ""

    class CommitmentResultRecorded(Aggregate.Event):
        application_id: str
        result: str
        fact: dict[str, Any]

    class NoticeIssued(Aggregate.Event):
        notice_id: str
        rule: str
        tier: str
        subject: str
        resolution: str
        lapses_when_rectified: bool
        repair_months: int
        noticed_on: dt.date
        objection_deadline: dt.date
        objection_working_days: int
        causes: list[Cause]
        uscc: str
        unit_name: str
        district: str
        #: The window was counted across a year the official holiday arrangement has not reached.
        objection_deadline_provisional: bool = False
        #: Repaired only on the unit's application (信用修复申请), not by the day close (C4).
        repair_by_application: bool = False

    class EvidenceAdded(Aggregate.Event):
        notice_id: str
        causes: list[Cause]

    class NoticeWithdrawn(Aggregate.Event):
        notice_id: str
        rule: str
        reason: str
        on: dt.date
        causes: list[Cause]
        uscc: str
        unit_name: str
        district: str

    class Listed(Aggregate.Event):
        notice_id: str
        on: dt.date
        causes: list[Cause]

    class ListingRectified(Aggregate.Event):
        notice_id: str
        on: dt.date
        causes: list[Cause]

    class Repaired(Aggregate.Event):
        notice_ids: list[str]
        on: dt.date
        causes: list[Cause]
        previous_tier: str
        tier: str
        uscc: str
        unit_name: str
        district: str

    class ObjectionFiled(Aggregate.Event):
        notice_id: str
        objection_id: str
        filed_on: dt.date
        grounds: str
        cause: Cause
        upstream_positions: dict[str, int]

    class ObjectionDecided(Aggregate.Event):
        notice_id: str
        upheld: bool
        approver: str
        reasons: str
        decided_on: dt.date
        cause: Cause
        upstream_positions: dict[str, int]

    class RepairApplied(Aggregate.Event):
        """The unit applied for credit repair (信用修复申请) with its evidence of rectification."""

        notice_id: str
        application_id: str
        filed_on: dt.date
        evidence: list[str]
        statement: str
        cause: Cause
        upstream_positions: dict[str, int]

    class RepairDecided(Aggregate.Event):
        """The agency's decision on a repair application: approved, or refused with its reasons."""

        notice_id: str
        application_id: str
        rule: str
        approved: bool
        approver: str
        reasons: str
        decided_on: dt.date
        cause: Cause
        upstream_positions: dict[str, int]
        uscc: str
        unit_name: str
        district: str

    class ObjectionDeadlineRevised(Aggregate.Event):
        """An objection window's last day moved by the official holiday arrangement (节假日安排)."""

        notice_id: str
        previous_deadline: dt.date
        objection_deadline: dt.date
        provisional: bool
        arrangement: str
        revised_at: dt.datetime
        uscc: str
        unit_name: str

    class Reviewed(Aggregate.Event):
        on: dt.date

    class StandingChanged(Aggregate.Event):
        effective_on: dt.date
        previous_tier: str
        previous_colour: str
        tier: str
        colour: str
        reduced_inspection: bool
        listed_rules: list[str]
        causes: list[Cause]
        uscc: str
        unit_name: str
        district: str

    class ReviewScheduled(Aggregate.Event):
        review_on: dt.date | None

    class TradeExitRecommended(Aggregate.Event):
        """A fire technical service firm reached serious dishonesty: exit from the trade is
        recommended (行业退出、永久禁入, 003 (二); 责令停止执业, Fire Law art. 69)."""

        on: dt.date
        service_types: list[str]
        listed_rules: list[str]
        causes: list[Cause]
        uscc: str
        unit_name: str
        district: str

    class FirmRegistered(Aggregate.Event):
        """The firm is on supervision's register of fire technical service firms (消防技术服务机构
        名录, C7), or its entry was corrected: the subject its listing and trade exit name."""

        firm_name: str
        service_types: list[str]
        fact: dict[str, Any]

    class ListingHeld(Aggregate.Event):
        """A firm not on the register of firms committed what lists a firm: the notice waits for
        the register's entry, since there is no registered firm yet to tell and to list (C7)."""

        rule: str
        subject: str
        causes: list[Cause]
        held_on: dt.date

    @event(Opened)
    def __init__(self, uscc: str, fact: dict[str, Any]) -> None:
        self.state = CreditState(uscc=uscc)
        self.state.note(Fact.from_data(fact))

    @event(PermitRecorded)
    def _permit_recorded(self, permit_no: str, route: str, held_after: int, fact: dict[str, Any]) -> None:
        self.state.note(Fact.from_data(fact))
        self.state.permits[permit_no] = "held"

    @event(PermitRevocationRecorded)
    def _permit_revoked(self, permit_no: str, reason: str, held_after: int, fact: dict[str, Any]) -> None:
        self.state.note(Fact.from_data(fact))
        self.state.permits[permit_no] = "revoked"

    @event(HazardRecorded)
    def _hazard_recorded(self, hazard_id: str, grade: str, fact: dict[str, Any]) -> None:
        noted = self._note(fact)
        self.state.hazards[hazard_id] = grade
        self.state.hazard_causes[hazard_id] = dict(noted.cause)
        self.state.problem_in(noted.on)

    @event(ViolationRecorded)
    def _violation_recorded(
        self,
        violation_id: str,
        corrected_on_the_spot: bool,
        fact: dict[str, Any],
        party_kind: str = "",
        service_type: str = "",
    ) -> None:
        self.state.problem_in(self._note(fact).on)
        self.state.note_firm(party_kind, service_type)

    @event(InspectionRecorded)
    def _inspection_recorded(self, inspection_id: str, hazards: int, violations: int, fact: dict[str, Any]) -> None:
        noted = self._note(fact)
        self.state.inspected_years.add(noted.on.year)
        if hazards or violations:
            self.state.problem_in(noted.on)
        else:
            self.state.clean_inspections[noted.on.year] = dict(noted.cause)
            self.state.hazards_rectified.update(self.state.hazards)

    @event(RectificationOrderRecorded)
    def _order_recorded(self, order_id: str, hazard_ids: list[str], major: bool, fact: dict[str, Any]) -> None:
        self._note(fact)
        self.state.orders[order_id] = Order(hazard_ids=list(hazard_ids), major=major)

    @event(RectificationVerificationRecorded)
    def _rectification_verified(self, order_id: str, fact: dict[str, Any]) -> None:
        noted = self._note(fact)
        order = self.state.orders.setdefault(order_id, Order(hazard_ids=[], major=False))
        order.verified_on = noted.on
        self.state.hazards_rectified.update(order.hazard_ids)
        if self.state.suspended_by == order_id:
            self.state.suspended_by, self.state.suspension_cause = "", None

    @event(RectificationOverdueRecorded)
    def _overdue_recorded(self, order_id: str, major: bool, refused: bool, fact: dict[str, Any]) -> None:
        self.state.problem_in(self._note(fact).on)

    @event(SuspensionRecorded)
    def _suspension_recorded(self, order_id: str, fact: dict[str, Any]) -> None:
        noted = self._note(fact)
        self.state.suspended_by, self.state.suspension_cause = order_id or noted.cause["event_id"], noted.cause

    @event(SuspensionLifted)
    def _suspension_lifted(self, order_id: str, fact: dict[str, Any]) -> None:
        self._note(fact)
        if self.state.suspended_by == order_id or not order_id:
            self.state.suspended_by, self.state.suspension_cause = "", None

    @event(PenaltyRecorded)
    def _penalty_recorded(
        self, penalty_id: str, fact: dict[str, Any], party_kind: str = "", service_type: str = ""
    ) -> None:
        noted = self._note(fact)
        self.state.note_firm(party_kind, service_type)
        self.state.penalties.append(Penalty(penalty_id=penalty_id, decided_on=noted.on, cause=dict(noted.cause)))
        self.state.problem_in(noted.on)

    @event(CommitmentResultRecorded)
    def _commitment_result_recorded(self, application_id: str, result: str, fact: dict[str, Any]) -> None:
        noted = self._note(fact)
        if result == "seriously_false":
            self.state.problem_in(noted.on)

    @event(NoticeIssued)
    def _notice_issued(
        self,
        notice_id: str,
        rule: str,
        tier: str,
        subject: str,
        resolution: str,
        lapses_when_rectified: bool,
        repair_months: int,
        noticed_on: dt.date,
        objection_deadline: dt.date,
        objection_working_days: int,
        causes: list[Cause],
        uscc: str,
        unit_name: str,
        district: str,
        objection_deadline_provisional: bool = False,
        repair_by_application: bool = False,
    ) -> None:
        self.state.listings[notice_id] = Listing(
            notice_id=notice_id,
            rule=Rule(rule),
            tier=Tier(tier),
            subject=subject,
            resolution=Resolution(resolution),
            lapses_when_rectified=lapses_when_rectified,
            repair_months=repair_months,
            noticed_on=noticed_on,
            objection_deadline=objection_deadline,
            causes=[dict(c) for c in causes],
            objection_deadline_provisional=objection_deadline_provisional,
            objection_working_days=objection_working_days,
            repair_by_application=repair_by_application,
        )
        self.state.held_listings.pop(f"{rule}:{subject}", None)
        self.state.problem_in(noticed_on)

    @event(EvidenceAdded)
    def _evidence_added(self, notice_id: str, causes: list[Cause]) -> None:
        self.state.listings[notice_id].causes.extend(dict(c) for c in causes)

    @event(NoticeWithdrawn)
    def _notice_withdrawn(
        self,
        notice_id: str,
        rule: str,
        reason: str,
        on: dt.date,
        causes: list[Cause],
        uscc: str,
        unit_name: str,
        district: str,
    ) -> None:
        listing = self.state.listings[notice_id]
        listing.status, listing.closed_on, listing.withdrawal_reason = ListingStatus.WITHDRAWN, on, reason
        listing.causes.extend(dict(c) for c in causes)
        self._cleared(listing, on)

    @event(Listed)
    def _listed(self, notice_id: str, on: dt.date, causes: list[Cause]) -> None:
        listing = self.state.listings[notice_id]
        listing.status, listing.listed_on = ListingStatus.LISTED, on
        listing.causes.extend(dict(c) for c in causes)
        self.state.problem_in(on)

    @event(ListingRectified)
    def _listing_rectified(self, notice_id: str, on: dt.date, causes: list[Cause]) -> None:
        listing = self.state.listings[notice_id]
        listing.rectified_on = on
        listing.causes.extend(dict(c) for c in causes)

    @event(Repaired)
    def _repaired(
        self,
        notice_ids: list[str],
        on: dt.date,
        causes: list[Cause],
        previous_tier: str,
        tier: str,
        uscc: str,
        unit_name: str,
        district: str,
    ) -> None:
        for notice_id in notice_ids:
            listing = self.state.listings[notice_id]
            listing.status, listing.closed_on = ListingStatus.REPAIRED, on
            listing.causes.append(dict(causes[0]))
            self._cleared(listing, on)

    @event(ObjectionFiled)
    def _objection_filed(
        self,
        notice_id: str,
        objection_id: str,
        filed_on: dt.date,
        grounds: str,
        cause: Cause,
        upstream_positions: dict[str, int],
    ) -> None:
        listing = self.state.listings[notice_id]
        listing.objection = Objection(objection_id=objection_id, filed_on=filed_on, grounds=grounds)
        listing.causes.append(dict(cause))

    @event(ObjectionDecided)
    def _objection_decided(
        self,
        notice_id: str,
        upheld: bool,
        approver: str,
        reasons: str,
        decided_on: dt.date,
        cause: Cause,
        upstream_positions: dict[str, int],
    ) -> None:
        listing = self.state.listings[notice_id]
        assert listing.objection is not None
        objection = listing.objection
        objection.outcome = "upheld" if upheld else "rejected"
        objection.approver, objection.reasons, objection.decided_on = approver, reasons, decided_on
        listing.causes.append(dict(cause))

    @event(RepairApplied)
    def _repair_applied(
        self,
        notice_id: str,
        application_id: str,
        filed_on: dt.date,
        evidence: list[str],
        statement: str,
        cause: Cause,
        upstream_positions: dict[str, int],
    ) -> None:
        listing = self.state.listings[notice_id]
        listing.repair_applications.append(
            RepairApplication(
                application_id=application_id, filed_on=filed_on, evidence=list(evidence), statement=statement
            )
        )
        listing.causes.append(dict(cause))

    @event(RepairDecided)
    def _repair_decided(
        self,
        notice_id: str,
        application_id: str,
        rule: str,
        approved: bool,
        approver: str,
        reasons: str,
        decided_on: dt.date,
        cause: Cause,
        upstream_positions: dict[str, int],
        uscc: str,
        unit_name: str,
        district: str,
    ) -> None:
        listing = self.state.listings[notice_id]
        application = listing.repair_application
        assert application is not None and application.application_id == application_id
        application.outcome = "approved" if approved else "refused"
        application.approver, application.reasons, application.decided_on = approver, reasons, decided_on
        listing.causes.append(dict(cause))

    @event(Reviewed)
    def _reviewed(self, on: dt.date) -> None:
        self.state.move_reference(on)

    @event(StandingChanged)
    def _standing_changed(
        self,
        effective_on: dt.date,
        previous_tier: str,
        previous_colour: str,
        tier: str,
        colour: str,
        reduced_inspection: bool,
        listed_rules: list[str],
        causes: list[Cause],
        uscc: str,
        unit_name: str,
        district: str,
    ) -> None:
        self.state.history.append(
            StandingEntry(
                effective_on=effective_on,
                tier=Tier(tier),
                colour=Colour(colour),
                reduced_inspection=reduced_inspection,
                listed_rules=tuple(listed_rules),
                causes=tuple(dict(c) for c in causes),
                previous_tier=Tier(previous_tier),
                previous_colour=Colour(previous_colour),
            )
        )
        if Tier(tier) is not Tier.SERIOUS_DISHONESTY:
            self.state.trade_exit_recommended_on = None

    @event(ReviewScheduled)
    def _review_scheduled(self, review_on: dt.date | None) -> None:
        self.state.review_on = review_on

    @event(FirmRegistered)
    def _firm_registered(self, firm_name: str, service_types: list[str], fact: dict[str, Any]) -> None:
        noted = Fact.from_data(fact)
        self.state.note(noted, name_key=register_name_key(noted))
        self.state.register_firm(service_types)

    @event(ListingHeld)
    def _listing_held(self, rule: str, subject: str, causes: list[Cause], held_on: dt.date) -> None:
        self.state.held_listings[f"{rule}:{subject}"] = {"rule": rule, "subject": subject, "causes": list(causes)}

    @event(TradeExitRecommended)
    def _trade_exit_recommended(
        self,
        on: dt.date,
        service_types: list[str],
        listed_rules: list[str],
        causes: list[Cause],
        uscc: str,
        unit_name: str,
        district: str,
    ) -> None:
        self.state.trade_exit_recommended_on = on

    def _note(self, fact: dict[str, Any]) -> Fact:
        noted = Fact.from_data(fact)
        self.state.note(noted)
        return noted

    def _cleared(self, listing: Listing, on: dt.date) -> None:
        if listing.rule is Rule.REPEATED_VIOLATIONS:
            self.state.repeated_violations_cleared_on = on

    # -- queries -------------------------------------------------------------------------------

    @property
    def uscc(self) -> str:
        return self.state.uscc

    @property
    def unit_name(self) -> str:
        return self.state.unit_name

    @property
    def district(self) -> str:
        return self.state.district

    @property
    def permits_held(self) -> int:
        return self.state.permits_held

    def standing(self, as_of: dt.date | None = None) -> StandingEntry | None:
        """The standing now, or in force at the end of `as_of`; None before the unit appeared."""
        state = self.state
        if as_of is not None and (state.first_seen is None or as_of < state.first_seen):
            return None
        if as_of is None and state.current is not None:
            # Today's causes include evidence added since the last change (e.g. a further penalty).
            derived = derive(state)
            return dataclasses.replace(state.current, causes=derived.causes or state.current.causes)
        in_force = None if as_of is None else _in_force(state.history, as_of)
        if in_force is not None:
            return in_force
        first = [{**state.first_cause, "rule": "on_record"}] if state.first_cause else []
        return StandingEntry(
            effective_on=None,
            tier=INITIAL_STANDING.tier,
            colour=INITIAL_STANDING.colour,
            reduced_inspection=False,
            causes=tuple(first),
        )

    def history_until(self, as_of: dt.date | None = None) -> list[StandingEntry]:
        return [e for e in self.state.history if as_of is None or (e.effective_on and e.effective_on <= as_of)]

    def listings_on(self, as_of: dt.date | None = None) -> list[tuple[Listing, ListingStatus]]:
        """Each listing with the status it had at the end of `as_of` (today if None)."""
        found = []
        for listing in self.state.listings_in(*ListingStatus):
            status = listing.status if as_of is None else listing.status_on(as_of)
            if status is not None:
                found.append((listing, status))
        return found

    # -- permit facts: they change the permits held, never the standing --------------------------

    def record_permit_granted(self, permit_no: str, route: str, fact: Fact) -> None:
        held = self.state.permits_held + (0 if self.state.permits.get(permit_no) == "held" else 1)
        self._permit_recorded(permit_no=permit_no, route=route, held_after=held, fact=fact.data())

    def record_permit_revoked(self, permit_no: str, reason: str, fact: Fact) -> None:
        held = self.state.permits_held - (1 if self.state.permits.get(permit_no) == "held" else 0)
        self._permit_revoked(permit_no=permit_no, reason=reason, held_after=held, fact=fact.data())

    # -- supervision facts ---------------------------------------------------------------------

    def record_hazard(self, hazard_id: str, grade: str, fact: Fact, ctx: Context) -> None:
        if hazard_id in self.state.hazards:
            return
        """A hazard found. A major one lists nobody yet: the unit has its order's deadline to
        rectify it (挂牌督办); only a major hazard not rectified in time is listed (C2)."""
        self._hazard_recorded(hazard_id=hazard_id, grade=grade, fact=fact.data())
        self._settle(fact.known_on, [fact.cause_for("hazard_found")])

    def record_violation(
        self, violation_id: str, corrected_on_the_spot: bool, fact: Fact, party: Party | None = None
    ) -> None:
        party = party or Party()
        self._violation_recorded(
            violation_id=violation_id,
            corrected_on_the_spot=corrected_on_the_spot,
            fact=fact.data(),
            party_kind=party.kind,
            service_type=party.service_type,
        )
        rule = "technical_service_violation" if party.is_firm else "violation_found"
        self._settle(fact.known_on, [fact.cause_for(rule)])

    def record_firm_registered(self, firm_name: str, service_types: list[str], fact: Fact, ctx: Context) -> None:
        """The firm entered on the register of firms: notices held for want of it are issued now,
        from the day the entry is known, with their objection window (C7)."""
        self._firm_registered(firm_name=firm_name, service_types=sorted(service_types), fact=fact.data())
        entered = fact.cause_for("firm_registered")
        for held in list(self.state.held_listings.values()):
            self._notify(Rule(held["rule"]), held["subject"], [*held["causes"], entered], fact.known_on, ctx)
        self._settle(fact.known_on, [entered])

    def record_inspection(self, inspection_id: str, hazards: int, violations: int, fact: Fact) -> None:
        self._inspection_recorded(inspection_id=inspection_id, hazards=hazards, violations=violations, fact=fact.data())
        if hazards == 0 and violations == 0:
            self._rectify_all(Resolution.CLEAN_INSPECTION, None, fact, "clean_inspection")
        self._settle(fact.known_on, [fact.cause_for("inspection_recorded")])

    def record_rectification_ordered(self, order_id: str, hazard_ids: list[str], major: bool, fact: Fact) -> None:
        if order_id in self.state.orders:
            return
        self._order_recorded(order_id=order_id, hazard_ids=sorted(hazard_ids), major=major, fact=fact.data())
        self._settle(fact.known_on, [fact.cause_for("rectification_ordered")])

    def record_rectification_verified(self, order_id: str, fact: Fact) -> None:
        order = self.state.orders.get(order_id)
        if order is not None and order.verified_on is not None:
            return
        self._rectification_verified(order_id=order_id, fact=fact.data())
        subjects = {order_id, *(order.hazard_ids if order else [])}
        self._rectify_all(Resolution.RECTIFICATION_VERIFIED, subjects, fact, "rectification_verified")
        self._settle(fact.known_on, [fact.cause_for("rectification_verified")])

    def record_rectification_overdue(self, order_id: str, major: bool, refused: bool, fact: Fact, ctx: Context) -> None:
        """An order's deadline passed unrectified (逾期未改): refusing to correct, a major hazard
        not rectified in time, or an ordinary order overdue, each its own rule (003 (六))."""
        self._overdue_recorded(order_id=order_id, major=major, refused=refused, fact=fact.data())
        order = self.state.orders.get(order_id)
        if order is None or order.verified_on is None:
            hazard_ids = order.hazard_ids if order else []
            major_hazards = [h for h in hazard_ids if self.state.hazards.get(h) == MAJOR]
            if refused:
                rule = Rule.RECTIFICATION_REFUSED
            elif major or (order is not None and order.major) or major_hazards:
                rule = Rule.MAJOR_HAZARD_UNRECTIFIED
            else:
                rule = Rule.RECTIFICATION_OVERDUE
            found = [
                {**self.state.hazard_causes[h], "rule": str(rule)}
                for h in (major_hazards if rule is Rule.MAJOR_HAZARD_UNRECTIFIED else [])
                if h in self.state.hazard_causes
            ]
            self._notify(rule, order_id, [*found, fact.cause_for(rule)], fact.known_on, ctx)
        self._settle(fact.known_on, [fact.cause_for("rectification_overdue")])

    def record_business_suspended(self, order_id: str, fact: Fact) -> None:
        self._suspension_recorded(order_id=order_id, fact=fact.data())
        self._settle(fact.known_on, [fact.cause_for("business_suspended")])

    def record_business_resumed(self, order_id: str, fact: Fact) -> None:
        self._suspension_lifted(order_id=order_id, fact=fact.data())
        self._settle(fact.known_on, [fact.cause_for("suspension_lifted")])

    def record_penalty(self, penalty_id: str, fact: Fact, ctx: Context, party: Party | None = None) -> None:
        """A penalty decided; on a technical service firm, a serious violation also issues a notice (003 (二))."""
        if any(p.penalty_id == penalty_id for p in self.state.penalties):
            return
        party = party or Party()
        self._penalty_recorded(
            penalty_id=penalty_id, fact=fact.data(), party_kind=party.kind, service_type=party.service_type
        )
        if party.is_firm and ctx.policy.firm_violation_is_serious(party.violation_type, party.severity):
            serious = Rule.TECHNICAL_SERVICE_SERIOUS_VIOLATION
            self._notify(serious, penalty_id, [fact.cause_for(serious)], fact.known_on, ctx)
        rule = Rule.REPEATED_VIOLATIONS
        active = [x for x in self.state.listings_in(ListingStatus.NOTICED, ListingStatus.LISTED) if x.rule == rule]
        if active:
            self._evidence_added(notice_id=active[-1].notice_id, causes=[fact.cause_for(rule)])
        else:
            counted = penalties_counted(self.state, fact.on, ctx.policy)
            if len(counted) >= ctx.policy.repeated_violation_penalties:
                causes = [{**p.cause, "rule": str(rule)} for p in counted]
                self._notify(rule, penalty_id, causes, fact.known_on, ctx)
        self._settle(fact.known_on, [fact.cause_for("penalty_decided")])

    def record_commitment_verified(self, application_id: str, result: str, fact: Fact, ctx: Context) -> None:
        self._commitment_result_recorded(application_id=application_id, result=result, fact=fact.data())
        if result == "seriously_false":
            rule = Rule.COMMITMENT_SERIOUSLY_FALSE
            self._notify(rule, application_id, [fact.cause_for(rule)], fact.known_on, ctx)
        elif result == "true":
            self._rectify_all(Resolution.CLEAN_INSPECTION, None, fact, "clean_inspection")
        self._settle(fact.known_on, [fact.cause_for("commitment_verified")])

    # -- the unit's objection (异议): facts recorded by staff, never a standing set by hand --------

    def file_objection(
        self,
        notice_id: str,
        objection_id: str,
        filed_on: dt.date,
        grounds: str,
        cause: Cause,
        upstream_positions: dict[str, int],
    ) -> bool:
        """Record the unit's objection to a notice; False if this very objection is on record."""
        listing = self._listing(notice_id)
        existing = listing.objection
        if existing is not None:
            if (existing.objection_id, existing.filed_on, existing.grounds) == (objection_id, filed_on, grounds):
                return False
            raise ObjectionAlreadyFiled(f"notice {notice_id} already has an objection filed on {existing.filed_on}")
        if listing.status is not ListingStatus.NOTICED:
            raise NoticeClosed(f"notice {notice_id} is {listing.status}: its objection window is over")
        if not grounds.strip():
            raise InvalidObjection("an objection states its grounds")
        if filed_on < listing.noticed_on:
            raise InvalidObjection(f"filed on {filed_on}, before the notice of {listing.noticed_on}")
        if filed_on > listing.objection_deadline:
            raise ObjectionTooLate(f"the objection window of notice {notice_id} closed on {listing.objection_deadline}")
        self._objection_filed(
            notice_id=notice_id,
            objection_id=objection_id,
            filed_on=filed_on,
            grounds=grounds,
            cause={**cause, "rule": "objection_filed"},
            upstream_positions=upstream_positions,
        )
        self._reschedule()
        return True

    def revise_objection_deadlines(self, calendar: Any, arrangement: str, on: dt.date, at: dt.datetime) -> bool:
        """Count each open objection window again on `calendar` (an arrangement loaded `at`, on `on`)."""
        revised = False
        for listing in self.state.listings_in(ListingStatus.NOTICED):
            if not listing.objection_working_days or listing.objection_deadline < on:
                continue
            deadline = calendar.add_working_days(listing.noticed_on, listing.objection_working_days)
            provisional = calendar.provisional_between(listing.noticed_on, deadline)
            if (deadline, provisional) == (listing.objection_deadline, listing.objection_deadline_provisional):
                continue
            self._objection_deadline_revised(
                notice_id=listing.notice_id,
                previous_deadline=listing.objection_deadline,
                objection_deadline=deadline,
                provisional=provisional,
                arrangement=arrangement,
                revised_at=at,
                uscc=self.uscc,
                unit_name=self.unit_name,
            )
            revised = True
        return revised

    @event(ObjectionDeadlineRevised)
    def _objection_deadline_revised(
        self,
        notice_id: str,
        previous_deadline: dt.date,
        objection_deadline: dt.date,
        provisional: bool,
        arrangement: str,
        revised_at: dt.datetime,
        uscc: str,
        unit_name: str,
    ) -> None:
        listing = self.state.listings[notice_id]
        listing.objection_deadline = objection_deadline
        listing.objection_deadline_provisional = provisional

    def decide_objection(
        self,
        notice_id: str,
        upheld: bool,
        approver: str,
        reasons: str,
        decided_on: dt.date,
        cause: Cause,
        upstream_positions: dict[str, int],
    ) -> bool:
        """Record an approver's decision on the objection; an upheld one withdraws the notice."""
        listing = self._listing(notice_id)
        objection = listing.objection
        if objection is None:
            raise NoObjection(f"notice {notice_id} has no objection to decide")
        outcome = "upheld" if upheld else "rejected"
        if not objection.pending:
            if (objection.outcome, objection.approver, objection.decided_on) == (outcome, approver, decided_on):
                return False
            raise ObjectionAlreadyDecided(f"the objection to notice {notice_id} was {objection.outcome}")
        if not approver.strip():
            raise InvalidObjection("a decision names its approver")
        if decided_on < objection.filed_on:
            raise InvalidObjection(f"decided on {decided_on}, before the objection of {objection.filed_on}")
        decided = {**cause, "rule": f"objection_{outcome}"}
        self._objection_decided(
            notice_id=notice_id,
            upheld=upheld,
            approver=approver,
            reasons=reasons,
            decided_on=decided_on,
            cause=decided,
            upstream_positions=upstream_positions,
        )
        if upheld and listing.status is ListingStatus.NOTICED:
            self._withdraw(listing, "objection_upheld", decided_on, [decided])
        self._settle(decided_on, [decided])
        return True

    # -- credit repair on application (信用修复申请, C4): the unit applies, the agency decides ------

    def apply_for_repair(
        self,
        notice_id: str,
        application_id: str,
        filed_on: dt.date,
        evidence: list[str],
        statement: str,
        cause: Cause,
        upstream_positions: dict[str, int],
    ) -> bool:
        """Record the unit's application to repair a listing; False if this very one is on record."""
        listing = self._listing(notice_id)
        latest = listing.repair_application
        if latest is not None and latest.application_id == application_id:
            if (latest.filed_on, latest.evidence, latest.statement) == (filed_on, list(evidence), statement):
                return False
            raise RepairApplicationPending(f"application {application_id} is already on record, differently")
        if listing.status is not ListingStatus.LISTED:
            raise RepairNotOpen(f"notice {notice_id} is {listing.status}: only a listing in force is repaired")
        if latest is not None and latest.pending:
            raise RepairApplicationPending(
                f"notice {notice_id} has an application filed on {latest.filed_on} awaiting decision"
            )
        items = [item.strip() for item in evidence]
        if not items or not all(items):
            raise InvalidRepairApplication("evidence: name each document proving the rectification (整改证明)")
        if not statement.strip():
            raise InvalidRepairApplication("statement: the unit states what it corrected (信用修复申请书)")
        assert listing.listed_on is not None
        if filed_on < listing.listed_on:
            raise InvalidRepairApplication(f"filed_on: {filed_on} is before the listing of {listing.listed_on}")
        self._repair_applied(
            notice_id=notice_id,
            application_id=application_id,
            filed_on=filed_on,
            evidence=items,
            statement=statement.strip(),
            cause={**cause, "rule": "repair_applied"},
            upstream_positions=upstream_positions,
        )
        self._reschedule()
        return True

    def decide_repair(
        self,
        notice_id: str,
        approved: bool,
        approver: str,
        reasons: str,
        decided_on: dt.date,
        cause: Cause,
        upstream_positions: dict[str, int],
    ) -> bool:
        """Record the agency's decision on the pending application: approved repairs the listing
        the same day; refused keeps it listed, with the reasons the unit is told."""
        listing = self._listing(notice_id)
        application = listing.repair_application
        if application is None:
            raise NoRepairApplication(f"notice {notice_id} has no repair application to decide")
        outcome = "approved" if approved else "refused"
        if not application.pending:
            if (application.outcome, application.approver, application.decided_on) == (outcome, approver, decided_on):
                return False
            raise RepairApplicationAlreadyDecided(
                f"the repair application for notice {notice_id} was {application.outcome}"
            )
        if not approver.strip():
            raise InvalidRepairApplication("approver: a decision names its approver")
        if not approved and not reasons.strip():
            raise InvalidRepairApplication("reasons: a refusal states its reasons (不予修复的理由)")
        if decided_on < application.filed_on:
            raise InvalidRepairApplication(
                f"decided_on: {decided_on} is before the application of {application.filed_on}"
            )
        if approved:
            due = repair_due_from(listing)
            if due is None:
                raise RepairNotDue(
                    f"notice {notice_id}: the problem is not rectified on record (整改复查合格 or a clean inspection)"
                )
            if decided_on < due:
                raise RepairNotDue(
                    f"notice {notice_id}: repairable from {due} (minimum period {listing.repair_months} months)"
                )
        decided = {**cause, "rule": f"repair_{outcome}"}
        self._repair_decided(
            notice_id=notice_id,
            application_id=application.application_id,
            rule=str(listing.rule),
            approved=approved,
            approver=approver.strip(),
            reasons=reasons.strip(),
            decided_on=decided_on,
            cause=decided,
            upstream_positions=upstream_positions,
            uscc=self.uscc,
            unit_name=self.unit_name,
            district=self.district,
        )
        if approved:
            repair = [
                {**decided, "rule": "credit_repaired"},
                *(c for c in listing.causes if c.get("rule") in RECTIFYING),
            ]
            after = derive(self.state, excluding={notice_id})
            self._repaired(
                notice_ids=[notice_id],
                on=decided_on,
                causes=repair,
                previous_tier=str((self.state.current or INITIAL_STANDING).tier),
                tier=str(after.tier),
                uscc=self.uscc,
                unit_name=self.unit_name,
                district=self.district,
            )
            self._settle(decided_on, repair)
        else:
            self._reschedule()
        return True

    # -- closing a day: windows close, repairs come due, the year turns ---------------------------

    def close_day(self, day: dt.date, cause: Cause) -> None:
        opens = day + ONE_DAY
        reference = self.state.reference_on
        if reference is not None and reference.year < opens.year:
            self._reviewed(on=opens)
        change_causes: list[Cause] = [{**cause, "rule": "good_standing_reviewed"}]
        effective: list[dt.date] = []
        for listing in self.state.listings_in(ListingStatus.NOTICED):
            objection = listing.objection
            if listing.objection_deadline > day or (objection is not None and objection.outcome != "rejected"):
                continue  # the window is open, or an objection is pending (or upheld)
            listed_on = listing.objection_deadline + ONE_DAY
            if objection is not None and objection.decided_on is not None:
                if objection.decided_on > day:
                    continue  # rejected with effect from a day not yet closed
                listed_on = max(listed_on, objection.decided_on)
            closed = {**cause, "rule": "objection_window_closed"}
            self._listed(notice_id=listing.notice_id, on=listed_on, causes=[closed])
            effective.append(listed_on)
            change_causes = [closed]
        due = {
            listing.notice_id: repairable
            for listing in self.state.listings_in(ListingStatus.LISTED)
            if (repairable := repairable_from(listing)) is not None and repairable <= opens
        }
        if due:
            repaired_on = max(due.values())
            repair = [{**cause, "rule": "credit_repaired"}]
            for notice_id in due:
                repair.extend(c for c in self.state.listings[notice_id].causes if c.get("rule") in RECTIFYING)
            after = derive(self.state, excluding=set(due))
            self._repaired(
                notice_ids=list(due),
                on=repaired_on,
                causes=repair,
                previous_tier=str((self.state.current or INITIAL_STANDING).tier),
                tier=str(after.tier),
                uscc=self.uscc,
                unit_name=self.unit_name,
                district=self.district,
            )
            effective.append(repaired_on)
            change_causes = repair
        self._settle(max(effective) if effective else opens, change_causes)

    # -- the rules' reactions ------------------------------------------------------------------

    def _notify(self, rule: Rule, subject: str, causes: list[Cause], on: dt.date, ctx: Context) -> None:
        """Issue a listing notice (列入前告知) once per rule and subject.

        The notice's event is named after the notice, not the record's version, so that its id
        does not depend on how many permit events the record had received before it.
        """
        if self.state.has_listing(rule, subject):
            return
        if self._waits_for_the_register(rule):
            if f"{rule}:{subject}" not in self.state.held_listings:
                self._listing_held(rule=str(rule), subject=subject, causes=list(causes), held_on=on)
            return
        parameters = ctx.policy.listing_rule(rule)
        notice_id = str(uuid.uuid5(self.id, f"{rule}:{subject}"))
        notice_cause: Cause = {
            "service": "credit",
            "event_id": ctx.event_id(uuid.UUID(notice_id), 1),
            "event_type": "ListingNoticeIssued",
            "time": on.isoformat(),
            "rule": "notice_before_listing",
            "position": 0,
        }
        deadline = ctx.calendar.add_working_days(on, ctx.policy.objection_working_days)
        self._notice_issued(
            notice_id=notice_id,
            rule=str(rule),
            tier=str(parameters.tier),
            subject=subject,
            resolution=str(parameters.resolution),
            lapses_when_rectified=parameters.lapses_when_rectified,
            repair_months=parameters.repair_months,
            noticed_on=on,
            objection_deadline=deadline,
            objection_working_days=ctx.policy.objection_working_days,
            objection_deadline_provisional=ctx.calendar.provisional_between(on, deadline),
            repair_by_application=parameters.tier not in ctx.policy.automatic_repair_tiers,
            causes=[*causes, notice_cause],
            uscc=self.uscc,
            unit_name=self.unit_name,
            district=self.district,
        )

    def _rectify_all(self, resolution: Resolution, subjects: set[str] | None, fact: Fact, rule: str) -> None:
        """Rectification of the problem behind notices and listings: a notice that lapses on
        rectification is withdrawn; any other is marked rectified, which opens its repair."""
        for listing in self.state.listings_in(ListingStatus.NOTICED, ListingStatus.LISTED):
            if listing.resolution != resolution or listing.rectified_on is not None:
                continue
            if subjects is not None and listing.subject not in subjects:
                continue
            if subjects is None and not listing.noticed_on < fact.on:
                continue
            cause = fact.cause_for(rule)
            if listing.status is ListingStatus.NOTICED and listing.lapses_when_rectified:
                self._withdraw(listing, "rectified", fact.known_on, [cause])
            else:
                self._listing_rectified(notice_id=listing.notice_id, on=fact.on, causes=[cause])

    def _withdraw(self, listing: Listing, reason: str, on: dt.date, causes: list[Cause]) -> None:
        self._notice_withdrawn(
            notice_id=listing.notice_id,
            rule=str(listing.rule),
            reason=reason,
            on=on,
            causes=causes,
            uscc=self.uscc,
            unit_name=self.unit_name,
            district=self.district,
        )

    def _settle(self, on: dt.date, change_causes: list[Cause]) -> None:
        """Record a change of standing, if any, then the next day a close may change it."""
        derived = derive(self.state)
        current = self.state.current or INITIAL_STANDING
        if not derived.same_standing(current):
            effective = on if current.effective_on is None else max(on, current.effective_on)
            self._standing_changed(
                effective_on=effective,
                previous_tier=str(current.tier),
                previous_colour=str(current.colour),
                tier=str(derived.tier),
                colour=str(derived.colour),
                reduced_inspection=derived.reduced_inspection,
                listed_rules=list(derived.listed_rules),
                causes=list(derived.causes) or change_causes,
                uscc=self.uscc,
                unit_name=self.unit_name,
                district=self.district,
            )
        self._recommend_trade_exit()
        self._reschedule()

    def _waits_for_the_register(self, rule: Rule) -> bool:
        """A firm's listing needs the firm on the register of firms: its serious violation, and
        repeated violations of a record that is a firm's (a unit's own listings never wait)."""
        if self.state.firm_registered:
            return False
        return rule in FIRM_RULES or (rule is Rule.REPEATED_VIOLATIONS and self.state.technical_service_firm)

    def _recommend_trade_exit(self) -> None:
        """A technical service firm in serious dishonesty: recommend exit from the trade, once per period."""
        state, current = self.state, self.state.current
        if not state.firm_registered or state.trade_exit_recommended_on is not None:
            return
        if current is None or current.tier is not Tier.SERIOUS_DISHONESTY or current.effective_on is None:
            return
        self._trade_exit_recommended(
            on=current.effective_on,
            service_types=sorted(state.service_types),
            listed_rules=list(current.listed_rules),
            causes=list(current.causes),
            uscc=self.uscc,
            unit_name=self.unit_name,
            district=self.district,
        )

    def _reschedule(self) -> None:
        review_on = next_review(self.state)
        if review_on != self.state.review_on:
            self._review_scheduled(review_on=review_on)

    def _listing(self, notice_id: str) -> Listing:
        listing = self.state.listings.get(notice_id)
        if listing is None:
            raise NoticeNotFound(f"unit {self.uscc} has no notice {notice_id}")
        return listing


def _in_force(history: list[StandingEntry], day: dt.date) -> StandingEntry | None:
    in_force = None
    for entry in history:
        if entry.effective_on is None or entry.effective_on > day:
            break
        in_force = entry
    return in_force
