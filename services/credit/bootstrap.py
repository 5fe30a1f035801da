"""Composition root of the credit processes."""

from __future__ import annotations

from kit.database import event_store_env
from kit.service_runtime import Runtime, build_runtime
from kit.settings import Settings, load_settings
from services.credit import read_models
from services.credit.application import CreditApplication
from services.credit.integration import translate

__all__ = ["build_application", "build_worker_runtime", "translate"]


def build_application(settings: Settings | None = None) -> CreditApplication:
    return CreditApplication(env=event_store_env(settings or load_settings("credit")))


def build_worker_runtime(settings: Settings | None = None) -> Runtime[CreditApplication]:
    settings = settings or load_settings("credit")
    return build_runtime(settings, build_application(settings), read_models.metadata, read_models.apply)
