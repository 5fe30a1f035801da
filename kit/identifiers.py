"""Identifiers of units and people: USCC (GB 32100) and resident ID numbers (GB 11643)."""

from __future__ import annotations

import functools

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError


class InvalidIdentifier(ValueError):
    pass


@functools.lru_cache(maxsize=65_536)  # every partner request names a unit; the answer never changes
def normalize_uscc(value: str) -> str:
    """The 18-character USCC in upper case, or InvalidIdentifier saying what is wrong."""
    try:
        return str(uscc.validate(value))
    except ValidationError as exc:
        raise InvalidIdentifier(f"not a valid unified social credit code: {exc}") from exc


def normalize_resident_id(value: str) -> str:
    try:
        return str(ric.validate(value))
    except ValidationError as exc:
        raise InvalidIdentifier(f"not a valid resident ID number: {exc}") from exc


def mask_resident_id(value: str) -> str:
    """Personal data is never printed whole: only the first three and last four characters show."""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
