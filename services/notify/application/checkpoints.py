"""The signed checkpoints of the services' event chains, kept for notify's public feed (/checkpoints).

Permits, supervision and credit publish each checkpoint of their chain as `ChainCheckpointSigned`
(kit/checkpoints.py); notify keeps it as an event of its own log, which its read models list beside
notify's own checkpoints. A checkpoint is the source's own (the bus vouches for the source, see
kit/provenance.py) and its signature holds under the key it names, or it is refused; a third party
checks it again with the service's public key pinned from elsewhere.
"""

from __future__ import annotations

import base64
from typing import Any

from eventsourcing.application import ProcessingEvent

from firesafety.events.v1.checkpoint_pb2 import ChainCheckpointSigned
from kit.checkpoints import ChainCheckpoint, Checkpoint, signature_holds
from kit.envelope import Envelope
from kit.processing import handles
from services.notify.application.base import NoticeWriter


class InvalidCheckpoint(ValueError):
    """A published checkpoint that is not its source's or whose signature does not hold."""


class ChainCheckpoints(NoticeWriter):
    @handles("permits", "ChainCheckpointSigned")
    @handles("supervision", "ChainCheckpointSigned")
    @handles("credit", "ChainCheckpointSigned")
    def _chain_checkpoint_signed(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        e = envelope.message(ChainCheckpointSigned)
        checkpoint = Checkpoint(e.service, e.position, e.link, e.signed_at, e.key_id, e.signature)
        if e.service != envelope.source:
            raise InvalidCheckpoint(f"a checkpoint of {e.service!r} published by {envelope.source}")
        try:
            public_key = base64.b64decode(e.public_key, validate=True)
        except ValueError:
            public_key = b""
        if not signature_holds(checkpoint, public_key):
            raise InvalidCheckpoint(f"{e.service} checkpoint at position {e.position}: its signature does not hold")
        processing.collect_events(ChainCheckpoint.of(checkpoint, e.public_key))
