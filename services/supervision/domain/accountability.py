"""Letters, warnings and interviews of those responsible (函告、警示、约谈, S5; seed 002 二(六)).

A major hazard listed for supervision (挂牌督办) that is not rectified by its deadline leads to
suspension of business and, for the responsible unit and the people responsible, to letters,
warnings and interviews. Each is an act the agency records: which order it follows, what it is,
to whom, what it says, by which two officers, on which day. It may follow only an overdue (or
refused) major hazard: before the deadline the order itself is the agency's word, and a general
hazard is followed by the order's own consequences.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from eventsourcing.domain import Aggregate, event

from services.supervision.domain.common import SupervisionError, stable_id
from services.supervision.domain.rectification import OrderStatus, RectificationOrder


class MeasureKind(StrEnum):
    LETTER = "letter"  # 函告: a letter to the responsible unit (or its superior)
    WARNING = "warning"  # 警示: a written warning
    INTERVIEW = "interview"  # 约谈: the responsible people are called in and heard


class AddresseeKind(StrEnum):
    UNIT = "unit"  # 责任单位
    PERSON = "person"  # 责任人员


class AccountabilityMeasure(Aggregate):
    @staticmethod
    def create_id(request_id: str) -> uuid.UUID:
        return stable_id("accountability-measure", request_id)

    class Taken(Aggregate.Created):
        request_id: str
        order_id: str
        uscc: str
        unit_name: str
        district: str
        kind: str
        addressee_kind: str
        addressee: str
        content: str
        taken_on: str
        officer_ids: list[str]
        responsible_person: str
        taken_at: str = ""
        interview_at: str = ""
        place: str = ""

    @event(Taken)
    def __init__(
        self,
        request_id: str,
        order_id: str,
        uscc: str,
        unit_name: str,
        district: str,
        kind: str,
        addressee_kind: str,
        addressee: str,
        content: str,
        taken_on: str,
        officer_ids: list[str],
        responsible_person: str,
        taken_at: str = "",
        interview_at: str = "",
        place: str = "",
    ) -> None:
        self.order_id = order_id
        self.kind = MeasureKind(kind)
        self.taken_on = dt.date.fromisoformat(taken_on)

    @classmethod
    def take(
        cls,
        request_id: str,
        order: RectificationOrder,
        kind: MeasureKind,
        addressee_kind: AddresseeKind,
        addressee: str,
        content: str,
        at: dt.datetime,
        on: dt.date,
        officer_ids: list[str],
        interview_at: dt.datetime | None = None,
        place: str = "",
    ) -> AccountabilityMeasure:
        check_measure_follows(order, on)
        if kind is MeasureKind.INTERVIEW and (interview_at is None or not place):
            raise SupervisionError("an interview names when and where it is held", "INTERVIEW_UNSCHEDULED")
        return cls(
            request_id=request_id,
            order_id=str(order.id),
            uscc=order.uscc,
            unit_name=order.unit_name,
            district=order.district,
            kind=kind.value,
            addressee_kind=addressee_kind.value,
            addressee=addressee,
            content=content,
            taken_on=on.isoformat(),
            officer_ids=list(officer_ids),
            responsible_person=order.responsible_person,
            taken_at=at.isoformat(),
            interview_at=interview_at.isoformat() if interview_at else "",
            place=place,
        )


def check_measure_follows(order: RectificationOrder, on: dt.date) -> None:
    """A measure follows a major hazard not rectified by its deadline, before it is verified rectified."""
    if not order.major:
        raise SupervisionError("letters, warnings and interviews follow a major hazard", "NOT_A_MAJOR_HAZARD")
    if order.status is not OrderStatus.OVERDUE:
        raise SupervisionError(
            f"the order is {order.status.value}: a measure follows a major hazard overdue or refused", "NOT_OVERDUE"
        )
    if order.overdue_on is not None and on < order.overdue_on:
        raise SupervisionError("a measure cannot be dated before the order became overdue", "BEFORE_OVERDUE")
