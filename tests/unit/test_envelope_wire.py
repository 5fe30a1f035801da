"""The envelope's wire form is proto3 JSON, exactly as the protobuf library writes it.

The envelope builds its JSON directly (much faster than a round trip through protobuf); these
properties check it against `json_format` for every integration event message, with generated
field values."""

from __future__ import annotations

from typing import Any

import pytest
from google.protobuf import json_format
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message
from hypothesis import given, settings
from hypothesis import strategies as st

from firesafety.credit.v1 import events_pb2 as credit_events
from firesafety.events.v1 import envelope_pb2
from firesafety.permits.v1 import events_pb2 as permit_events
from firesafety.supervision.v1 import events_pb2 as supervision_events
from kit.envelope import Envelope, message_to_dict

MODULES = (permit_events, supervision_events, credit_events)
MESSAGES = [
    module.DESCRIPTOR.message_types_by_name[name]
    for module in MODULES
    for name in module.DESCRIPTOR.message_types_by_name
]
FD = FieldDescriptor


def scalar(field: FieldDescriptor) -> st.SearchStrategy[Any]:
    if field.type == FD.TYPE_BYTES:
        return st.binary(max_size=24)
    if field.cpp_type == FD.CPPTYPE_STRING:
        return st.text(max_size=12)
    if field.cpp_type == FD.CPPTYPE_BOOL:
        return st.booleans()
    if field.cpp_type == FD.CPPTYPE_DOUBLE:
        return st.floats(allow_nan=True, allow_infinity=True)
    if field.cpp_type in (FD.CPPTYPE_INT32, FD.CPPTYPE_INT64):
        return st.integers(-(2**31), 2**31 - 1)
    if field.cpp_type == FD.CPPTYPE_ENUM:
        return st.sampled_from([v.number for v in field.enum_type.values])
    raise AssertionError(f"no strategy for {field.full_name}")


def message_of(descriptor: Descriptor, depth: int = 0) -> st.SearchStrategy[Message]:
    from google.protobuf import message_factory

    cls = message_factory.GetMessageClass(descriptor)

    @st.composite
    def build(draw: Any) -> Message:
        message = cls()
        for field in descriptor.fields:
            if field.message_type is not None:
                if depth > 2:
                    continue
                values = draw(st.lists(message_of(field.message_type, depth + 1), max_size=2))
                if field.is_repeated:
                    getattr(message, field.name).extend(values)
                elif values:
                    getattr(message, field.name).CopyFrom(values[0])
            elif field.is_repeated:
                getattr(message, field.name).extend(draw(st.lists(scalar(field), max_size=3)))
            else:
                setattr(message, field.name, draw(scalar(field)))
        return message

    return build()


@pytest.mark.parametrize("descriptor", MESSAGES, ids=lambda d: d.name)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_every_event_message_reads_on_the_wire_as_protobuf_writes_it(descriptor: Descriptor, data: Any) -> None:
    message = data.draw(message_of(descriptor))
    assert message_to_dict(message) == json_format.MessageToDict(message, preserving_proto_field_name=True)


@settings(max_examples=200, deadline=None)
@given(
    event_id=st.text(max_size=8),
    event_type=st.text(max_size=8),
    schema_version=st.integers(0, 5),
    source=st.text(max_size=8),
    position=st.integers(0, 2**62),
    subject=st.text(max_size=8),
    business_time=st.text(max_size=8),
    correlation_id=st.text(max_size=8),
    data=st.dictionaries(
        st.text(max_size=5), st.one_of(st.text(max_size=5), st.booleans(), st.floats(-1e9, 1e9)), max_size=4
    ),
)
def test_the_envelope_on_the_wire_is_its_proto3_json(**fields: Any) -> None:
    envelope = Envelope(**fields)
    proto = envelope_pb2.Envelope(**{k: v for k, v in fields.items() if k != "data"})
    proto.data.update(fields["data"])
    assert envelope.to_wire() == json_format.MessageToDict(proto, preserving_proto_field_name=True)


json_values = st.recursive(
    st.none() | st.booleans() | st.text(max_size=8) | st.integers() | st.floats(allow_nan=True, allow_infinity=True),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=12,
)
ENVELOPE_FIELDS = envelope_pb2.Envelope.DESCRIPTOR.fields
# Every field by its name and by its JSON (camelCase) name, and one the envelope does not have.
envelope_keys = st.sampled_from(
    sorted({f.name for f in ENVELOPE_FIELDS} | {f.json_name for f in ENVELOPE_FIELDS} | {"unknown"})
)
wire_values = (
    json_values
    | st.integers(min_value=-(2**64), max_value=2**64)
    | st.integers(min_value=0, max_value=2**64).map(str)
    | st.dictionaries(st.text(max_size=6), json_values, max_size=4)
)


def decoded(body: dict[str, Any]) -> Any:
    try:
        return Envelope.from_wire(body)
    except Exception as error:  # the same kind of refusal, whichever path decides
        return type(error)


def parsed(body: dict[str, Any]) -> Any:
    try:
        return Envelope._parsed(body)
    except Exception as error:
        return type(error)


@settings(max_examples=1500, deadline=None)
@given(st.dictionaries(envelope_keys, wire_values, max_size=9))
def test_any_body_decodes_as_the_protobuf_parser_decodes_it(body: dict[str, Any]) -> None:
    assert decoded(body) == parsed(body)


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            "event_id": st.text(min_size=1, max_size=8),
            "event_type": st.text(min_size=1, max_size=8),
            "source": st.sampled_from(["permits", "supervision", "credit"]),
            "position": st.integers(min_value=1, max_value=2**63 - 1).map(str),
            "data": st.dictionaries(st.text(max_size=6), json_values, max_size=4),
        }
    )
)
def test_a_body_as_the_relay_writes_it_decodes_as_the_protobuf_parser_decodes_it(body: dict[str, Any]) -> None:
    assert decoded(body) == parsed(body)
