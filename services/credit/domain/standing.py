"""The vocabulary of a standing: tiers, colours, causes, and the standing in force on a day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

Cause = dict[str, Any]
"""One event that contributed to a standing (C6): service, event_id, event_type, time, rule, position."""


class Tier(StrEnum):
    """Credit tier (信用等级), per 应急消〔2020〕331号: red list, general and serious dishonesty."""

    RED_LIST = "red_list"  # 守信红名单
    NORMAL = "normal"
    GENERAL_DISHONESTY = "general_dishonesty"  # 一般失信
    SERIOUS_DISHONESTY = "serious_dishonesty"  # 严重失信: the blacklist (失信黑名单)

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY = {
    Tier.RED_LIST: 0,
    Tier.NORMAL: 1,
    Tier.GENERAL_DISHONESTY: 2,
    Tier.SERIOUS_DISHONESTY: 3,
}


class Colour(StrEnum):
    """Management colour (红灰黄绿"四色"差异化管理, 002 二(一)).

    Seed 002 orders the four colours for rental housing and shared premises without defining
    them; its own text gives the states they manage: premises with hazards to rectify by a
    deadline (随增随改), premises out of use (停用停租, re-checked before they reopen) and major
    hazards listed for supervision (挂牌督办), overdue ones suspended (停产、停业, 二(六)). Here,
    from the strictest: red is the blacklist, grey a business suspended, yellow a unit with a
    problem still open, green none.
    """

    GREEN = "green"  # normal or red list: nothing open
    YELLOW = "yellow"  # general dishonesty, a listing notice pending, or a major hazard still open
    GREY = "grey"  # business suspended (停产停业) until rectification is verified or business resumes
    RED = "red"  # serious dishonesty: blacklisted (失信黑名单)


def colour_of(tier: Tier, *, suspended: bool, notice_pending: bool, major_hazard_open: bool = False) -> Colour:
    """Red for the blacklist, grey while suspended, yellow while a problem is open, else green."""
    if tier is Tier.SERIOUS_DISHONESTY:
        return Colour.RED
    if suspended:
        return Colour.GREY
    if tier is Tier.GENERAL_DISHONESTY or notice_pending or major_hazard_open:
        return Colour.YELLOW
    return Colour.GREEN


RULE_DESCRIPTIONS = {
    "on_record": "on record; no dishonesty recorded (无失信记录)",
    "permit_held": "a permit held (消防安全检查合格)",
    "permit_revoked": "a permit revoked (撤销许可)",
    "commitment_seriously_false": "a commitment found seriously false (承诺严重失实, 003 (六))",
    "major_hazard_unrectified": (
        "a major fire hazard not rectified by its order's deadline (存在重大火灾隐患逾期未整改, 003 (六), 002 二(六))"
    ),
    "hazard_found": "a fire hazard found (发现火灾隐患)",
    "rectification_refused": "refusing to correct a violation (拒不改正违法违规行为, 003 (六))",
    "rectification_overdue": "a rectification order left overdue (逾期未改正)",
    "repeated_violations": "repeated violations: penalties within a period (多次违法违规, 003 (六))",
    "technical_service_serious_violation": (
        "a fire technical service firm's serious violation (消防技术服务机构严重违法违规, 003 (二))"
    ),
    "technical_service_violation": "a violation by a fire technical service firm (消防技术服务机构违法违规)",
    "firm_registered": ("the firm entered on the register of fire technical service firms (消防技术服务机构名录, C7)"),
    "trade_exit_recommended": (
        "a fire technical service firm seriously dishonest: exit from the trade recommended (行业退出, 003 (二))"
    ),
    "notice_before_listing": "the unit is told before it is listed and may object (列入前告知)",
    "objection_window_closed": "the objection window closed without a successful objection (异议期满)",
    "objection_filed": "the unit objected (提出异议)",
    "objection_upheld": "the objection was upheld (异议成立)",
    "objection_rejected": "the objection was rejected (异议不成立)",
    "rectification_verified": "rectification verified on re-inspection (整改复查合格)",
    "clean_inspection": "an inspection found no hazard and no violation (检查未发现问题)",
    "credit_repaired": "rectified and the minimum period served (信用修复, 003 (六))",
    "good_standing": "inspected in the previous year with no hazard, violation or penalty (守信激励, 000, 003 (六))",
    "good_standing_reviewed": "the year turned: good standing reviewed (年度守信评价)",
    "major_hazard_open": "a major fire hazard under its rectification order (重大火灾隐患挂牌督办, 002 二(六))",
    "business_suspended": "business suspended for an overdue major hazard (停产停业, S5)",
    "suspension_lifted": "the suspension ended with the rectification verified (恢复营业)",
}


def describe(rule: str) -> str:
    return RULE_DESCRIPTIONS.get(rule, rule)


@dataclass(frozen=True)
class StandingEntry:
    """A standing as it took effect on a day (信用状况): one line of the unit's history."""

    effective_on: dt.date | None
    tier: Tier
    colour: Colour
    reduced_inspection: bool
    listed_rules: tuple[str, ...] = ()
    causes: tuple[Cause, ...] = field(default=())
    previous_tier: Tier | None = None
    previous_colour: Colour | None = None

    @property
    def blacklisted(self) -> bool:
        return self.tier is Tier.SERIOUS_DISHONESTY

    def same_standing(self, other: StandingEntry) -> bool:
        return (self.tier, self.colour, self.reduced_inspection, self.listed_rules) == (
            other.tier,
            other.colour,
            other.reduced_inspection,
            other.listed_rules,
        )


INITIAL_STANDING = StandingEntry(effective_on=None, tier=Tier.NORMAL, colour=Colour.GREEN, reduced_inspection=False)
