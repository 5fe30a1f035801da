"""One service's running parts in a worker: its application and its read models."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Engine, MetaData

from kit.database import create_service_engine
from kit.positions import PositionStore
from kit.projection import Apply, Projector
from kit.settings import Settings

TApp = TypeVar("TApp")


@dataclass
class Runtime(Generic[TApp]):
    app: TApp
    engine: Engine
    projector: Projector

    def __post_init__(self) -> None:
        self._refreshing = threading.Lock()

    def refresh_read_models(self, max_batches: int | None = None) -> None:
        """Bring the read models up to date (or `max_batches` nearer to it); one caller at a time."""
        with self._refreshing:
            self.projector.catch_up(max_batches)

    def status(self, upstreams: tuple[str, ...] = ()) -> dict[str, Any]:
        """What an operator asks a worker: how far its log, its read models and its inputs are."""
        recorder: Any = getattr(self.app, "recorder")  # noqa: B009
        return {
            "service": getattr(self.app, "name", ""),
            "log_position": recorder.max_notification_id() or 0,
            "read_model_position": self.projector.positions.get(self.projector.name),
            "upstream_positions": {u: recorder.max_tracking_id(u) or 0 for u in upstreams},
        }

    def close(self) -> None:
        close = getattr(self.app, "close", None)
        if close is not None:
            close()
        self.engine.dispose()


def build_runtime(settings: Settings, app: Any, metadata: MetaData, apply: Apply) -> Runtime[Any]:
    """Wire the application to its read models and bring them up to date."""
    engine = create_service_engine(settings)
    projector = Projector(settings.service, app.recorder, app.mapper, engine, metadata, apply, PositionStore(engine))
    runtime = Runtime(app=app, engine=engine, projector=projector)
    runtime.refresh_read_models()
    return runtime
