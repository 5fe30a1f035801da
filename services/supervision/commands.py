"""Checking the plain values staff systems send before anything is stored.

Every RPC of the supervision service takes JSON-able keyword arguments. A
`Fields` reader turns them into domain values and collects every problem with
the field's path (`hazards[1].grade`); `InvalidCommand` lists them all. Unknown
fields are refused too, so that a misspelt field never passes silently.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from kit.identifiers import InvalidIdentifier, normalize_uscc
from services.supervision.domain.firms import FirmDetails, ServiceType
from services.supervision.domain.register import UnitDetails

E = TypeVar("E", bound=StrEnum)

TRUE_WORDS = frozenset({"1", "true", "yes", "y", "是", "t"})
FALSE_WORDS = frozenset({"", "0", "false", "no", "n", "否", "f"})


@dataclass(frozen=True)
class FieldViolation:
    field: str
    description: str


class InvalidCommand(ValueError):
    """Bad input: one violation per bad field. Its only argument is JSON-able, so it crosses RPC whole."""

    def __init__(self, violations: Sequence[FieldViolation | Mapping[str, str]]) -> None:
        items = [
            v if isinstance(v, FieldViolation) else FieldViolation(v["field"], v["description"]) for v in violations
        ]
        super().__init__([{"field": v.field, "description": v.description} for v in items])
        self.violations = items

    def __str__(self) -> str:
        return "; ".join(f"{v.field}: {v.description}" for v in self.violations)

    @property
    def fields(self) -> set[str]:
        return {v.field for v in self.violations}


class Fields:
    """Reads one command's values; problems are collected, then raised together by `done`."""

    def __init__(
        self, payload: Mapping[str, Any], prefix: str = "", violations: list[FieldViolation] | None = None
    ) -> None:
        self.payload = payload
        self.prefix = prefix
        self.violations: list[FieldViolation] = [] if violations is None else violations
        self.read: set[str] = set()
        self.children: list[Fields] = []

    def path(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def fail(self, name: str, description: str) -> None:
        self.violations.append(FieldViolation(self.path(name), description))

    def raw(self, name: str) -> Any:
        self.read.add(name)
        return self.payload.get(name)

    def text(self, name: str, required: bool = True, max_length: int = 200) -> str:
        value = self.raw(name)
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.fail(name, "must be text")
            return ""
        text: str = value.strip()
        if required and not text:
            self.fail(name, "is required")
        elif len(text) > max_length:
            self.fail(name, f"must be at most {max_length} characters")
        return text

    def uscc(self, name: str, required: bool = True) -> str:
        value = self.text(name, required=required, max_length=18 * 2)
        if not value:
            return ""
        try:
            return normalize_uscc(value)
        except InvalidIdentifier as exc:
            self.fail(name, str(exc))
            return ""

    def day(self, name: str, required: bool = True) -> dt.date | None:
        value = self.text(name, required=required, max_length=10)
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(name, "must be a date, YYYY-MM-DD")
            return None

    def moment(self, name: str, required: bool = True) -> dt.datetime | None:
        value = self.text(name, required=required, max_length=40)
        if not value:
            return None
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            self.fail(name, "must be an ISO 8601 time, e.g. 2026-11-10T09:30:00+08:00")
            return None
        if parsed.tzinfo is None:
            self.fail(name, "must carry a time zone")
            return None
        return parsed

    def enum(self, name: str, enum: type[E], required: bool = True) -> E | None:
        value = self.text(name, required=required, max_length=60)
        if not value:
            return None
        try:
            return enum(value)
        except ValueError:
            self.fail(name, "must be one of: " + ", ".join(member.value for member in enum))
            return None

    def identifier(self, name: str, required: bool = True) -> uuid.UUID | None:
        value = self.text(name, required=required, max_length=36)
        if not value:
            return None
        try:
            return uuid.UUID(value)
        except ValueError:
            self.fail(name, "is not an identifier this service issued")
            return None

    def required_flag(self, name: str) -> bool | None:
        if self.payload.get(name) is None:
            self.read.add(name)
            self.fail(name, "is required (true or false)")
            return None
        return self.flag(name)

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
            return value.strip().lower() in TRUE_WORDS
        self.fail(name, "must be true or false")
        return default

    def number(self, name: str, required: bool = True, minimum: float | None = None, positive: bool = False) -> float:
        value = self.raw(name)
        if value is None or value == "":
            if required:
                self.fail(name, "is required")
            return 0.0
        try:
            number = float(value) if not isinstance(value, bool) else math.nan
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number):
            self.fail(name, "must be a number")
            return 0.0
        if positive and not number > 0:
            self.fail(name, "must be a positive number")
        elif minimum is not None and number < minimum:
            self.fail(name, f"must be at least {minimum:g}")
        return number

    def integer(self, name: str, required: bool = True, minimum: int | None = None) -> int:
        value = self.raw(name)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value)
        if value is None or value == "":
            if required:
                self.fail(name, "is required")
            return 0
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(name, "must be a whole number")
            return 0
        if minimum is not None and value < minimum:
            self.fail(name, f"must be at least {minimum}")
        return value

    def texts(self, name: str, required: bool = False, max_length: int = 500) -> list[str]:
        value = self.raw(name)
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(name, "must be a list of text")
            return []
        cleaned = [v.strip() for v in value if v.strip()]
        if required and not cleaned:
            self.fail(name, "needs at least one entry")
        for index, item in enumerate(cleaned):
            if len(item) > max_length:
                self.fail(f"{name}[{index}]", f"must be at most {max_length} characters")
        return cleaned

    def records(self, name: str, required: bool = False) -> list[Fields]:
        """A list of objects, each read by its own Fields with the path `name[i].`."""
        value = self.raw(name)
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            self.fail(name, "must be a list of objects")
            return []
        if required and not value:
            self.fail(name, "needs at least one entry")
        readers = [Fields(v, f"{self.path(name)}[{i}].", self.violations) for i, v in enumerate(value)]
        self.children.extend(readers)
        return readers

    def done(self) -> None:
        """Refuse unknown fields, then raise every problem found, if any."""
        self._refuse_unknown()
        if self.violations:
            raise InvalidCommand(self.violations)

    def _refuse_unknown(self) -> None:
        for name in sorted(set(self.payload) - self.read):
            self.fail(str(name), "is not a field of this command")
        for child in self.children:
            child._refuse_unknown()


