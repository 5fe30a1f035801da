"""Vocabulary shared by the supervision aggregates, and the errors of its rules."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Protocol

# Business days are days in China Standard Time: the kit's, re-exported for the aggregates.
from kit.calendar import CHINA_TIME as CHINA_TIME
from kit.calendar import business_day

local_day = business_day

SUPERVISION_NAMESPACE = uuid.UUID("3c5e8a71-2f4d-4b9e-9a16-7d0c1e5b8f24")


class WorkingDays(Protocol):
    """The working-day calendar (kit.calendar.WorkingDayCalendar), as the aggregates use it."""

    def add_working_days(self, start: dt.date, days: int) -> dt.date: ...

    def provisional_between(self, start: dt.date, end: dt.date) -> bool: ...


def stable_id(kind: str, key: str) -> uuid.UUID:
    """The id of an aggregate of `kind` named by `key` (a request id, a USCC, a ticket number)."""
    return uuid.uuid5(SUPERVISION_NAMESPACE, f"{kind}:{key}")


def end_of_day(day: dt.date) -> dt.datetime:
    """The last moment of a business day."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=CHINA_TIME)


class InspectionMode(StrEnum):
    """检查方式 (S4)."""

    ON_SITE = "on_site"  # 现场检查
    REMOTE = "remote"  # 远程检查: the unit's self-reported items plus video
    OFF_HOURS = "off_hours"  # 错时检查: at night or at weekends


class InspectionPurpose(StrEnum):
    RANDOM = "random"  # 双随机抽查
    COMPLAINT = "complaint"  # 举报投诉核查
    COMMITMENT_VERIFICATION = "commitment_verification"  # 告知承诺核查
    RE_INSPECTION = "re_inspection"  # 复查
    PILOT = "pilot"  # 先开业后监管的事后检查
    JOINT = "joint"  # 联合检查 with other departments


COUNTED_PURPOSES = frozenset(p for p in InspectionPurpose if p is not InspectionPurpose.RE_INSPECTION)
"""Re-inspections (复查) do not count towards a unit's yearly inspections (S2)."""


class RemoteItem(StrEnum):
    """What a unit reports itself in a remote inspection (000 Changning: nine items)."""

    PATROL_RECORDS = "patrol_records"  # 巡查记录
    RULES = "rules"  # 相关制度
    FACILITY_STATUS = "facility_status"  # 设施状态
    TRAINING_AND_DRILLS = "training_and_drills"  # 培训演练
    MAINTENANCE = "maintenance"  # 维保动态
    CONTROL_ROOM_DUTY = "control_room_duty"  # 消防控制室值班
    RESPONSIBLE_PERSONS = "responsible_persons"  # 消防安全责任人、管理人
    SELF_INSPECTION = "self_inspection"  # 防火检查、隐患自查
    EVACUATION_PLAN = "evacuation_plan"  # 灭火和应急疏散预案


class HazardGrade(StrEnum):
    GENERAL = "general"  # 一般火灾隐患
    MAJOR = "major"  # 重大火灾隐患


class HazardType(StrEnum):
    """What a fire hazard concerns, in the groups an agency counts them by (the seeds list hazards
    under these heads; GB 35181 groups the major ones the same way)."""

    EVACUATION = "evacuation"  # 安全疏散（安全出口、疏散通道、疏散指示、应急照明）
    FIRE_FACILITIES = "fire_facilities"  # 消防设施、器材
    FIRE_SEPARATION = "fire_separation"  # 防火分隔（防火门、防火卷帘、防火分区）
    ELECTRICAL = "electrical"  # 电气线路、用电
    FIRE_AND_GAS_USE = "fire_and_gas_use"  # 用火、用气
    COMBUSTIBLES = "combustibles"  # 易燃可燃物、装修材料
    FIRE_ACCESS = "fire_access"  # 消防车通道、救援场地
    SAFETY_MANAGEMENT = "safety_management"  # 消防安全管理（制度、值班、培训）
    OTHER = "other"  # 其他


class ViolationType(StrEnum):
    """消防违法行为 (S4)."""

    LOCKED_EXIT = "locked_exit"  # 锁闭安全出口
    BLOCKED_EVACUATION_ROUTE = "blocked_evacuation_route"  # 堵塞疏散通道
    FIRE_FACILITIES_SWITCHED_OFF = "fire_facilities_switched_off"  # 擅自停用消防设施
    BLOCKED_FIRE_LANE = "blocked_fire_lane"  # 占用消防车通道
    OTHER = "other"


class Severity(StrEnum):
    """Severity of a violation, the second axis of the discretion baseline (裁量基准)."""

    MINOR = "minor"  # 轻微
    GENERAL = "general"  # 一般
    SERIOUS = "serious"  # 严重


class ComplaintCategory(StrEnum):
    """What a 12345 report is about (S7)."""

    LOCKED_EXIT = "locked_exit"
    BLOCKED_EVACUATION_ROUTE = "blocked_evacuation_route"
    FIRE_FACILITIES_SWITCHED_OFF = "fire_facilities_switched_off"
    BLOCKED_FIRE_LANE = "blocked_fire_lane"
    FIRE_HAZARD = "fire_hazard"
    OTHER = "other"


URGENT_COMPLAINTS = frozenset(
    {
        ComplaintCategory.LOCKED_EXIT,
        ComplaintCategory.BLOCKED_EVACUATION_ROUTE,
        ComplaintCategory.FIRE_FACILITIES_SWITCHED_OFF,
    }
)
"""Checked within 24 hours; every other report within 3 working days (004 #19)."""


class CommitmentResult(StrEnum):
    TRUE = "true"  # 属实
    SERIOUSLY_FALSE = "seriously_false"  # 严重失实
    #: 存在问题: the commitment was not seriously false, but the venue falls short; a rectification
    #: notice follows within 3 working days, then a re-inspection (Fire Law art. 15).
    PROBLEMS_FOUND = "problems_found"


class SupervisionError(Exception):
    """A request the rules refuse. `code` names the rule, for staff systems to act on."""

    code = "RULE_VIOLATED"

    def __init__(self, message: str, code: str | None = None) -> None:
        # Both in args, so that the error crosses nameko RPC whole.
        super().__init__(message, code or type(self).code)
        self.code = code or type(self).code

    def __str__(self) -> str:
        # The rule's code leads, so that a caller that does not import this module (nameko's
        # RemoteError keeps only this text) can read it: "OUTSIDE_BASELINE: the fine …".
        return f"{self.code}: {self.args[0]}"

    @property
    def message(self) -> str:
        return str(self.args[0])


class NotFound(SupervisionError):
    code = "NOT_FOUND"
