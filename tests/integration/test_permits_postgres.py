"""Permits on the real PostgreSQL: the store, the read models and their queries, in a schema of its own."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from kit.settings import load_settings
from services.permits import read_models
from services.permits.bootstrap import build_worker_runtime
from tests.unit.factories import commitment_application, standard_application
from tests.unit.permits_fixtures import at

pytestmark = pytest.mark.integration


def test_permits_keep_their_log_and_views_in_their_own_schema(postgres_url: str, postgres_schema: str) -> None:
    settings = load_settings("permits", {"DATABASE_URL": postgres_url, "PERMITS_DATABASE_SCHEMA": postgres_schema})
    runtime = build_worker_runtime(settings)
    app = runtime.app
    granted = [app.submit_application(commitment_application(f"pg-{n}"), at("2026-11-02")) for n in range(7)]
    pending = app.submit_application(standard_application("pg-std"), at("2026-11-02"))
    app.accept_application(pending.id, at("2026-11-02", 14), by="受理员")
    app.close_day(dt.date(2026, 11, 16), [pending.id])
    runtime.refresh_read_models()
    runtime.refresh_read_models()  # a second pass changes nothing

    pages, token = [], ""
    while True:
        page, token = read_models.list_applications(
            runtime.engine, uscc="91110000600037341L", status="", page_size=3, page_token=token
        )
        pages.append(page)
        if not token:
            break
    assert [len(p) for p in pages] == [3, 3, 2]
    permit = read_models.permit(runtime.engine, granted[3].permit_no or "")
    assert permit is not None and permit["status"] == "valid"
    assert read_models.running_clocks_due(runtime.engine, "2026-11-20") == []  # breached: no longer due

    with runtime.engine.connect() as conn:
        schema = conn.exec_driver_sql(
            "SELECT table_schema FROM information_schema.tables WHERE table_name = 'permits_events'"
        ).scalars()
        assert list(schema) == [postgres_schema]
    assert runtime.projector.rebuild() == len(app.recorder.select_notifications(1, 1000))
    runtime.close()


@pytest.mark.integration
def test_an_edited_byte_in_the_postgres_store_breaks_the_event_chain_there(
    postgres_url: str, postgres_schema: str
) -> None:
    from kit import chain
    from kit.database import create_service_engine
    from services.permits.entrypoints import grpc_mapping
    from tests.unit.test_permits_api import commitment

    settings = load_settings("permits", {"DATABASE_URL": postgres_url, "PERMITS_DATABASE_SCHEMA": postgres_schema})
    runtime = build_worker_runtime(settings)
    engine = create_service_engine(settings)
    try:
        for n in range(2):
            runtime.app.submit_application(grpc_mapping.submit_command(commitment(f"pg-chain-{n}")), at("2026-11-02"))
        assert chain.extend(runtime.app.recorder, engine) == runtime.app.recorder.max_notification_id()
        assert chain.verify(runtime.app.recorder, engine).broken_at is None
        with engine.begin() as conn:
            conn.execute(
                text(f"UPDATE \"{postgres_schema}\".permits_events SET state = state || '\\x00'::bytea WHERE id = 2")
            )
        assert chain.verify(runtime.app.recorder, engine).broken_at == 2
    finally:
        engine.dispose()
        runtime.close()
