"""Letters copying hazards to the unit's industry regulator (函告, 隐患抄告, S8), sent at once."""

from __future__ import annotations

import uuid

from eventsourcing.domain import Aggregate, event

from services.supervision.domain.common import SupervisionError, stable_id


class ReferralLetter(Aggregate):
    """One letter per inspection that found hazards."""

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
    ) -> None:
        self.inspection_id = inspection_id
        self.regulator = regulator

    @classmethod
    def send(
        cls, inspection_id: str, uscc: str, unit_name: str, regulator: str, hazards: dict[str, dict[str, str]], on: str
    ) -> ReferralLetter:
        if not regulator:
            raise SupervisionError("a referral letter needs the unit's industry regulator", "NO_REGULATOR")
        if not hazards:
            raise SupervisionError("a referral letter copies at least one hazard", "NO_HAZARDS")
        return cls(
            inspection_id=inspection_id,
            uscc=uscc,
            unit_name=unit_name,
            regulator=regulator,
            hazard_ids=list(hazards),
            summary=referral_summary(unit_name, list(hazards.values())),
            sent_on=on,
        )


def referral_summary(unit_name: str, hazards: list[dict[str, str]]) -> str:
    """The letter's text: which hazards, graded, for the regulator to follow up."""
    lines = [f"{unit_name}：经检查发现火灾隐患{len(hazards)}处，特此函告，请督促整改。"]
    for number, hazard in enumerate(hazards, start=1):
        grade = "重大火灾隐患" if hazard["grade"] == "major" else "一般火灾隐患"
        lines.append(f"{number}. [{grade}] {hazard['description']}")
    return "\n".join(lines)
