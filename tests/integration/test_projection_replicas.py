"""Replicas of a worker catching up the same read model on PostgreSQL take turns: no event is applied twice."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, func, select

from kit.database import create_service_engine
from kit.positions import PositionStore
from kit.projection import Projector
from kit.settings import load_settings
from services.permits.bootstrap import build_application
from tests.unit.factories import commitment_application
from tests.unit.permits_fixtures import at

pytestmark = pytest.mark.integration

metadata = MetaData()
applied = Table(
    "applied_view",
    metadata,
    Column("originator_id", String(36), primary_key=True),
    Column("version", Integer, primary_key=True),
)


def apply(conn: Connection, domain_event: Any) -> None:
    """A plain insert: applying an event twice would break the primary key."""
    conn.execute(
        applied.insert().values(originator_id=str(domain_event.originator_id), version=domain_event.originator_version)
    )


def test_replicas_catching_up_one_read_model_never_apply_an_event_twice(
    postgres_url: str, postgres_schema: str
) -> None:
    settings = load_settings("permits", {"DATABASE_URL": postgres_url, "PERMITS_DATABASE_SCHEMA": postgres_schema})
    app = build_application(settings)
    for n in range(60):
        app.submit_application(commitment_application(f"replica-{n}"), at("2026-11-02"))
    engines = [create_service_engine(settings) for _ in range(4)]
    projectors = [
        Projector("replicas", app.recorder, app.mapper, engine, metadata, apply, PositionStore(engine), batch_size=7)
        for engine in engines
    ]
    errors: list[BaseException] = []

    def catch_up(projector: Projector) -> None:
        try:
            projector.catch_up()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=catch_up, args=(p,)) for p in projectors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with engines[0].connect() as conn:
        assert conn.execute(select(func.count()).select_from(applied)).scalar() == 180
    for engine in engines:
        engine.dispose()
    app.close()
