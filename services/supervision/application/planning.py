"""The monthly double-random plan and its results (双随机、一公开, S1)."""

from __future__ import annotations

import datetime as dt
import uuid

from services.supervision.application.base import SupervisionBase
from services.supervision.domain.common import SupervisionError, local_day
from services.supervision.domain.draw import DrawRules, RegisterSnapshot
from services.supervision.domain.inspectors import EnforcementTarget, check_enforcement_team
from services.supervision.domain.plans import InspectionPlan, PlanAnnouncement, PlanSnapshot


class Planning(SupervisionBase):
    def announce_plan(
        self, district: str, month: str, reveal: str, at: dt.datetime, announced_by: str
    ) -> PlanAnnouncement:
        """Announce a month's plan with the commitment that fixes its seed, before anything is drawn."""
        if self.find(InspectionPlan, InspectionPlan.create_id(district, month)) is not None:
            raise SupervisionError(f"the plan of {district} for {month} is already published", "PLAN_EXISTS")
        if self.find(PlanAnnouncement, PlanAnnouncement.create_id(district, month)) is not None:
            raise SupervisionError(f"the plan of {district} for {month} is already announced", "PLAN_ANNOUNCED")
        announcement = PlanAnnouncement.announce(district, month, reveal, at.isoformat(), announced_by)
        self.save(announcement)
        return announcement

    def publish_plan(
        self, snapshot: RegisterSnapshot, rules: DrawRules, at: dt.datetime, published_by: str
    ) -> InspectionPlan:
        """Draw the month's plan with its announced seed and keep the snapshot, so anyone can reproduce it."""
        plan_id = InspectionPlan.create_id(snapshot.district, snapshot.month)
        if self.find(InspectionPlan, plan_id) is not None:
            raise SupervisionError(
                f"the plan of {snapshot.district} for {snapshot.month} is already published", "PLAN_EXISTS"
            )
        announcement = self.find(PlanAnnouncement, PlanAnnouncement.create_id(snapshot.district, snapshot.month))
        if announcement is None:
            raise SupervisionError(
                f"the plan of {snapshot.district} for {snapshot.month} must be announced before its draw",
                "NOT_ANNOUNCED",
            )
        plan = InspectionPlan.draw_and_publish(snapshot, announcement, rules, at.isoformat(), published_by)
        kept = PlanSnapshot(plan_id=plan.id, digest=plan.register_snapshot, snapshot=snapshot.to_json())
        self.save(plan, kept)
        return plan

    def substitute_inspectors(
        self,
        plan_id: uuid.UUID,
        uscc: str,
        replaced: list[str],
        substitutes: list[str],
        reason: str,
        at: dt.datetime,
        substituted_by: str,
    ) -> InspectionPlan:
        """Replace drawn inspectors before the inspection: a stated reason, certified substitutes without ties."""
        plan = self.plan(plan_id)
        team = plan.team_after_substitution(uscc, replaced, substitutes, reason)
        self.team(team, self.unit(uscc), local_day(at))
        plan.substitute(uscc, replaced, substitutes, reason, substituted_by, at.isoformat())
        self.save(plan)
        return plan

    def give_guidance(
        self, plan_id: uuid.UUID, uscc: str, mode: str, summary: str, inspector_ids: list[str], at: dt.datetime
    ) -> InspectionPlan:
        """指导服务 (S3): by certified inspectors without ties to the unit; a service, so one may give it."""
        plan = self.plan(plan_id)
        unit = self.unit(uscc)
        team = [self.inspector(i) for i in inspector_ids]
        check_enforcement_team(team, EnforcementTarget(unit.uscc, unit.service_firm_uscc), local_day(at), 1)
        plan.give_guidance(uscc, mode, summary, inspector_ids, at)
        self.save(plan)
        return plan

    def publish_results(self, plan_id: uuid.UUID, at: dt.datetime, published_by: str) -> InspectionPlan:
        plan = self.plan(plan_id)
        plan.publish_results(published_at=at.isoformat(), published_by=published_by)
        self.save(plan)
        return plan

    def plan(self, plan_id: uuid.UUID) -> InspectionPlan:
        return self.get(InspectionPlan, plan_id, f"plan {plan_id}")

    def plan_snapshot(self, plan_id: uuid.UUID) -> RegisterSnapshot:
        kept = self.get(PlanSnapshot, PlanSnapshot.create_id(plan_id), f"snapshot of plan {plan_id}")
        return RegisterSnapshot.from_json(kept.snapshot)
