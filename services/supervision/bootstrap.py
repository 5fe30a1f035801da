"""Composition root of the supervision processes."""

from __future__ import annotations

from kit.calendar import WorkingDayCalendar
from kit.database import event_store_env
from kit.service_runtime import Runtime, build_runtime
from kit.settings import Settings, load_settings
from services.supervision import read_models
from services.supervision.application import SupervisionApplication
from services.supervision.integration import translate
from services.supervision.settings import load_rules

__all__ = ["build_application", "build_worker_runtime", "translate"]


def build_application(settings: Settings | None = None) -> SupervisionApplication:
    settings = settings or load_settings("supervision")
    return SupervisionApplication(
        env=event_store_env(settings),
        rules=load_rules(),
        calendar=WorkingDayCalendar.from_file(settings.calendar_overrides, settings.holiday_law),
    )


def build_worker_runtime(settings: Settings | None = None) -> Runtime[SupervisionApplication]:
    settings = settings or load_settings("supervision")
    return build_runtime(settings, build_application(settings), read_models.metadata, read_models.apply)
