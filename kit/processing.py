"""Process applications: a service's reaction to other services' integration events.

Each event is processed with a tracking record (upstream service, log position)
written in the same transaction as the events it causes, so a duplicate
delivery changes nothing: exactly-once effects on at-least-once delivery.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, ClassVar, cast

from eventsourcing.application import Cache, LRUCache, ProcessingEvent
from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.system import ProcessApplication

from kit.envelope import Envelope

log = logging.getLogger(__name__)

Handler = Callable[[Any, Envelope, ProcessingEvent[Any]], None]


def handles(source: str, event_type: str) -> Callable[[Handler], Handler]:
    """Mark a method of an EventProcessingApplication as the policy for one upstream event type."""

    def mark(method: Handler) -> Handler:
        method.__dict__.setdefault("_handles", []).append((source, event_type))
        return method

    return mark


class EventProcessingApplication(ProcessApplication[Any]):
    """A ProcessApplication whose input is integration envelopes from RabbitMQ."""

    policies: ClassVar[dict[tuple[str, str], Handler]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.policies = {}
        for klass in reversed(cls.__mro__):
            for attribute in vars(klass).values():
                for key in getattr(attribute, "_handles", []):
                    cls.policies[key] = attribute

    def receive(self, envelope: Envelope) -> bool:
        """Process one integration event once; return False for an already-processed one."""
        if self.recorder.has_tracking_id(envelope.source, envelope.position):
            return False
        try:
            # The policy receives the envelope itself: it stands in for a domain event here.
            self.process_event(cast(Any, envelope), Tracking(envelope.source, envelope.position))
        except IntegrityError:
            self.forget_cached_aggregates()
            if self.recorder.has_tracking_id(envelope.source, envelope.position):
                return False
            raise
        return True

    def forget_cached_aggregates(self) -> None:
        """After a save that did not happen, cached aggregates may hold its unsaved changes:
        start the cache afresh, so the next use reads the store."""
        cache = self.repository.cache
        if isinstance(cache, LRUCache):
            self.repository.cache = LRUCache(maxsize=cache.maxsize)
        elif cache is not None:
            self.repository.cache = Cache()

    def policy(self, domain_event: Any, processing_event: ProcessingEvent[Any]) -> None:
        handler = self.policies.get((domain_event.source, domain_event.event_type))
        if handler is not None:
            handler(self, domain_event, processing_event)

    def upstream_position(self, source: str) -> int:
        return self.recorder.max_tracking_id(source) or 0
