"""The idempotent consumer: batches of upstream events, in order, from RabbitMQ to a process application.

One durable quorum queue per (consuming service, upstream service) receives every event type of
the upstream, bound with `#` on the nameko-compatible exchange `<upstream>.events`, so events
arrive in the upstream's log order. The queue has a single active consumer: a second replica of
a worker is a hot standby that RabbitMQ switches to when the first goes, never a competitor (two
competitors would process one upstream out of order, and tracking would take the later event's
position for the earlier one's).

The consumer takes what the broker has prefetched — up to `CONSUMER_BATCH_SIZE` events, or what
arrives within `CONSUMER_BATCH_WAIT_SECONDS` of the first — and hands the batch to a nameko worker,
which processes it in upstream order and commits the new events with one tracking record
(kit.processing). Only then are the messages acknowledged. A failing event is retried in place
with backoff (later events wait, keeping the order); after a bounded number of attempts it is
rejected to the consumer's dead-letter queue and the stream goes on. A store that cannot be
reached is waited for, never a reason to dead-letter. A lost broker connection is re-established;
unacknowledged messages come back and the tracking records absorb them.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import eventlet
import kombu
import kombu.exceptions
from eventlet.event import Event as GreenEvent
from eventlet.semaphore import Semaphore
from kombu.serialization import prepare_accept_content
from nameko import config
from nameko.extensions import DependencyProvider, Entrypoint

from kit import logs, metrics, tracing
from kit.database import STORE_UNAVAILABLE, store_problem
from kit.envelope import Envelope, InvalidEnvelope
from kit.processing import EventProcessingApplication
from kit.provenance import DEFAULT_MAX_POSITION_GAP, implausible_position, publishers_from_env, refusal
from kit.relay import event_exchange
from kit.service_runtime import Runtime
from kit.settings import load_settings
from kit.topology import CONSUMERS, declare_consumer_queue, handler_name, legacy_queue_name

log = logging.getLogger(__name__)
JSON_ONLY = prepare_accept_content(["json"])


@dataclass(frozen=True)
class Delivery:
    """One message as the broker delivered it: its decoded body (None if it did not decode) and
    what the broker says about where it came from."""

    body: Any
    exchange: str = ""
    routing_key: str = ""
    message_id: str = ""
    user_id: str = ""
    undecodable: str = ""
    upstream: str = ""
    """The upstream whose queue it came from; its provenance is checked against it (kit.provenance)."""
    log_head: int = 0
    """The upstream's log head when its relay published the message (its `log_head` header; 0: not told)."""


@dataclass
class BatchOutcome:
    """What became of a batch: how many events were new, and which deliveries go to the dead letters."""

    processed: int = 0
    duplicates: int = 0
    dead_letters: dict[int, str] = field(default_factory=dict)


