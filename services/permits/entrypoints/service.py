"""The permits nameko worker: RPC for the agency's staff systems, and its read models."""

from __future__ import annotations

from typing import Any

from nameko.rpc import rpc
from nameko.timer import timer

from kit.consumer import RuntimeProvider
from kit.service_runtime import Runtime
from services.permits import read_models
from services.permits.application import PermitsApplication
from services.permits.bootstrap import build_worker_runtime


class PermitsService:
    name = "permits"

    runtime: Runtime[PermitsApplication] = RuntimeProvider(build_worker_runtime)  # type: ignore[assignment]

    @timer(interval=0.5)  # type: ignore[misc]
    def refresh_read_models(self) -> None:
        self.runtime.refresh_read_models()

    @rpc  # type: ignore[misc]
    def status(self) -> dict[str, Any]:
        """Positions of the log and the read models."""
        return self.runtime.status()

    @rpc  # type: ignore[misc]
    def applications_of_unit(self, uscc: str) -> list[dict[str, Any]]:
        """Every application of a unit, oldest first."""
        return read_models.applications_of_unit(self.runtime.engine, uscc)
