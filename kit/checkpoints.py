"""Signed checkpoints of each service's event chain: what an insider cannot rewrite unseen.

The chain (kit/chain.py) shows an edited event unless every link after it was rewritten too. A
checkpoint closes that gap: every `CHAIN_CHECKPOINT_SECONDS` (300) in which the log grew, the relay
signs the chain's head — service, position, link, time — with the service's Ed25519 key
(`CHAIN_SIGNING_KEY`, 32 random bytes in base64, given to the relays only; locally
`VAR_DIR/chain-signing.key`, made once), stores it in `chain_checkpoints` and logs it. `firesafety
checkpoints SERVICE` prints them as JSON lines with the public key, for the agency to publish or
deposit with a third party (a partner agency, a notary, its website); `firesafety verify SERVICE
[--checkpoints FILE]` checks every checkpoint's signature and that the chain recomputed from the stored
events still passes through each checkpoint's link — the stored ones, and those kept elsewhere, which
an insider cannot delete.

Published: each checkpoint is also kept as an event of the service's own log (`ChainCheckpoint`),
which its relay publishes on its exchange as `ChainCheckpointSigned`
(protos/firesafety/events/v1/checkpoint.proto) for anyone with a queue there, and which notify's
public feed lists at `/checkpoints` (services/notify/feed.py): a third party fetches and keeps them,
and checks each with the service's public key, which it pins from elsewhere. The checkpoint's event
is chained like any other; a log that grew by that event alone is not signed again.

What it proves: the log up to a checkpoint's position is the one the relay signed then. What it does
not: anything about events after the last checkpoint published, or against someone holding the
signing key.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
import os
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from Crypto.Signature import eddsa
from eventsourcing.domain import Aggregate, event
from eventsourcing.utils import get_topic
from sqlalchemy import Engine, insert, select

from firesafety.events.v1 import checkpoint_pb2
from kit import chain
from kit.cipher import cipher_key
from kit.database import create_tables
from kit.envelope import Envelope

log = logging.getLogger(__name__)

SIGNING_KEY = "CHAIN_SIGNING_KEY"
VERIFY_KEY = "CHAIN_VERIFY_KEY"
SIGNING_KEY_FILE = "chain-signing.key"


chain_checkpoints = chain.chain_checkpoints


@dataclass(frozen=True)
class Checkpoint:
    service: str
    position: int
    link: str
    signed_at: str
    key_id: str
    signature: str

    def statement(self) -> bytes:
        """The bytes signed: everything but the signature, one field per line."""
        return statement(self.service, self.position, self.link, self.signed_at)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Checkpoint:
        return cls(
            service=str(raw["service"]),
            position=int(raw["position"]),
            link=str(raw["link"]),
            signed_at=str(raw["signed_at"]),
            key_id=str(raw["key_id"]),
            signature=str(raw["signature"]),
        )


def statement(service: str, position: int, link: str, signed_at: str) -> bytes:
    return f"firesafety event chain checkpoint\n{service}\n{position}\n{link}\n{signed_at}\n".encode()


def key_id(public_key: bytes) -> str:
    return hashlib.sha256(public_key).hexdigest()[:16]


class Signer:
    """Signs checkpoints with an Ed25519 private key (its 32-byte seed, base64)."""

    def __init__(self, seed_b64: str) -> None:
        self._key = eddsa.import_private_key(base64.b64decode(seed_b64))
        self.public_key = bytes(self._key.public_key().export_key(format="raw"))
        self.key_id = key_id(self.public_key)

    @property
    def public_key_b64(self) -> str:
        return base64.b64encode(self.public_key).decode()

    def sign(self, service: str, position: int, link: str, at: dt.datetime) -> Checkpoint:
        signed_at = at.astimezone(dt.UTC).isoformat(timespec="seconds")
        signature = eddsa.new(self._key, "rfc8032").sign(statement(service, position, link, signed_at))
        return Checkpoint(service, position, link, signed_at, self.key_id, base64.b64encode(signature).decode())


def signer_from_env(environ: Mapping[str, str] | None = None) -> Signer:
    env = os.environ if environ is None else environ
    return Signer(cipher_key(env.get(SIGNING_KEY), Path(env.get("VAR_DIR", "var")), SIGNING_KEY_FILE))


def verify_key_from_env(environ: Mapping[str, str] | None = None) -> bytes:
    """The public key checkpoints are checked with: `CHAIN_VERIFY_KEY`, else the signing key's own."""
    env = os.environ if environ is None else environ
    if env.get(VERIFY_KEY):
        return base64.b64decode(env[VERIFY_KEY])
    return signer_from_env(env).public_key


def signature_holds(checkpoint: Checkpoint, public_key: bytes) -> bool:
    try:
        verifier = eddsa.new(eddsa.import_public_key(public_key), "rfc8032")
        verifier.verify(checkpoint.statement(), base64.b64decode(checkpoint.signature))
    except ValueError:
        return False
    return checkpoint.key_id == key_id(public_key)


