"""P9: a unit's permit archive (档案) — every event of every application, with its time, in words."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from services.permits.application import PermitsApplication
from services.permits.domain import PermitApplication

P = PermitApplication


@dataclass(frozen=True)
class ArchiveEntry:
    application_id: str
    event: str
    recorded_at: Any
    summary: str


_ROUTES = {"standard": "一般程序", "commitment": "告知承诺", "pilot": "先开业后监管"}
_STAGES = {"acceptance": "受理", "inspection": "现场检查", "decision": "许可决定", "overall": "承诺办结"}

_REVOCATIONS = {"failed_to_rectify": "核查发现问题，逾期未改正"}
_BY_PENALTY = "penalty_revocation"
_VERIFICATION_RESULTS = {"seriously_false": "：承诺严重失实", "problems_found": "：发现问题，待整改"}

_SUMMARIES: dict[type, Callable[[Any], str]] = {
    P.Submitted: lambda e: f"提交申请（{_ROUTES.get(e.route, e.route)}），场所：{e.unit['venue_name']}",
    P.DeficienciesNotified: lambda e: "一次性告知补正材料：" + "、".join(e.missing),
    P.Accepted: lambda e: f"受理（{e.accepted_by}）",
    P.MaterialsSupplemented: lambda e: "补正材料：" + "、".join(e.materials),
    P.ClockStarted: lambda e: f"法定时限起算（{_STAGES.get(e.stage, e.stage)}），截止 {e.due_on.isoformat()}",
    P.ClockPaused: lambda e: f"法定时限暂停：{e.reason}",
    P.ClockResumed: lambda e: f"法定时限恢复，顺延 {e.paused_working_days} 个工作日，截止 {e.due_on.isoformat()}",
    P.ClockExtended: lambda e: f"法定时限延长 {e.working_days} 个工作日（{e.reason}），截止 {e.due_on.isoformat()}",
    P.ClockBreached: lambda e: f"{_STAGES.get(e.stage, e.stage)}超期（截止 {e.due_on.isoformat()}）",
    P.InspectionRecorded: lambda e: "现场检查" + ("合格" if e.passed else "不合格：" + "、".join(e.findings)),
    P.RectificationPlanRecorded: lambda e: "整改方案（" + "、".join(e.guided_by) + "指导）：" + "；".join(e.items),
    P.PermitGranted: lambda e: f"准予许可，许可文书号 {e.permit_no}",
    P.CommitmentVerificationRequested: lambda e: f"告知承诺核查，截止 {e.due_on.isoformat()}",
    P.PermitRefused: lambda e: "不予许可：" + "、".join(e.reasons),
    P.PermitRevoked: lambda e: (
        "吊销许可：行政处罚决定" if e.reason == _BY_PENALTY else f"撤销许可：{_REVOCATIONS.get(e.reason, e.reason)}"
    ),
    P.PilotRegistered: lambda e: f"先开业后监管登记（{e.complex_name}）",
    P.PermitAmended: lambda e: f"简化变更：{e.previous_name} → {e.unit_name}；法定代表人 {e.legal_representative}",
    P.DueDateRevised: lambda e: (
        f"依节假日安排（{e.arrangement}）调整期限：{e.previous_due_on.isoformat()} → {e.due_on.isoformat()}"
        + ("（仍为暂定）" if e.provisional else "")
    ),
    P.VerificationCompleted: lambda e: "告知承诺核查完成" + _VERIFICATION_RESULTS.get(e.result, ""),
    P.RectificationOrderNoted: lambda e: f"发现问题，责令限期改正，期限至 {e.deadline.isoformat()}",
    P.RectificationConfirmed: lambda e: f"复查合格（{e.verified_on.isoformat()}）",
    P.PilotCheckRecorded: lambda e: (
        f"先开业后监管事后检查（{e.inspected_on.isoformat()}）："
        + (f"发现火灾隐患 {e.hazards} 处、违法行为 {e.violations} 项" if e.hazards or e.violations else "未发现问题")
    ),
    P.PilotRectificationOverdue: lambda e: f"事后检查发现的问题逾期未改正（{e.overdue_on.isoformat()}）",
    P.OverallLimitStarted: lambda e: f"承诺办结时限 {e.working_days} 个工作日，截止 {e.due_on.isoformat()}",
    P.OverallLimitMoved: lambda e: f"承诺办结时限顺延 {e.working_days} 个工作日，截止 {e.due_on.isoformat()}",
    P.DocumentsDelivered: lambda e: (
        "文书送达（" + ("邮寄 " + e.postal_tracking_no if e.method == "post" else "直接送达") + "）"
    ),
}


def archive_of(app: PermitsApplication, application_ids: Iterable[str]) -> list[ArchiveEntry]:
    entries = []
    for application_id in application_ids:
        for domain_event in app.history(uuid.UUID(application_id)):
            describe = _SUMMARIES.get(type(domain_event))
            entries.append(
                ArchiveEntry(
                    application_id=application_id,
                    event=type(domain_event).__name__,
                    recorded_at=domain_event.timestamp,
                    summary=describe(domain_event) if describe else "",
                )
            )
    return sorted(entries, key=lambda entry: entry.recorded_at)
