"""Which permit a supervision act concerns: the inspection that verified a commitment, the pilot
venue a check inspects, and each rectification order they led to (Fire Law art. 15: a unit that fails
to rectify loses the permit)."""

from __future__ import annotations

import uuid

from eventsourcing.domain import Aggregate, event

LINK_NAMESPACE = uuid.UUID("7d2e9b14-5c3a-4f81-b6e0-2a9c4d1f8e53")


class SupervisionLink(Aggregate):
    """Supervision's inspection, order or pilot venue → the application it concerns."""

    class Linked(Aggregate.Created):
        kind: str  # "inspection", "order" or "pilot" (reference: the venue's USCC)
        reference: str
        application_id: str

    class Relinked(Aggregate.Event):
        """A unit registered on the pilot route again: its later checks concern the new registration."""

        application_id: str

    @staticmethod
    def create_id(kind: str, reference: str) -> uuid.UUID:
        return uuid.uuid5(LINK_NAMESPACE, f"{kind}:{reference}")

    def __init__(self, kind: str, reference: str, application_id: str) -> None:
        self.kind = kind
        self.reference = reference
        self.application_id = application_id

    @event(Relinked)
    def relink(self, application_id: str) -> None:
        self.application_id = application_id