CHECKPOINTS_NAMESPACE = uuid.UUID("4d2f8a61-0c3b-4e7a-9b55-7f1e2d6c8a90")


class ChainCheckpoint(Aggregate):
    """A signed checkpoint as an event of a service's log, so that it is published (see above)."""

    @staticmethod
    def create_id(service: str, position: int) -> uuid.UUID:
        return uuid.uuid5(CHECKPOINTS_NAMESPACE, f"{service}/{position}")

    class Signed(Aggregate.Created):
        service: str
        position: int
        link: str
        signed_at: str
        key_id: str
        signature: str
        public_key: str

    @event(Signed)
    def __init__(
        self, service: str, position: int, link: str, signed_at: str, key_id: str, signature: str, public_key: str
    ) -> None:
        self.checkpoint = Checkpoint(service, position, link, signed_at, key_id, signature)
        self.public_key = public_key

    @classmethod
    def of(cls, checkpoint: Checkpoint, public_key: str) -> ChainCheckpoint:
        return cls(public_key=public_key, **checkpoint.as_dict())


SIGNED_TOPIC = get_topic(ChainCheckpoint.Signed)


def record(
    engine: Engine, signer: Signer, service: str, now: dt.datetime | None = None, app: Any = None
) -> Checkpoint | None:
    """Sign the chain's head if it moved since the last checkpoint; the checkpoint, or None.

    With `app` (the service's application, in its relay), the checkpoint is also saved as an event of
    its log, to be published; a head that moved by that event alone is not signed again."""
    create_tables(chain.metadata, engine)
    position, link = chain.head(engine)
    if position == 0:
        return None
    with engine.connect() as conn:
        last = conn.execute(select(chain_checkpoints.c.position).order_by(chain_checkpoints.c.position.desc())).first()
    if last is not None and int(last.position) >= position:
        return None
    if app is not None and last is not None and position == int(last.position) + 1:
        (newest,) = app.recorder.select_notifications(start=position, limit=1)
        if newest.topic == SIGNED_TOPIC:
            return None  # only the last checkpoint's own event since
    checkpoint = signer.sign(service, position, link, now or dt.datetime.now(dt.UTC))
    if app is not None:  # first: a checkpoint stored is never left unpublished
        app.save(ChainCheckpoint.of(checkpoint, signer.public_key_b64))
    row = checkpoint.as_dict()
    del row["service"]
    with engine.begin() as conn:
        conn.execute(insert(chain_checkpoints), row)
    log.info("chain checkpoint %s", json.dumps(checkpoint.as_dict()))
    return checkpoint


def publishing(translate: Callable[[Any, int], Envelope | None], service: str) -> Callable[[Any, int], Envelope | None]:
    """The relay's translation, which also publishes the service's own checkpoints (ChainCheckpointSigned)."""

    def translated(domain_event: Any, position: int) -> Envelope | None:
        if not isinstance(domain_event, ChainCheckpoint.Signed):
            return translate(domain_event, position)
        if domain_event.service != service:
            return None  # another service's, kept by notify for its feed
        return Envelope.wrap(
            source=service,
            position=position,
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            message=signed_message(domain_event),
            subject=service,
            business_time=domain_event.signed_at,
            correlation_id=f"checkpoint/{service}/{domain_event.position}",
        )

    return translated


def signed_message(e: ChainCheckpoint.Signed) -> checkpoint_pb2.ChainCheckpointSigned:
    return checkpoint_pb2.ChainCheckpointSigned(
        service=e.service,
        position=e.position,
        link=e.link,
        signed_at=e.signed_at,
        key_id=e.key_id,
        signature=e.signature,
        public_key=e.public_key,
    )


def stored(engine: Engine, service: str, since: int = 0) -> list[Checkpoint]:
    create_tables(chain.metadata, engine)
    with engine.connect() as conn:
        rows = conn.execute(
            select(chain_checkpoints).where(chain_checkpoints.c.position > since).order_by(chain_checkpoints.c.position)
        ).all()
    return [Checkpoint(service, int(r.position), r.link, r.signed_at, r.key_id, r.signature) for r in rows]


def read_file(path: Path) -> list[Checkpoint]:
    """Checkpoints kept elsewhere, as `firesafety checkpoints` printed them (JSON lines)."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            if "public_key" in raw and "position" not in raw:
                continue  # the header line naming the key
            found.append(Checkpoint.from_dict(raw))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: not a checkpoint ({exc})") from None
    return found


def problems(checkpoints: Iterable[Checkpoint], service: str, public_key: bytes) -> list[tuple[Checkpoint, str]]:
    """Checkpoints that are not this service's or whose signature does not hold."""
    found = []
    for checkpoint in checkpoints:
        if checkpoint.service != service:
            found.append((checkpoint, f"a checkpoint of {checkpoint.service}, not of {service}"))
        elif not signature_holds(checkpoint, public_key):
            found.append((checkpoint, "its signature does not hold under the verify key"))
    return found
