"""One service's running parts in a worker: its application and its read models."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Engine, MetaData

from kit.database import create_service_engine
from kit.positions import PositionStore
from kit.projection import Apply, Projector
from kit.reads import LogHead, LogWatcher
from kit.settings import Settings

TApp = TypeVar("TApp")
log = logging.getLogger(__name__)


@dataclass
class Runtime(Generic[TApp]):
    app: TApp
    engine: Engine
    projector: Projector
    settings: Settings | None = None

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


def build_runtime(
    settings: Settings, app: Any, metadata: MetaData, apply: Apply, catch_up: bool = True
) -> Runtime[Any]:
    """Wire the application to its read models and (unless told not to) bring them up to date."""
    engine = create_service_engine(settings)
    projector = Projector(settings.service, app.recorder, app.mapper, engine, metadata, apply, PositionStore(engine))
    runtime = Runtime(app=app, engine=engine, projector=projector, settings=settings)
    if catch_up:
        runtime.refresh_read_models()
    return runtime


@dataclass(frozen=True)
class Freshness:
    """How fresh an answer from the read models is: they reflect the log through `position`, and
    nothing newer had been written by `as_of` (a Unix time)."""

    position: int
    as_of: float


class ReadModelFollower:
    """Keeps a request-serving process's read models caught up with the log, in the background.

    It wakes when the log moves (the store's watcher: a stat of the SQLite files or PostgreSQL's
    LISTEN) and catches the read models up, so requests never refresh them and never wait on one
    another. A request that must reflect this process's own writes waits until they are in
    (`fresh_through`), which costs nothing once they are.
    """

    def __init__(
        self, runtime: Runtime[Any], watcher: LogWatcher, stop: threading.Event, idle_seconds: float = 1.0
    ) -> None:
        self.runtime = runtime
        self.watcher = watcher
        self.stop = stop
        self.idle_seconds = idle_seconds
        self._caught_up = threading.Condition()
        self._freshness = Freshness(runtime.projector.position, 0.0)
        self._thread: threading.Thread | None = None
        recorder: Any = getattr(runtime.app, "recorder")  # noqa: B009
        self.head = LogHead(recorder, watcher, stop, idle_seconds)
        """The log's head as this follower last read it (it does not run a thread of its own)."""

    @property
    def freshness(self) -> Freshness:
        return self._freshness

    @classmethod
    def of(cls, runtime: Runtime[Any], stop: threading.Event) -> ReadModelFollower:
        """A follower for `runtime`, watching its store the way its relay does."""
        from kit.relay import log_watcher  # the relay's module brings the broker client

        assert runtime.settings is not None, "a runtime built by build_runtime"
        recorder: Any = getattr(runtime.app, "recorder")  # noqa: B009
        watcher = log_watcher(runtime.settings.database_url, runtime.engine, recorder.channel_name, stop)
        return cls(runtime, watcher, stop)

    def start(self) -> ReadModelFollower:
        self._thread = threading.Thread(target=self.run, name="read-model-follower", daemon=True)
        self._thread.start()
        return self

    def run(self) -> None:
        recorder: Any = self.runtime.app.recorder
        while not self.stop.is_set():
            started = time.time()
            try:
                head = recorder.max_notification_id() or 0
                self.head.observe(head, started)
                if head > self.runtime.projector.position:
                    self.runtime.refresh_read_models()
                self._publish(Freshness(self.runtime.projector.position, started))
            except Exception as error:  # the store is away: the answers stay as they were, and say so
                self.head.observe(-1, started)
                log.warning("catching the %s read models up failed (%s)", getattr(recorder, "name", ""), error)
                self.stop.wait(min(self.idle_seconds, 1.0))
                continue
            # Woken by a write, or after `idle_seconds` in any case: the head is read once more, so
            # a wake-up the watcher missed leaves the read models behind for a moment at most.
            self.watcher.wait(self.idle_seconds)

    def _publish(self, freshness: Freshness) -> None:
        with self._caught_up:
            self._freshness = freshness
            self._caught_up.notify_all()

    def fresh_through(self, position: int, timeout: float = 5.0) -> Freshness:
        """Wait (up to `timeout` seconds) until the read models reflect the log through `position`."""
        freshness = self._freshness
        if freshness.position >= position:
            return freshness
        deadline = time.monotonic() + timeout
        with self._caught_up:
            while self._freshness.position < position and not self.stop.is_set():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._caught_up.wait(remaining)
            return self._freshness
