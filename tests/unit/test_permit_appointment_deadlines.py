"""The agency's own deadlines in permits: a guidance visit within 2 working days, an appointment kept."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.service_runtime import Runtime
from kit.settings import load_settings
from services.permits import read_models
from services.permits.application import PermitsApplication
from services.permits.bootstrap import build_worker_runtime
from tests.unit.permits_fixtures import at
from tests.unit.test_permit_delivery_and_appointments import booking


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Runtime[PermitsApplication]]:
    built = build_worker_runtime(load_settings("permits", {"VAR_DIR": str(tmp_path)}))
    yield built
    built.close()


def close(runtime: Runtime[PermitsApplication], day: str) -> list[str]:
    runtime.refresh_read_models()
    due = [uuid.UUID(i) for i in read_models.appointments_due(runtime.engine, day)]
    missed = runtime.app.close_appointments(dt.date.fromisoformat(day), due)
    runtime.refresh_read_models()
    return [str(i) for i in missed]


def test_a_guidance_visit_not_made_within_two_working_days_is_raised_once(runtime: Runtime[PermitsApplication]) -> None:
    visit = runtime.app.book_appointment(
        booking("g1", "guidance", dt.date(2026, 11, 3), "2026-11-02"), at("2026-11-02")
    )
    assert visit.due_on == dt.date(2026, 11, 4)
    assert close(runtime, "2026-11-03") == []
    assert close(runtime, "2026-11-04") == [str(visit.id)]
    assert close(runtime, "2026-11-04") == [] and close(runtime, "2026-11-05") == []
    [row] = read_models.appointments_of(runtime.engine, "not_kept")
    assert (row["appointment_id"], row["missed_on"]) == (str(visit.id), "2026-11-04")


def test_an_appointment_the_agency_kept_is_not_raised(runtime: Runtime[PermitsApplication]) -> None:
    drill = runtime.app.book_appointment(booking("d1", "drill", dt.date(2026, 11, 9), "2026-11-02"), at("2026-11-02"))
    runtime.app.record_appointment_kept(drill.id, at("2026-11-09", 15), by="监督员I1")
    runtime.app.record_appointment_kept(drill.id, at("2026-11-09", 16), by="监督员I1")  # repeated: no change
    assert close(runtime, "2026-11-09") == []
    runtime.refresh_read_models()
    assert [r["status"] for r in read_models.appointments_of(runtime.engine)] == ["kept"]


def test_an_off_hours_inspection_not_kept_on_its_evening_is_raised_once(runtime: Runtime[PermitsApplication]) -> None:
    evening = runtime.app.book_appointment(
        booking("o1", "off_hours_inspection", dt.date(2026, 11, 7), "2026-11-02"), at("2026-11-02")
    )
    assert close(runtime, "2026-11-06") == []
    assert close(runtime, "2026-11-07") == [str(evening.id)]
    assert close(runtime, "2026-11-08") == []
