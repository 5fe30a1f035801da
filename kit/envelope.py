"""The envelope every integration event travels in (schema: protos/firesafety/events/v1)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, TypeVar

from google.protobuf import json_format
from google.protobuf.message import Message

from firesafety.events.v1 import envelope_pb2

EVENT_ID_NAMESPACE = uuid.UUID("6f1f0c5e-4b7a-4c1e-9d5f-2a7e1c3b9d10")
TMessage = TypeVar("TMessage", bound=Message)


class InvalidEnvelope(ValueError):
    """A message that is not a well-formed envelope: it can never be processed."""


@dataclass(frozen=True)
class Envelope:
    event_id: str
    event_type: str
    schema_version: int
    source: str
    position: int
    subject: str
    business_time: str
    correlation_id: str
    data: dict[str, Any]

    @classmethod
    def wrap(
        cls,
        *,
        source: str,
        position: int,
        originator_id: uuid.UUID,
        originator_version: int,
        message: Message,
        subject: str,
        business_time: str,
        correlation_id: str,
        schema_version: int = 1,
    ) -> Envelope:
        """Wrap an event's message; the event id is stable across republishing."""
        return cls(
            event_id=str(stable_event_id(source, originator_id, originator_version)),
            event_type=message.DESCRIPTOR.name,
            schema_version=schema_version,
            source=source,
            position=position,
            subject=subject,
            business_time=business_time,
            correlation_id=correlation_id,
            data=json_format.MessageToDict(message, preserving_proto_field_name=True),
        )

    def to_wire(self) -> dict[str, Any]:
        proto = envelope_pb2.Envelope(
            event_id=self.event_id,
            event_type=self.event_type,
            schema_version=self.schema_version,
            source=self.source,
            position=self.position,
            subject=self.subject,
            business_time=self.business_time,
            correlation_id=self.correlation_id,
        )
        proto.data.update(self.data)
        return json_format.MessageToDict(proto, preserving_proto_field_name=True)

    @classmethod
    def from_wire(cls, body: Any) -> Envelope:
        if not isinstance(body, dict):
            raise InvalidEnvelope(f"envelope must be a JSON object, got {type(body).__name__}")
        try:
            proto = json_format.ParseDict(body, envelope_pb2.Envelope())
        except json_format.ParseError as exc:
            raise InvalidEnvelope(str(exc)) from exc
        for name in ("event_id", "event_type", "source"):
            if not getattr(proto, name):
                raise InvalidEnvelope(f"envelope field {name!r} is missing")
        if proto.position < 1:
            raise InvalidEnvelope("envelope field 'position' must be a log position (1 or more)")
        return cls(
            event_id=proto.event_id,
            event_type=proto.event_type,
            schema_version=proto.schema_version,
            source=proto.source,
            position=proto.position,
            subject=proto.subject,
            business_time=proto.business_time,
            correlation_id=proto.correlation_id,
            data=json_format.MessageToDict(proto.data),
        )

    def message(self, message_class: type[TMessage]) -> TMessage:
        """The data parsed as its schema; unknown or mistyped fields are an InvalidEnvelope."""
        try:
            return json_format.ParseDict(self.data, message_class())
        except json_format.ParseError as exc:
            raise InvalidEnvelope(f"{self.event_type} data: {exc}") from exc


def stable_event_id(source: str, originator_id: uuid.UUID, originator_version: int) -> uuid.UUID:
    return uuid.uuid5(EVENT_ID_NAMESPACE, f"{source}:{originator_id}:{originator_version}")
