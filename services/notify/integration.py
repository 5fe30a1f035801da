"""Which notify events leave the service. None yet: delivery receipts come with the channels."""

from __future__ import annotations

from typing import Any

from kit.envelope import Envelope

SOURCE = "notify"


def translate(domain_event: Any, position: int) -> Envelope | None:
    return None
