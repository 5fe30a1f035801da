"""A rebuild on SQLite switches the rebuilt rows in under the live tables' own indexes."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from kit.settings import load_settings
from services.permits.bootstrap import build_worker_runtime
from tests.unit.factories import commitment_application, standard_application
from tests.unit.permits_fixtures import at


def test_a_rebuild_keeps_the_live_tables_indexes_and_gives_the_same_rows(tmp_path: Path) -> None:
    runtime = build_worker_runtime(load_settings("permits", {"VAR_DIR": str(tmp_path)}))
    try:
        for n in range(12):
            runtime.app.submit_application(commitment_application(f"c-{n}"), at("2026-11-02"))
            runtime.app.submit_application(standard_application(f"s-{n}"), at("2026-11-03"))
        runtime.refresh_read_models()

        def state() -> tuple[list[tuple[str, str, str]], list[tuple[object, ...]], list[tuple[object, ...]]]:
            with runtime.engine.connect() as conn:
                indexes = conn.execute(
                    text("SELECT type, name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
                ).fetchall()
                applications = conn.execute(text("SELECT * FROM applications_view ORDER BY application_id")).fetchall()
                due = conn.execute(text("SELECT * FROM due_dates_view ORDER BY key")).fetchall()
            return [tuple(i) for i in indexes], [tuple(r) for r in applications], [tuple(r) for r in due]

        before = state()
        assert any(name == "ix_applications_view_uscc" for _, name, _ in before[0])
        assert runtime.projector.rebuild() > 0
        assert state() == before
        with runtime.engine.connect() as conn:
            plan = conn.execute(text("EXPLAIN QUERY PLAN SELECT * FROM applications_view WHERE uscc = 'x'")).fetchall()
        assert "ix_applications_view_uscc" in str(plan)
    finally:
        runtime.close()
