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


# Tracked to the visit: kept (in time or late), missed by the unit, or not kept by the agency.


def test_a_unit_that_missed_its_appointment_is_recorded_with_the_reason_and_not_raised_against_the_agency(
    runtime: Runtime[PermitsApplication],
) -> None:
    visit = runtime.app.book_appointment(
        booking("g2", "guidance", dt.date(2026, 11, 3), "2026-11-02"), at("2026-11-02")
    )
    missed = runtime.app.record_appointment_missed_by_unit(
        visit.id, at("2026-11-03", 14), "监督员I1", "到场无人，电话未接"
    )
    assert missed.status == "missed_by_unit"
    assert close(runtime, "2026-11-04") == []
    [row] = read_models.appointments_of(runtime.engine, "missed_by_unit")
    assert (row["appointment_id"], row["missed_on"]) == (str(visit.id), "2026-11-03")


def test_a_missed_appointment_needs_a_reason_and_cannot_then_be_kept(runtime: Runtime[PermitsApplication]) -> None:
    from services.permits.domain import StepNotAllowed

    visit = runtime.app.book_appointment(
        booking("g3", "guidance", dt.date(2026, 11, 3), "2026-11-02"), at("2026-11-02")
    )
    with pytest.raises(StepNotAllowed, match="reason: "):
        runtime.app.record_appointment_missed_by_unit(visit.id, at("2026-11-03", 14), "监督员I1", " ")
    runtime.app.record_appointment_missed_by_unit(visit.id, at("2026-11-03", 14), "监督员I1", "单位拒绝入内")
    with pytest.raises(StepNotAllowed, match="missed this appointment"):
        runtime.app.record_appointment_kept(visit.id, at("2026-11-03", 15), by="监督员I1")


def test_a_visit_after_its_last_day_counts_as_kept_and_late(runtime: Runtime[PermitsApplication]) -> None:
    visit = runtime.app.book_appointment(
        booking("g4", "guidance", dt.date(2026, 11, 3), "2026-11-02"), at("2026-11-02")
    )
    assert close(runtime, "2026-11-04") == [str(visit.id)]
    runtime.app.record_appointment_kept(visit.id, at("2026-11-05", 10), by="监督员I1")
    events = list(runtime.app.events.get(visit.id))
    assert (type(events[-1]).__name__, events[-1].late) == ("Kept", True)  # type: ignore[attr-defined]


def test_a_visit_recorded_before_its_booking_is_refused(runtime: Runtime[PermitsApplication]) -> None:
    from services.permits.domain.errors import TimeOutOfOrder

    visit = runtime.app.book_appointment(
        booking("g5", "guidance", dt.date(2026, 11, 3), "2026-11-02"), at("2026-11-02")
    )
    with pytest.raises(TimeOutOfOrder, match=r"^TIME_OUT_OF_ORDER: at: .* is before the booking"):
        runtime.app.record_appointment_kept(visit.id, at("2026-11-01"), by="监督员I1")
