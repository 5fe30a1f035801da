"""The outbox relay: from a service's notification log to RabbitMQ, in order, at least once.

Commands only ever write the event store. The relay reads the store's ordered notification log
a batch at a time and publishes the batch's integration events to the topic exchange
`<service>.events` (routing key = event type, persistent messages) in one write to the socket.
Two batches are in flight: while the broker confirms one, the relay reads, translates and
publishes the next; then it waits for the first batch's confirms and records how far it got: the
last position all of whose confirms arrived. After a crash, a lost connection or a refused
message it resumes from there, so nothing is lost; an event may be published twice, which the
consumers' tracking records absorb. Only the holder of the service's relay lock publishes, so
replicas may run side by side. When the log has nothing new, the relay waits for the store to
change (PostgreSQL LISTEN/NOTIFY, the SQLite file's modification) instead of polling it.
"""

from __future__ import annotations

import fcntl
import json
import logging
import select
import sqlite3
import struct
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import amqp
import kombu
from eventsourcing.persistence import ApplicationRecorder, Mapper, Notification
from kombu.exceptions import OperationalError as KombuOperationalError
from sqlalchemy import Connection, Engine, text

from kit import metrics, tracing
from kit.database import STORE_UNAVAILABLE
from kit.envelope import Envelope
from kit.positions import PositionStore
from kit.reads import LogWatcher

log = logging.getLogger(__name__)

BROKER_ERRORS: tuple[type[Exception], ...] = (amqp.exceptions.ConnectionError, amqp.exceptions.RecoverableChannelError)
"""The broker closed the connection (a restart, a forced close) or a channel it may open again."""

Translate = Callable[[Any, int], Envelope | None]
"""Maps a domain event at a log position to its integration event, or None when it stays inside."""


