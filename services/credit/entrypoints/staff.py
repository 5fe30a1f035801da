"""Plain values in and out of the staff RPCs: dates, USCCs, standings as dictionaries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kit.identifiers import InvalidIdentifier, normalize_uscc
from services.credit.application import CreditApplication, DayCloseResult
from services.credit.domain import CreditCommandRefused, StandingEntry, UnitNotOnRecord


class InvalidRequest(CreditCommandRefused):
    pass


def parse_day(value: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise InvalidRequest(f"{field}: not an ISO date (YYYY-MM-DD): {value!r}") from exc


def parse_moment(value: str, field: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise InvalidRequest(f"{field}: not an ISO 8601 time: {value!r}") from exc
    if moment.tzinfo is None:
        raise InvalidRequest(f"{field}: a time must carry its zone: {value!r}")
    return moment


def uscc(value: str) -> str:
    try:
        return normalize_uscc(value)
    except InvalidIdentifier as exc:
        raise InvalidRequest(f"uscc: {exc}") from exc


def standing(app: CreditApplication, unit: str, as_of: str | None) -> dict[str, Any]:
    day = parse_day(as_of, "as_of") if as_of else None
    record = app.require_record(uscc(unit))
    entry = record.standing(day)
    if entry is None:
        raise UnitNotOnRecord(f"unit {unit} had no credit record on {as_of}")
    return {
        "uscc": record.uscc,
        "unit_name": record.unit_name,
        "district": record.district,
        "as_of": as_of or "",
        **standing_dict(entry),
    }


def standing_dict(entry: StandingEntry) -> dict[str, Any]:
    return {
        "tier": str(entry.tier),
        "colour": str(entry.colour),
        "reduced_inspection": entry.reduced_inspection,
        "blacklisted": entry.blacklisted,
        "listed_rules": list(entry.listed_rules),
        "effective_on": entry.effective_on.isoformat() if entry.effective_on else "",
        "causes": [dict(c) for c in entry.causes],
    }


def day_close_result(result: DayCloseResult) -> dict[str, Any]:
    return {
        "day": result.day.isoformat(),
        "closed": result.closed,
        "units_reviewed": result.units_reviewed,
        "upstream_positions": result.upstream_positions,
    }
