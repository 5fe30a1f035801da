"""Composition root of the notify processes."""

from __future__ import annotations

from kit.database import event_store_env
from kit.service_runtime import Runtime, build_runtime
from kit.settings import Settings, load_settings
from services.notify import read_models
from services.notify.application import NotifyApplication
from services.notify.integration import translate

__all__ = ["build_application", "build_worker_runtime", "translate"]


def build_application(settings: Settings | None = None) -> NotifyApplication:
    return NotifyApplication(env=event_store_env(settings or load_settings("notify")))


def build_worker_runtime(settings: Settings | None = None) -> Runtime[NotifyApplication]:
    settings = settings or load_settings("notify")
    return build_runtime(settings, build_application(settings), read_models.metadata, read_models.apply)