class Publisher(Protocol):
    """Publishes batches of envelopes in order; a batch's confirms are awaited separately, so the
    next batch can be on its way meanwhile. `Ticket` is whatever the publisher needs to find the
    batch's confirms again."""

    def send(self, envelopes: Sequence[Envelope], log_head: int = 0) -> Any:
        """Publish the envelopes in order without waiting for confirms; return the batch's ticket.
        `log_head`, when given, travels with each as the upstream's log head (consumers' lag).
        Raises (e.g. ConnectionError) when the connection fails on the way."""
        ...

    def wait(self, ticket: Any) -> int:
        """Wait for the batch's confirms; return how many of its envelopes, from the first, the
        broker confirmed (all, unless it refused one). Raises when the connection fails."""
        ...

    def confirmed(self, ticket: Any) -> int:
        """How many of the batch's envelopes, from the first, are confirmed so far (no waiting)."""
        ...


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
        in_flight: int = 2,
    ) -> None:
        self.source = source
        self.recorder = recorder
        self.mapper = mapper
        self.translate = translate
        self.positions = positions
        self.batch_size = batch_size
        self.in_flight = in_flight  # batches published and not yet confirmed, at most
        self.position_name = f"relay:{source}"

    @property
    def position(self) -> int:
        return self.positions.get(self.position_name)

    def pending(self, after: int | None = None) -> Sequence[Notification]:
        start = (self.position if after is None else after) + 1
        return self.recorder.select_notifications(start=start, limit=self.batch_size)

    def pump(self, publisher: Publisher) -> int:
        """Publish the next batch and wait for its confirms; return how many notifications were
        passed. (`stream` does the same with two batches in flight.)"""
        batch = self._send(publisher, self.pending())
        if batch is None:
            return 0
        self._settle(publisher, [batch])
        return len(batch.notifications)

    def stream(self, publisher: Publisher, stop: threading.Event, watcher: LogWatcher, idle_seconds: float) -> None:
        """Publish until `stop` is set, keeping up to two batches in flight.

        The position is recorded after each batch's confirms, and after the last confirmed event
        when one is refused or the connection fails: a killed relay republishes at most two
        batches, which the consumers' tracking records absorb.
        """
        in_flight: deque[_Batch] = deque()
        after = self.position
        try:
            while not stop.is_set():
                batch = self._send(publisher, self.pending(after))
                if batch is not None:
                    in_flight.append(batch)
                    after = batch.notifications[-1].id
                drained = batch is None or len(batch.notifications) < self.batch_size
                if in_flight and (len(in_flight) >= self.in_flight or drained):
                    self._settle(publisher, [in_flight.popleft()])
                if batch is None and not in_flight:
                    watcher.wait(idle_seconds)
        except MessageRefused:
            raise  # the position stands before the refused event: it and all after it go again
        except BaseException:
            self._record_confirmed(publisher, in_flight)
            raise
        self._settle(publisher, list(in_flight))

    def _send(self, publisher: Publisher, notifications: Sequence[Notification]) -> _Batch | None:
        if not notifications:
            return None
        envelopes: list[Envelope] = []
        published_at: list[int] = []  # the position of each envelope
        for notification in notifications:
            domain_event, trace = tracing.decode(self.mapper, notification)
            envelope = self.translate(domain_event, notification.id)
            if envelope is not None:
                envelopes.append(tracing.stamped(envelope, trace))
                published_at.append(notification.id)
        batch = _Batch(notifications, published_at, None)
        head = self._log_head(notifications, published_at)
        batch.ticket = publisher.send(envelopes, head)
        metrics.RELAY_PUBLISHED.labels(self.source).inc(len(envelopes))
        metrics.RELAY_HEAD.labels(self.source).set(max(head, notifications[-1].id))
        return batch

    def _log_head(self, notifications: Sequence[Notification], published_at: Sequence[int]) -> int:
        """The log head the batch's messages tell consumers, for their lag: the newest position in
        the log; when the batch reaches it, the batch's last published position instead (what comes
        after it stays inside the service, so a consumer that has it is not behind)."""
        try:
            head = self.recorder.max_notification_id() or 0
        except STORE_UNAVAILABLE:
            head = 0
        if notifications[-1].id >= head:
            return published_at[-1] if published_at else notifications[-1].id
        return head

    def _settle(self, publisher: Publisher, batches: Sequence[_Batch]) -> None:
        """Wait for the batches' confirms, oldest first, and record how far they reached."""
        for batch in batches:
            confirmed = publisher.wait(batch.ticket)
            self._record(batch, confirmed)
            if confirmed < len(batch.published_at):
                raise MessageRefused(
                    f"the broker refused the {self.source} event at position {batch.published_at[confirmed]}"
                )

    def _record_confirmed(self, publisher: Publisher, batches: Sequence[_Batch]) -> None:
        """After a failure: record the unbroken run of confirms over the batches still in flight."""
        for batch in batches:
            try:
                confirmed = publisher.confirmed(batch.ticket)
            except Exception:  # nothing more is known
                return
            self._record(batch, confirmed)
            if confirmed < len(batch.published_at):
                return

    def _record(self, batch: _Batch, confirmed: int) -> None:
        """Record the last position before the first unconfirmed envelope (or the batch's end)."""
        notifications, published_at = batch.notifications, batch.published_at
        reached = notifications[-1].id if confirmed >= len(published_at) else published_at[confirmed] - 1
        if reached >= notifications[0].id:
            self.positions.set(self.position_name, reached)
            metrics.RELAY_POSITION.labels(self.source).set(reached)
        metrics.RELAY_CONFIRMED.labels(self.source).inc(min(confirmed, len(published_at)))

    def run(
        self,
        connect: Callable[[], AmqpPublisher],
        lock: ActiveLock,
        stop: threading.Event,
        watcher: LogWatcher,
        idle_seconds: float = 1.0,
    ) -> None:
        """Relay until `stop` is set: wait for the lock, then publish whatever appears."""
        while not stop.is_set():
            if not lock.acquire():
                stop.wait(1.0)
                continue
            metrics.RELAY_ACTIVE.labels(self.source).set(1)
            try:
                log.info("relay %s is active from position %d", self.source, self.position)
                self._relay_while_active(connect, stop, watcher, idle_seconds)
            except STORE_UNAVAILABLE as exc:
                log.warning("relay %s: the store is unavailable (%s)", self.source, exc)
                stop.wait(1.0)
            finally:
                metrics.RELAY_ACTIVE.labels(self.source).set(0)
                lock.release()

    def _relay_while_active(
        self, connect: Callable[[], AmqpPublisher], stop: threading.Event, watcher: LogWatcher, idle_seconds: float
    ) -> None:
        backoff = 0.5
        while not stop.is_set():
            try:
                with connect() as publisher:
                    backoff = 0.5
                    self.stream(publisher, stop, watcher, idle_seconds)
            except STORE_UNAVAILABLE as exc:
                # The lock's session may have gone with the store: take the lock again before going on.
                log.warning("relay %s: the store is unavailable (%s); taking the lock again", self.source, exc)
                stop.wait(backoff)
                return
            except (KombuOperationalError, *BROKER_ERRORS, ConnectionError, OSError, MessageRefused) as exc:
                log.warning(
                    "relay %s: %s; resuming from position %d in %.1fs", self.source, exc, self.position, backoff
                )
                stop.wait(backoff)
                backoff = min(backoff * 2, 30.0)


