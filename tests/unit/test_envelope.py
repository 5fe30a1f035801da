import uuid

import pytest

from firesafety.permits.v1 import events_pb2
from kit.envelope import Envelope, InvalidEnvelope, stable_event_id

ORIGINATOR = uuid.UUID("12345678-1234-5678-1234-567812345678")


def granted_envelope(position: int = 7) -> Envelope:
    return Envelope.wrap(
        source="permits",
        position=position,
        originator_id=ORIGINATOR,
        originator_version=2,
        message=events_pb2.PermitGranted(permit_no="XF2026-1", uscc="91110000600037341L", floor_area_m2=800),
        subject="91110000600037341L",
        business_time="2026-11-02T09:00:00+00:00",
        correlation_id="req-1",
    )


def test_the_envelope_carries_type_source_position_subject_and_time() -> None:
    wire = granted_envelope().to_wire()
    assert wire["event_type"] == "PermitGranted"
    assert wire["source"] == "permits"
    assert wire["position"] == "7"  # int64 in proto3 JSON
    assert wire["subject"] == "91110000600037341L"
    assert wire["business_time"] == "2026-11-02T09:00:00+00:00"
    assert wire["correlation_id"] == "req-1"
    assert wire["schema_version"] == 1


def test_the_envelope_survives_the_wire_and_its_data_parses_as_its_schema() -> None:
    received = Envelope.from_wire(granted_envelope().to_wire())
    assert received == granted_envelope()
    granted = received.message(events_pb2.PermitGranted)
    assert granted.permit_no == "XF2026-1"
    assert granted.floor_area_m2 == 800


def test_a_republished_event_keeps_its_event_id() -> None:
    assert granted_envelope(position=7).event_id == granted_envelope(position=9).event_id
    assert granted_envelope().event_id == str(stable_event_id("permits", ORIGINATOR, 2))


def test_a_body_that_is_not_an_envelope_is_rejected_naming_the_problem() -> None:
    with pytest.raises(InvalidEnvelope, match="event_id"):
        Envelope.from_wire({"event_type": "PermitGranted", "source": "permits", "position": "1"})
    with pytest.raises(InvalidEnvelope):
        Envelope.from_wire("not a dict")
    with pytest.raises(InvalidEnvelope):
        Envelope.from_wire({"event_id": "x", "no_such_field": 1})


def test_data_that_does_not_match_its_schema_is_rejected() -> None:
    envelope = Envelope.from_wire({**granted_envelope().to_wire(), "data": {"floor_area_m2": "big"}})
    with pytest.raises(InvalidEnvelope, match="PermitGranted"):
        envelope.message(events_pb2.PermitGranted)
