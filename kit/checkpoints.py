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
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from Crypto.Signature import eddsa
from sqlalchemy import Engine, insert, select

from kit import chain
from kit.cipher import cipher_key
from kit.database import create_tables

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


def record(engine: Engine, signer: Signer, service: str, now: dt.datetime | None = None) -> Checkpoint | None:
    """Sign the chain's head if it moved since the last checkpoint; the checkpoint, or None."""
    create_tables(chain.metadata, engine)
    position, link = chain.head(engine)
    if position == 0:
        return None
    with engine.connect() as conn:
        last = conn.execute(select(chain_checkpoints.c.position).order_by(chain_checkpoints.c.position.desc())).first()
    if last is not None and int(last.position) >= position:
        return None
    checkpoint = signer.sign(service, position, link, now or dt.datetime.now(dt.UTC))
    row = checkpoint.as_dict()
    del row["service"]
    with engine.begin() as conn:
        conn.execute(insert(chain_checkpoints), row)
    log.info("chain checkpoint %s", json.dumps(checkpoint.as_dict()))
    return checkpoint


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
