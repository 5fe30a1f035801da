"""A month of supervision over the real broker: import, plan, inspect, order, overdue, penalty.

The supervision worker and its relay run as processes, as in production; staff
drive them through nameko RPC, and what the service publishes is read from the
`supervision.events` exchange as credit and notify receive it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import kombu
import pytest
from nameko.standalone.rpc import ClusterRpcClient

import services.supervision.entrypoints.service  # noqa: F401  (InvalidCommand crosses RPC whole)
from kit.envelope import Envelope
from services.supervision.commands import InvalidCommand
from services.supervision.domain.draw import DrawRules, RegisterSnapshot, commitment_of, draw, seed_of
from tests.processes import ROOT, process_env, relay_argv, reset_event_queues, running, wait_for, worker_argv
from tests.unit.supervision_factories import make_uscc

pytestmark = pytest.mark.e2e

DISTRICT = "徐汇区"
TEAM = ("E1", "E2", "E3", "E4")


class Listener:
    """An exclusive queue bound to `supervision.events` with '#', collecting what arrives."""

    def __init__(self, amqp_uri: str) -> None:
        self.connection = kombu.Connection(amqp_uri)
        channel = self.connection.channel()
        exchange = kombu.Exchange("supervision.events", type="topic", durable=True, delivery_mode=2)
        exchange(channel).declare()
        queue = kombu.Queue(exclusive=True, exchange=exchange, routing_key="#")
        self.received: list[Envelope] = []
        self.consumer = kombu.Consumer(channel, queues=[queue], callbacks=[self._on_message], accept=["json"])
        self.consumer.consume()

    def _on_message(self, body: Any, message: Any) -> None:
        self.received.append(Envelope.from_wire(body))
        message.ack()

    def of_type(self, event_type: str) -> list[Envelope]:
        return [e for e in self.received if e.event_type == event_type]

    def wait_for(self, event_type: str, count: int = 1) -> list[Envelope]:
        def arrived() -> list[Envelope] | None:
            try:
                while len(self.of_type(event_type)) < count:
                    self.connection.drain_events(timeout=0.2)
            except TimeoutError:
                pass
            found = self.of_type(event_type)
            return found if len(found) >= count else None

        return wait_for(arrived, timeout=30, what=f"{event_type} on supervision.events")

    def close(self) -> None:
        self.connection.release()


@pytest.fixture
def listener(amqp_uri: str) -> Iterator[Listener]:
    reset_event_queues(amqp_uri)
    listening = Listener(amqp_uri)
    yield listening
    listening.close()


def write_register(path: Path, units: list[str]) -> None:
    lines = ["uscc,unit_name,district,venue_category,industry_regulator,responsible_person,responsible_phone"]
    lines += [
        f"{u},徐汇某商贸公司{n},{DISTRICT},shopping_mall,区商务委,赵六,1380000{n:04d}" for n, u in enumerate(units)
    ]
    lines.insert(4, f"91110000600037341M,校验位错误的公司,{DISTRICT},hotel,,,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_month_of_supervision_runs_over_the_broker(amqp_uri: str, tmp_path: Path, listener: Listener) -> None:
    env = process_env(AMQP_URI=amqp_uri, VAR_DIR=str(tmp_path / "var"))
    units = [make_uscc(5000 + n) for n in range(12)]
    register = tmp_path / "register.csv"
    write_register(register, units)
    with (
        running(worker_argv("supervision"), env, tmp_path / "worker.log"),
        running(relay_argv("supervision"), env, tmp_path / "relay.log"),
        ClusterRpcClient(timeout=20, uri=amqp_uri) as rpc,
    ):
        try:
            wait_for(lambda: _answers(rpc), timeout=60, what="the supervision worker")
            drive_a_month(rpc, env, register, units, listener)
        except BaseException:
            for log in ("worker.log", "relay.log"):
                sys.stderr.write((tmp_path / log).read_text(errors="replace")[-4000:])
            raise


def _answers(rpc: Any) -> bool:
    try:
        return bool(rpc.supervision.status())
    except Exception:
        return False


def drive_a_month(rpc: Any, env: dict[str, str], register: Path, units: list[str], listener: Listener) -> None:
    supervision = rpc.supervision

    imported = subprocess.run(
        [sys.executable, "-m", "services.supervision.entrypoints.import_register", str(register),
         "--as-of", "2026-10-30T09:00:00+08:00"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert imported.returncode == 1, imported.stderr
    assert f"{register}:5: uscc" in imported.stderr
    assert "12 registered" in imported.stderr
    wait_for(lambda: supervision.registered_unit(units[-1]), what="the imported register")

    for inspector in TEAM:
        supervision.enrol_inspector(inspector_id=inspector, name=f"监督员{inspector}", district=DISTRICT,
                                    at="2026-10-30T09:00:00+08:00")  # fmt: skip
        supervision.certify_inspector(inspector_id=inspector, certificate_no=f"C-{inspector}",
                                      valid_until="2027-06-30", at="2026-10-30T09:00:00+08:00")  # fmt: skip
    supervision.declare_tie(inspector_id="E1", uscc=units[0], relation="relative_employed",
                            at="2026-10-30T09:00:00+08:00")  # fmt: skip
    with pytest.raises(InvalidCommand) as refused:
        supervision.publish_plan(district=DISTRICT, month="2026-13", at="2026-10-31T09:00:00+08:00")
    assert refused.value.fields == {"month", "published_by"}

    announced = supervision.announce_plan(district=DISTRICT, month="2026-11", at="2026-10-30T10:00:00+08:00",
                                          announced_by="E1")  # fmt: skip
    plan = supervision.publish_plan(district=DISTRICT, month="2026-11", at="2026-10-31T09:00:00+08:00",
                                    published_by="E1", sample_size=3)  # fmt: skip
    assert len(plan["draw_list"]) == 3
    for drawn in plan["draw_list"]:
        assert not (drawn["uscc"] == units[0] and "E1" in drawn["inspector_ids"])
    first = plan["draw_list"][0]
    team = first["inspector_ids"]

    inspection = supervision.record_inspection(
        request_id="e2e-inspection-1", uscc=first["uscc"], mode="on_site", purpose="random",
        plan_id=plan["plan_id"], inspector_ids=team, at="2026-11-10T15:00:00+08:00", recorded_by=team[0],
        evidence=["IMG_1001.jpg"],
        hazards=[{"grade": "general", "description": "疏散指示标志损坏"}],
        violations=[{"violation_type": "locked_exit", "severity": "general", "description": "安全出口上锁"}],
    )  # fmt: skip
    order = supervision.order_rectification(
        request_id="e2e-order-1", inspection_id=inspection["inspection_id"], hazard_ids=inspection["hazard_ids"],
        violation_ids=inspection["violation_ids"], advice="更换疏散指示标志，拆除出口锁具",
        officer_ids=team, at="2026-11-10T17:00:00+08:00", deadline="2026-11-20",
    )  # fmt: skip
    assert supervision.close_day("2026-11-19")["orders_overdue"] == 0
    assert supervision.close_day("2026-11-20")["orders_overdue"] == 1
    penalty = supervision.propose_penalty(
        request_id="e2e-penalty-1", inspection_id=inspection["inspection_id"],
        violation_id=inspection["violation_ids"][0], fine_yuan=15000, reasons="锁闭安全出口",
        evidence=["询问笔录"], officer_ids=team, at="2026-11-23T10:00:00+08:00",
    )  # fmt: skip
    assert penalty["status"] == "decided"
    supervision.publish_results(plan_id=plan["plan_id"], at="2026-11-30T17:00:00+08:00", published_by="E2")

    results = listener.wait_for("InspectionResultsPublished")[0]
    types = [e.event_type for e in listener.received]
    assert types == [
        "InspectionPlanAnnounced",
        "InspectionPlanPublished",
        "InspectionRecorded",
        "HazardFound",
        "ViolationFound",
        "ReferralLetterSent",
        "RectificationOrdered",
        "RectificationOverdue",
        "PenaltyDecided",
        "InspectionResultsPublished",
    ]
    positions = [e.position for e in listener.received]
    assert positions == sorted(positions)

    published_plan = listener.of_type("InspectionPlanPublished")[0].data
    announcement = listener.of_type("InspectionPlanAnnounced")[0].data
    assert announcement["commitment"] == announced["commitment"] == commitment_of(published_plan["reveal"])
    assert seed_of(published_plan["reveal"], DISTRICT, "2026-11") == published_plan["seed"]
    snapshot = RegisterSnapshot.from_json(supervision.plan_snapshot(plan["plan_id"]))
    assert snapshot.digest() == published_plan["register_snapshot"]
    redrawn = draw(
        snapshot, published_plan["seed"], DrawRules.from_json(json.loads(published_plan["rules"])), "2026-11"
    )
    assert [d.uscc for d in redrawn.draws] == [d["uscc"] for d in published_plan["draws"]]

    assert listener.of_type("ReferralLetterSent")[0].data["regulator"] == "区商务委"
    overdue = listener.of_type("RectificationOverdue")[0]
    assert (overdue.data["order_id"], overdue.data["overdue_on"]) == (order["order_id"], "2026-11-20")
    decided = listener.of_type("PenaltyDecided")[0].data
    assert (decided["uscc"], decided["fine_yuan"]) == (first["uscc"], "15000")
    outcomes = {r["uscc"]: r["outcome"] for r in results.data["results"]}
    assert outcomes[first["uscc"]] == "violations_found"
    assert sorted(outcomes.values()).count("not_inspected") == 2

    record = supervision.enforcement_record(first["uscc"])
    assert [r["act"] for r in record][:2] == ["Inspection.Recorded", "Inspection.HazardFound"]
    assert record[0]["officers"] == team and record[0]["evidence"] == ["IMG_1001.jpg"]
