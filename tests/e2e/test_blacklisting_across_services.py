"""A unit blacklisted by what supervision found, and refused the commitment route by permits.

Every process runs as `make run` starts it — the four workers, their relays, both gRPC servers
and the scheduler — and nothing is published by hand: staff drive supervision through its RPC
entrypoints, the scheduler closes the days on a clock the test moves, credit learns of the
overdue major hazard from `supervision.events` and lists the unit by its own rules once the
objection window closes, and permits learns of the listing from `credit.events`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from firesafety.credit.v1 import credit_pb2, credit_pb2_grpc
from kit.database import create_store_engine
from kit.scheduler import DayLedger
from kit.settings import SERVICES
from tests.e2e.conftest import System, launched
from tests.e2e.test_commitment_flow import sports_venue_application
from tests.processes import wait_for
from tests.unit.supervision_factories import make_uscc

pytestmark = pytest.mark.e2e

DISTRICT = "徐汇区"
TEAM = ["B1", "B2"]
UNIT = make_uscc(7300)
AT = "2026-11-02T09:00:00+08:00"


class World:
    def __init__(self, system: System) -> None:
        self.system = system
        self.rpc = system.rpc
        self.clock = Path(system.env["SCHEDULER_CLOCK_FILE"])
        engine = create_store_engine(f"sqlite:///{system.var_dir / 'scheduler.sqlite'}", None)
        self.ledger = DayLedger(engine)
        self.credit_channel = grpc.insecure_channel(f"127.0.0.1:{system.env['CREDIT_GRPC_PORT']}")
        self.credit = credit_pb2_grpc.CreditServiceStub(self.credit_channel)

    def closed_through(self, day: str) -> bool:
        return all((last := self.ledger.last_closed(service)) is not None and str(last) >= day for service in SERVICES)

    def let_days_end(self, last: str) -> None:
        """Move the clock past the end of `last` and wait until the scheduler has closed it everywhere."""
        self.clock.write_text(f"{dt.date.fromisoformat(last) + dt.timedelta(days=1)}T00:10:00+08:00")
        wait_for(lambda: self.closed_through(last), timeout=180, what=f"the scheduler to close {last}")


@pytest.fixture(scope="module")
def world(amqp_uri: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    var_dir = tmp_path_factory.mktemp("blacklisting")
    (var_dir / "now").write_text(AT)
    overrides = {"SCHEDULER_FIRST_DAY": "2026-11-01", "SCHEDULER_POLL_SECONDS": "0.3", "SCHEDULER_RPC_TIMEOUT": "30"}
    with launched(amqp_uri, var_dir, **overrides) as system:
        world = World(system)
        try:
            wait_for(lambda: world.closed_through("2026-11-01"), timeout=120, what="the scheduler's first day")
            yield world
        finally:
            world.credit_channel.close()


def standing_with(rpc: Any, **expected: Any) -> dict[str, Any] | None:
    """Credit's standing of the unit once it has the expected values (None until then, or if unknown)."""
    try:
        standing: dict[str, Any] = rpc.credit.standing(UNIT)
    except Exception:  # not on credit's record yet
        return None
    return standing if all(standing[k] == v for k, v in expected.items()) else None


def credit_notices(rpc: Any) -> list[dict[str, Any]] | None:
    return [n for n in rpc.credit.notices_of_unit(UNIT) if n["rule"] == "major_hazard_unrectified"] or None