class IntegrationEventConsumer(Entrypoint):  # type: ignore[misc]
    """`@consume_events("permits")`: every event of the upstream, in order, in batches.

    The decorated method receives a list of `Delivery` and returns a `BatchOutcome`; it must be
    named `on_<upstream>_event`, the name the upstream's relay declares the queue under.
    """

    def __init__(self, source_service: str, **kwargs: Any) -> None:
        self.source_service = source_service
        self.should_stop = False
        self.ready = GreenEvent()
        self._thread: Any = None
        super().__init__(**kwargs)

    def setup(self) -> None:
        service = self.container.service_name
        if self.method_name != handler_name(self.source_service):
            raise ValueError(f"{service}.{self.method_name}: name it {handler_name(self.source_service)}")
        if service not in CONSUMERS.get(self.source_service, ()):
            raise ValueError(f"{service} consumes {self.source_service}: add it to kit.topology.CONSUMERS")
        settings = load_settings(service)
        self.amqp_uri = config["AMQP_URI"]
        self.batch_size = settings.consumer_batch_size
        self.batch_wait = settings.consumer_batch_wait_seconds
        self.delivery_limit = settings.consumer_delivery_limit
        self.heartbeat = int(config.get("HEARTBEAT", 60))
        probe = kombu.Connection(self.amqp_uri)
        self._labels = {"consumer": service, "upstream": self.source_service}
        self._queue_checked = 0.0
        self._connected = False
        # kombu's own OperationalError wraps a failed (re)connection: the broker is away, wait for it.
        self.broker_errors = (
            kombu.exceptions.OperationalError,
            *probe.connection_errors,
            *probe.channel_errors,
        )

    def start(self) -> None:
        self._thread = self.container.spawn_managed_thread(
            self._run, identifier=f"{self.container.service_name}.{self.method_name}"
        )
        metrics.register_health(f"{self.source_service} events", self._broker_problem, self._liveness_problem)
        metrics.serve()
        self.ready.wait()

    def _broker_problem(self) -> str:
        return "" if self._connected else "not connected to the broker"

    def _liveness_problem(self) -> str:
        return "the consumer stopped" if self._thread is None or self._thread.dead else ""

    def stop(self) -> None:
        """Finish the batch in hand, then leave: messages prefetched but not processed go back."""
        self.should_stop = True
        if self._thread is not None:
            self._thread.wait()

    def kill(self) -> None:
        self.should_stop = True
        if self._thread is not None:
            self._thread.kill()

    # -- the consuming loop -----------------------------------------------------------------------

    def _run(self) -> None:
        backoff = 0.5
        while not self.should_stop:
            try:
                with kombu.Connection(self.amqp_uri, heartbeat=self.heartbeat) as connection:
                    connection.ensure_connection(max_retries=1)
                    self._consume(connection)
                    backoff = 0.5
            except (*self.broker_errors, OSError) as error:
                self._connected = False
                metrics.BROKER_CONNECTED.labels(**self._labels).set(0)
                if self.should_stop:
                    break
                log.warning(
                    "%s: broker connection or channel failed while consuming %s events (%s); reconnecting in %.1fs",
                    self.container.service_name,
                    self.source_service,
                    error,
                    backoff,
                )
                self._set_ready()
                eventlet.sleep(backoff)
                backoff = min(backoff * 2, 30.0)
        self._set_ready()

    def _set_ready(self) -> None:
        """The worker starts once the first attempt at the broker is over, whatever its outcome."""
        if not self.ready.ready():
            self.ready.send()

    def _consume(self, connection: kombu.Connection) -> None:
        service = self.container.service_name
        queue = declare_consumer_queue(connection.channel(), self.source_service, service, self.delivery_limit)
        self._drain_legacy_queue(connection)
        channel = connection.channel()
        buffer: list[kombu.Message] = []
        consumer = kombu.Consumer(channel, queues=[queue], on_message=buffer.append, accept=["json"])
        consumer.qos(prefetch_count=self.batch_size * 2)
        consumer.consume()
        self._connected = True
        metrics.BROKER_CONNECTED.labels(**self._labels).set(1)
        self._set_ready()
        log.info("%s consuming %s events", service, self.source_service)
        while not self.should_stop:
            connection.heartbeat_check()
            self._fill(connection, buffer)
            self._handle_buffered(connection, buffer)
            self._measure_queue(channel, queue.name)
        consumer.cancel()

    def _measure_queue(self, channel: Any, name: str, every_seconds: float = 5.0) -> None:
        """The messages waiting in the consumer's queue, looked up every few seconds."""
        if time.monotonic() - self._queue_checked < every_seconds:
            return
        self._queue_checked = time.monotonic()
        _, waiting, _ = channel.queue_declare(name, passive=True)
        metrics.CONSUMER_QUEUED.labels(**self._labels).set(waiting)

    def _handle_buffered(self, connection: kombu.Connection, buffer: list[kombu.Message]) -> None:
        if buffer:
            batch, buffer[:] = list(buffer[: self.batch_size]), buffer[self.batch_size :]
            self._handle(connection, batch)

    def _drain_legacy_queue(self, connection: kombu.Connection) -> None:
        """Events left in an earlier release's queue come first: unbind it (the new queue, already
        bound, receives what follows; an event in both is a duplicate the tracking absorbs), consume
        it alone and in order until it is empty, then delete it."""
        name = legacy_queue_name(self.source_service, self.container.service_name)
        channel = connection.channel()
        try:
            channel.queue_declare(name, passive=True)
        except tuple(connection.channel_errors):
            return  # none left: the passive declare closed its channel
        log.warning("%s drains %s before its new queue", self.container.service_name, name)
        channel.queue_unbind(name, exchange=event_exchange(self.source_service).name, routing_key="#")
        buffer: list[kombu.Message] = []

        def take(raw: Any) -> None:
            message = channel.message_to_python(raw)
            message.accept = JSON_ONLY
            buffer.append(message)

        channel.basic_qos(0, self.batch_size * 2, False)
        # Exclusive: another replica draining it at the same time would take events out of order.
        tag = channel.basic_consume(queue=name, callback=take, exclusive=True)
        while not self.should_stop:
            self._fill(connection, buffer)
            if buffer:
                self._handle_buffered(connection, buffer)
                continue
            _, ready, _ = channel.queue_declare(name, passive=True)
            if ready == 0:
                break
        channel.basic_cancel(tag)
        if not self.should_stop:
            channel.queue_delete(name)  # empty and unbound (quorum queues refuse `if_empty`)
            log.warning("%s deleted the drained %s", self.container.service_name, name)

    def _fill(self, connection: kombu.Connection, buffer: list[kombu.Message]) -> None:
        """Wait up to a second for a first message, then take what else arrives within the batch wait."""
        deadline: float | None = None
        while len(buffer) < self.batch_size and not self.should_stop:
            if buffer and deadline is None:
                deadline = time.monotonic() + self.batch_wait
            timeout = 1.0 if deadline is None else deadline - time.monotonic()
            if timeout <= 0:
                return
            try:
                connection.drain_events(timeout=timeout)
            except TimeoutError:
                return

    def _handle(self, connection: kombu.Connection, messages: list[kombu.Message]) -> None:
        deliveries = [delivery_of(message, self.source_service) for message in messages]
        backoff = 0.5
        started = time.monotonic()
        while True:
            metrics.BATCH_ATTEMPTS.labels(**self._labels).inc()
            outcome, error = self._run_worker(deliveries)
            if error is None:
                break
            # Only an unreachable store gets here (the processor absorbs the rest): wait for it in
            # place, keeping the order, answering the broker's heartbeats meanwhile.
            log.warning(
                "%s could not process %d %s events (%s); trying again in %.1fs",
                self.container.service_name,
                len(deliveries),
                self.source_service,
                error,
                backoff,
            )
            self._pause(connection, backoff)
            if self.should_stop:
                return  # unacknowledged: the broker redelivers them to whoever consumes next
            backoff = min(backoff * 2, 30.0)
        self._count(deliveries, outcome, time.monotonic() - started)
        last_kept = None
        for index, message in enumerate(messages):
            reason = outcome.dead_letters.get(index)
            if reason is None:
                last_kept = message
                continue
            log.error(
                "dead-lettering %s message %s: %s", self.source_service, deliveries[index].message_id or "?", reason
            )
            message.reject(requeue=False)
        if last_kept is not None:
            channel = last_kept.channel
            channel.basic_ack(last_kept.delivery_tag, multiple=True)

    def _count(self, deliveries: list[Delivery], outcome: BatchOutcome, seconds: float) -> None:
        metrics.BATCH_SIZE.labels(**self._labels).observe(len(deliveries))
        metrics.BATCH_LATENCY.labels(**self._labels).observe(seconds)
        events = metrics.EVENTS_PROCESSED
        events.labels(**self._labels, outcome="processed").inc(outcome.processed)
        events.labels(**self._labels, outcome="duplicate").inc(outcome.duplicates)
        events.labels(**self._labels, outcome="dead_lettered").inc(len(outcome.dead_letters))
        if (lag := consumer_lag(deliveries)) is not None:
            position, behind = lag
            metrics.CONSUMER_POSITION.labels(**self._labels).set(position)
            metrics.CONSUMER_LAG.labels(**self._labels).set(behind)

    def _run_worker(self, deliveries: list[Delivery]) -> tuple[BatchOutcome, BaseException | None]:
        done = GreenEvent()

        def handle_result(worker_ctx: Any, result: Any = None, exc_info: Any = None) -> tuple[Any, Any]:
            done.send((result, exc_info[1] if exc_info else None))
            return result, exc_info

        self.container.spawn_worker(self, (deliveries,), {}, context_data={}, handle_result=handle_result)
        result, error = done.wait()
        return result if isinstance(result, BatchOutcome) else BatchOutcome(), error

    def _pause(self, connection: kombu.Connection, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.should_stop and time.monotonic() < deadline:
            eventlet.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
            connection.heartbeat_check()


consume_events = IntegrationEventConsumer.decorator


def consumer_lag(deliveries: list[Delivery]) -> tuple[int, int] | None:
    """(the newest upstream position of the batch, how many log positions the upstream's head,
    as its relay last told, is beyond it); None for a batch without positions."""
    positions = [_position(d.body) for d in deliveries]
    positions = [p for p in positions if p]
    if not positions:
        return None
    position = max(positions)
    head = max([d.log_head for d in deliveries] + [position])
    return position, head - position


def _position(body: Any) -> int:
    """The envelope's position (a string on the wire, int64 in proto3 JSON); 0 when it has none."""
    value = body.get("position") if isinstance(body, dict) else None
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else 0


def delivery_of(message: kombu.Message, upstream: str = "") -> Delivery:
    info = message.delivery_info or {}
    properties = message.properties or {}
    head = (message.headers or {}).get("log_head", 0)
    try:
        body, undecodable = message.decode(), ""
    except Exception as error:  # a body that is not JSON can never be processed
        body, undecodable = None, f"the message body does not decode: {error}"
    return Delivery(
        body=body,
        exchange=str(info.get("exchange", "")),
        routing_key=str(info.get("routing_key", "")),
        message_id=str(properties.get("message_id", "") or ""),
        user_id=str(properties.get("user_id", "") or ""),
        undecodable=undecodable,
        upstream=upstream,
        log_head=head if isinstance(head, int) else 0,
    )


class EventProcessor(DependencyProvider):  # type: ignore[misc]
    """Gives a nameko service its runtime and processes batches of integration events through it.

    The runtime is built in `setup`, never at import time; `build` is the service's composition
    root. Read models are refreshed once per batch.
    """

    def __init__(self, build: Callable[[], Runtime[Any]], attempts: int | None = None) -> None:
        self.build = build
        self._attempts = attempts
        self.runtime: Runtime[Any] | None = None
        self._in_order = Semaphore(1)
        self.publishers: dict[str, str] | None = None
        self.max_position_gap = DEFAULT_MAX_POSITION_GAP
        self.refused: dict[str, int] = {}
        """How many messages of each upstream were dead-lettered for their provenance or position."""

    def setup(self) -> None:
        self.runtime = self.build()
        self.publishers = publishers_from_env(os.environ)
        self.max_position_gap = load_settings(self.runtime.app.name).consumer_max_position_gap
        if self.publishers is None:
            log.warning("BUS_PUBLISHERS is not set: %s does not check who published an event", self.runtime.app.name)
        metrics.register_health("store", lambda: _store_problem(self.runtime))

    def stop(self) -> None:
        if self.runtime is not None:
            self.runtime.close()

    def get_dependency(self, worker_ctx: Any) -> EventProcessor:
        return self

    def worker_setup(self, worker_ctx: Any) -> None:
        _begin_correlated_call(worker_ctx)

    def worker_teardown(self, worker_ctx: Any) -> None:
        _end_correlated_call(worker_ctx)

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
        """Process one message's body; True if it had an effect, False for a duplicate."""
        outcome = self.process_batch([Delivery(body=body)])
        if outcome.dead_letters:
            raise InvalidEnvelope(outcome.dead_letters[0])
        return outcome.processed == 1

    def process_batch(self, deliveries: list[Delivery]) -> BatchOutcome:
        """Process a batch of one upstream's messages in order; say which go to the dead letters.

        Raises only when the store cannot be reached (the caller waits and hands the batch again).
        """
        outcome = BatchOutcome()
        envelopes: list[tuple[int, Envelope]] = []
        for index, delivery in enumerate(deliveries):
            if delivery.undecodable:
                outcome.dead_letters[index] = delivery.undecodable
                continue
            try:
                envelope = Envelope.from_wire(delivery.body)
            except InvalidEnvelope as error:
                outcome.dead_letters[index] = f"not an envelope: {error}"
                continue
            reason = delivery.upstream and refusal(
                envelope, delivery.upstream, delivery.exchange, delivery.user_id, self.publishers
            )
            if reason:
                self._refuse(index, delivery.upstream, reason, outcome)
                continue
            envelopes.append((index, envelope))
        with self._in_order:
            for run in runs_by_source(envelopes):
                self._apply(self._plausible(run, outcome), outcome)
            assert self.runtime is not None
            try:
                self.runtime.refresh_read_models()
            except Exception:
                # The events are stored: they must not be dead-lettered as if they had had no effect.
                # The read models catch up at the next refresh.
                log.exception("refreshing the %s read models failed after a batch", self.runtime.app.name)
        return outcome

    def _plausible(self, run: list[tuple[int, Envelope]], outcome: BatchOutcome) -> list[tuple[int, Envelope]]:
        """The run without envelopes whose position lies implausibly far beyond what came before."""
        app = self._app()
        last = app.upstream_position(run[0][1].source)
        kept = []
        for index, envelope in run:
            if app.knows(envelope):
                reason = implausible_position(envelope, last, self.max_position_gap)
                if reason:
                    self._refuse(index, envelope.source, reason, outcome)
                    continue
                last = max(last, envelope.position)
            kept.append((index, envelope))
        return kept

    def _refuse(self, index: int, upstream: str, reason: str, outcome: BatchOutcome) -> None:
        self.refused[upstream] = self.refused.get(upstream, 0) + 1
        log.error("refusing a message on %s's queue (%d so far): %s", upstream, self.refused[upstream], reason)
        outcome.dead_letters[index] = f"refused: {reason}"

    def _apply(self, envelopes: list[tuple[int, Envelope]], outcome: BatchOutcome) -> None:
        """The batch in one transaction; if that fails, event by event up to the one that fails,
        which is retried and then dead-lettered, and the rest as a batch again."""
        while envelopes:
            try:
                new = self._app().receive_batch([envelope for _, envelope in envelopes])
            except STORE_UNAVAILABLE:
                raise
            except Exception as error:
                if len(envelopes) > 1:
                    envelopes = self._apply_singly_until_failure(envelopes, outcome)
                    continue
                self._retry_or_dead_letter(envelopes[0], error, outcome)
                return
            outcome.processed += new
            outcome.duplicates += len(envelopes) - new
            return

    def _apply_singly_until_failure(
        self, envelopes: list[tuple[int, Envelope]], outcome: BatchOutcome
    ) -> list[tuple[int, Envelope]]:
        """Apply events one by one up to the first that fails; return the events after it."""
        for position, item in enumerate(envelopes):
            try:
                new = self._app().receive_batch([item[1]])
            except STORE_UNAVAILABLE:
                raise
            except Exception as error:
                self._retry_or_dead_letter(item, error, outcome)
                return envelopes[position + 1 :]
            outcome.processed += new
            outcome.duplicates += 1 - new
        return []

    def _retry_or_dead_letter(self, item: tuple[int, Envelope], error: Exception, outcome: BatchOutcome) -> None:
        """Retry a failed event in place with backoff (an envelope whose data cannot be read is not
        retried); after the last attempt it goes to the dead letters."""
        index, envelope = item
        with logs.correlated(envelope.correlation_id, envelope.event_id):
            self._retry_in_place(index, envelope, error, outcome)

    def _retry_in_place(self, index: int, envelope: Envelope, error: Exception, outcome: BatchOutcome) -> None:
        app = self._app()
        attempts = self._attempts if self._attempts is not None else load_settings(app.name).consumer_attempts
        delay = 0.1
        attempt = 1
        while attempt < attempts and not isinstance(error, InvalidEnvelope):
            log.warning("attempt %d at %s event %s failed: %r", attempt, envelope.source, envelope.event_id, error)
            time.sleep(delay)
            delay = min(delay * 4, 5.0)
            attempt += 1
            try:
                new = app.receive_batch([envelope])
            except STORE_UNAVAILABLE:
                raise
            except Exception as again:
                error = again
                continue
            outcome.processed += new
            outcome.duplicates += 1 - new
            return
        log.error(
            "giving up on %s event %s at position %d after %d attempts",
            envelope.source,
            envelope.event_type,
            envelope.position,
            attempt,
            exc_info=error,
        )
        outcome.dead_letters[index] = f"{envelope.event_type} at position {envelope.position}: {error!r}"

    def _app(self) -> EventProcessingApplication:
        assert self.runtime is not None
        app: EventProcessingApplication = self.runtime.app
        return app


def runs_by_source(envelopes: list[tuple[int, Envelope]]) -> list[list[tuple[int, Envelope]]]:
    """Consecutive envelopes of one source: each run is processed with that source's tracking."""
    runs: list[list[tuple[int, Envelope]]] = []
    for item in envelopes:
        if runs and runs[-1][-1][1].source == item[1].source:
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


class RuntimeProvider(DependencyProvider):  # type: ignore[misc]
    """Gives a nameko service a runtime that consumes no events (built in `setup`)."""

    def __init__(self, build: Callable[[], Runtime[Any]]) -> None:
        self.build = build
        self.runtime: Runtime[Any] | None = None

    def setup(self) -> None:
        self.runtime = self.build()
        metrics.register_health("store", lambda: _store_problem(self.runtime))
        metrics.serve()

    def stop(self) -> None:
        if self.runtime is not None:
            self.runtime.close()

    def get_dependency(self, worker_ctx: Any) -> Runtime[Any]:
        assert self.runtime is not None
        return self.runtime

    def worker_setup(self, worker_ctx: Any) -> None:
        _begin_correlated_call(worker_ctx)

    def worker_teardown(self, worker_ctx: Any) -> None:
        _end_correlated_call(worker_ctx)


def _begin_correlated_call(worker_ctx: Any) -> None:
    """An RPC call (a staff command, a day closed, a calendar loaded) runs under the correlation id
    its caller sent in the context data, or one minted for it; the events it stores carry it. Event
    batches are not: each event is processed under its own envelope's (kit.processing)."""
    if isinstance(worker_ctx.entrypoint, IntegrationEventConsumer) or id(worker_ctx) in _call_tokens:
        return  # an event batch, or a service with both providers: set once
    data = worker_ctx.context_data or {}
    correlation = str(data.get(tracing.CONTEXT_KEY) or "") or tracing.minted()
    _call_tokens[id(worker_ctx)] = (logs.correlation_id.set(correlation), logs.causation_id.set(""))


def _end_correlated_call(worker_ctx: Any) -> None:
    tokens = _call_tokens.pop(id(worker_ctx), None)
    if tokens is not None:
        logs.correlation_id.reset(tokens[0])
        logs.causation_id.reset(tokens[1])


_call_tokens: dict[int, tuple[Any, Any]] = {}


def _store_problem(runtime: Runtime[Any] | None) -> str:
    """'' when the service's store answers, otherwise why not (for /readyz)."""
    return "not started" if runtime is None else store_problem(runtime.engine)
