"""Simple fire registration (火灾简易登记, S9, 004 #15).

A small fire whose facts are clear and undisputed, with no casualties, no
suspicion of arson, no compensation dispute, no insurance claim and a slight
direct loss is registered simply, without sealing the scene.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from eventsourcing.domain import Aggregate, event

from services.supervision.domain.common import SupervisionError, stable_id


@dataclass(frozen=True)
class FireFacts:
    uscc: str
    unit_name: str
    address: str
    district: str
    occurred_at: str
    description: str
    casualties: int
    arson_suspected: bool
    compensation_dispute: bool
    insurance_claim: bool
    facts_clear_and_undisputed: bool
    direct_loss_yuan: int


def reasons_against_simple_registration(facts: FireFacts, max_loss_yuan: int) -> list[str]:
    reasons = []
    if facts.casualties:
        reasons.append("casualties")
    if facts.arson_suspected:
        reasons.append("suspected arson")
    if facts.compensation_dispute:
        reasons.append("a compensation dispute")
    if facts.insurance_claim:
        reasons.append("an insurance claim")
    if not facts.facts_clear_and_undisputed:
        reasons.append("facts not clear or disputed")
    if facts.direct_loss_yuan > max_loss_yuan:
        reasons.append(f"a direct loss above {max_loss_yuan} yuan")
    return reasons


class FireRegistration(Aggregate):
    @staticmethod
    def create_id(request_id: str) -> uuid.UUID:
        return stable_id("fire", request_id)

    class SimplyRegistered(Aggregate.Created):
        request_id: str
        uscc: str
        unit_name: str
        address: str
        district: str
        occurred_at: str
        description: str
        direct_loss_yuan: int
        registered_on: str
        officer_ids: list[str]

    @event(SimplyRegistered)
    def __init__(
        self,
        request_id: str,
        uscc: str,
        unit_name: str,
        address: str,
        district: str,
        occurred_at: str,
        description: str,
        direct_loss_yuan: int,
        registered_on: str,
        officer_ids: list[str],
    ) -> None:
        self.uscc = uscc
        self.scene_sealed = False

    @classmethod
    def register_simply(
        cls, request_id: str, facts: FireFacts, max_loss_yuan: int, registered_on: str, officer_ids: list[str]
    ) -> FireRegistration:
        reasons = reasons_against_simple_registration(facts, max_loss_yuan)
        if reasons:
            raise SupervisionError(
                "not a fire for simple registration: " + ", ".join(reasons), "SIMPLE_REGISTRATION_NOT_ALLOWED"
            )
        return cls(
            request_id=request_id,
            uscc=facts.uscc,
            unit_name=facts.unit_name,
            address=facts.address,
            district=facts.district,
            occurred_at=facts.occurred_at,
            description=facts.description,
            direct_loss_yuan=facts.direct_loss_yuan,
            registered_on=registered_on,
            officer_ids=list(officer_ids),
        )
