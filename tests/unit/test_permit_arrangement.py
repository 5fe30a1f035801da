"""Loading the official 2027 arrangement revises exactly the permits due dates it moves."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.arrangements import read_arrangement
from kit.service_runtime import Runtime
from kit.settings import load_settings
from services.permits import read_models
from services.permits.application import PermitsApplication
from services.permits.bootstrap import build_worker_runtime
from services.permits.commands import SubmitApplication
from services.permits.domain.permit_application import PermitApplication
from tests.unit.arrangements_2027 import arrangement_file
from tests.unit.factories import commitment_application, standard_application
from tests.unit.permits_fixtures import at, event_names

LOADED_AT = dt.datetime(2026, 11, 13, 9, 0, tzinfo=dt.UTC)


def on(command: SubmitApplication, day: str) -> SubmitApplication:
    return dataclasses.replace(command, submitted_at=at(day))


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Runtime[PermitsApplication]]:
    built = build_worker_runtime(load_settings("permits", {"VAR_DIR": str(tmp_path)}))
    yield built
    built.close()


def load(runtime: Runtime[PermitsApplication], tmp_path: Path) -> tuple[bool, list[str]]:
    runtime.refresh_read_models()
    arrangement = read_arrangement(arrangement_file(tmp_path))
    candidates = read_models.due_dates_to_revise(runtime.engine, arrangement.year)
    recorded, revised = runtime.app.load_arrangement(arrangement, LOADED_AT, [uuid.UUID(c) for c in candidates])
    runtime.refresh_read_models()
    return recorded, sorted(str(a.id) for a in revised)


def test_the_arrangement_revises_exactly_the_dates_it_moves_and_a_replay_agrees(
    runtime: Runtime[PermitsApplication], tmp_path: Path
) -> None:
    app = runtime.app
    # Verification due 2027-02-26 on the law's calendar; the nine-day Spring Festival moves it.
    moved = app.submit_application(on(commitment_application("r-moved"), "2027-01-25"), at("2027-01-25"))
    # Due 2027-01-18 on the law's calendar: New Year's Day is off either way; only its mark changes.
    confirmed = app.submit_application(on(commitment_application("r-confirmed"), "2026-12-20"), at("2026-12-20"))
    # Accepted in November 2026: its inspection is due in 2026, nothing to revise.
    standing = app.submit_application(standard_application("r-2026"), at("2026-11-02"))
    app.accept_application(standing.id, at("2026-11-02"), by="受理员")

    assert app.get_application(moved.id).verification_due_on == dt.date(2027, 2, 26)
    recorded, revised = load(runtime, tmp_path)
    assert recorded
    assert revised == sorted([str(moved.id), str(confirmed.id)])

    after = app.get_application(moved.id)
    # 20 working days from 25 January: 5–13 February off, Saturday 20 February worked.
    assert (after.verification_due_on, after.verification_provisional) == (dt.date(2027, 3, 1), False)
    again = app.get_application(confirmed.id)
    assert (again.verification_due_on, again.verification_provisional) == (dt.date(2027, 1, 18), False)
    assert app.get_application(standing.id).clock["due_on"] == dt.date(2026, 11, 16)  # type: ignore[index]
    assert event_names(app).count("DueDateRevised") == 2
    assert event_names(app).count("Loaded") == 1

    # Loading it again changes nothing.
    assert load(runtime, tmp_path) == (False, [])
    assert event_names(app).count("DueDateRevised") == 2

    # A replay of the log gives the same due dates; a new process reckons with the loaded year.
    before = _due_dates(runtime)
    assert runtime.projector.rebuild() > 0
    assert _due_dates(runtime) == before
    fresh = build_worker_runtime(load_settings("permits", {"VAR_DIR": str(tmp_path)}))
    try:
        assert not fresh.app.calendar.is_provisional(2027)
        assert fresh.app.get_application(moved.id).verification_due_on == dt.date(2027, 3, 1)
        assert fresh.app.calendar.is_working_day(dt.date(2027, 2, 20))
    finally:
        fresh.close()


def test_a_new_application_after_loading_is_counted_on_the_official_year(
    runtime: Runtime[PermitsApplication], tmp_path: Path
) -> None:
    load(runtime, tmp_path)
    application = runtime.app.submit_application(on(commitment_application("r-after"), "2027-01-25"), at("2027-01-25"))
    assert (application.verification_due_on, application.verification_provisional) == (dt.date(2027, 3, 1), False)


def _due_dates(runtime: Runtime[PermitsApplication]) -> list[tuple[str, str, bool, bool]]:
    from sqlalchemy import select

    table = read_models.due_dates
    with runtime.engine.connect() as conn:
        rows = conn.execute(
            select(table.c.key, table.c.due_on, table.c.provisional, table.c.open).order_by(table.c.key)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_a_date_counted_by_a_process_that_had_not_seen_the_arrangement_yet_is_revised_at_the_day_close(
    runtime: Runtime[PermitsApplication], tmp_path: Path
) -> None:
    other = build_worker_runtime(load_settings("permits", {"VAR_DIR": str(tmp_path)}))  # e.g. the gRPC server
    try:
        assert other.app.calendar.is_provisional(2027)  # it looked before the loading
        load(runtime, tmp_path)
        other.app.calendar.refresh_seconds = 3600.0  # and does not look again within this test
        late = other.app.submit_application(on(commitment_application("r-late"), "2027-01-25"), at("2027-01-25"))
        assert late.verification_provisional
    finally:
        other.close()
    runtime.refresh_read_models()
    stale = [uuid.UUID(i) for i in read_models.provisional_due_dates(runtime.engine)]
    assert runtime.app.revise_stale_provisional(LOADED_AT, stale) == [late.id]
    revised = runtime.app.get_application(late.id)
    assert (revised.verification_due_on, revised.verification_provisional) == (dt.date(2027, 3, 1), False)
    runtime.refresh_read_models()
    assert runtime.app.revise_stale_provisional(LOADED_AT, stale) == []


def test_the_arrangement_revises_a_districts_overall_limit_running_across_the_spring_festival(
    runtime: Runtime[PermitsApplication], tmp_path: Path
) -> None:
    app = runtime.app
    # Hongkou promises the decision three working days after the application (P1).
    command = standard_application("r-hongkou", submitted_at=at("2027-02-03"), district="虹口区")
    application = app.submit_application(command, at("2027-02-03"))
    before = app.get_application(application.id).overall
    assert before is not None and before["provisional"]

    recorded, revised = load(runtime, tmp_path)
    assert recorded and str(application.id) in revised
    after = app.get_application(application.id).overall
    assert after is not None
    # Counted on the official year: Thursday 4 February, then nothing until 15 February.
    assert (after["due_on"], after["provisional"]) == (app.calendar.add_working_days(dt.date(2027, 2, 3), 3), False)
    assert after["due_on"] == dt.date(2027, 2, 16) != before["due_on"]
    revisions = [
        e
        for e in (app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(1, 1000))
        if isinstance(e, PermitApplication.DueDateRevised)
    ]
    # The acceptance limit beside it moves too, each by its own count.
    assert sorted((e.what, e.previous_due_on, e.due_on) for e in revisions) == [
        ("acceptance", dt.date(2027, 2, 16), dt.date(2027, 2, 18)),
        ("overall", before["due_on"], after["due_on"]),
    ]
