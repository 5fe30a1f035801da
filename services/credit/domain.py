"""A unit's credit record (信用档案). Every change names the event that caused it (C1, C6)."""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.domain import Aggregate, event

RECORD_NAMESPACE = uuid.UUID("9a3e51d2-6c0b-4b7e-8f14-3d2c7a6b5e01")


class UnitCreditRecord(Aggregate):
    @staticmethod
    def create_id(uscc: str) -> uuid.UUID:
        return uuid.uuid5(RECORD_NAMESPACE, uscc)

    class Opened(Aggregate.Created):
        uscc: str
        unit_name: str
        district: str
        cause: dict[str, Any]

    class PermitRecorded(Aggregate.Event):
        permit_no: str
        route: str
        cause: dict[str, Any]

    @event(Opened)
    def __init__(self, uscc: str, unit_name: str, district: str, cause: dict[str, Any]) -> None:
        self.uscc = uscc
        self.unit_name = unit_name
        self.district = district
        self.standing = "normal"
        self.permits: list[str] = []
        self.causes: list[dict[str, Any]] = [cause]

    @event(PermitRecorded)
    def record_permit(self, permit_no: str, route: str, cause: dict[str, Any]) -> None:
        self.permits.append(permit_no)
        self.causes.append(cause)
