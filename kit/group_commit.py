"""Group commit: saves that arrive while another is being committed are committed together.

A store's commit waits for the disk (SQLite's WAL fsync, PostgreSQL's WAL flush); that wait, not
the work of writing the events, is most of what one submission costs. When a gRPC server's
threads submit at once, each waiting for its own commit serialises them on the disk. Here the
first thread to arrive commits what it has; those that arrive meanwhile queue, and the next of
them commits the whole queue in one transaction. Under a light load nobody waits for company: a
lone save is committed at once, as before.

Each caller still gets its own outcome. When a grouped commit fails (a repeated request id's
unique key, say), nothing of it was stored, and the group is saved again one by one, so that only
the save at fault fails and the others stand.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.application import Application, ProcessingEvent

#: At most this many saves go into one transaction.
MAX_GROUP = 64


@dataclass
class _Pending:
    collected: ProcessingEvent[Any]
    finished: bool = False
    error: BaseException | None = None


@dataclass
class GroupCommit:
    """`save(*aggregates)` for many threads at once, in as few transactions as the disk allows.

    Each save is what the application's own `save` does: the aggregates' pending events are
    collected, recorded in one transaction (here, with the rest of the group), snapshots taken
    and the recordings announced; the aggregates are cached as the application caches them."""

    app: Application[Any]
    max_group: int = MAX_GROUP
    groups: int = 0  # transactions tried, for the tests and the status
    _queue: list[_Pending] = field(default_factory=list)
    _committing: bool = False
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def save(self, *aggregates: Any) -> None:
        collected: ProcessingEvent[Any] = ProcessingEvent()
        collected.collect_events(*aggregates)
        mine = _Pending(collected)
        with self._changed:
            self._queue.append(mine)
        while True:
            with self._changed:
                while self._committing and not mine.finished:
                    self._changed.wait()
                if mine.finished:
                    break
                self._committing = True
                group = self._queue[: self.max_group]
                del self._queue[: self.max_group]
            try:
                self._commit(group)
            finally:
                with self._changed:
                    self._committing = False
                    self._changed.notify_all()
        if mine.error is not None:
            raise mine.error

    def _commit(self, group: list[_Pending]) -> None:
        if len(group) == 1:
            self._alone(group[0])
            return
        together: ProcessingEvent[Any] = ProcessingEvent()
        for pending in group:
            together.events.extend(pending.collected.events)
            together.aggregates.update(pending.collected.aggregates)
        try:
            self._record(together)
        except Exception:
            # Nothing of the group was stored: each save again on its own, so only the one at fault fails.
            for pending in group:
                self._alone(pending)
            return
        for pending in group:
            pending.finished = True

    def _alone(self, pending: _Pending) -> None:
        try:
            self._record(pending.collected)
        except BaseException as error:
            pending.error = error
        pending.finished = True

    def _record(self, collected: ProcessingEvent[Any]) -> None:
        self.groups += 1
        recordings = self.app._record(collected)
        self.app._take_snapshots(collected)
        self.app._notify(recordings)
