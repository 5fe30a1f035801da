"""The outbox relay: from a service's notification log to RabbitMQ, in order, at least once.

Commands only ever write the event store. The relay reads the store's ordered
notification log, publishes each integration event with publisher confirms to
the topic exchange `<service>.events` (routing key = event type, persistent
messages) and records how far it got. After a crash it resumes from the
recorded position, so nothing is lost; an event may be published twice, which
the consumers' tracking records absorb. Only the holder of the service's relay
lock publishes, so replicas may run side by side.
"""

from __future__ import annotations

import fcntl
import logging
import threading
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import kombu
from eventsourcing.persistence import ApplicationRecorder, Mapper, Notification
from kombu.exceptions import OperationalError as KombuOperationalError
from sqlalchemy import Connection, Engine, text

from kit.envelope import Envelope
from kit.positions import PositionStore

log = logging.getLogger(__name__)

Translate = Callable[[Any, int], Envelope | None]
"""Maps a domain event at a log position to its integration event, or None when it stays inside."""


class Publisher(Protocol):
    def publish(self, envelope: Envelope) -> None: ...


class ActiveLock(Protocol):
    def acquire(self) -> bool: ...

    def release(self) -> None: ...


class OutboxRelay:
    def __init__(
        self,
        source: str,
        recorder: ApplicationRecorder,
        mapper: Mapper[Any],
        translate: Translate,
        positions: PositionStore,
        batch_size: int = 200,
    ) -> None:
        self.source = source
        self.recorder = recorder
        self.mapper = mapper
        self.translate = translate
        self.positions = positions
        self.batch_size = batch_size
        self.position_name = f"relay:{source}"

    @property
    def position(self) -> int:
        return self.positions.get(self.position_name)

    def pending(self) -> Sequence[Notification]:
        return self.recorder.select_notifications(start=self.position + 1, limit=self.batch_size)

    def pump(self, publisher: Publisher) -> int:
        """Publish the next batch; return how many notifications were passed.

        The position is recorded after the batch, and after the last confirmed
        publish when one fails: a killed relay republishes at most one batch,
        which the consumers' tracking records absorb.
        """
        notifications = self.pending()
        confirmed: int | None = None
        try:
            for notification in notifications:
                envelope = self.translate(self.mapper.to_domain_event(notification), notification.id)
                if envelope is not None:
                    publisher.publish(envelope)
                confirmed = notification.id
        finally:
            if confirmed is not None:
                self.positions.set(self.position_name, confirmed)
        return len(notifications)

    def run(
        self,
        connect: Callable[[], AmqpPublisher],
        lock: ActiveLock,
        stop: threading.Event,
        idle_seconds: float = 0.2,
    ) -> None:
        """Relay until `stop` is set: wait for the lock, then publish whatever appears."""
        while not stop.is_set():
            if not lock.acquire():
                stop.wait(1.0)
                continue
            log.info("relay %s is active from position %d", self.source, self.position)
            try:
                self._relay_while_active(connect, stop, idle_seconds)
            finally:
                lock.release()

    def _relay_while_active(
        self, connect: Callable[[], AmqpPublisher], stop: threading.Event, idle_seconds: float
    ) -> None:
        backoff = 0.5
        while not stop.is_set():
            try:
                with connect() as publisher:
                    backoff = 0.5
                    while not stop.is_set():
                        if self.pump(publisher) < self.batch_size:
                            stop.wait(idle_seconds)
            except (KombuOperationalError, ConnectionError, OSError) as exc:
                log.warning("relay %s lost the broker (%s); retrying in %.1fs", self.source, exc, backoff)
                stop.wait(backoff)
                backoff = min(backoff * 2, 30.0)


class AmqpPublisher:
    """Publishes envelopes to `<source>.events` with publisher confirms.

    With `declare`, it first declares what must exist for nothing to be dropped: the
    consumers' queues (see kit.topology), so an event published before a consumer's
    first start waits for it.
    """

    def __init__(self, amqp_uri: str, source: str, declare: Callable[[Any], None] | None = None) -> None:
        self.connection = kombu.Connection(amqp_uri, transport_options={"confirm_publish": True})
        self.exchange = event_exchange(source)
        self.declare = declare
        self._producer: kombu.Producer | None = None

    def __enter__(self) -> AmqpPublisher:
        self.connection.ensure_connection(max_retries=1)
        self._producer = kombu.Producer(self.connection.channel(), exchange=self.exchange)
        self.exchange(self._producer.channel).declare()
        if self.declare is not None:
            self.declare(self._producer.channel)
        return self

    def __exit__(self, *exc: object) -> None:
        self.connection.release()

    def publish(self, envelope: Envelope) -> None:
        assert self._producer is not None, "use AmqpPublisher as a context manager"
        self._producer.publish(
            envelope.to_wire(),
            routing_key=envelope.event_type,
            serializer="json",
            delivery_mode=2,
            mandatory=False,
            message_id=envelope.event_id,
            headers={"source": envelope.source, "position": envelope.position},
        )


def event_exchange(source: str) -> kombu.Exchange:
    """The same exchange nameko's event dispatcher and handlers declare for `source`."""
    return kombu.Exchange(f"{source}.events", type="topic", durable=True, delivery_mode=2)


class FileLock:
    """The relay lock for embedded SQLite stores: an exclusive lock on a file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: Any = None

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


class AdvisoryLock:
    """The relay lock on PostgreSQL: a session advisory lock held on its own connection."""

    def __init__(self, engine: Engine, name: str) -> None:
        self.engine = engine
        self.key = zlib.crc32(name.encode())
        self._conn: Connection | None = None

    def acquire(self) -> bool:
        conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        if conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}).scalar():
            self._conn = conn
            return True
        conn.close()
        return False

    def release(self) -> None:
        if self._conn is not None:
            self._conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
            self._conn.close()
            self._conn = None
