"""Special-period leniency (S6, 000 Hongkou): a published policy that spares what is rectified as required.

During the epidemic the Hongkou detachment published that problems found in inspection which do not
amount to a major hazard (未构成重大火灾隐患) and are rectified as required (按要求落实整改) are not
punished (依法不予处罚) and no suspension, stop of use or sealing is imposed. Such a policy is a
document of the agency: it has its number (文号), the districts it covers and the days it runs; it
applies to what inspections found on those days, and to nothing found before or after.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from enum import StrEnum

from eventsourcing.domain import Aggregate, event

from services.supervision.domain.common import SupervisionError, stable_id


@dataclass(frozen=True)
class LeniencyPolicy:
    document_no: str
    title: str
    districts: tuple[str, ...]
    starts_on: dt.date
    ends_on: dt.date
    published_by: str
    published_at: str

    def covers(self, district: str, found_on: dt.date) -> bool:
        return district in self.districts and self.starts_on <= found_on <= self.ends_on

    @property
    def name(self) -> str:
        return f"{self.document_no}《{self.title}》"


class Rectification(StrEnum):
    """Where a finding stands against what was required of the unit."""

    ON_THE_SPOT = "on_the_spot"  # corrected during the inspection
    AS_REQUIRED = "as_required"  # the order naming it verified rectified by its deadline
    PENDING = "pending"  # no order yet, or the order still running
    NOT_AS_REQUIRED = "not_as_required"  # overdue, refused, or rectified only after the deadline


def check_leniency(policy: LeniencyPolicy | None, major_hazard_found: bool, rectification: Rectification) -> None:
    """Refuse a penalty the policy in force when the finding was made excludes.

    What the policy spares is refused with `SPECIAL_PERIOD_LENIENCY`; while the unit may still
    rectify as required, a penalty would pre-empt the policy and is refused with
    `LENIENCY_RECTIFICATION_PENDING`. A major hazard found in the same inspection, or a rectification
    not made as required, leaves the ordinary rules."""
    if policy is None or major_hazard_found or rectification is Rectification.NOT_AS_REQUIRED:
        return
    if rectification is Rectification.PENDING:
        raise SupervisionError(
            f"{policy.name} spares a problem short of a major hazard that is rectified as required: "
            "order its rectification and punish only if the unit does not rectify in time",
            "LENIENCY_RECTIFICATION_PENDING",
        )
    raise SupervisionError(
        f"{policy.name}: a problem short of a major hazard, rectified as required, is not punished "
        "and no suspension is imposed",
        "SPECIAL_PERIOD_LENIENCY",
    )


class LeniencyPolicies(Aggregate):
    """The special-period leniency policies the agency published, in the order it published them."""

    BOOK_ID = stable_id("leniency", "policies")

    @staticmethod
    def create_id() -> uuid.UUID:
        return LeniencyPolicies.BOOK_ID

    class Opened(Aggregate.Created):
        pass

    class Published(Aggregate.Event):
        request_id: str
        document_no: str
        title: str
        districts: list[str]
        starts_on: str
        ends_on: str
        published_by: str
        published_at: str

    @event(Opened)
    def __init__(self) -> None:
        self.policies: list[LeniencyPolicy] = []
        self.requests: dict[str, str] = {}

    def publish(
        self,
        request_id: str,
        document_no: str,
        title: str,
        districts: list[str],
        starts_on: dt.date,
        ends_on: dt.date,
        published_by: str,
        published_at: str,
    ) -> LeniencyPolicy:
        """Publish a policy once; repeating the request returns it, another request with its 文号 is refused."""
        if request_id in self.requests:
            return self.policy(self.requests[request_id])
        if any(p.document_no == document_no for p in self.policies):
            raise SupervisionError(f"a policy numbered {document_no} is already published", "POLICY_EXISTS")
        if ends_on < starts_on:
            raise SupervisionError("a policy ends on or after the day it starts", "POLICY_ENDS_BEFORE_START")
        self._published(
            request_id=request_id,
            document_no=document_no,
            title=title,
            districts=sorted(set(districts)),
            starts_on=starts_on.isoformat(),
            ends_on=ends_on.isoformat(),
            published_by=published_by,
            published_at=published_at,
        )
        return self.policy(document_no)

    def policy(self, document_no: str) -> LeniencyPolicy:
        return next(p for p in self.policies if p.document_no == document_no)

    def in_force(self, district: str, found_on: dt.date) -> LeniencyPolicy | None:
        """The first published policy that covers a finding made in `district` on `found_on`."""
        return next((p for p in self.policies if p.covers(district, found_on)), None)

    @event(Published)
    def _published(
        self,
        request_id: str,
        document_no: str,
        title: str,
        districts: list[str],
        starts_on: str,
        ends_on: str,
        published_by: str,
        published_at: str,
    ) -> None:
        self.requests[request_id] = document_no
        self.policies.append(
            LeniencyPolicy(
                document_no,
                title,
                tuple(districts),
                dt.date.fromisoformat(starts_on),
                dt.date.fromisoformat(ends_on),
                published_by,
                published_at,
            )
        )
