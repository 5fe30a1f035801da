"""The envelope every integration event travels in (schema: protos/firesafety/events/v1)."""

from __future__ import annotations

import functools
import math
import uuid
from dataclasses import dataclass
from typing import Any, TypeVar

from google.protobuf import json_format
from google.protobuf.descriptor import FieldDescriptor
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
    causation_id: str = ""

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
        causation_id: str = "",
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
            data=message_to_dict(message),
            causation_id=causation_id,
        )

    def to_wire(self) -> dict[str, Any]:
        """The envelope's proto3 JSON form (fields at their default left out, int64 as a string),
        built directly: the same dict `json_format.MessageToDict` gives, at a fraction of the cost."""
        wire: dict[str, Any] = {}
        for name in _WIRE_FIELDS:
            value = getattr(self, name)
            if value:
                wire[name] = str(value) if name == "position" else value
        if self.data:
            wire["data"] = self.data
        return wire

    @classmethod
    def from_wire(cls, body: Any) -> Envelope:
        if not isinstance(body, dict):
            raise InvalidEnvelope(f"envelope must be a JSON object, got {type(body).__name__}")
        try:
            return cls(**_plain_envelope(body))
        except (_NotPlain, OverflowError):
            return cls._parsed(body)

    @classmethod
    def _parsed(cls, body: dict[str, Any]) -> Envelope:
        """What `from_wire` does for any body: the protobuf library's proto3 JSON parser."""
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
            causation_id=proto.causation_id,
        )

    def message(self, message_class: type[TMessage]) -> TMessage:
        """The data parsed as its schema; unknown or mistyped fields are an InvalidEnvelope."""
        try:
            return json_format.ParseDict(self.data, message_class())
        except json_format.ParseError as exc:
            raise InvalidEnvelope(f"{self.event_type} data: {exc}") from exc


_WIRE_FIELDS = (
    "event_id",
    "event_type",
    "schema_version",
    "source",
    "position",
    "subject",
    "business_time",
    "correlation_id",
    "causation_id",
)

_WIRE_STRINGS = ("event_id", "event_type", "source", "subject", "business_time", "correlation_id", "causation_id")
_INT32 = 2**31
_INT64_MAX = 2**63 - 1


def _plain_envelope(body: dict[str, Any]) -> dict[str, Any]:
    """The envelope's fields from a body as the relay writes it, exactly as `_parsed` would give
    them; _NotPlain for anything else (camelCase names, unusual numbers, errors to report), which
    the protobuf parser then decides."""
    fields: dict[str, Any] = dict.fromkeys(_WIRE_STRINGS, "")
    fields.update(schema_version=0, position=0, data={})
    for name, value in body.items():
        if name in _WIRE_STRINGS:
            if type(value) is not str:
                raise _NotPlain
            fields[name] = value
        elif name == "position":
            if type(value) is str and value.isdigit() and value.isascii():
                number = int(value)
            elif type(value) is int:
                number = value
            else:
                raise _NotPlain
            if not 1 <= number <= _INT64_MAX:
                raise _NotPlain
            fields["position"] = number
        elif name == "schema_version":
            if type(value) is not int or not -_INT32 <= value < _INT32:
                raise _NotPlain
            fields["schema_version"] = value
        elif name == "data":
            if type(value) is not dict:
                raise _NotPlain
            fields["data"] = _struct(value)
        else:
            raise _NotPlain
    for name in ("event_id", "event_type", "source"):
        if not fields[name]:
            raise _NotPlain
    if fields["position"] < 1:
        raise _NotPlain
    return fields


def _struct(value: dict[str, Any]) -> dict[str, Any]:
    plain = {key: _struct_value(item) for key, item in value.items()}
    if not all(type(key) is str for key in plain):
        raise _NotPlain
    return plain


def _struct_value(value: Any) -> Any:
    """A JSON value as it comes back from a google.protobuf.Value: numbers are doubles."""
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return value
    if kind is int or kind is float:
        number = float(value)  # OverflowError for a huge int: the parser reports it
        if math.isinf(number) or math.isnan(number):
            raise _NotPlain
        return number
    if kind is dict:
        return _struct(value)
    if kind is list:
        return [_struct_value(item) for item in value]
    raise _NotPlain


_FD = FieldDescriptor
_PLAIN = {_FD.CPPTYPE_STRING, _FD.CPPTYPE_BOOL, _FD.CPPTYPE_INT32, _FD.CPPTYPE_UINT32, _FD.CPPTYPE_DOUBLE}
_INT64 = {_FD.CPPTYPE_INT64, _FD.CPPTYPE_UINT64}


def message_to_dict(message: Message) -> dict[str, Any]:
    """`json_format.MessageToDict(message, preserving_proto_field_name=True)`, fast for the plain
    messages integration events are made of (strings, numbers, booleans, enums, nested and
    repeated messages); anything else (maps, well-known types, bytes, floats, values that are not
    finite) goes to json_format itself."""
    try:
        return _plain_to_dict(message)
    except _NotPlain:
        return json_format.MessageToDict(message, preserving_proto_field_name=True)


def _plain_to_dict(message: Message) -> dict[str, Any]:
    if message.DESCRIPTOR.full_name.startswith("google.protobuf."):
        raise _NotPlain
    out: dict[str, Any] = {}
    for field, value in message.ListFields():
        convert = _converter(field)
        if convert is None:
            raise _NotPlain
        out[field.name] = [convert(item) for item in value] if field.is_repeated else convert(value)
    return out


@functools.cache
def _converter(field: FieldDescriptor) -> Any:
    if field.is_extension or field.type == _FD.TYPE_BYTES:
        return None
    if field.message_type is not None:
        return None if field.message_type.GetOptions().map_entry else _plain_to_dict
    if field.cpp_type == _FD.CPPTYPE_ENUM:
        assert field.enum_type is not None
        names = {v.number: v.name for v in field.enum_type.values}
        return lambda number: names.get(number, number)
    if field.cpp_type == _FD.CPPTYPE_DOUBLE:
        return _finite
    if field.cpp_type in _INT64:
        return str
    if field.cpp_type in _PLAIN:
        return _identity
    return None  # float: json_format rounds it to its shortest form


def _identity(value: Any) -> Any:
    return value


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise _NotPlain
    return value


class _NotPlain(Exception):
    pass


def stable_event_id(source: str, originator_id: uuid.UUID, originator_version: int) -> uuid.UUID:
    return uuid.uuid5(EVENT_ID_NAMESPACE, f"{source}:{originator_id}:{originator_version}")