class MessageRefused(Exception):
    """The broker nacked a message: publish again from it."""


@dataclass
class _Batch:
    notifications: Sequence[Notification]
    published_at: list[int]  # the log position of each envelope published
    ticket: Any


class AmqpPublisher:
    """Publishes batches of envelopes to `<source>.events`, then waits once for their confirms.

    With `declare`, it first declares what must exist for nothing to be dropped: the
    consumers' queues (see kit.topology), so an event published before a consumer's
    first start waits for it.
    """

    def __init__(
        self,
        amqp_uri: str,
        source: str,
        declare: Callable[[Any], None] | None = None,
        confirm_timeout: float = 30.0,
    ) -> None:
        self.connection = kombu.Connection(amqp_uri)
        self.exchange = event_exchange(source)
        self.declare = declare
        self.confirm_timeout = confirm_timeout
        self._channel: Any = None
        self._frames: PublishFrames | None = None
        self._published = 0  # delivery tags the channel has given, in order
        self._acked = 0  # every tag up to this one is confirmed
        self._nacked: int | None = None  # the first refused tag, if any
        self._out_of_order_acks: set[int] = set()

    def __enter__(self) -> AmqpPublisher:
        self.connection.ensure_connection(max_retries=1)
        channel = self.connection.channel()
        channel.confirm_select()
        channel.events["basic_ack"].add(self._on_ack)
        channel.events["basic_nack"].add(self._on_nack)
        self._channel = channel
        self._frames = PublishFrames(
            channel.channel_id, self.connection.connection.frame_max, self.exchange.name, self.connection.userid or ""
        )
        self.exchange(channel).declare()
        if self.declare is not None:
            self.declare(channel)
        return self

    def __exit__(self, *exc: object) -> None:
        self.connection.release()

    def publish(self, envelope: Envelope) -> None:
        """One envelope, confirmed."""
        if self.publish_batch([envelope]) != 1:
            raise MessageRefused(f"the broker refused {envelope.event_type} at position {envelope.position}")

    def publish_batch(self, envelopes: Sequence[Envelope]) -> int:
        """Publish and wait for the confirms; return how many, from the first, were confirmed."""
        return self.wait(self.send(envelopes))

    def send(self, envelopes: Sequence[Envelope], log_head: int = 0) -> tuple[int, int]:
        """Publish the envelopes in one write to the socket; the ticket is their delivery tags.
        Each message's headers name its source and position, and the source's log head as the
        relay last read it (never below the message's own position)."""
        assert self._channel is not None and self._frames is not None, "use AmqpPublisher as a context manager"
        channel = self._channel
        if channel.connection is None or not channel.is_open:
            raise amqp.exceptions.RecoverableConnectionError("the relay's channel is closed")
        first = self._published + 1
        encode, dumps = self._frames.encode, _json_dumps
        data = b"".join(
            [
                encode(
                    envelope.event_type,
                    envelope.event_id,
                    envelope.source,
                    envelope.position,
                    max(log_head, envelope.position),
                    dumps(envelope.to_wire()).encode(),
                )
                for envelope in envelopes
            ]
        )
        transport = self.connection.connection.transport
        view = memoryview(data)
        for start in range(0, len(data), _WRITE_LIMIT):
            transport.write(view[start : start + _WRITE_LIMIT])
        self._published += len(envelopes)
        return first, self._published

    def wait(self, ticket: tuple[int, int]) -> int:
        last = ticket[1]
        deadline = time.monotonic() + self.confirm_timeout
        while self._acked < last and (self._nacked is None or self._nacked > last):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no confirms from the broker within {self.confirm_timeout:.0f}s")
            self.connection.drain_events(timeout=remaining)
        return self.confirmed(ticket)

    def confirmed(self, ticket: tuple[int, int]) -> int:
        first, last = ticket
        return max(0, min(self._confirmed_through(), last) - first + 1)

    def _confirmed_through(self) -> int:
        """The last tag of the unbroken run of confirms."""
        return self._acked if self._nacked is None else min(self._acked, self._nacked - 1)

    def _on_ack(self, delivery_tag: int, multiple: bool) -> None:
        if multiple or delivery_tag == self._acked + 1:
            self._acked = max(self._acked, delivery_tag)
        else:
            self._out_of_order_acks.add(delivery_tag)
        while self._acked + 1 in self._out_of_order_acks:
            self._acked += 1
            self._out_of_order_acks.discard(self._acked)

    def _on_nack(self, delivery_tag: int, multiple: bool) -> None:
        first_refused = self._acked + 1 if multiple else delivery_tag
        self._nacked = first_refused if self._nacked is None else min(self._nacked, first_refused)


