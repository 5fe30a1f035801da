"""Rebuilding the read models while the system runs: the worker keeps projecting,
partners keep reading and submitting, and the rebuilt tables equal what the log says."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.pool import StaticPool

from kit.database import create_service_engine
from kit.positions import PositionStore
from kit.projection import Projector
from kit.settings import load_settings
from services.permits import read_models
from services.permits.bootstrap import build_application
from tests.processes import ROOT, process_env, running, wait_for, worker_argv
from tests.unit.factories import commitment_application
from tests.unit.permits_fixtures import at

pytestmark = pytest.mark.integration


def tables(engine: Any) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {
            table.name: sorted(tuple(row) for row in conn.execute(select(table)))
            for table in read_models.metadata.sorted_tables
        }


def live_permit(engine: Any, permit_no: str) -> Any:
    try:
        return read_models.permit(engine, permit_no)
    except (ProgrammingError, OperationalError):  # the worker has not created its tables yet
        return None


@pytest.mark.parametrize("store", ["postgresql", "sqlite"])
def test_a_rebuild_while_the_worker_projects_and_partners_read_and_submit(
    store: str, amqp_uri: str, postgres_url: str, postgres_schema: str, tmp_path: Path
) -> None:
    if store == "postgresql":
        env = {"DATABASE_URL": postgres_url, "PERMITS_DATABASE_SCHEMA": postgres_schema, "AMQP_URI": amqp_uri}
    else:
        env = {"VAR_DIR": str(tmp_path / "var"), "AMQP_URI": amqp_uri}
    settings = load_settings("permits", env)
    app = build_application(settings)
    granted = [app.submit_application(commitment_application(f"before-{n}"), at("2026-11-02")) for n in range(400)]
    engine = create_service_engine(settings)
    stop = threading.Event()
    problems: list[str] = []

    def partners_read() -> None:
        """Every permit granted before the rebuild is there on every read, before, during, after."""
        while not stop.is_set():
            for application in granted[::37]:
                if read_models.permit(engine, application.permit_no or "") is None:
                    problems.append(f"{application.permit_no} missing during the rebuild")

    def partners_submit() -> None:
        n = 0
        while not stop.is_set():
            app.submit_application(commitment_application(f"during-{n}"), at("2026-11-03"))
            n += 1

    with running(worker_argv("permits"), process_env(**env), tmp_path / "permits-worker.log"):
        wait_for(lambda: live_permit(engine, granted[-1].permit_no or ""), timeout=60, what="the live views")
        threads = [threading.Thread(target=partners_read), threading.Thread(target=partners_submit)]
        for thread in threads:
            thread.start()
        try:
            rebuilt = subprocess.run(
                [sys.executable, "-m", "kit.runtime", "rebuild", "permits"],
                cwd=ROOT,
                env=process_env(**env),
                capture_output=True,
                text=True,
                timeout=300,
            )
        finally:
            stop.set()
            for thread in threads:
                thread.join(30)
        assert rebuilt.returncode == 0, rebuilt.stderr[-2000:]
        assert "rebuilt the permits read models" in rebuilt.stderr
        assert problems == []
        head = app.recorder.max_notification_id()
        positions = PositionStore(engine)
        wait_for(lambda: positions.get("projection:permits") == head, timeout=60, what="the worker to catch up")
        live = tables(engine)

    expected = create_engine("sqlite://", poolclass=StaticPool)
    Projector(
        "permits", app.recorder, app.mapper, expected, read_models.metadata, read_models.apply, PositionStore(expected)
    ).catch_up()
    assert live == tables(expected)
    app.close()
    engine.dispose()
