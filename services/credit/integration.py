"""Which credit events leave the service. None yet: standing changes come with the credit rules."""

from __future__ import annotations

from typing import Any

from kit.envelope import Envelope

SOURCE = "credit"


def translate(domain_event: Any, position: int) -> Envelope | None:
    return None
