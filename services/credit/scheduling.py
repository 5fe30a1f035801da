"""Closing a business day in a running credit process: the read models say which units are due."""

from __future__ import annotations

import datetime as dt
from functools import partial

from kit.service_runtime import Runtime
from services.credit import read_models
from services.credit.application import CreditApplication, DayCloseResult


def close_day(runtime: Runtime[CreditApplication], day: dt.date) -> DayCloseResult:
    """Bring the read models up to date, close the day, and show its effects at once."""
    runtime.refresh_read_models()
    result = runtime.app.close_day(day, partial(read_models.units_due, runtime.engine))
    runtime.refresh_read_models()
    return result
