"""Process applications: a service's reaction to other services' integration events.

Events are processed in batches: every event of the batch goes through its policy in upstream
order, and the new events they cause are written with one tracking record (upstream service, the
batch's last log position) in one transaction, so a duplicate delivery changes nothing:
exactly-once effects on at-least-once delivery. Within a batch, a policy sees the aggregates the
batch's earlier events changed, exactly as if each event had been saved on its own.

Each event is processed under the correlation id its envelope carries, with its event id as the
causation (kit.tracing): the lines logged meanwhile carry both, and so do the events it causes,
whichever batch they are saved in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, cast

from eventsourcing.application import AggregateNotFoundError, Cache, LRUCache, ProcessingEvent, Repository
from eventsourcing.persistence import IntegrityError, Mapper, Tracking
from eventsourcing.system import ProcessApplication

from kit import logs, tracing
from kit.envelope import Envelope
from kit.provenance import published_event_types

log = logging.getLogger(__name__)

Handler = Callable[[Any, Envelope, ProcessingEvent[Any]], None]


def handles(source: str, event_type: str) -> Callable[[Handler], Handler]:
    """Mark a method of an EventProcessingApplication as the policy for one upstream event type."""

    def mark(method: Handler) -> Handler:
        method.__dict__.setdefault("_handles", []).append((source, event_type))
        return method

    return mark


class BatchRepository(Repository[Any]):
    """A repository that, while a batch is processed, answers with the batch's own changed
    aggregates, and reads each other aggregate from the store once per batch (found or not).

    Reading once per batch is as safe as reading per event: the batch is saved in one
    transaction whose version checks refuse it whole if another writer got there first."""

    batch: dict[Any, Any] | None = None
    _read: dict[Any, Any] | None = None  # aggregates read in this batch; _ABSENT if not found

    def begin_batch(self, aggregates: dict[Any, Any]) -> None:
        self.batch, self._read = aggregates, {}

    def end_batch(self) -> None:
        self.batch = self._read = None

    def get(self, aggregate_id: Any, *, version: int | None = None, **kwargs: Any) -> Any:
        if version is not None or self.batch is None or self._read is None or kwargs:
            return super().get(aggregate_id, version=version, **kwargs)
        pending = self.batch.get(aggregate_id)
        if pending is not None:
            return pending
        read = self._read.get(aggregate_id)
        if read is _ABSENT:
            raise AggregateNotFoundError(aggregate_id)
        if read is None:
            try:
                read = super().get(aggregate_id)
            except AggregateNotFoundError:
                self._read[aggregate_id] = _ABSENT
                raise
            self._read[aggregate_id] = read
        return read


_ABSENT = object()


class EventProcessingApplication(ProcessApplication[Any]):
    """A ProcessApplication whose input is integration envelopes from RabbitMQ."""

    policies: ClassVar[dict[tuple[str, str], Handler]] = {}
    written_through = 0
    """The highest log position this process has written: what its own read models must reach
    before a read may say it reflects this process's writes."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.policies = {}
        for klass in reversed(cls.__mro__):
            for attribute in vars(klass).values():
                for key in getattr(attribute, "_handles", []):
                    cls.policies[key] = attribute

    def construct_mapper(self) -> Mapper[Any]:
        """eventsourcing's mapper, storing each event's correlation and causation with it (kit.tracing)."""
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=tracing.CorrelatingMapper)

    def construct_repository(self) -> Repository[Any]:
        base = super().construct_repository()
        repository = BatchRepository(
            event_store=base.event_store,
            snapshot_store=base.snapshot_store,
            fastforward=base.fastforward,
            fastforward_skipping=base.fastforward_skipping,
            deepcopy_from_cache=base.deepcopy_from_cache,
        )
        repository.cache = base.cache
        return repository

    def receive(self, envelope: Envelope) -> bool:
        """Process one integration event once; return False for an already-processed one."""
        return self.receive_batch([envelope]) == 1

    def receive_batch(self, envelopes: Sequence[Envelope]) -> int:
        """Process the events of one upstream in their order, in one transaction; return how many
        were new (the others had been processed before, or repeat an earlier one of the batch)."""
        if not envelopes:
            return 0
        source = envelopes[0].source
        if any(envelope.source != source for envelope in envelopes):
            raise ValueError("a batch holds the events of one upstream service")
        tracked = self.recorder.max_tracking_id(source) or 0
        fresh = []
        for envelope in envelopes:
            if not self.knows(envelope):
                # Not an event its upstream publishes: it has no effect, and it must not move tracking.
                log.warning(
                    "%s ignores %s at position %d: not an event type %s publishes",
                    self.name,
                    envelope.event_type,
                    envelope.position,
                    source,
                )
                continue
            if envelope.position > tracked:
                fresh.append(envelope)
                tracked = envelope.position
        if not fresh:
            return 0
        processing: ProcessingEvent[Any] = ProcessingEvent(Tracking(source, fresh[-1].position))
        repository = cast(BatchRepository, self.repository)
        repository.begin_batch(processing.aggregates)
        traces: dict[int, tracing.Trace] = {}
        runs: list[list[tuple[Envelope, int]]] = []  # consecutive events of one request, with what each caused
        try:
            for envelope in fresh:
                caused_from = len(processing.events)
                trace = tracing.Trace(envelope.correlation_id, envelope.event_id)
                with logs.correlated(trace.correlation_id, trace.causation_id):
                    # The policy receives the envelope itself: it stands in for a domain event here.
                    self.policy(cast(Any, envelope), processing)
                caused = processing.events[caused_from:]
                for caused_event in caused:
                    traces[id(caused_event)] = trace
                if runs and runs[-1][0][0].correlation_id == envelope.correlation_id:
                    runs[-1].append((envelope, len(caused)))
                else:
                    runs.append([(envelope, len(caused))])
            with tracing.tagged(traces):
                recordings = self._record(processing)
        except IntegrityError:
            self.forget_cached_aggregates()
            if self.recorder.has_tracking_id(source, fresh[-1].position):
                return 0
            raise
        except BaseException:
            self.forget_cached_aggregates()
            raise
        finally:
            repository.end_batch()
        self._take_snapshots(processing)
        self._notify(recordings)
        for run in runs:
            self._log_processed(run)
        return len(fresh)

    def _log_processed(self, run: list[tuple[Envelope, int]]) -> None:
        """One line for consecutive events of one request (an import's thousands make one line a
        batch), under its correlation id, with the first event's id as the causation."""
        first, last = run[0][0], run[-1][0]
        types = list(dict.fromkeys(envelope.event_type for envelope, _ in run))
        what = (
            types[0]
            if len(run) == 1
            else f"{len(run)} events ({', '.join(types[:3])}{', …' if len(types) > 3 else ''})"
        )
        where = f"position {first.position}" if len(run) == 1 else f"positions {first.position}–{last.position}"
        with logs.correlated(first.correlation_id, first.event_id):
            log.info(
                "%s processed %s %s at %s, causing %d events",
                self.name,
                first.source,
                what,
                where,
                sum(count for _, count in run),
                extra={"upstream": first.source, "events": len(run)},
            )

    def _record(self, processing_event: ProcessingEvent[Any]) -> Any:
        recordings = super()._record(processing_event)
        if recordings:
            self.written_through = max(self.written_through, recordings[-1].notification.id or 0)
        return recordings

    def forget_cached_aggregates(self) -> None:
        """After a save that did not happen, cached aggregates may hold its unsaved changes:
        start the cache afresh, so the next use reads the store."""
        cache = self.repository.cache
        if isinstance(cache, LRUCache):
            self.repository.cache = LRUCache(maxsize=cache.maxsize)
        elif cache is not None:
            self.repository.cache = Cache()

    def knows(self, envelope: Envelope) -> bool:
        """Whether the envelope's type is one this application handles or its upstream publishes."""
        source, event_type = envelope.source, envelope.event_type
        return (source, event_type) in self.policies or event_type in published_event_types(source)

    def policy(self, domain_event: Any, processing_event: ProcessingEvent[Any]) -> None:
        handler = self.policies.get((domain_event.source, domain_event.event_type))
        if handler is not None:
            handler(self, domain_event, processing_event)

    def upstream_position(self, source: str) -> int:
        return self.recorder.max_tracking_id(source) or 0
