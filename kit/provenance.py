"""Whether a message on the bus may speak for the upstream it claims: who published it, where, at which position.

A consumer accepts an envelope from `<upstream>`'s queue only when all of these agree:

- the exchange the broker routed it through is `<upstream>.events`;
- the envelope's `source` is `<upstream>`;
- with `BUS_PUBLISHERS` set (``permits=firesafety-permits,supervision=...``), the message's `user_id`
  property — which RabbitMQ checks against the user that published it — is the upstream's own user;
- its position is at most `CONSUMER_MAX_POSITION_GAP` beyond the last one tracked for the upstream
  (or the last accepted in the same batch): a position far ahead of anything the upstream has
  published would otherwise move tracking there, and the consumer would ignore every real event after.

Anything else is dead-lettered with its reason, logged, and never tracked. An envelope of an event
type the upstream does not publish (`published_event_types`) is acknowledged but not tracked
either (kit.processing).
"""

from __future__ import annotations

import functools
import importlib
import logging
from collections.abc import Mapping

from kit.envelope import Envelope

log = logging.getLogger(__name__)

DEFAULT_MAX_POSITION_GAP = 1_000_000


def publishers_from_env(env: Mapping[str, str]) -> dict[str, str] | None:
    """The broker user each upstream publishes as, from `BUS_PUBLISHERS`; None when unset."""
    text = env.get("BUS_PUBLISHERS", "").strip()
    if not text:
        return None
    publishers = {}
    for pair in text.split(","):
        service, _, user = pair.partition("=")
        if not service.strip() or not user.strip():
            raise ValueError(f"BUS_PUBLISHERS: expected service=user pairs separated by commas, got {pair!r}")
        publishers[service.strip()] = user.strip()
    return publishers


def refusal(
    envelope: Envelope, upstream: str, exchange: str, user_id: str, publishers: Mapping[str, str] | None
) -> str | None:
    """Why a message from `upstream`'s queue may not be accepted, or None when its provenance agrees."""
    expected_exchange = f"{upstream}.events"
    if exchange != expected_exchange:
        return f"arrived through exchange {exchange!r}, not {expected_exchange!r}"
    if envelope.source != upstream:
        return f"claims source {envelope.source!r} on {upstream}'s exchange"
    if publishers is not None:
        expected_user = publishers.get(upstream)
        if expected_user is None:
            return f"no publisher is configured for {upstream} (BUS_PUBLISHERS)"
        if user_id != expected_user:
            return f"published by {user_id or '(no user_id)'!r}, not by {upstream}'s publisher {expected_user!r}"
    return None


def implausible_position(envelope: Envelope, last: int, max_gap: int) -> str | None:
    """Why the envelope's position cannot follow `last`, or None."""
    if envelope.position > last + max_gap:
        return (
            f"position {envelope.position} lies more than {max_gap} beyond {last}, the last known position of "
            f"{envelope.source}: held for inspection (CONSUMER_MAX_POSITION_GAP)"
        )
    return None


@functools.cache
def published_event_types(source: str) -> frozenset[str]:
    """The event types `source` publishes: the messages of its firesafety.<source>.v1 events schema."""
    try:
        module = importlib.import_module(f"firesafety.{source}.v1.events_pb2")
    except ImportError:
        return frozenset()
    return frozenset(module.DESCRIPTOR.message_types_by_name)
