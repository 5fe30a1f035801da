"""The relay writes each basic.publish's frames itself: byte for byte what py-amqp would write."""

from __future__ import annotations

import json
from types import SimpleNamespace

import amqp
import pytest
from amqp import spec
from amqp.method_framing import frame_writer
from amqp.serialization import dumps

from kit.relay import PublishFrames


def py_amqp_frames(frame_max: int, channel_id: int, exchange: str, routing_key: str, message: amqp.Message) -> bytes:
    written: list[bytes] = []
    transport = SimpleNamespace(write=lambda data: written.append(bytes(data)))
    write_frame = frame_writer(SimpleNamespace(frame_max=frame_max, bytes_sent=0), transport)
    args = dumps("Bssbb", (0, exchange, routing_key, False, False))
    write_frame(1, channel_id, spec.Basic.Publish, args, message)
    return b"".join(written)


@pytest.mark.parametrize(
    ("position", "body_size", "frame_max"),
    [(1, 10, 131072), (2_147_483_647, 900, 131072), (2_147_483_648, 900, 131072), (7, 5000, 4096), (9, 4088, 4096)],
)
def test_the_frames_are_py_amqps_for_the_same_message(position: int, body_size: int, frame_max: int) -> None:
    body = json.dumps({"source": "permits", "data": {"unit_name": "徐汇体育馆" * body_size}}, ensure_ascii=False)
    body = body[:body_size]
    message = amqp.Message(
        body,
        content_type="application/json",
        content_encoding="utf-8",
        delivery_mode=2,
        priority=0,
        message_id="6f1f0c5e-4b7a-4c1e-9d5f-2a7e1c3b9d10",
        user_id="firesafety-permits",
        application_headers={"source": "permits", "position": position, "log_head": position + 7},
    )
    expected = py_amqp_frames(frame_max, 3, "permits.events", "PermitGranted", message)
    frames = PublishFrames(3, frame_max, "permits.events", "firesafety-permits")
    ours = frames.encode(
        "PermitGranted", "6f1f0c5e-4b7a-4c1e-9d5f-2a7e1c3b9d10", "permits", position, position + 7, body.encode("utf-8")
    )
    assert ours == expected


def test_a_name_longer_than_a_short_string_is_refused() -> None:
    frames = PublishFrames(1, 131072, "permits.events", "")
    with pytest.raises(ValueError, match="short string"):
        frames.encode("x" * 256, "id", "permits", 1, 1, b"{}")
