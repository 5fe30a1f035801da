"""Aggregates for request-serving threads: current with the log, shared, never copied per request.

A gRPC server answers many reads of the same aggregates from many threads. Reading an aggregate's
events on every request, or copying a cached one so no request can see another's changes, is
most of what such a read costs. Here the process follows its log's head in the background (the
store's watcher wakes it on every write), and each aggregate is kept with the head it was read
at: while the head has not moved, the kept aggregate is current and is returned as it is. When
the head has moved, only the aggregate's newer events are read and applied to a *copy*, which
then replaces the kept one — copy on write — so an aggregate a thread holds never changes under
it. Readers must not change what they are given; commands go through the application as before.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from eventsourcing.application import AggregateNotFoundError

log = logging.getLogger(__name__)
M = TypeVar("M")


class LogWatcher(Protocol):
    def wait(self, timeout: float) -> bool:
        """Return when the store may hold new events (True), or after `timeout` seconds with
        nothing written meanwhile (False)."""
        ...


class LogHead:
    """The head of a service's notification log as this process last saw it, kept current by a
    background thread that reads it whenever the store's watcher sees a write (and once a second
    in any case)."""

    def __init__(self, recorder: Any, watcher: LogWatcher, stop: threading.Event, idle_seconds: float = 1.0) -> None:
        self.recorder = recorder
        self.watcher = watcher
        self.stop = stop
        self.idle_seconds = idle_seconds
        self.position = -1  # unknown until first read: nothing kept counts as current
        self.as_of = 0.0

    def start(self) -> LogHead:
        threading.Thread(target=self._follow, name="log-head", daemon=True).start()
        return self

    def observe(self, position: int, as_of: float) -> None:
        """The head is `position`, read after `as_of`; -1 when it could not be read."""
        self.position = position
        self.as_of = as_of

    def _follow(self) -> None:
        while not self.stop.is_set():
            started = time.time()
            try:
                self.observe(self.recorder.max_notification_id() or 0, started)
            except Exception as error:  # the store is away: nothing kept counts as current
                log.warning("reading the log head failed (%s)", error)
                self.observe(-1, started)
                self.stop.wait(self.idle_seconds)
                continue
            self.watcher.wait(self.idle_seconds)


class LiveHead:
    """The head read afresh at every use: for an in-memory store, where that costs nothing."""

    def __init__(self, recorder: Any) -> None:
        self.recorder = recorder

    @property
    def position(self) -> int:
        return int(self.recorder.max_notification_id() or 0)


class Head(Protocol):
    @property
    def position(self) -> int: ...


class _Kept:
    """Values kept with the log or read-model position they were read at; bounded, the least
    recently used go first."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._kept: OrderedDict[Any, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()

    def find(self, key: Any) -> tuple[Any, int] | None:
        return self._kept.get(key)

    def touch(self, key: Any) -> None:
        with self._lock, contextlib.suppress(KeyError):
            self._kept.move_to_end(key)

    def keep(self, key: Any, value: Any, position: int) -> None:
        with self._lock:
            self._kept[key] = (value, position)
            self._kept.move_to_end(key)
            while len(self._kept) > self.maxsize:
                self._kept.popitem(last=False)


class CurrentAggregates:
    """The application's aggregates for readers: see the module's description."""

    def __init__(self, app: Any, head: Head, maxsize: int = 10_000) -> None:
        self.event_store = app.repository.event_store
        self.head = head
        self._kept = _Kept(maxsize)

    def get(self, aggregate_id: Any, written_through: int = 0) -> Any:
        """The aggregate as the log holds it, or AggregateNotFoundError.

        `written_through`: the last position this process wrote, which the answer must reflect
        even if the head has not been read since."""
        head = self.head.position
        kept = self._kept.find(aggregate_id)
        if kept is not None and head >= max(0, written_through) and kept[1] == head:
            self._kept.touch(aggregate_id)
            return kept[0]
        aggregate = kept[0] if kept is not None else None
        newer = list(self.event_store.get(aggregate_id, gt=aggregate.version if aggregate is not None else None))
        if newer:
            aggregate = copy.deepcopy(aggregate) if aggregate is not None else None
            for event in newer:
                aggregate = event.mutate(aggregate)
        if aggregate is None:
            raise AggregateNotFoundError(aggregate_id)
        self._kept.keep(aggregate_id, aggregate, head)
        return aggregate


class MessagesOf:
    """The message made from each aggregate CurrentAggregates keeps, given again while that same
    aggregate is current: a kept aggregate never changes (a newer one replaces it), so neither does
    what is made from it alone. Bounded: when full, it starts afresh."""

    def __init__(self, maxsize: int = 10_000) -> None:
        self.maxsize = maxsize
        self._made: dict[Any, tuple[Any, Any]] = {}

    def get(self, aggregate: Any, make: Callable[[Any], M]) -> M:
        kept = self._made.get(aggregate.id)
        if kept is not None and kept[0] is aggregate:
            made: M = kept[1]
            return made
        message = make(aggregate)
        if len(self._made) >= self.maxsize:
            self._made.clear()
        self._made[aggregate.id] = (aggregate, message)
        return message


class KeptAnswers:
    """Answers read from the read models, kept while the read models stand still.

    Each answer is kept with the read models' position it was read at and given again while that
    is still their position; once they move, the next request reads afresh. Bounded: the least
    recently used answers go first."""

    def __init__(self, maxsize: int = 10_000) -> None:
        self._kept = _Kept(maxsize)

    def get(self, key: Any, position: int, read: Callable[[], Any]) -> Any:
        kept = self._kept.find(key)
        if kept is not None and kept[1] == position:
            self._kept.touch(key)
            return kept[0]
        answer = read()
        self._kept.keep(key, answer, position)
        return answer
