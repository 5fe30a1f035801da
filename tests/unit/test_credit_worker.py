"""The credit nameko worker as nameko binds it, and its RPCs run on a local SQLite store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from nameko import config
from nameko.containers import ServiceContainer
from nameko.testing.services import worker_factory

from kit.consumer import Delivery
from services.credit.bootstrap import build_worker_runtime
from services.credit.entrypoints.service import UPSTREAMS, CreditEvents, CreditService
from services.credit.entrypoints.staff import InvalidRequest
from tests.unit.credit_factories import SPORTS_CENTRE, PermitsLog, SupervisionLog


def test_nameko_binds_one_consumer_per_upstream() -> None:
    with config.patch({"AMQP_URI": "memory://"}):
        container = ServiceContainer(CreditService)
    handlers = [e for e in container.entrypoints if type(e).__name__ == "IntegrationEventConsumer"]
    assert sorted(e.source_service for e in handlers) == ["permits", "supervision"] == sorted(UPSTREAMS)


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    for name in ("DATABASE_URL", "CREDIT_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    events = CreditEvents(build_worker_runtime)
    events.setup()
    yield worker_factory(CreditService, events=events)
    events.stop()


def test_staff_close_the_day_and_record_an_objection_over_rpc(service: Any) -> None:
    supervision, permits = SupervisionLog(), PermitsLog()
    service.on_permits_event([Delivery(permits.granted(SPORTS_CENTRE, "2026-09-01").to_wire())])
    unrectified = supervision.unrectified_major_hazard(SPORTS_CENTRE, "2026-10-12")
    service.on_supervision_event([Delivery(envelope.to_wire()) for envelope in unrectified])
    assert service.status()["upstream_positions"] == {"permits": 1, "supervision": 3}
    unit = service.get_unit(SPORTS_CENTRE)
    assert (unit["standing"], unit["colour"], unit["permits_held"]) == ("normal", "yellow", 1)

    [notice] = service.notices_of_unit(SPORTS_CENTRE)
    objection = service.record_objection(SPORTS_CENTRE, notice["notice_id"], "2026-10-14", "已整改")
    assert objection["notice_id"] == notice["notice_id"]
    outcome = service.record_objection_outcome(SPORTS_CENTRE, notice["notice_id"], False, "李四", "2026-10-15")
    assert outcome["outcome"] == "rejected"
    assert service.close_day("2026-10-19") == {
        "day": "2026-10-19",
        "closed": True,
        "units_reviewed": 1,
        "upstream_positions": {"permits": 1, "supervision": 3},
    }
    assert service.get_unit(SPORTS_CENTRE)["standing"] == "serious_dishonesty"
    standing = service.standing(SPORTS_CENTRE)
    assert (standing["tier"], standing["blacklisted"], standing["effective_on"]) == (
        "serious_dishonesty",
        True,
        "2026-10-20",
    )
    assert service.standing(SPORTS_CENTRE, "2026-10-19")["tier"] == "normal"


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda s: s.close_day("19 October"), "day"),
        (lambda s: s.standing("91110000600037341M"), "uscc"),
        (lambda s: s.standing(SPORTS_CENTRE, "2026/10/19"), "as_of"),
        (lambda s: s.record_objection(SPORTS_CENTRE, "n", "tomorrow", "理由"), "filed_on"),
    ],
)
def test_malformed_staff_requests_name_the_field(service: Any, call: Any, field: str) -> None:
    with pytest.raises(InvalidRequest, match=field):
        call(service)