_WRITE_LIMIT = 1 << 18  # bytes handed to the socket at once
_json_dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode  # what json.dumps gives


def _int_item(name: bytes, value: int) -> bytes:
    """A field table's integer, as py-amqp writes it: 32 bits where it fits, else 64."""
    if -2147483647 <= value <= 2147483647:
        return name + b"I" + struct.pack(">i", value)
    return name + b"L" + struct.pack(">q", value)


def _shortstr(value: str) -> bytes:
    data = value.encode("utf-8", "surrogatepass")
    if len(data) > 255:
        raise ValueError(f"{value[:40]!r}… is longer than an AMQP short string (255 bytes)")
    return bytes([len(data)]) + data


class PublishFrames:
    """The frames of one basic.publish of an envelope, byte for byte what py-amqp writes for
    `basic_publish(amqp.Message(body, content_type="application/json", content_encoding="utf-8",
    delivery_mode=2, priority=0, message_id=..., user_id=..., application_headers={"source": ...,
    "position": ..., "log_head": ...}), exchange, routing_key)`: the method frame, the content header and the body
    frames. Everything but the routing key, message id, headers and body is encoded once, where
    py-amqp builds a Message and serialises every property of it again for each message (with a
    non-blocking read of the socket before each), which was a third of the relay's time."""

    # Basic's property flags, in its property order: content_type, content_encoding,
    # application_headers, delivery_mode, priority, message_id, user_id.
    FLAGS = 1 << 15 | 1 << 14 | 1 << 13 | 1 << 12 | 1 << 11 | 1 << 7 | 1 << 4

    def __init__(self, channel_id: int, frame_max: int, exchange: str, user_id: str) -> None:
        self.chunk = frame_max - 8  # the largest frame payload
        self.channel_id = channel_id
        self.method = struct.pack(">HHH", 60, 40, 0) + _shortstr(exchange)  # basic.publish, reserved, exchange
        self.properties_before_headers = (
            struct.pack(">H", self.FLAGS) + _shortstr("application/json") + _shortstr("utf-8")
        )
        self.delivery_and_priority = bytes([2, 0])
        self.user_id = _shortstr(user_id)
        self.sources: dict[str, bytes] = {}

    def encode(
        self, routing_key: str, message_id: str, source: str, position: int, log_head: int, body: bytes
    ) -> bytes:
        pack = struct.pack
        channel = self.channel_id
        method = self.method + _shortstr(routing_key) + b"\x00"  # mandatory, immediate: off
        source_item = self.sources.get(source)
        if source_item is None:
            encoded = source.encode("utf-8", "surrogatepass")
            source_item = self.sources[source] = b"\x06sourceS" + pack(">I", len(encoded)) + encoded
        table = source_item + _int_item(b"\x08position", position) + _int_item(b"\x08log_head", log_head)
        header = b"".join(
            [
                pack(">HHQ", 60, 0, len(body)),
                self.properties_before_headers,
                pack(">I", len(table)),
                table,
                self.delivery_and_priority,
                _shortstr(message_id),
                self.user_id,
            ]
        )
        parts = [
            pack(">BHI", 1, channel, len(method)),
            method,
            b"\xce",
            pack(">BHI", 2, channel, len(header)),
            header,
            b"\xce",
        ]
        chunk = self.chunk
        for start in range(0, len(body), chunk):
            piece = body[start : start + chunk]
            parts += [pack(">BHI", 3, channel, len(piece)), piece, b"\xce"]
        return b"".join(parts)


