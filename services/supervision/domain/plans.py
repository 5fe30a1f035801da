"""The monthly inspection plan (双随机抽查计划) and its published results (一公开)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from eventsourcing.domain import Aggregate, event

from services.supervision.domain.common import SupervisionError, local_day, stable_id
from services.supervision.domain.draw import DrawOutcome, DrawRules, RegisterSnapshot, commitment_of, draw, seed_of


class Outcome:
    NO_PROBLEM = "no_problem"
    HAZARDS_FOUND = "hazards_found"
    VIOLATIONS_FOUND = "violations_found"
    NOT_INSPECTED = "not_inspected"


def outcome_of(hazards: int, violations: int) -> str:
    if violations:
        return Outcome.VIOLATIONS_FOUND
    if hazards:
        return Outcome.HAZARDS_FOUND
    return Outcome.NO_PROBLEM


class PlanAnnouncement(Aggregate):
    """A month's plan announced before its draw, with the commitment that fixes the draw's seed (S1).

    The value behind the commitment is drawn from the operating system's randomness, kept here
    until the draw and published with the plan; nobody chooses it.
    """

    @staticmethod
    def create_id(district: str, month: str) -> uuid.UUID:
        return stable_id("plan-announcement", f"{district}|{month}")

    class Announced(Aggregate.Created):
        district: str
        month: str
        commitment: str
        reveal: str
        announced_at: str
        announced_by: str

    @event(Announced)
    def __init__(
        self, district: str, month: str, commitment: str, reveal: str, announced_at: str, announced_by: str
    ) -> None:
        self.district = district
        self.month = month
        self.commitment = commitment
        self.reveal = reveal
        self.announced_at = announced_at

    @classmethod
    def announce(cls, district: str, month: str, reveal: str, announced_at: str, announced_by: str) -> PlanAnnouncement:
        if not reveal:
            raise SupervisionError("a commitment needs a value behind it", "INVALID_SEED")
        return cls(
            district=district,
            month=month,
            commitment=commitment_of(reveal),
            reveal=reveal,
            announced_at=announced_at,
            announced_by=announced_by,
        )

    @property
    def seed(self) -> str:
        return seed_of(self.reveal, self.district, self.month)


class InspectionPlan(Aggregate):
    """One district's plan for one month: one plan per district and month."""

    @staticmethod
    def create_id(district: str, month: str) -> uuid.UUID:
        return stable_id("plan", f"{district}|{month}")

    class Published(Aggregate.Created):
        district: str
        month: str
        seed: str
        register_snapshot: str
        rules: dict[str, Any]
        draws: list[dict[str, Any]]
        guidance: list[str]
        unstaffed: list[str]
        pool_size: int
        units_in_snapshot: int
        published_at: str
        published_by: str
        commitment: str = ""
        reveal: str = ""
        announced_at: str = ""

    class InspectionNoted(Aggregate.Event):
        uscc: str
        inspection_id: str
        outcome: str

    class InspectorsSubstituted(Aggregate.Event):
        """A drawn pair changed before the inspection, for a stated reason (回避, leave, certificate lapsed)."""

        uscc: str
        replaced: list[str]
        substitutes: list[str]
        reason: str
        substituted_by: str
        substituted_at: str

    class GuidanceGiven(Aggregate.Event):
        """远程或上门指导服务 (S3, 000 Hongkou): a unit left out of the draw in a special period is guided."""

        uscc: str
        mode: str  # "remote" or "on_site"
        summary: str
        inspector_ids: list[str]
        given_on: str
        given_at: str

    class ResultsPublished(Aggregate.Event):
        district: str
        month: str
        results: list[dict[str, Any]]
        published_at: str
        published_by: str

    @event(Published)
    def __init__(
        self,
        district: str,
        month: str,
        seed: str,
        register_snapshot: str,
        rules: dict[str, Any],
        draws: list[dict[str, Any]],
        guidance: list[str],
        unstaffed: list[str],
        pool_size: int,
        units_in_snapshot: int,
        published_at: str,
        published_by: str,
        commitment: str = "",
        reveal: str = "",
        announced_at: str = "",
    ) -> None:
        self.district = district
        self.published_at = published_at
        self.commitment = commitment
        self.reveal = reveal
        self.month = month
        self.seed = seed
        self.register_snapshot = register_snapshot
        self.rules = rules
        self.draws = draws
        self.teams: dict[str, list[str]] = {d["uscc"]: list(d["inspector_ids"]) for d in draws}
        self.outcomes: dict[str, str] = {}
        self.results_published = False
        self.guidance_list = list(guidance)
        self.guided: set[str] = set()

    @classmethod
    def draw_and_publish(
        cls,
        snapshot: RegisterSnapshot,
        announcement: PlanAnnouncement,
        rules: DrawRules,
        published_at: str,
        published_by: str,
    ) -> InspectionPlan:
        """Draw with the seed the announcement fixed, and reveal the value behind its commitment."""
        if (announcement.district, announcement.month) != (snapshot.district, snapshot.month):
            raise SupervisionError("the announcement is of another district or month", "NOT_ANNOUNCED")
        if dt.datetime.fromisoformat(published_at) <= dt.datetime.fromisoformat(announcement.announced_at):
            raise SupervisionError(
                f"the draw must come after the announcement of {announcement.announced_at}", "DRAW_BEFORE_ANNOUNCEMENT"
            )
        seed = announcement.seed
        outcome: DrawOutcome = draw(snapshot, seed, rules, snapshot.month)
        return cls(
            district=snapshot.district,
            month=snapshot.month,
            seed=seed,
            register_snapshot=snapshot.digest(),
            rules=rules.to_json(),
            draws=[
                {"uscc": d.uscc, "unit_name": d.unit_name, "inspector_ids": list(d.inspector_ids), "reason": d.reason}
                for d in outcome.draws
            ],
            guidance=list(outcome.guidance),
            unstaffed=list(outcome.unstaffed),
            pool_size=outcome.pool_size,
            units_in_snapshot=len(snapshot.units),
            published_at=published_at,
            published_by=published_by,
            commitment=announcement.commitment,
            reveal=announcement.reveal,
            announced_at=announcement.announced_at,
        )

    @property
    def plan_id(self) -> str:
        return str(self.id)

    def drew(self, uscc: str) -> bool:
        return any(d["uscc"] == uscc for d in self.draws)

    def assigned_team(self, uscc: str) -> list[str]:
        """The inspectors the draw assigned to the unit, as changed by recorded substitutions."""
        if uscc in self.teams:
            return list(self.teams[uscc])
        raise SupervisionError(f"{uscc} was not drawn in plan {self.month} {self.district}", "NOT_DRAWN")

    def check_assigned(self, uscc: str, inspector_ids: list[str]) -> None:
        """A random inspection is carried out by the pair the draw assigned, or its recorded substitutes (S1)."""
        assigned = self.assigned_team(uscc)
        if sorted(set(inspector_ids)) != sorted(assigned):
            raise SupervisionError(
                f"the draw assigned {', '.join(assigned)} to {uscc}; others inspect only after a recorded substitution",
                "NOT_THE_ASSIGNED_INSPECTORS",
            )

    def team_after_substitution(self, uscc: str, replaced: list[str], substitutes: list[str], reason: str) -> list[str]:
        """The team a substitution would give, refused when it does not follow the draw's rules."""
        team = self.assigned_team(uscc)
        if self.results_published:
            raise SupervisionError("the plan's results are already published", "RESULTS_PUBLISHED")
        if uscc in self.outcomes:
            raise SupervisionError(f"{uscc} is already inspected under this plan", "ALREADY_INSPECTED")
        if not reason.strip():
            raise SupervisionError("a substitution states its reason", "SUBSTITUTION_REASON_MISSING")
        if not replaced or len(set(replaced)) != len(replaced) or len(replaced) != len(substitutes):
            raise SupervisionError(
                "a substitution replaces each named inspector by exactly one other", "SUBSTITUTION_MISMATCH"
            )
        not_assigned = [i for i in replaced if i not in team]
        if not_assigned:
            raise SupervisionError(
                f"{', '.join(not_assigned)} is not assigned to {uscc} in this plan", "NOT_THE_ASSIGNED_INSPECTORS"
            )
        kept = [i for i in team if i not in replaced]
        already = [i for i in substitutes if i in kept or i in replaced]
        if already or len(set(substitutes)) != len(substitutes):
            raise SupervisionError("a substitute must be another inspector than the team's", "SUBSTITUTION_MISMATCH")
        return sorted(kept + list(substitutes))

    def substitute(
        self,
        uscc: str,
        replaced: list[str],
        substitutes: list[str],
        reason: str,
        substituted_by: str,
        substituted_at: str,
    ) -> None:
        self.team_after_substitution(uscc, replaced, substitutes, reason)
        self._inspectors_substituted(
            uscc=uscc,
            replaced=sorted(replaced),
            substitutes=list(substitutes),
            reason=reason.strip(),
            substituted_by=substituted_by,
            substituted_at=substituted_at,
        )

    @event(InspectorsSubstituted)
    def _inspectors_substituted(
        self,
        uscc: str,
        replaced: list[str],
        substitutes: list[str],
        reason: str,
        substituted_by: str,
        substituted_at: str,
    ) -> None:
        kept = [i for i in self.teams[uscc] if i not in replaced]
        self.teams[uscc] = sorted(kept + list(substitutes))

    def note_inspection(self, uscc: str, inspection_id: str, outcome: str) -> None:
        if not self.drew(uscc):
            raise SupervisionError(f"{uscc} was not drawn in plan {self.month} {self.district}", "NOT_DRAWN")
        if self.results_published:
            raise SupervisionError("the plan's results are already published", "RESULTS_PUBLISHED")
        self._inspection_noted(uscc=uscc, inspection_id=inspection_id, outcome=outcome)

    @event(InspectionNoted)
    def _inspection_noted(self, uscc: str, inspection_id: str, outcome: str) -> None:
        self.outcomes[uscc] = outcome

    def give_guidance(self, uscc: str, mode: str, summary: str, inspector_ids: list[str], at: dt.datetime) -> None:
        """Guidance, remote or on site, for a unit the special period left out of the draw; once."""
        if uscc not in self.guidance_list:
            raise SupervisionError(f"{uscc} is not on the guidance list of plan {self.month}", "NOT_ON_GUIDANCE_LIST")
        if uscc in self.guided:
            raise SupervisionError(f"{uscc} was already guided under plan {self.month}", "ALREADY_GUIDED")
        if at <= dt.datetime.fromisoformat(self.published_at):
            raise SupervisionError("guidance follows the plan that listed the unit", "GUIDANCE_BEFORE_PLAN")
        self._guidance_given(
            uscc=uscc,
            mode=mode,
            summary=summary,
            inspector_ids=list(inspector_ids),
            given_on=local_day(at).isoformat(),
            given_at=at.isoformat(),
        )

    @event(GuidanceGiven)
    def _guidance_given(
        self, uscc: str, mode: str, summary: str, inspector_ids: list[str], given_on: str, given_at: str
    ) -> None:
        self.guided.add(uscc)

    def publish_results(self, published_at: str, published_by: str) -> None:
        if self.results_published:
            raise SupervisionError("the plan's results are already published", "RESULTS_PUBLISHED")
        results = [
            {
                "uscc": d["uscc"],
                "unit_name": d["unit_name"],
                "outcome": self.outcomes.get(d["uscc"], Outcome.NOT_INSPECTED),
            }
            for d in self.draws
        ]
        self._results_published(
            district=self.district,
            month=self.month,
            results=results,
            published_at=published_at,
            published_by=published_by,
        )

    @event(ResultsPublished)
    def _results_published(
        self, district: str, month: str, results: list[dict[str, Any]], published_at: str, published_by: str
    ) -> None:
        self.results_published = True


class PlanSnapshot(Aggregate):
    """The register snapshot a plan was drawn from, kept so that anyone can reproduce the draw."""

    @staticmethod
    def create_id(plan_id: uuid.UUID) -> uuid.UUID:
        return stable_id("plan-snapshot", str(plan_id))

    class Taken(Aggregate.Created):
        plan_id: uuid.UUID
        digest: str
        snapshot: dict[str, Any]

    @event(Taken)
    def __init__(self, plan_id: uuid.UUID, digest: str, snapshot: dict[str, Any]) -> None:
        self.plan_id = plan_id
        self.digest = digest
        self.snapshot = snapshot
