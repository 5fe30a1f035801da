"""The listing rules (失信认定标准) as data, with their parameters and sources.

Seed 003 (六) names the four triggers of the blacklist without numbers: a commitment found
seriously false (承诺严重失实), a major hazard (存在重大隐患), refusing to correct a violation
(拒不改正违法违规行为) and repeated violations (多次违法违规); it promises prompt repair to
units that cooperate and rectify (主动整改的, 及时修复信用). The numbers below are defaults a
district overrides through the settings (services/credit/settings.py):

- objection window, 5 working days: the unit is told before it is listed and may object
  (应急消〔2020〕331号); the seeds give no length, 5 working days is this system's default.
- repeated violations, 3 penalties within 12 months: 003 (六) gives no count; the default
  is this system's choice, to be set to the district's published standard.
- minimum period before repair, 12 months for serious and 3 months for general dishonesty:
  the minimum publication periods of the national credit-repair measures
  (《失信行为纠正后的信用信息修复管理办法(试行)》); the seeds give none.
- serious violations of a fire technical service firm (消防技术服务机构): 003 (二) records the
  trade's violations on the credit record (记入信用记录) and makes the firms and people that
  seriously break the rules leave the trade (严重违法违规的机构和人员实行行业退出、永久禁入). The
  violations counted as serious by default are those the Fire Law (art. 69) punishes with the
  highest fines — issuing false documents (出具虚假文件) and practising without meeting the
  conditions (不具备从业条件) — and any firm violation penalised at serious severity (情节严重,
  for which art. 69 orders the firm to stop practising, 责令停止执业). A district replaces both
  lists with its own handling measures (消防技术服务行业违法违规行为处理办法).
"""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from services.credit.domain.standing import Tier


class Rule(StrEnum):
    COMMITMENT_SERIOUSLY_FALSE = "commitment_seriously_false"  # 承诺严重失实
    MAJOR_HAZARD_UNRECTIFIED = "major_hazard_unrectified"  # 存在重大火灾隐患, not rectified by its deadline
    RECTIFICATION_REFUSED = "rectification_refused"  # 拒不改正
    RECTIFICATION_OVERDUE = "rectification_overdue"  # 逾期未改正 (an ordinary order overdue)
    REPEATED_VIOLATIONS = "repeated_violations"  # 多次违法违规
    # 消防技术服务机构严重违法违规 (003 (二)): a penalty on a firm for a serious violation
    TECHNICAL_SERVICE_SERIOUS_VIOLATION = "technical_service_serious_violation"


class Resolution(StrEnum):
    """What counts as rectifying the problem behind a listing (整改)."""

    RECTIFICATION_VERIFIED = "rectification_verified"  # the order's re-inspection passed (复查合格)
    CLEAN_INSPECTION = "clean_inspection"  # a later inspection found no hazard and no violation


@dataclass(frozen=True)
class ListingRule:
    """One trigger of a listing and what it takes to leave it again."""

    rule: Rule
    tier: Tier
    resolution: Resolution
    # A notice lapses when the problem is rectified inside the objection window.
    lapses_when_rectified: bool
    # Minimum months on the list before a repair (最短公示期).
    repair_months: int


def default_rules(serious_repair_months: int = 12, general_repair_months: int = 3) -> dict[Rule, ListingRule]:
    serious, general = Tier.SERIOUS_DISHONESTY, Tier.GENERAL_DISHONESTY
    verified, clean = Resolution.RECTIFICATION_VERIFIED, Resolution.CLEAN_INSPECTION
    table = [
        # rule, tier, what rectifies it, lapses when rectified inside the window, repair months
        (Rule.COMMITMENT_SERIOUSLY_FALSE, serious, clean, False, serious_repair_months),
        (Rule.MAJOR_HAZARD_UNRECTIFIED, serious, verified, True, serious_repair_months),
        (Rule.RECTIFICATION_REFUSED, serious, verified, True, serious_repair_months),
        (Rule.RECTIFICATION_OVERDUE, general, verified, True, general_repair_months),
        (Rule.REPEATED_VIOLATIONS, serious, clean, False, serious_repair_months),
        (Rule.TECHNICAL_SERVICE_SERIOUS_VIOLATION, serious, clean, False, serious_repair_months),
    ]
    return {row[0]: ListingRule(*row) for row in table}


FIRM_SERIOUS_VIOLATION_TYPES = frozenset({"false_documents", "unqualified_practice"})
"""出具虚假文件, 不具备从业条件从事消防技术服务活动 (Fire Law art. 69; see the module's docstring)."""

FIRM_SERIOUS_SEVERITIES = frozenset({"serious"})
"""Any firm violation penalised at serious severity (情节严重)."""


@dataclass(frozen=True)
class CreditPolicy:
    """The district's credit parameters; every number has its default and source above."""

    objection_working_days: int = 5
    repeated_violation_penalties: int = 3
    repeated_violation_months: int = 12
    rules: Mapping[Rule, ListingRule] = field(default_factory=default_rules)
    firm_serious_violation_types: frozenset[str] = FIRM_SERIOUS_VIOLATION_TYPES
    firm_serious_severities: frozenset[str] = FIRM_SERIOUS_SEVERITIES
    # Tiers whose listings the day close repairs by itself once rectified and the minimum period
    # served; the others are repaired only on the unit's application, decided by the agency (C4).
    automatic_repair_tiers: frozenset[Tier] = frozenset({Tier.GENERAL_DISHONESTY})

    def __post_init__(self) -> None:
        if self.objection_working_days < 1:
            raise ValueError("the objection window needs at least one working day")
        if self.repeated_violation_penalties < 2:
            raise ValueError("repeated violations need at least two penalties")
        if self.repeated_violation_months < 1:
            raise ValueError("the repeated-violations period needs at least one month")
        missing = set(Rule) - set(self.rules)
        if missing:
            raise ValueError(f"no parameters for rules {sorted(missing)}")

    def listing_rule(self, rule: Rule) -> ListingRule:
        return self.rules[rule]

    def firm_violation_is_serious(self, violation_type: str, severity: str) -> bool:
        """A technical service firm's violation that goes on its record as serious (003 (二))."""
        return violation_type in self.firm_serious_violation_types or severity in self.firm_serious_severities


class WorkingDays(Protocol):
    """The official working-day calendar (kit.calendar.WorkingDayCalendar satisfies it)."""

    def add_working_days(self, start: dt.date, days: int) -> dt.date: ...

    def provisional_between(self, start: dt.date, end: dt.date) -> bool: ...


@dataclass(frozen=True)
class Context:
    """What a rule needs besides the record: the parameters, the calendar, and how credit names
    its own events (the stable id its relay gives the event at an aggregate's version)."""

    policy: CreditPolicy
    calendar: WorkingDays
    event_id: Callable[[uuid.UUID, int], str]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))
