"""Inspectors (消防监督员): certification (持证上岗), ties that require recusal (回避), two-person enforcement."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from eventsourcing.domain import Aggregate, event

from services.supervision.domain.common import SupervisionError, stable_id


class Role(StrEnum):
    INSPECTOR = "inspector"  # 消防监督员
    LEGAL_REVIEWER = "legal_reviewer"  # 法制审核人员
    LEADER = "leader"  # 机构负责人: takes part in collective deliberation (集体讨论)


class TieRelation(StrEnum):
    """Why an inspector must stand aside for a unit (003 (十三))."""

    RELATIVE_EMPLOYED = "relative_employed"  # 近亲属在该单位任职
    RELATIVE_RUNS_SERVICE_FIRM = "relative_runs_service_firm"  # 近亲属经营消防技术服务机构
    FORMER_EMPLOYER = "former_employer"
    FINANCIAL_INTEREST = "financial_interest"
    OTHER = "other"


class Inspector(Aggregate):
    @staticmethod
    def create_id(inspector_id: str) -> uuid.UUID:
        return stable_id("inspector", inspector_id)

    class Enrolled(Aggregate.Created):
        inspector_id: str
        name: str
        district: str
        roles: list[str]
        enrolled_at: str

    class Certified(Aggregate.Event):
        certificate_no: str
        valid_until: str
        certified_at: str

    class CertificationWithdrawn(Aggregate.Event):
        reason: str
        withdrawn_at: str

    class TieDeclared(Aggregate.Event):
        """A tie to a unit, or to a fire technical service firm, by its USCC."""

        uscc: str
        relation: str
        note: str
        declared_at: str

    @event(Enrolled)
    def __init__(self, inspector_id: str, name: str, district: str, roles: list[str], enrolled_at: str) -> None:
        self.inspector_id = inspector_id
        self.name = name
        self.district = district
        self.roles = list(roles)
        self.certificate_no = ""
        self.certified_until: dt.date | None = None
        self.ties: dict[str, str] = {}

    @event(Certified)
    def certify(self, certificate_no: str, valid_until: str, certified_at: str) -> None:
        self.certificate_no = certificate_no
        self.certified_until = dt.date.fromisoformat(valid_until)

    def withdraw_certification(self, reason: str, withdrawn_at: str) -> None:
        if self.certified_until is None:
            raise SupervisionError(f"inspector {self.inspector_id} holds no certificate", "NOT_CERTIFIED")
        self._withdrawn(reason=reason, withdrawn_at=withdrawn_at)

    @event(CertificationWithdrawn)
    def _withdrawn(self, reason: str, withdrawn_at: str) -> None:
        self.certificate_no = ""
        self.certified_until = None

    @event(TieDeclared)
    def declare_tie(self, uscc: str, relation: str, note: str, declared_at: str) -> None:
        self.ties[uscc] = relation

    def is_certified_on(self, day: dt.date) -> bool:
        return self.certified_until is not None and day <= self.certified_until

    def is_tied_to(self, *usccs: str) -> bool:
        return any(u and u in self.ties for u in usccs)

    def has_role(self, role: Role) -> bool:
        return role.value in self.roles


@dataclass(frozen=True)
class EnforcementTarget:
    """Whom an enforcement act concerns: the unit, and the firm that maintains its fire facilities."""

    uscc: str
    service_firm_uscc: str = ""


def check_enforcement_team(
    team: Sequence[Inspector], target: EnforcementTarget, on: dt.date, required: int = 2
) -> None:
    """双人执法、持证上岗、回避: at least `required` distinct certified inspectors, none tied to the target."""
    ids = [i.inspector_id for i in team]
    if len(set(ids)) < required:
        raise SupervisionError(
            f"enforcement needs {required} different inspectors, got {len(set(ids))}", "TWO_PERSON_ENFORCEMENT"
        )
    for inspector in team:
        if not inspector.has_role(Role.INSPECTOR) or not inspector.is_certified_on(on):
            raise SupervisionError(
                f"inspector {inspector.inspector_id} is not certified on {on.isoformat()}", "NOT_CERTIFIED"
            )
        if inspector.is_tied_to(target.uscc, target.service_firm_uscc):
            raise SupervisionError(
                f"inspector {inspector.inspector_id} has a tie to {target.uscc} and must stand aside",
                "RECUSAL_REQUIRED",
            )
