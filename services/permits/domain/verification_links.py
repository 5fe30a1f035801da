"""Which permit a supervision act concerns: the inspection that verified a commitment, and each
rectification order it led to (Fire Law art. 15: a unit that fails to rectify loses the permit)."""

from __future__ import annotations

import uuid

from eventsourcing.domain import Aggregate

LINK_NAMESPACE = uuid.UUID("7d2e9b14-5c3a-4f81-b6e0-2a9c4d1f8e53")


class VerificationLink(Aggregate):
    """Supervision's inspection or order → the commitment-route application it verifies."""

    class Linked(Aggregate.Created):
        kind: str  # "inspection" or "order"
        reference: str
        application_id: str

    @staticmethod
    def create_id(kind: str, reference: str) -> uuid.UUID:
        return uuid.uuid5(LINK_NAMESPACE, f"{kind}:{reference}")

    def __init__(self, kind: str, reference: str, application_id: str) -> None:
        self.kind = kind
        self.reference = reference
        self.application_id = application_id