def test_a_major_hazard_left_overdue_blacklists_the_unit_and_permits_refuses_it_the_commitment_route(
    world: World,
) -> None:
    supervision = world.rpc.supervision
    supervision.register_unit(uscc=UNIT, unit_name="徐汇某体育发展有限公司", district=DISTRICT, at=AT)
    for inspector in TEAM:
        supervision.enrol_inspector(inspector_id=inspector, name=f"监督员{inspector}", district=DISTRICT, at=AT)
        supervision.certify_inspector(
            inspector_id=inspector, certificate_no=f"C-{inspector}", valid_until="2027-06-30", at=AT
        )

    # Mon 2 Nov: a 12345 tip-off of a locked exit; on site the exit is locked during opening hours,
    # graded a major hazard and ordered rectified (挂牌督办) by Wed 4 Nov.
    supervision.receive_complaint(
        ticket_no="12345-E2E-EXIT", category="locked_exit", description="营业期间安全出口上锁",
        received_at="2026-11-02T10:00:00+08:00", uscc=UNIT,
    )  # fmt: skip
    inspection = supervision.record_inspection(
        request_id="e2e-blacklisting-inspection", uscc=UNIT, mode="on_site", purpose="complaint",
        ticket_no="12345-E2E-EXIT", inspector_ids=TEAM, at="2026-11-02T15:00:00+08:00", recorded_by=TEAM[0],
        evidence=["IMG_3001.jpg"],
        hazards=[{"grade": "major", "description": "营业期间安全出口锁闭"}],
    )  # fmt: skip
    order = supervision.order_rectification(
        request_id="e2e-blacklisting-order", inspection_id=inspection["inspection_id"],
        hazard_ids=inspection["hazard_ids"], advice="立即拆除出口锁具", officer_ids=TEAM,
        at="2026-11-02T16:00:00+08:00", deadline="2026-11-04",
    )  # fmt: skip

    # While the order runs, credit lists nobody: the unit is yellow for its open major hazard.
    world.let_days_end("2026-11-03")
    assert supervision.order(order["order_id"])["status"] == "open"
    standing = wait_for(lambda: standing_with(world.rpc, colour="yellow"), what="credit to see the open major hazard")
    assert (standing["tier"], standing["blacklisted"]) == ("normal", False)
    assert world.rpc.credit.notices_of_unit(UNIT) == []

    # The deadline's day ends unrectified: supervision's day close finds the order overdue, and
    # credit tells the unit before listing it.
    world.let_days_end("2026-11-04")
    assert supervision.order(order["order_id"])["status"] == "overdue"
    [notice] = wait_for(lambda: credit_notices(world.rpc), timeout=60, what="credit's listing notice")
    assert (notice["tier"], notice["status"]) == ("serious_dishonesty", "noticed")

    # Nobody objects: when the window's last day ends the scheduler's close lists the unit.
    world.let_days_end(notice["objection_deadline"])
    listed_on = str(dt.date.fromisoformat(notice["objection_deadline"]) + dt.timedelta(days=1))
    standing = wait_for(lambda: standing_with(world.rpc, blacklisted=True), what="credit to list the unit")
    assert (standing["tier"], standing["colour"], standing["effective_on"]) == ("serious_dishonesty", "red", listed_on)

    # Partners see why, down to supervision's events.
    explained = wait_for(
        lambda: (
            e if (e := world.credit.ExplainStanding(credit_pb2.ExplainStandingRequest(uscc=UNIT), timeout=5))
            .standing.blacklisted else None
        ),
        what="credit's gRPC server to follow the listing",
    )  # fmt: skip
    upstream = [(c.service, c.event_type) for c in explained.standing.causes if c.service == "supervision"]
    assert ("supervision", "HazardFound") in upstream and ("supervision", "RectificationOverdue") in upstream

    # Permits has heard credit's StandingChanged: the commitment route is closed to the unit.
    changes = world.credit.WatchStandingChanges(
        credit_pb2.WatchStandingChangesRequest(after_position=0, district=DISTRICT), timeout=30
    )
    blacklisting = next(c for c in changes if c.uscc == UNIT and c.blacklisted)
    changes.cancel()
    wait_for(
        lambda: world.rpc.permits.status()["upstream_positions"].get("credit", 0) >= blacklisting.position,
        timeout=60,
        what="permits to consume credit's StandingChanged",
    )
    request = sports_venue_application(f"portal-{uuid.uuid4()}", uscc=UNIT)
    with pytest.raises(grpc.RpcError) as raised:
        world.system.permits.SubmitApplication(request, timeout=10)
    assert raised.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    status = rpc_status.from_call(raised.value)  # type: ignore[arg-type]
    failure = error_details_pb2.PreconditionFailure()
    assert status is not None and status.details[0].Unpack(failure)
    assert failure.violations[0].type == "COMMITMENT_ROUTE_UNAVAILABLE"
    assert "blacklisted" in failure.violations[0].description
