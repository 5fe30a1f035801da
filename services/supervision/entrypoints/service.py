"""The supervision nameko worker: consumes permit events; RPC for staff systems."""

from __future__ import annotations

from typing import Any

from nameko.rpc import rpc

from kit.consumer import EventProcessor, consume_events
from services.supervision import read_models
from services.supervision.bootstrap import build_worker_runtime

UPSTREAMS = ("permits",)


class SupervisionService:
    name = "supervision"

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
    def registered_unit(self, uscc: str) -> dict[str, Any] | None:
        """A unit as the register has it, or None."""
        assert self.events.runtime is not None
        return read_models.registered_unit(self.events.runtime.engine, uscc)
