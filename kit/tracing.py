"""One request's correlation id, stored with every event it causes and carried on by every service.

The gRPC edge handles a partner's call under its `x-request-id` (kit.logs); a nameko RPC call,
a scheduler round or a command-line run gets an id of its own. Whatever is current when an event
is stored is written with it: `CorrelatingMapper` puts the correlation id (and the causation, the
upstream event that led to it) in the stored event's state, under a key no event has, before the
state is encrypted, and takes it out again on reading, so the domain events are the ones they
always were and replaying a log gives equal events. The relay reads it back (`decode`) and puts
it in the envelope; a consumer processes each envelope under its correlation id, with the
envelope's event id as causation (kit.processing), so the events it causes carry both on.
Events stored before this existed have no trace; the relay then keeps the id its translation
gives.
"""

from __future__ import annotations

import contextlib
import contextvars
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from eventsourcing.persistence import Mapper, StoredEvent
from eventsourcing.utils import get_topic

from kit import logs
from kit.envelope import Envelope

TRACE_KEY = "__trace__"
"""The key of the stored state that holds [correlation id, causation id]; no event has a field by that name."""


@dataclass(frozen=True)
class Trace:
    correlation_id: str = ""
    causation_id: str = ""

    def __bool__(self) -> bool:
        return bool(self.correlation_id)


NO_TRACE = Trace()

CONTEXT_KEY = "correlation_id"
"""The key of a nameko call's context data that carries the caller's correlation id."""

_tagged: contextvars.ContextVar[Mapping[int, Trace] | None] = contextvars.ContextVar("tagged_events", default=None)


def current() -> Trace:
    """The correlation and causation the process is working under now."""
    return Trace(logs.correlation_id.get(), logs.causation_id.get())


def minted() -> str:
    """A new correlation id, for work that no partner's request started."""
    return uuid.uuid4().hex


@contextlib.contextmanager
def tagged(traces: Mapping[int, Trace]) -> Iterator[None]:
    """While a batch is saved: the trace of each of its events (by `id()`), which is the trace of
    the upstream event that caused it, not whatever is current when the batch is written."""
    token = _tagged.set(traces)
    try:
        yield
    finally:
        _tagged.reset(token)


class CorrelatingMapper(Mapper[Any]):
    """eventsourcing's mapper, writing the trace of the moment with each stored event."""

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        traces = _tagged.get()
        trace = (traces.get(id(domain_event)) if traces else None) or current()
        if not trace:
            return super().to_stored_event(domain_event)
        stored_state: Any = dict(vars(domain_event))
        originator_id = stored_state.pop("originator_id")
        originator_version = stored_state.pop("originator_version")
        class_version = getattr(type(domain_event), "class_version", 1)
        if class_version > 1:
            stored_state["class_version"] = class_version
        stored_state[TRACE_KEY] = [trace.correlation_id, trace.causation_id]
        stored_state = self.transcoder.encode(stored_state)
        if self.compressor:
            stored_state = self.compressor.compress(stored_state)
        if self.cipher:
            stored_state = self.cipher.encrypt(stored_state)
        return StoredEvent(
            originator_id=originator_id,
            originator_version=originator_version,
            topic=get_topic(type(domain_event)),
            state=stored_state,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        return self.decode(stored_event)[0]

    def decode(self, stored_event: StoredEvent) -> tuple[Any, Trace]:
        """The domain event and the trace stored with it (NO_TRACE when none was)."""
        domain_event = super().to_domain_event(stored_event)
        held = domain_event.__dict__.pop(TRACE_KEY, None)
        if not held:
            return domain_event, NO_TRACE
        return domain_event, Trace(str(held[0]), str(held[1]) if len(held) > 1 else "")


def decode(mapper: Mapper[Any], stored_event: StoredEvent) -> tuple[Any, Trace]:
    """What `CorrelatingMapper.decode` gives, from any mapper (another gives no trace)."""
    if isinstance(mapper, CorrelatingMapper):
        return mapper.decode(stored_event)
    return mapper.to_domain_event(stored_event), NO_TRACE


def stamped(envelope: Envelope, trace: Trace) -> Envelope:
    """The envelope with the stored event's correlation and causation, when it has them."""
    if not trace:
        return envelope
    return replace(envelope, correlation_id=trace.correlation_id, causation_id=trace.causation_id)