class FileWatcher:
    """For an SQLite store: waits until another connection commits to it.

    SQLite counts commits for each connection that did not make them (`PRAGMA data_version`);
    asking a connection of our own costs microseconds. It asks every `interval` seconds while
    writes come, and less often the longer the store stays quiet (up to `quiet_interval`), so an
    idle process stays idle and a new event is seen within a quarter of a second at worst. (A
    file's modification time is too coarse for this: two commits inside one clock tick can leave
    it and the size as they were.)"""

    def __init__(self, path: Path, stop: threading.Event, interval: float = 0.02, quiet_interval: float = 0.25) -> None:
        self.path = path
        self.stop = stop
        self.interval = interval
        self.quiet_interval = quiet_interval
        self._pause = interval
        self._conn: sqlite3.Connection | None = None
        self._seen = self._version()

    def _version(self) -> int | None:
        try:
            if self._conn is None:
                if not self.path.exists():
                    return None
                self._conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            row = self._conn.execute("PRAGMA data_version").fetchone()
            return int(row[0])
        except sqlite3.Error:
            self.close()
            return None

    def wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not self.stop.is_set() and time.monotonic() < deadline:
            version = self._version()
            if version is not None and version != self._seen:
                self._seen = version  # a new connection counts afresh: that wakes us once, harmlessly
                self._pause = self.interval
                return True
            self.stop.wait(min(self._pause, max(0.0, deadline - time.monotonic())))
            self._pause = min(self.quiet_interval, self._pause * 1.5)
        return False

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class NotificationWatcher:
    """For a PostgreSQL store: LISTENs on the channel the event store NOTIFYs at every insert."""

    def __init__(self, engine: Engine, channel: str, stop: threading.Event) -> None:
        self.engine = engine
        self.channel = channel
        self.stop = stop
        self._conn: Any = None

    def wait(self, timeout: float) -> bool:
        try:
            if self._conn is None:
                self._conn = self._listen()
                return True  # events may have come while nobody listened: look once more
            if not self._conn.notifies:
                readable, _, _ = select.select([self._conn], [], [], timeout)
                if readable:
                    self._conn.poll()
            notified = bool(self._conn.notifies)
            self._conn.notifies.clear()
            return notified
        except Exception as error:  # the database went away: listen again next time
            log.warning("lost the LISTEN connection to the store (%s)", error)
            self.close()
            self.stop.wait(min(timeout, 1.0))
            return True

    def _listen(self) -> Any:
        # A connection of its own, taken out of the pool for good: a pooled connection whose proxy
        # is dropped goes back to the pool and would be handed to another thread while we LISTEN.
        pooled = self.engine.raw_connection()
        conn: Any = pooled.driver_connection  # taken before the detach, which lets go of it
        pooled.detach()
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(f'LISTEN "{self.channel}"')
        return conn

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:  # already gone
                log.debug("closing the LISTEN connection failed", exc_info=True)
            self._conn = None


def log_watcher(database_url: str, engine: Engine, channel: str, stop: threading.Event) -> LogWatcher:
    """The watcher that suits the store: LISTEN on PostgreSQL, a stat of the files on SQLite."""
    if database_url.startswith("postgresql"):
        return NotificationWatcher(engine, channel, stop)
    return FileWatcher(Path(database_url.split("///", 1)[1]), stop)


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
        """True if taken; False if another process holds it or the store cannot be reached."""
        try:
            conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        except STORE_UNAVAILABLE as error:
            log.warning("the store is unavailable for the relay lock (%s)", error)
            return False
        try:
            taken = conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}).scalar()
        except STORE_UNAVAILABLE as error:
            log.warning("the store is unavailable for the relay lock (%s)", error)
            conn.invalidate()
            conn.close()
            return False
        if taken:
            self._conn = conn
            return True
        conn.close()
        return False

    def release(self) -> None:
        if self._conn is None:
            return
        try:
            self._conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
        except STORE_UNAVAILABLE:
            self._conn.invalidate()  # the session, and the lock with it, is gone already
        self._conn.close()
        self._conn = None
