"""The scheduler closes the days by itself: nobody calls close_day.

The four workers run as processes, and the scheduler as `python -m kit.cli scheduler` on a
clock the test controls (SCHEDULER_CLOCK_FILE). A locked-exit complaint breaches its 24 hours
and a rectification order goes overdue when the days they fall in end; after the scheduler was
down for three days it closes them, in order, once each.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from nameko.standalone.rpc import ClusterRpcClient

from kit.database import create_store_engine
from kit.scheduler import DayLedger
from kit.settings import SERVICES
from tests.processes import ROOT, process_env, reset_event_queues, running, wait_for, worker_argv
from tests.unit.supervision_factories import make_uscc

pytestmark = pytest.mark.e2e

DISTRICT = "徐汇区"
TEAM = ["S1", "S2"]
UNIT = make_uscc(7100)


class Scheduled:
    def __init__(self, tmp_path: Path, env: dict[str, str]) -> None:
        self.tmp_path = tmp_path
        self.env = env
        self.clock = Path(env["SCHEDULER_CLOCK_FILE"])
        self.ledger = DayLedger(create_store_engine(f"sqlite:///{tmp_path / 'var' / 'scheduler.sqlite'}", None))
        self.runs = 0

    def set_clock(self, moment: str) -> None:
        self.clock.write_text(moment)

    def scheduler(self) -> Any:
        self.runs += 1
        log = self.tmp_path / f"scheduler-{self.runs}.log"
        return running([sys.executable, "-m", "kit.cli", "scheduler"], self.env, log)

    def closed_through(self, day: str) -> bool:
        return all(self.ledger.last_closed(s) is not None and str(self.ledger.last_closed(s)) >= day for s in SERVICES)

    def firesafety(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "kit.cli", *args]
        return subprocess.run(command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=120)

    def closings(self) -> list[tuple[str, str]]:
        """Every (day, service) the scheduler processes logged as closed, in the order they were closed."""
        found = []
        for run in range(1, self.runs + 1):
            text = (self.tmp_path / f"scheduler-{run}.log").read_text(errors="replace")
            found += re.findall(r"closed (\d{4}-\d\d-\d\d) for (\w+):", text)
        return found


@pytest.fixture
def scheduled(amqp_uri: str, tmp_path: Path) -> Iterator[tuple[Scheduled, Any]]:
    reset_event_queues(amqp_uri)
    clock = tmp_path / "now"
    clock.write_text("2026-11-02T09:00:00+08:00")
    env = process_env(
        AMQP_URI=amqp_uri,
        VAR_DIR=str(tmp_path / "var"),
        SCHEDULER_CLOCK_FILE=str(clock),
        SCHEDULER_FIRST_DAY="2026-11-01",
        SCHEDULER_POLL_SECONDS="0.3",
        SCHEDULER_RPC_TIMEOUT="30",
    )
    with ExitStack() as stack:
        for service in SERVICES:
            stack.enter_context(running(worker_argv(service), env, tmp_path / f"{service}.log"))
        rpc = stack.enter_context(ClusterRpcClient(timeout=30, uri=amqp_uri))
        try:
            wait_for(lambda: _answering(rpc), timeout=90, what="the four workers")
            yield Scheduled(tmp_path, env), rpc
        except BaseException:
            for log in sorted(tmp_path.glob("*.log")):
                sys.stderr.write(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}")
            raise


def _answering(rpc: Any) -> bool:
    try:
        return all(getattr(rpc, s).status() for s in SERVICES)
    except Exception:
        return False


def test_the_scheduler_raises_breaches_and_overdue_orders_and_catches_up_after_downtime(
    scheduled: tuple[Scheduled, Any],
) -> None:
    world, rpc = scheduled
    supervision = rpc.supervision
    with world.scheduler():
        wait_for(lambda: world.closed_through("2026-11-01"), timeout=60, what="2026-11-01 closed")

        supervision.register_unit(uscc=UNIT, unit_name="徐汇某影城", district=DISTRICT, at="2026-11-02T09:00:00+08:00")
        for inspector in TEAM:
            supervision.enrol_inspector(inspector_id=inspector, name=f"监督员{inspector}", district=DISTRICT,
                                        at="2026-11-02T09:00:00+08:00")  # fmt: skip
            supervision.certify_inspector(inspector_id=inspector, certificate_no=f"C-{inspector}",
                                          valid_until="2027-06-30", at="2026-11-02T09:00:00+08:00")  # fmt: skip
        supervision.receive_complaint(ticket_no="12345-LOCKED", category="locked_exit", description="安全出口上锁",
                                      received_at="2026-11-02T10:00:00+08:00", uscc=UNIT)  # fmt: skip
        supervision.receive_complaint(ticket_no="12345-OTHER", category="other", description="消防通道堆物",
                                      received_at="2026-11-02T10:30:00+08:00", uscc=UNIT)  # fmt: skip
        inspection = supervision.record_inspection(
            request_id="sched-inspection-1", uscc=UNIT, mode="on_site", purpose="complaint",
            ticket_no="12345-OTHER", inspector_ids=TEAM, at="2026-11-02T15:00:00+08:00", recorded_by=TEAM[0],
            hazards=[{"grade": "general", "description": "疏散通道堆放杂物"}],
        )  # fmt: skip
        order = supervision.order_rectification(
            request_id="sched-order-1", inspection_id=inspection["inspection_id"],
            hazard_ids=inspection["hazard_ids"], advice="清理疏散通道", officer_ids=TEAM,
            at="2026-11-02T16:00:00+08:00", deadline="2026-11-04",
        )  # fmt: skip

        world.set_clock("2026-11-04T00:10:00+08:00")  # 2 and 3 November have ended
        wait_for(lambda: world.closed_through("2026-11-03"), timeout=60, what="3 November closed")
        assert supervision.complaint("12345-LOCKED")["breached"] is True  # 24 hours ran out on the 3rd
        assert supervision.order(order["order_id"])["status"] == "open"

        world.set_clock("2026-11-05T00:10:00+08:00")
        wait_for(lambda: world.closed_through("2026-11-04"), timeout=60, what="4 November closed")
        assert supervision.order(order["order_id"])["status"] == "overdue"

    world.set_clock("2026-11-08T00:10:00+08:00")  # the scheduler was down on the 5th, 6th and 7th
    with world.scheduler():
        wait_for(lambda: world.closed_through("2026-11-07"), timeout=90, what="the three missed days closed")

    days = ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06", "2026-11-07"]
    closings = world.closings()
    assert sorted(closings) == sorted((day, service) for day in days for service in SERVICES)  # once each
    assert [day for day, _ in closings] == sorted(day for day, _ in closings)  # in order
    assert supervision.complaint("12345-LOCKED")["breached"] is True

    # An operator closes a day by hand with the scheduler stopped; a day not yet ended is refused.
    world.set_clock("2026-11-09T08:00:00+08:00")
    by_hand = world.firesafety("close-days", "--until", "2026-11-08")
    assert by_hand.returncode == 0, by_hand.stderr
    assert json.loads(by_hand.stdout)["last_day_closed"] == {s: "2026-11-08" for s in SERVICES}
    assert world.firesafety("close-days", "--until", "2026-11-09").returncode == 2
    status = json.loads(world.firesafety("scheduler", "status").stdout)
    assert status["last_day_closed"] == {s: "2026-11-08" for s in SERVICES}
