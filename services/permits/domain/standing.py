"""Permits' own view of a unit's credit standing, fed by credit's events (P3: no commitment route when blacklisted)."""

from __future__ import annotations

import uuid

from eventsourcing.domain import Aggregate, event

STANDING_NAMESPACE = uuid.UUID("a4c1d8e2-7b3f-4e6a-9d05-3c8b1f2e6a47")


class UnitStanding(Aggregate):
    class Recorded(Aggregate.Created):
        uscc: str
        tier: str
        cause_event_id: str
        effective_on: str

    class Changed(Aggregate.Event):
        tier: str
        cause_event_id: str
        effective_on: str

    @staticmethod
    def create_id(uscc: str) -> uuid.UUID:
        return uuid.uuid5(STANDING_NAMESPACE, uscc)

    @event(Recorded)
    def __init__(self, uscc: str, tier: str, cause_event_id: str, effective_on: str) -> None:
        self.uscc = uscc
        self.tier = tier

    @event(Changed)
    def change(self, tier: str, cause_event_id: str, effective_on: str) -> None:
        self.tier = tier
