"""The staff desk: turns the plain values of staff systems into commands, and answers in plain values."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Engine

from kit.service_runtime import Runtime
from services.supervision.application import SupervisionApplication
from services.supervision.commands import Fields
from services.supervision.domain.common import NotFound


def new_seed() -> str:
    """The value behind a plan's commitment: 128 bits from the operating system's randomness."""
    return secrets.token_hex(16)


class DeskBase:
    def __init__(self, runtime: Runtime[SupervisionApplication], seeds: Callable[[], str] = new_seed) -> None:
        self.runtime = runtime
        self.seeds = seeds

    @property
    def app(self) -> SupervisionApplication:
        return self.runtime.app

    @property
    def views(self) -> Engine:
        """The read models, brought up to date first."""
        self.runtime.refresh_read_models()
        return self.runtime.engine

    @staticmethod
    def fields(payload: Mapping[str, Any]) -> Fields:
        return Fields(payload)

    @staticmethod
    def found(value: Any, what: str) -> Any:
        if value is None:
            raise NotFound(f"no {what}")
        return value