def read_unit(fields: Fields) -> tuple[str, UnitDetails]:
    """A unit's register entry, from staff or a row of the market-regulation register."""
    uscc = fields.uscc("uscc")
    email = fields.text("responsible_email", required=False)
    if email and "@" not in email:
        fields.fail("responsible_email", "is not an e-mail address")
    details = UnitDetails(
        unit_name=fields.text("unit_name"),
        venue_name=fields.text("venue_name", required=False),
        address=fields.text("address", required=False, max_length=500),
        district=fields.text("district"),
        street=fields.text("street", required=False),
        venue_category=fields.text("venue_category", required=False, max_length=50),
        floor_area_m2=fields.number("floor_area_m2", required=False, minimum=0),
        in_commercial_complex=fields.flag("in_commercial_complex"),
        industry_regulator=fields.text("industry_regulator", required=False),
        responsible_person=fields.text("responsible_person", required=False, max_length=100),
        responsible_phone=fields.text("responsible_phone", required=False, max_length=40),
        responsible_email=email,
        service_firm_uscc=fields.uscc("service_firm_uscc", required=False),
        high_risk=fields.flag("high_risk"),
    )
    return uscc, details


def read_firm(fields: Fields) -> tuple[str, FirmDetails]:
    """A fire technical service firm's register entry (消防技术服务机构), from staff or the business
    registration market regulation shares (商事登记信息共享, 003 (二))."""
    uscc = fields.uscc("uscc")
    service_types = []
    raw_types = fields.texts("service_types", required=True, max_length=50)
    for index, raw in enumerate(raw_types):
        try:
            service_types.append(ServiceType(raw))
        except ValueError:
            fields.fail(f"service_types[{index}]", "must be one of: " + ", ".join(t.value for t in ServiceType))
    details = FirmDetails(
        firm_name=fields.text("firm_name"),
        district=fields.text("district"),
        service_types=tuple(dict.fromkeys(service_types)),
        address=fields.text("address", required=False, max_length=500),
        legal_representative=fields.text("legal_representative", required=False, max_length=100),
        technical_lead=fields.text("technical_lead", required=False, max_length=100),
    )
    return uscc, details
