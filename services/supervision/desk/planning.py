"""The monthly double-random plan, its results, and the means to check a draw."""

from __future__ import annotations

import dataclasses
from enum import StrEnum
from typing import Any

from services.supervision.desk.base import DeskBase
from services.supervision.domain.common import local_day
from services.supervision.domain.draw import MONTH, DrawRules, commitment_of, draw, seed_of
from services.supervision.domain.plans import InspectionPlan
from services.supervision.read_models import queries
from services.supervision.read_models.snapshot import take_snapshot


class GuidanceMode(StrEnum):
    REMOTE = "remote"  # 远程指导
    ON_SITE = "on_site"  # 上门指导


class PlanningDesk(DeskBase):
    def announce_plan(self, **payload: Any) -> dict[str, Any]:
        """Announce a district's plan for a month, with the commitment that fixes its draw's seed.

        Fields: district, month ("2026-11"), at, announced_by. The value behind the commitment is
        drawn from the operating system's randomness and revealed with the plan.
        """
        fields = self.fields(payload)
        district = fields.text("district")
        month = fields.text("month", max_length=7)
        if month and not MONTH.match(month):
            fields.fail("month", "must be a month, YYYY-MM")
        at = fields.moment("at")
        announced_by = fields.text("announced_by", max_length=64)
        fields.done()
        assert at is not None
        announcement = self.app.announce_plan(district, month, self.seeds(), at, announced_by)
        return {
            "plan_id": str(InspectionPlan.create_id(district, month)),
            "district": district,
            "month": month,
            "commitment": announcement.commitment,
            "announced_at": announcement.announced_at,
        }

    def publish_plan(self, **payload: Any) -> dict[str, Any]:
        """Draw and publish a district's announced plan for a month, with the seed its announcement fixed.

        Fields: district, month ("2026-11"), at, published_by; optional special_period, sample_rate,
        sample_size.
        """
        fields = self.fields(payload)
        district = fields.text("district")
        month = fields.text("month", max_length=7)
        if month and not MONTH.match(month):
            fields.fail("month", "must be a month, YYYY-MM")
        at = fields.moment("at")
        published_by = fields.text("published_by", max_length=64)
        rules = self._rules(fields)
        fields.done()
        assert at is not None
        snapshot = take_snapshot(
            self.views,
            district,
            month,
            rules,
            self.app.rules.serious_record_months,
            local_day(at),
            self.app.rules.focus_tiers,
        )
        plan = self.app.publish_plan(snapshot, rules, at, published_by)
        return self.found(queries.plan(self.views, str(plan.id)), "plan")  # type: ignore[no-any-return]

    def _rules(self, fields: Any) -> DrawRules:
        rules = self.app.rules.draw
        changes: dict[str, Any] = {"special_period": fields.flag("special_period")}
        if fields.payload.get("sample_rate") is not None:
            rate = fields.number("sample_rate", minimum=0)
            if rate > 1:
                fields.fail("sample_rate", "must be at most 1")
            changes["sample_rate"] = rate
        else:
            fields.read.add("sample_rate")
        if fields.payload.get("sample_size") is not None:
            changes["sample_size"] = fields.integer("sample_size", minimum=0)
        else:
            fields.read.add("sample_size")
        return dataclasses.replace(rules, **changes)

    def substitute_inspectors(self, **payload: Any) -> dict[str, Any]:
        """Replace inspectors the draw assigned to a unit, before its inspection (S1).

        Fields: plan_id, uscc, replaced (inspector ids), substitutes (as many), reason, at, substituted_by.
        """
        fields = self.fields(payload)
        plan_id = fields.identifier("plan_id")
        uscc = fields.uscc("uscc")
        replaced = fields.texts("replaced", required=True, max_length=64)
        substitutes = fields.texts("substitutes", required=True, max_length=64)
        if replaced and substitutes and len(replaced) != len(substitutes):
            fields.fail("substitutes", "must name as many inspectors as replaced")
        reason = fields.text("reason", max_length=1000)
        at = fields.moment("at")
        substituted_by = fields.text("substituted_by", max_length=64)
        fields.done()
        assert plan_id is not None and at is not None
        self.app.substitute_inspectors(plan_id, uscc, replaced, substitutes, reason, at, substituted_by)
        return self.found(queries.plan(self.views, str(plan_id)), "plan")  # type: ignore[no-any-return]

    def give_guidance(self, **payload: Any) -> dict[str, Any]:
        """远程或上门指导 (S3) of a unit on the plan's guidance list. Fields: plan_id, uscc, mode
        (remote, on_site), summary, inspector_ids, at."""
        fields = self.fields(payload)
        plan_id = fields.identifier("plan_id")
        uscc = fields.uscc("uscc")
        mode = fields.enum("mode", GuidanceMode)
        summary = fields.text("summary", max_length=4000)
        inspector_ids = fields.texts("inspector_ids", required=True, max_length=64)
        at = fields.moment("at")
        fields.done()
        assert plan_id is not None and mode is not None and at is not None
        self.app.give_guidance(plan_id, uscc, mode.value, summary, inspector_ids, at)
        return self.found(queries.plan(self.views, str(plan_id)), "plan")  # type: ignore[no-any-return]

    def publish_results(self, **payload: Any) -> dict[str, Any]:
        """一公开: publish how each drawn unit's inspection came out (not inspected, if it was not)."""
        fields = self.fields(payload)
        plan_id = fields.identifier("plan_id")
        at = fields.moment("at")
        published_by = fields.text("published_by", max_length=64)
        fields.done()
        assert plan_id is not None and at is not None
        self.app.publish_results(plan_id, at, published_by)
        return self.found(queries.plan(self.views, str(plan_id)), "plan")  # type: ignore[no-any-return]

    def plan(self, plan_id: str) -> dict[str, Any] | None:
        return queries.plan(self.views, plan_id)

    def plans(self, district: str | None = None) -> list[dict[str, Any]]:
        return queries.plans(self.views, district)

    def plan_snapshot(self, plan_id: str) -> dict[str, Any]:
        """The register snapshot the plan was drawn from, as published for anyone to reproduce the draw."""
        fields = self.fields({"plan_id": plan_id})
        found = fields.identifier("plan_id")
        fields.done()
        assert found is not None
        return self.app.plan_snapshot(found).to_json()

    def verify_plan(self, plan_id: str) -> dict[str, Any]:
        """Draw again from the kept snapshot, seed and rules, and compare with the published draw."""
        fields = self.fields({"plan_id": plan_id})
        found = fields.identifier("plan_id")
        fields.done()
        assert found is not None
        plan: InspectionPlan = self.app.plan(found)
        snapshot = self.app.plan_snapshot(found)
        outcome = draw(snapshot, plan.seed, DrawRules.from_json(plan.rules), plan.month)
        announced = bool(plan.commitment)
        redrawn = [
            {"uscc": d.uscc, "unit_name": d.unit_name, "inspector_ids": list(d.inspector_ids), "reason": d.reason}
            for d in outcome.draws
        ]
        return {
            "plan_id": plan_id,
            "snapshot_matches": snapshot.digest() == plan.register_snapshot,
            "draw_matches": redrawn == plan.draws,
            "seed_matches": announced
            and commitment_of(plan.reveal) == plan.commitment
            and seed_of(plan.reveal, plan.district, plan.month) == plan.seed,
        }
