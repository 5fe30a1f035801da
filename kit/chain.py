"""Tamper-evident history: a hash chain over each service's stored events.

Each stored event (its notification: log position, aggregate id and version, topic and the event's
bytes as the application reads them, i.e. decrypted) gets a link in the table `event_chain` of the
service's database, the SHA-256 of the previous link and of the event. The relay process extends
the chain as events are written (`ChainKeeper`).
`firesafety verify SERVICE` recomputes it from the store and names the first position where an event
was edited, deleted or slipped in below the chained head; rebuilding read models refuses a broken
chain unless told to.

What it proves: nobody changed an event after it was chained without also rewriting every link after
it. What it does not: an insider with write access to both the events and `event_chain` can rewrite
the whole chain from the edited event on; only a copy of a recent link kept elsewhere (an operator's
record of `firesafety verify`'s head) shows that. Events written but not chained yet (the keeper
runs every few seconds) are reported as unchained, not verified.

The link covers the event's plaintext, not its ciphertext (kit/cipher.py): re-sealing an event under
another key (`firesafety reencrypt`) changes its stored bytes, not what it says, and keeps the chain
and its signed checkpoints verifying. An edited ciphertext fails its AES-GCM tag and is named where
it lies. Links written before the chain covered the plaintext (over the stored bytes) still verify
while those bytes are unchanged; for an event written in clear the two forms are the same.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, Column, Engine, MetaData, String, Table, insert, select
from sqlalchemy.exc import IntegrityError

from kit.database import create_tables

log = logging.getLogger(__name__)

metadata = MetaData()
event_chain = Table(
    "event_chain",
    metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("link", String(64), nullable=False),
)
# The chain's head signed by the relay from time to time (kit/checkpoints.py).
chain_checkpoints = Table(
    "chain_checkpoints",
    metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("link", String(64), nullable=False),
    Column("signed_at", String(40), nullable=False),
    Column("key_id", String(16), nullable=False),
    Column("signature", String(128), nullable=False),
)
GENESIS = "0" * 64
BATCH = 1000


Opened = Callable[[bytes], bytes]
"""A stored event's bytes as the application reads them: its cipher's `decrypt`."""


def opener_of(app: Any) -> Opened:
    """How `app` opens its stored events (as they are, without a cipher)."""
    cipher = getattr(app.mapper, "cipher", None)
    return cipher.decrypt if cipher is not None else bytes


def link_of(previous: str, notification: Any, plaintext: bytes | None = None) -> str:
    """The link after `previous` for `notification`, over its `plaintext` (its stored bytes if not given)."""
    digest = hashlib.sha256()
    header = f"{previous}\n{notification.id}\n{notification.originator_id}\n{notification.originator_version}\n"
    digest.update(header.encode())
    digest.update(f"{notification.topic}\n".encode())
    digest.update(bytes(notification.state) if plaintext is None else plaintext)
    return digest.hexdigest()


def head(engine: Engine) -> tuple[int, str]:
    """The chain's last position and link (0 and the genesis link when nothing is chained)."""
    with engine.connect() as conn:
        row = conn.execute(select(event_chain).order_by(event_chain.c.position.desc()).limit(1)).first()
    return (int(row.position), str(row.link)) if row is not None else (0, GENESIS)


def _notifications(recorder: Any, after: int) -> Iterator[Any]:
    while True:
        batch = recorder.select_notifications(start=after + 1, limit=BATCH)
        yield from batch
        if len(batch) < BATCH:
            return
        after = batch[-1].id


def extend(recorder: Any, engine: Engine, opened: Opened = bytes) -> int:
    """Chain every event written since the chain's head; return how many were chained."""
    create_tables(metadata, engine)
    position, link = head(engine)
    rows = []
    for notification in _notifications(recorder, position):
        link = link_of(link, notification, opened(bytes(notification.state)))
        rows.append({"position": notification.id, "link": link})
    if rows:
        try:
            with engine.begin() as conn:
                conn.execute(insert(event_chain), rows)
        except IntegrityError:
            return 0  # another keeper chained them at the same moment (links are deterministic)
    return len(rows)


@dataclass(frozen=True)
class Verification:
    chained: int
    """The chain's head: the last position verified."""
    unchained: int
    """Events after the head, written since the keeper last ran."""
    broken_at: int | None
    reason: str = ""


def verify(
    recorder: Any, engine: Engine, signed: Mapping[int, str] | None = None, opened: Opened = bytes
) -> Verification:
    """Recompute the chain from the stored events; the first position where they disagree, if any.

    `signed`: links that signed checkpoints (kit/checkpoints.py) vouch for, by position; the chain
    recomputed from the events must pass through each, or it was rewritten after the checkpoint."""
    create_tables(metadata, engine)
    signed = dict(signed or {})
    link, head, unchained = GENESIS, 0, 0
    with engine.connect() as conn:
        links = iter(conn.execute(select(event_chain).order_by(event_chain.c.position)).all())
    expected = next(links, None)
    for notification in _notifications(recorder, 0):
        if expected is None:
            unchained += 1
            continue
        if notification.id > expected.position:
            return Verification(head, 0, int(expected.position), "the event chained here is gone")
        if notification.id < expected.position:
            return Verification(head, 0, int(notification.id), "an event that was never chained lies within the chain")
        previous, state = link, bytes(notification.state)
        try:
            link = link_of(previous, notification, opened(state))
        except ValueError:  # an AES-GCM tag that fails: the ciphertext was edited
            return Verification(head, 0, int(notification.id), "the stored event does not open with any key")
        if link != expected.link and link_of(previous, notification, state) == expected.link:
            link = expected.link  # chained over the stored bytes, before the chain covered the plaintext
        if signed.get(notification.id, link) != link:
            return Verification(
                head, 0, int(notification.id), "the log up to here differs from the one a signed checkpoint vouches for"
            )
        if link != expected.link:
            return Verification(head, 0, int(notification.id), "the stored event differs from the one chained")
        head = int(expected.position)
        expected = next(links, None)
    if expected is not None:
        return Verification(head, 0, int(expected.position), "the event chained here is gone")
    beyond = [position for position in signed if position > head + unchained]
    if beyond:
        return Verification(head, 0, min(beyond), "a signed checkpoint vouches for an event that is gone")
    return Verification(head, unchained, None)


class ChainKeeper:
    """Extends a service's chain every few seconds, in a thread of the relay process; with a
    `checkpoint` (kit/checkpoints.py), also signs its head every `checkpoint_seconds` it moved."""

    def __init__(
        self,
        recorder: Any,
        engine: Engine,
        stop: threading.Event,
        every_seconds: float = 2.0,
        checkpoint: Callable[[], object] | None = None,
        checkpoint_seconds: float = 300.0,
        opened: Opened = bytes,
    ) -> None:
        self.recorder, self.engine, self.stop, self.every_seconds = recorder, engine, stop, every_seconds
        self.opened = opened
        self.checkpoint, self.checkpoint_seconds = checkpoint, checkpoint_seconds

    def start(self) -> ChainKeeper:
        threading.Thread(target=self._run, name="chain-keeper", daemon=True).start()
        return self

    def _run(self) -> None:
        last_checkpoint = time.monotonic()
        while not self.stop.is_set():
            try:
                extend(self.recorder, self.engine, self.opened)
                if self.checkpoint is not None and time.monotonic() - last_checkpoint >= self.checkpoint_seconds:
                    self.checkpoint()
                    last_checkpoint = time.monotonic()
            except Exception as error:  # the store is away: the next round catches up
                log.warning("could not extend the event chain: %s", error)
            self.stop.wait(self.every_seconds)
