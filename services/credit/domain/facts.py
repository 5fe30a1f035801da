"""Facts credit learns from upstream events: when they happened and which event said so."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from services.credit.domain.standing import Cause


@dataclass(frozen=True)
class Fact:
    """One upstream event as a fact about a unit.

    `on` is the business date of the fact; `known_on` is the first day credit can act on it
    (the fact's own date, or the first day not yet closed if the fact arrives late), so that a
    late fact never produces a notice whose objection window has already closed.
    """

    on: dt.date
    known_on: dt.date
    cause: Cause
    unit_name: str = ""
    district: str = ""

    @property
    def service(self) -> str:
        return str(self.cause["service"])

    @property
    def key(self) -> str:
        """Orders facts independently of arrival: business date, then service, then log position."""
        return fact_key(self.on, self.service, int(self.cause.get("position", 0)))

    def cause_for(self, rule: str) -> Cause:
        return {**self.cause, "rule": rule}

    def data(self) -> dict[str, Any]:
        return {
            "on": self.on,
            "known_on": self.known_on,
            "cause": dict(self.cause),
            "unit_name": self.unit_name,
            "district": self.district,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Fact:
        return cls(
            on=data["on"],
            known_on=data["known_on"],
            cause=dict(data["cause"]),
            unit_name=data["unit_name"],
            district=data["district"],
        )


def fact_key(on: dt.date, service: str, position: int) -> str:
    return f"{on.isoformat()}|{service}|{position:020d}"
