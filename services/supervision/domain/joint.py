"""Joint inspections with other departments (联合检查、联勤联动, S1) and transfers to the competent one (移送).

Inspections are carried out across departments (003 (四) 跨部门联合工作机制): Jiading checked the
reopening plants with the economy commission, emergency management and the police (联勤联动), each
problem then assigned to whoever answers for it (逐一明确责任主体); Fengxian's departments keep 联合督办
and 移送抄告 (001). A joint inspection is planned with the departments taking part and the units to
visit; at each visit the fire inspectors record their own hazards and violations, and every other
department's findings are attributed to that department. A finding the fire agency cannot deal with
is transferred (移送) by letter to the department competent for it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from eventsourcing.domain import Aggregate, event

from services.supervision.domain.common import SupervisionError, stable_id


class Department(StrEnum):
    """Departments the fire agency inspects with or transfers to (the fire agency itself is not one)."""

    MARKET_REGULATION = "market_regulation"  # 市场监督管理部门
    PUBLIC_SECURITY = "public_security"  # 公安机关（派出所）
    HOUSING_AND_CONSTRUCTION = "housing_and_construction"  # 住房城乡建设部门
    CULTURE_AND_TOURISM = "culture_and_tourism"  # 文化和旅游部门
    EMERGENCY_MANAGEMENT = "emergency_management"  # 应急管理部门
    ECONOMY_AND_INFORMATIZATION = "economy_and_informatization"  # 经济和信息化部门
    URBAN_MANAGEMENT = "urban_management"  # 城市管理综合行政执法部门
    EDUCATION = "education"  # 教育行政部门
    CIVIL_AFFAIRS = "civil_affairs"  # 民政部门
    HEALTH = "health"  # 卫生健康部门
    COMMERCE = "commerce"  # 商务部门
    RELIGIOUS_AFFAIRS = "religious_affairs"  # 宗教事务部门
    STREET_OFFICE = "street_office"  # 街道办事处、乡镇人民政府


@dataclass(frozen=True)
class Participant:
    """A department taking part: which one, its office by name, and the officers it sends."""

    department: Department
    name: str
    officers: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"department": self.department.value, "name": self.name, "officers": list(self.officers)}


@dataclass(frozen=True)
class DepartmentFindingInput:
    department: Department
    description: str
    location: str = ""


class JointInspection(Aggregate):
    """A joint inspection (联合检查) planned with other departments, and the units visited so far."""

    @staticmethod
    def create_id(request_id: str) -> uuid.UUID:
        return stable_id("joint-inspection", request_id)

    class Planned(Aggregate.Created):
        request_id: str
        district: str
        title: str
        participants: list[dict[str, Any]]
        usccs: list[str]
        unit_names: list[str]
        planned_for: str
        planned_by: str
        planned_at: str

    class UnitInspected(Aggregate.Event):
        uscc: str
        inspection_id: str
        departments: list[str]
        department_findings: int

    @event(Planned)
    def __init__(
        self,
        request_id: str,
        district: str,
        title: str,
        participants: list[dict[str, Any]],
        usccs: list[str],
        unit_names: list[str],
        planned_for: str,
        planned_by: str,
        planned_at: str,
    ) -> None:
        self.district = district
        self.planned_for = planned_for
        self.departments = {p["department"] for p in participants}
        self.usccs = list(usccs)
        self.inspected: dict[str, str] = {}

    @classmethod
    def plan(
        cls,
        request_id: str,
        district: str,
        title: str,
        participants: list[Participant],
        usccs: list[str],
        unit_names: list[str],
        planned_for: str,
        planned_by: str,
        planned_at: str,
    ) -> JointInspection:
        if not participants:
            raise SupervisionError("a joint inspection is planned with at least one other department", "NOT_JOINT")
        departments = [p.department for p in participants]
        if len(set(departments)) != len(departments):
            raise SupervisionError("each department takes part once", "DUPLICATE_DEPARTMENT")
        if not usccs or len(set(usccs)) != len(usccs):
            raise SupervisionError("a joint inspection names its units, each once", "UNITS_MISSING")
        return cls(
            request_id=request_id,
            district=district,
            title=title,
            participants=[p.as_dict() for p in participants],
            usccs=list(usccs),
            unit_names=list(unit_names),
            planned_for=planned_for,
            planned_by=planned_by,
            planned_at=planned_at,
        )

    def note_inspection(
        self,
        uscc: str,
        inspection_id: str,
        inspected_on: str,
        present: list[str],
        findings: list[DepartmentFindingInput],
    ) -> None:
        """A visit: of a planned unit, on or after the planned day, with the departments present; each
        department's finding is that of a department present."""
        if uscc not in self.usccs:
            raise SupervisionError(f"{uscc} is not one of the joint inspection's units", "NOT_PLANNED")
        if uscc in self.inspected:
            raise SupervisionError(f"{uscc} was already inspected jointly", "ALREADY_INSPECTED")
        if inspected_on < self.planned_for:
            raise SupervisionError("a joint inspection is carried out on or after its planned day", "BEFORE_PLAN")
        strangers = sorted(set(present) - self.departments)
        if strangers:
            raise SupervisionError(f"{', '.join(strangers)} did not plan this inspection", "NOT_A_PARTICIPANT")
        if not present:
            raise SupervisionError("a joint inspection has another department present", "NOT_JOINT")
        absent = sorted({f.department.value for f in findings} - set(present))
        if absent:
            raise SupervisionError(f"{', '.join(absent)} was not present to find it", "DEPARTMENT_NOT_PRESENT")
        self._inspected(
            uscc=uscc, inspection_id=inspection_id, departments=sorted(set(present)), department_findings=len(findings)
        )

    @event(UnitInspected)
    def _inspected(self, uscc: str, inspection_id: str, departments: list[str], department_findings: int) -> None:
        self.inspected[uscc] = inspection_id


class CaseTransfer(Aggregate):
    """移送: findings of an inspection sent to the department competent for them, by letter."""

    @staticmethod
    def create_id(request_id: str) -> uuid.UUID:
        return stable_id("transfer", request_id)

    class Transferred(Aggregate.Created):
        request_id: str
        inspection_id: str
        uscc: str
        unit_name: str
        district: str
        department: str
        department_name: str
        findings: list[dict[str, str]]
        reason: str
        legal_basis: str
        officer_ids: list[str]
        transferred_on: str

    @event(Transferred)
    def __init__(
        self,
        request_id: str,
        inspection_id: str,
        uscc: str,
        unit_name: str,
        district: str,
        department: str,
        department_name: str,
        findings: list[dict[str, str]],
        reason: str,
        legal_basis: str,
        officer_ids: list[str],
        transferred_on: str,
    ) -> None:
        self.inspection_id = inspection_id
        self.department = department
        self.finding_ids = [f["id"] for f in findings]


def check_transfer(findings: list[dict[str, str]], department: Department, transferred: dict[str, str]) -> None:
    """Each finding once; a department's own finding is already that department's."""
    again = [f["id"] for f in findings if f["id"] in transferred]
    if again:
        raise SupervisionError(f"{', '.join(again)} was already transferred", "ALREADY_TRANSFERRED")
    own = [f["id"] for f in findings if f.get("department") == department.value]
    if own:
        raise SupervisionError(
            f"{', '.join(own)} was found by {department.value} itself: nothing to transfer", "OWN_FINDING"
        )
