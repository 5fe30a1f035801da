"""The register of units under supervision (监管对象名录)."""

from __future__ import annotations

import uuid

from eventsourcing.domain import Aggregate, event

REGISTER_NAMESPACE = uuid.UUID("d7e2a913-5b4c-4f0e-8c6a-1b9f3e2d7c48")


class RegisteredUnit(Aggregate):
    """A unit on the register, from which the double-random draw picks (S1)."""

    @staticmethod
    def create_id(uscc: str) -> uuid.UUID:
        return uuid.uuid5(REGISTER_NAMESPACE, uscc)

    class Registered(Aggregate.Created):
        uscc: str
        unit_name: str
        venue_name: str
        district: str
        venue_category: str
        since: str

    class PermitNoted(Aggregate.Event):
        permit_no: str
        route: str
        granted_at: str

    @event(Registered)
    def __init__(
        self, uscc: str, unit_name: str, venue_name: str, district: str, venue_category: str, since: str
    ) -> None:
        self.uscc = uscc
        self.unit_name = unit_name
        self.venue_name = venue_name
        self.district = district
        self.venue_category = venue_category
        self.since = since
        self.permits: list[str] = []

    @event(PermitNoted)
    def note_permit(self, permit_no: str, route: str, granted_at: str) -> None:
        self.permits.append(permit_no)
