"""Which supervision events leave the service. None yet: inspection results come with the supervision rules."""

from __future__ import annotations

from typing import Any

from kit.envelope import Envelope

SOURCE = "supervision"


def translate(domain_event: Any, position: int) -> Envelope | None:
    return None
