"""Which notify events leave the service: none. Notices and their receipts are notify's own record.

Partner agencies receive what they subscribe to by signed callbacks, and the
public reads the feeds; no other service needs notify's events.
"""

from __future__ import annotations

from typing import Any

from kit.envelope import Envelope

SOURCE = "notify"


def translate(domain_event: Any, position: int) -> Envelope | None:
    return None
