"""The notify worker as nameko binds it, and its dependency run on a local SQLite store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from nameko import config
from nameko.containers import ServiceContainer
from prometheus_client import REGISTRY, generate_latest

from services.notify.entrypoints.service import UPSTREAMS, NotifyService
from services.notify.entrypoints.worker import NotifyWorker
from tests.unit import notify_factories as f


def test_nameko_binds_the_service_with_a_consumer_per_upstream_a_timer_and_the_public_feed() -> None:
    with config.patch({"AMQP_URI": "memory://"}):
        container = ServiceContainer(NotifyService)
    entrypoints: dict[str, list[Any]] = {type(e).__name__: [] for e in container.entrypoints}
    for e in container.entrypoints:
        entrypoints[type(e).__name__].append(e)
    assert sorted(e.source_service for e in entrypoints["IntegrationEventConsumer"]) == sorted(UPSTREAMS)
    assert [e.method_name for e in entrypoints["Timer"]] == ["dispatch"]
    assert {e.url for e in entrypoints["HttpRequestHandler"]} == {
        "/publications",
        "/publications.atom",
        "/publications/<string:notice_id>",
        "/checkpoints",
    }


def test_the_worker_dependency_processes_dispatches_answers_staff_and_counts_notices_for_prometheus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (
        "DATABASE_URL",
        "NOTIFY_DATABASE_URL",
        "NOTIFY_SMTP_HOST",
        "NOTIFY_SMS_GATEWAY_URL",
        "NOTIFY_DIRECTORY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    worker = NotifyWorker()
    worker.setup()
    try:
        event = f.envelope("permits", f.deficiencies_notified(), position=3)
        assert worker.process(event.to_wire())
        assert not worker.process(event.to_wire())
        report = worker.dispatch(dt.datetime(2026, 11, 2, 3, 0, tzinfo=dt.UTC))
        assert (report.delivered, report.held) == (1, 2)  # the inbox; e-mail and SMS wait unconfigured
        status = worker.status(UPSTREAMS)
        assert status["upstream_positions"] == {"permits": 3, "supervision": 0, "credit": 0}
        assert status["deliveries"]["email"] == {"held": 1}
        scraped = generate_latest(REGISTRY).decode()  # what Prometheus reads from the worker
        assert 'firesafety_notify_notices{channel="email",status="held"} 1.0' in scraped
        assert 'firesafety_notify_notices{channel="inbox",status="delivered"} 1.0' in scraped
        assert worker.close_day(dt.date(2026, 11, 3)) == {"day": "2026-11-03", "reminders": [], "not_covered": []}
    finally:
        worker.stop()
    assert (tmp_path / "notify.sqlite").exists()
