"""The idempotent consumer: nameko event handlers feeding an EventProcessingApplication.

One durable quorum queue per (consuming service, upstream service) receives
every event type of the upstream, bound with `#` on the nameko-compatible
exchange `<upstream>.events`, so events arrive in the upstream's log order and
are processed one at a time. A failing event is retried in place with backoff
(later events wait, keeping the order); after a bounded number of attempts it
is rejected to the consumer's dead-letter queue and the stream goes on. The
queue's delivery limit is a backstop for a message that kills its worker.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import kombu
from eventlet.semaphore import Semaphore
from nameko.events import SERVICE_POOL, EventHandler
from nameko.extensions import DependencyProvider

from kit.envelope import Envelope, InvalidEnvelope
from kit.processing import EventProcessingApplication
from kit.service_runtime import Runtime
from kit.settings import load_settings
from kit.topology import CONSUMERS, declare_consumer_queue, handler_name

log = logging.getLogger(__name__)


class IntegrationEventHandler(EventHandler):  # type: ignore[misc]
    """`@consume_events("permits")`: every event of the upstream, in order, dead-lettered on failure.

    The handler must be named `on_<upstream>_event`: the upstream's relay declares the same queue.
    """

    def __init__(self, source_service: str, **kwargs: Any) -> None:
        super().__init__(source_service, "#", handler_type=SERVICE_POOL, reliable_delivery=True, **kwargs)

    def setup(self) -> None:
        service = self.container.service_name
        if self.method_name != handler_name(self.source_service):
            raise ValueError(f"{service}.{self.method_name}: name it {handler_name(self.source_service)}")
        if service not in CONSUMERS.get(self.source_service, ()):
            raise ValueError(f"{service} consumes {self.source_service}: add it to kit.topology.CONSUMERS")
        delivery_limit = load_settings(service).consumer_delivery_limit
        with kombu.Connection(self.amqp_uri) as connection:
            self.queue = declare_consumer_queue(connection.channel(), self.source_service, service, delivery_limit)
        # Skip EventHandler.setup, which would build a classic queue of its own.
        super(EventHandler, self).setup()

    def handle_message_processed(self, message: Any, result: Any = None, exc_info: Any = None) -> None:
        if exc_info is None:
            self.consumer.ack_message(message)
        elif message.channel.connection:
            log.error("dead-lettering %s event %s", self.source_service, message.properties.get("message_id"))
            message.reject(requeue=False)


consume_events = IntegrationEventHandler.decorator


class EventProcessor(DependencyProvider):  # type: ignore[misc]
    """Gives a nameko service its runtime and processes integration events through it.

    The runtime is built in `setup`, never at import time; `build` is the
    service's composition root. Read models are refreshed after each event.
    """

    def __init__(self, build: Callable[[], Runtime[Any]], attempts: int | None = None) -> None:
        self.build = build
        self._attempts = attempts
        self.runtime: Runtime[Any] | None = None
        self._in_order = Semaphore(1)

    def setup(self) -> None:
        self.runtime = self.build()

    def stop(self) -> None:
        if self.runtime is not None:
            self.runtime.close()

    def get_dependency(self, worker_ctx: Any) -> EventProcessor:
        return self

    def app(self) -> Any:
        """The service's application, for commands and queries of RPC methods."""
        assert self.runtime is not None
        return self.runtime.app

    def engine(self) -> Any:
        """The engine of the service's read models."""
        assert self.runtime is not None
        return self.runtime.engine

    def refresh(self, max_batches: int | None = None) -> None:
        assert self.runtime is not None
        self.runtime.refresh_read_models(max_batches)

    def serialized(self) -> Semaphore:
        """Hold it to run a command in sequence with the events: never in between one's steps."""
        return self._in_order

    def process(self, body: Any) -> bool:
        """Process one delivered message; True if it had an effect, False for a duplicate."""
        envelope = Envelope.from_wire(body)
        with self._in_order:
            processed = self._process_with_retries(envelope)
            assert self.runtime is not None
            try:
                self.runtime.refresh_read_models()
            except Exception:
                # The event is stored: it must not be dead-lettered as if it had had no effect.
                # The read models catch up at the next refresh.
                log.exception(
                    "refreshing the %s read models failed after event %s", self.runtime.app.name, envelope.event_id
                )
            return processed

    def _process_with_retries(self, envelope: Envelope) -> bool:
        assert self.runtime is not None
        app: EventProcessingApplication = self.runtime.app
        if self._attempts is None:
            self._attempts = load_settings(self.runtime.app.name).consumer_attempts
        attempts = self._attempts
        delay = 0.1
        for attempt in range(1, attempts + 1):
            try:
                return app.receive(envelope)
            except InvalidEnvelope:
                raise
            except Exception:
                if attempt == attempts:
                    log.exception(
                        "giving up on %s event %s at position %d after %d attempts",
                        envelope.source,
                        envelope.event_type,
                        envelope.position,
                        attempt,
                    )
                    raise
                log.warning(
                    "attempt %d at %s event %s failed",
                    attempt,
                    envelope.source,
                    envelope.event_id,
                    exc_info=True,
                )
                time.sleep(delay)
                delay = min(delay * 4, 5.0)
        raise AssertionError("unreachable")


class RuntimeProvider(DependencyProvider):  # type: ignore[misc]
    """Gives a nameko service a runtime that consumes no events (built in `setup`)."""

    def __init__(self, build: Callable[[], Runtime[Any]]) -> None:
        self.build = build
        self.runtime: Runtime[Any] | None = None

    def setup(self) -> None:
        self.runtime = self.build()

    def stop(self) -> None:
        if self.runtime is not None:
            self.runtime.close()

    def get_dependency(self, worker_ctx: Any) -> Runtime[Any]:
        assert self.runtime is not None
        return self.runtime
