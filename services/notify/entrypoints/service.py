"""The notify nameko worker: consumes upstream events; RPC for staff systems."""

from __future__ import annotations

from typing import Any

from nameko.rpc import rpc

from kit.consumer import EventProcessor, consume_events
from services.notify import read_models
from services.notify.bootstrap import build_worker_runtime

UPSTREAMS = ("permits",)


class NotifyService:
    name = "notify"

    events = EventProcessor(build_worker_runtime)

    @consume_events("permits")  # type: ignore[misc]
    def on_permits_event(self, body: Any) -> None:
        self.events.process(body)

    @rpc  # type: ignore[misc]
    def status(self) -> dict[str, Any]:
        """Positions of the log, the read models and each upstream consumed."""
        assert self.events.runtime is not None
        return self.events.runtime.status(upstreams=UPSTREAMS)

    @rpc  # type: ignore[misc]
    def notices_of_unit(self, uscc: str) -> list[dict[str, Any]]:
        """Every notice about a unit, oldest first."""
        assert self.events.runtime is not None
        return read_models.notices_of_unit(self.events.runtime.engine, uscc)
