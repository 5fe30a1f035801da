"""Composition root of the credit processes: the worker, the relay and the gRPC server."""

from __future__ import annotations

from kit.calendar import WorkingDayCalendar
from kit.database import event_store_env
from kit.service_runtime import Runtime, build_runtime
from kit.settings import Settings, load_settings
from services.credit import read_models
from services.credit.application import CreditApplication
from services.credit.integration import translate
from services.credit.settings import aggregate_cache_size, credit_policy

__all__ = ["build_application", "build_worker_runtime", "translate"]


def build_application(settings: Settings | None = None, copy_cached: bool = True) -> CreditApplication:
    """The application on the service's store.

    Records are cached and brought up to date from the store on each use, so replicas stay
    correct. A worker, which handles one thing at a time, uses them without copying
    (`copy_cached=False`): the application empties the cache whenever a command fails. The
    gRPC server, whose threads read concurrently, copies them.
    """
    settings = settings or load_settings("credit")
    env = event_store_env(settings)
    cache = aggregate_cache_size()
    if cache > 0:
        env["AGGREGATE_CACHE_MAXSIZE"] = str(cache)
        env["DEEPCOPY_FROM_AGGREGATE_CACHE"] = "y" if copy_cached else "n"
    return CreditApplication(
        env=env,
        policy=credit_policy(),
        calendar=WorkingDayCalendar.from_file(settings.calendar_overrides, settings.holiday_law),
    )


def build_worker_runtime(settings: Settings | None = None) -> Runtime[CreditApplication]:
    settings = settings or load_settings("credit")
    app = build_application(settings, copy_cached=False)
    return build_runtime(settings, app, read_models.metadata, read_models.apply)
