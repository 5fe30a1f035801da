"""Letters copying hazards and violations to the unit's industry regulator (函告, 隐患抄告, 移送抄告, S8),
sent at once.

A violation found without any hazard is copied too (the regulator supervises the unit's conduct,
not only its premises). A violation corrected on the spot is copied marked as such, and a letter
with nothing left to rectify does not announce an order. A fire technical service firm's violation
is not the unit's and is not copied to the unit's regulator."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from eventsourcing.domain import Aggregate, event

from services.supervision.domain.common import SupervisionError, stable_id
from services.supervision.domain.firms import PartyKind

VIOLATION_NAMES = {
    "locked_exit": "锁闭安全出口",
    "blocked_evacuation_route": "堵塞疏散通道",
    "fire_facilities_switched_off": "擅自停用消防设施",
    "blocked_fire_lane": "占用消防车通道",
    "other": "其他消防安全违法行为",
}


class ReferralLetter(Aggregate):
    """One letter per inspection that found hazards or violations of the unit."""

    @staticmethod
    def create_id(inspection_id: str) -> uuid.UUID:
        return stable_id("referral", inspection_id)

    class Sent(Aggregate.Created):
        inspection_id: str
        uscc: str
        unit_name: str
        regulator: str
        hazard_ids: list[str]
        summary: str
        sent_on: str
        violation_ids: list[str] | None = None
        #: Every finding was a violation corrected on the spot: no order follows.
        all_corrected_on_the_spot: bool = False

    @event(Sent)
    def __init__(
        self,
        inspection_id: str,
        uscc: str,
        unit_name: str,
        regulator: str,
        hazard_ids: list[str],
        summary: str,
        sent_on: str,
        violation_ids: list[str] | None = None,
        all_corrected_on_the_spot: bool = False,
    ) -> None:
        self.inspection_id = inspection_id
        self.regulator = regulator

    @classmethod
    def send(
        cls,
        inspection_id: str,
        uscc: str,
        unit_name: str,
        regulator: str,
        hazards: dict[str, dict[str, str]],
        on: str,
        violations: dict[str, dict[str, Any]] | None = None,
    ) -> ReferralLetter:
        own = units_violations(violations or {})
        if not regulator:
            raise SupervisionError("a referral letter needs the unit's industry regulator", "NO_REGULATOR")
        if not hazards and not own:
            raise SupervisionError("a referral letter copies at least one hazard or violation", "NOTHING_TO_REFER")
        return cls(
            inspection_id=inspection_id,
            uscc=uscc,
            unit_name=unit_name,
            regulator=regulator,
            hazard_ids=list(hazards),
            summary=referral_summary(unit_name, list(hazards.values()), list(own.values())),
            sent_on=on,
            violation_ids=list(own),
            all_corrected_on_the_spot=not hazards and all(v["corrected_on_the_spot"] for v in own.values()),
        )


def units_violations(violations: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The unit's own violations: a technical service firm's are not the unit's regulator's concern."""
    return {
        v: data
        for v, data in violations.items()
        if data.get("party_kind", PartyKind.UNIT.value) != PartyKind.TECHNICAL_SERVICE_FIRM
    }


def referral_summary(
    unit_name: str, hazards: Sequence[dict[str, str]], violations: Sequence[dict[str, Any]] = ()
) -> str:
    """The letter's text: which hazards, graded, and which violations, for the regulator to follow up."""
    found = [f"火灾隐患{len(hazards)}处"] if hazards else []
    if violations:
        found.append(f"消防安全违法行为{len(violations)}项")
    settled = not hazards and all(v["corrected_on_the_spot"] for v in violations)
    ask = "特此函告。" if settled else "特此函告，请督促整改。"
    lines = [f"{unit_name}：经检查发现{'、'.join(found)}，{ask}"]
    number = 0
    for hazard in hazards:
        number += 1
        grade = "重大火灾隐患" if hazard["grade"] == "major" else "一般火灾隐患"
        lines.append(f"{number}. [{grade}] {hazard['description']}")
    for violation in violations:
        number += 1
        name = VIOLATION_NAMES.get(str(violation["violation_type"]), "消防安全违法行为")
        corrected = "（已当场改正）" if violation["corrected_on_the_spot"] else ""
        lines.append(f"{number}. [{name}] {violation['description']}{corrected}")
    return "\n".join(lines)
