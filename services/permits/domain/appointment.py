"""Appointments with the agency (P7, N8): pre-opening guidance, off-hours inspections, training and drills."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any

from eventsourcing.domain import Aggregate, event

APPOINTMENT_NAMESPACE = uuid.UUID("5e0f7a3c-2d41-4b8e-9c16-8f2a7d3e1b05")


class AppointmentKind(StrEnum):
    GUIDANCE = "guidance"  # 开业前指导: on site within 2 working days
    OFF_HOURS_INSPECTION = "off_hours_inspection"  # 错时检查: at night or at the weekend, on request
    TRAINING = "training"  # 消防安全培训 booked with the agency (004 #16)
    DRILL = "drill"  # 灭火和应急疏散演练 booked with the agency (004 #16)


class Appointment(Aggregate):
    class Booked(Aggregate.Created):
        request_id: str
        kind: str
        unit: dict[str, Any]
        applicant: dict[str, str]
        requested_date: dt.date
        due_on: dt.date
        booked_at: dt.datetime

    @staticmethod
    def create_id(request_id: str) -> uuid.UUID:
        return uuid.uuid5(APPOINTMENT_NAMESPACE, f"appointment:{request_id}")

    @event(Booked)
    def __init__(
        self,
        request_id: str,
        kind: str,
        unit: dict[str, Any],
        applicant: dict[str, str],
        requested_date: dt.date,
        due_on: dt.date,
        booked_at: dt.datetime,
    ) -> None:
        self.request_id = request_id
        self.kind = kind
        self.unit = unit
        self.applicant = applicant
        self.requested_date = requested_date
        self.due_on = due_on
        self.booked_at = booked_at
