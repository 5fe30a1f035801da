"""The port every channel adapter implements, and the registry the dispatcher uses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from services.notify.domain import DeliveryOutcome


@dataclass(frozen=True)
class Outgoing:
    """One notice as a channel sends it."""

    notice_id: str
    notice_type: str
    recipient: str
    address: str
    subject: str
    body: str
    uscc: str
    reference: str
    cause_event_id: str
    cause_type: str
    business_time: str
    data: Mapping[str, Any]
    attempt: int
    secret: str = field(default="", repr=False)
    correlation_id: str = ""
    """The request the notice follows from (kit.tracing); callbacks send it as `X-Request-Id`."""


class Channel(Protocol):
    name: str

    @property
    def unconfigured(self) -> str:
        """Why the channel cannot send yet, or '' when it is ready."""
        ...

    def send(self, message: Outgoing, now: dt.datetime) -> DeliveryOutcome: ...


class Unconfigured:
    """A channel the environment does not configure: its notices are held, not dropped."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.unconfigured = reason

    def send(self, message: Outgoing, now: dt.datetime) -> DeliveryOutcome:
        return DeliveryOutcome.temporary(self.unconfigured)


class Channels:
    def __init__(self, channels: Iterable[Channel]) -> None:
        self._channels = {c.name: c for c in channels}

    def get(self, name: str) -> Channel | None:
        return self._channels.get(name)

    def names(self) -> list[str]:
        return list(self._channels)

    def ready(self) -> list[str]:
        return [name for name, c in self._channels.items() if not c.unconfigured]

    def report(self) -> dict[str, str]:
        """{channel: 'ready' or why it is not}, for the status RPC."""
        return {name: c.unconfigured or "ready" for name, c in self._channels.items()}
