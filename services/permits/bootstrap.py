"""Composition root of the permits processes."""

from __future__ import annotations

import os
from collections.abc import Mapping

from kit.calendar import WorkingDayCalendar
from kit.database import event_store_env
from kit.service_runtime import Runtime, build_runtime
from kit.settings import Settings, load_settings
from services.permits import read_models
from services.permits.application import PermitsApplication
from services.permits.domain import PermitRules, VenueCategory
from services.permits.domain.rules import CountedFrom, OverallLimit
from services.permits.integration import build_translate

__all__ = ["build_application", "build_translate", "build_worker_runtime", "permit_rules"]


def build_application(settings: Settings | None = None) -> PermitsApplication:
    settings = settings or load_settings("permits")
    return PermitsApplication(
        env=event_store_env(settings),
        rules=permit_rules(),
        calendar=WorkingDayCalendar.from_file(settings.calendar_overrides, settings.holiday_law),
    )


def build_worker_runtime(settings: Settings | None = None, catch_up: bool = True) -> Runtime[PermitsApplication]:
    settings = settings or load_settings("permits")
    app = build_application(settings)
    return build_runtime(settings, app, read_models.metadata, read_models.apply, catch_up=catch_up)


def permit_rules(environ: Mapping[str, str] | None = None) -> PermitRules:
    """The district's settings from the environment; unset ones keep the regulation's value.

    COMMITMENT_CATEGORIES widens the commitment route (003 (一)); PILOT_COMPLEXES names the
    designated pilot complexes (000 Yangpu); the *_WORKING_DAYS settings set the time limits;
    OVERALL_LIMITS sets what each district promises for the whole procedure (000), as
    "杨浦区=5@acceptance,虹口区=3@submission" (the seeds' values when unset; "" for none).
    """
    env = os.environ if environ is None else environ
    defaults = PermitRules()
    categories = env.get("COMMITMENT_CATEGORIES")
    complexes = env.get("PILOT_COMPLEXES", "")
    return PermitRules(
        commitment_categories=frozenset(VenueCategory(c.strip()) for c in categories.split(","))
        if categories
        else defaults.commitment_categories,
        acceptance_working_days=int(env.get("ACCEPTANCE_WORKING_DAYS", defaults.acceptance_working_days)),
        inspection_working_days=int(env.get("INSPECTION_WORKING_DAYS", defaults.inspection_working_days)),
        decision_working_days=int(env.get("DECISION_WORKING_DAYS", defaults.decision_working_days)),
        verification_working_days=int(env.get("VERIFICATION_WORKING_DAYS", defaults.verification_working_days)),
        guidance_working_days=int(env.get("GUIDANCE_WORKING_DAYS", defaults.guidance_working_days)),
        pilot_complexes=frozenset(c.strip() for c in complexes.split(",") if c.strip()),
        pilot_max_floor_area_m2=float(env.get("PILOT_MAX_FLOOR_AREA_M2", defaults.pilot_max_floor_area_m2)),
        overall_limits=overall_limits(env["OVERALL_LIMITS"]) if "OVERALL_LIMITS" in env else defaults.overall_limits,
    )


def overall_limits(value: str) -> tuple[tuple[str, OverallLimit], ...]:
    """ "杨浦区=5@acceptance,虹口区=3" → each district's overall limit (counted from submission by default)."""
    limits = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        district, _, limit = item.partition("=")
        days, _, counted_from = limit.partition("@")
        try:
            working_days = int(days)
            start = CountedFrom(counted_from.strip() or CountedFrom.SUBMISSION)
        except ValueError:
            raise ValueError(
                f"OVERALL_LIMITS: {item!r} is not district=working_days[@submission|@acceptance]"
            ) from None
        if not district.strip() or working_days < 1:
            raise ValueError(f"OVERALL_LIMITS: {item!r} names a district and at least one working day")
        limits.append((district.strip(), OverallLimit(working_days, start)))
    return tuple(limits)
