"""What a unit's credit record knows: the facts received and the listings they led to.

Every field is changed only by applying one of the record's events, so two records that
received the same facts and day closes are equal, whatever order the two upstream services'
events arrived in between them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from services.credit.domain.facts import Fact
from services.credit.domain.rules import Resolution, Rule
from services.credit.domain.standing import Cause, StandingEntry, Tier

TECHNICAL_SERVICE_FIRM = "technical_service_firm"
"""The party kind supervision's facts give a fire technical service firm (消防技术服务机构)."""


class ListingStatus(StrEnum):
    NOTICED = "noticed"  # 已告知: the objection window is open
    LISTED = "listed"  # 已列入
    WITHDRAWN = "withdrawn"  # 已撤回: objection upheld, or rectified inside the window
    REPAIRED = "repaired"  # 已修复


@dataclass
class Objection:
    """The unit's objection to a notice (异议) and the approver's decision on it."""

    objection_id: str
    filed_on: dt.date
    grounds: str
    outcome: str = ""  # "", "upheld" or "rejected"
    approver: str = ""
    reasons: str = ""
    decided_on: dt.date | None = None

    @property
    def pending(self) -> bool:
        return not self.outcome


@dataclass
class RepairApplication:
    """The unit's application for credit repair (信用修复申请) and the agency's decision on it."""

    application_id: str
    filed_on: dt.date
    evidence: list[str]
    statement: str
    outcome: str = ""  # "", "approved" or "refused"
    approver: str = ""
    reasons: str = ""
    decided_on: dt.date | None = None

    @property
    def pending(self) -> bool:
        return not self.outcome


@dataclass
class Listing:
    """One listing of the unit, from the notice (列入前告知) to the repair (信用修复)."""

    notice_id: str
    rule: Rule
    tier: Tier
    subject: str
    resolution: Resolution
    lapses_when_rectified: bool
    repair_months: int
    noticed_on: dt.date
    objection_deadline: dt.date
    causes: list[Cause]
    status: ListingStatus = ListingStatus.NOTICED
    listed_on: dt.date | None = None
    rectified_on: dt.date | None = None
    closed_on: dt.date | None = None
    withdrawal_reason: str = ""
    objection: Objection | None = None
    objection_deadline_provisional: bool = False
    objection_working_days: int = 0
    # Repaired only on the unit's application, decided by the agency (not by the day close).
    repair_by_application: bool = False
    repair_applications: list[RepairApplication] = field(default_factory=list)

    @property
    def repair_application(self) -> RepairApplication | None:
        return self.repair_applications[-1] if self.repair_applications else None

    def status_on(self, day: dt.date) -> ListingStatus | None:
        """The status this listing had at the end of `day` (None: not yet noticed)."""
        if self.closed_on is not None and self.closed_on <= day:
            return self.status
        if self.listed_on is not None and self.listed_on <= day:
            return ListingStatus.LISTED
        if self.noticed_on <= day:
            return ListingStatus.NOTICED
        return None


@dataclass
class Order:
    """A rectification order (责令改正通知书) and the hazards it covers."""

    hazard_ids: list[str]
    major: bool
    verified_on: dt.date | None = None


@dataclass
class Penalty:
    penalty_id: str
    decided_on: dt.date
    cause: Cause


@dataclass
class CreditState:
    uscc: str
    unit_name: str = ""
    name_key: str = ""
    district: str = ""
    district_key: str = ""
    first_seen: dt.date | None = None
    first_key: str = ""
    first_cause: Cause | None = None
    # The business day good standing is judged on: moved by supervision facts and day closes.
    reference_on: dt.date | None = None
    permits: dict[str, str] = field(default_factory=dict)  # permit number → "held" / "revoked"
    hazards: dict[str, str] = field(default_factory=dict)  # hazard id → grade
    hazard_causes: dict[str, Cause] = field(default_factory=dict)  # hazard id → the HazardFound
    hazards_rectified: set[str] = field(default_factory=set)  # by a verified order or a clean inspection
    orders: dict[str, Order] = field(default_factory=dict)
    penalties: list[Penalty] = field(default_factory=list)
    inspected_years: set[int] = field(default_factory=set)
    problem_years: set[int] = field(default_factory=set)  # a hazard, violation, penalty or notice
    clean_inspections: dict[int, Cause] = field(default_factory=dict)  # year → last clean inspection
    suspended_by: str = ""  # the order whose overdue suspended business (停产停业)
    suspension_cause: Cause | None = None
    listings: dict[str, Listing] = field(default_factory=dict)
    repeated_violations_cleared_on: dt.date | None = None
    history: list[StandingEntry] = field(default_factory=list)
    review_on: dt.date | None = None
    # A fire technical service firm (消防技术服务机构, C7) and what it does; known from supervision's facts.
    service_types: set[str] = field(default_factory=set)
    technical_service_firm: bool = False
    trade_exit_recommended_on: dt.date | None = None  # in the current period of serious dishonesty
    # On supervision's register of firms (消防技术服务机构名录): the subject a firm's listing needs.
    firm_registered: bool = False
    held_listings: dict[str, dict[str, Any]] = field(default_factory=dict)  # "rule:subject" → rule, subject, causes

    # -- facts ---------------------------------------------------------------------------------

    def note(self, fact: Fact, name_key: str = "") -> None:
        """Keep the newest name and district, the earliest appearance, and the reference day.
        `name_key`, when given, ranks the fact's name instead of its own key (the register's name)."""
        key = fact.key
        if fact.unit_name and (name_key or key) > self.name_key:
            self.unit_name, self.name_key = fact.unit_name, name_key or key
        if fact.district and key > self.district_key:
            self.district, self.district_key = fact.district, key
        if self.first_cause is None or key < self.first_key:
            self.first_seen, self.first_key, self.first_cause = fact.on, key, dict(fact.cause)
        if fact.service == "supervision":
            self.move_reference(fact.known_on)

    def move_reference(self, day: dt.date) -> None:
        if self.reference_on is None or day > self.reference_on:
            self.reference_on = day

    @property
    def permits_held(self) -> int:
        return sum(1 for status in self.permits.values() if status == "held")

    def register_firm(self, service_types: list[str]) -> None:
        self.firm_registered = True
        self.technical_service_firm = True
        self.service_types.update(service_types)

    def note_firm(self, party_kind: str, service_type: str) -> None:
        if party_kind == TECHNICAL_SERVICE_FIRM:
            self.technical_service_firm = True
            if service_type:
                self.service_types.add(service_type)

    @property
    def open_major_hazards(self) -> list[str]:
        """Major hazards found and not yet rectified (挂牌督办 while their order runs)."""
        return sorted(h for h, grade in self.hazards.items() if grade == "major" and h not in self.hazards_rectified)

    def problem_in(self, day: dt.date) -> None:
        self.problem_years.add(day.year)

    # -- listings ------------------------------------------------------------------------------

    def listings_in(self, *statuses: ListingStatus) -> list[Listing]:
        return sorted(
            (listing for listing in self.listings.values() if listing.status in statuses),
            key=lambda listing: (listing.noticed_on, listing.notice_id),
        )

    def has_listing(self, rule: Rule, subject: str) -> bool:
        return any(listing.rule == rule and listing.subject == subject for listing in self.listings.values())

    @property
    def current(self) -> StandingEntry | None:
        return self.history[-1] if self.history else None
