"""Composition root of the permits processes."""

from __future__ import annotations

import os

from kit.database import event_store_env
from kit.service_runtime import Runtime, build_runtime
from kit.settings import Settings, load_settings
from services.permits import read_models
from services.permits.application import PermitsApplication
from services.permits.domain import PermitRules, VenueCategory
from services.permits.integration import translate

__all__ = ["build_application", "build_worker_runtime", "translate"]


def build_application(settings: Settings | None = None) -> PermitsApplication:
    settings = settings or load_settings("permits")
    return PermitsApplication(env=event_store_env(settings), rules=permit_rules())


def build_worker_runtime(settings: Settings | None = None) -> Runtime[PermitsApplication]:
    settings = settings or load_settings("permits")
    app = build_application(settings)
    return build_runtime(settings, app, read_models.metadata, read_models.apply)


def permit_rules() -> PermitRules:
    """COMMITMENT_CATEGORIES widens the commitment route, as some districts do (003 (一))."""
    categories = os.environ.get("COMMITMENT_CATEGORIES")
    if not categories:
        return PermitRules()
    return PermitRules(commitment_categories=frozenset(VenueCategory(c.strip()) for c in categories.split(",")))
