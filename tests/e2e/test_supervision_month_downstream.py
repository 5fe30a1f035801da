"""A month of supervision reaches credit and notify over the real broker, as in production.

Supervision's worker and relay, credit's worker and relay, and notify's worker run as
processes, each set with a store of its own; notify delivers e-mail to a real SMTP server,
finds the industry regulator in its directory and serves its public feed on a free port.
Staff drive the month through nameko RPC and a scheduler closes each business day on every
worker; credit and notify learn what happened only from `supervision.events` (and notify
also from `credit.events`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import kombu
import pytest
from nameko.standalone.rpc import ClusterRpcClient

from tests.e2e.notify_servers import SmtpServer, body_of
from tests.processes import (
    ROOT,
    feed_answers,
    free_port,
    get_json,
    process_env,
    relay_argv,
    reset_event_queues,
    running,
    wait_for,
    worker_argv,
)
from tests.unit.supervision_factories import make_uscc

pytestmark = pytest.mark.e2e

DISTRICT = "徐汇区"
TEAM = ("E1", "E2", "E3", "E4")
REGULATOR = "区商务委"
REGULATOR_EMAIL = "safety@commerce.xh.example.cn"
#: Business days the scheduler closes after the inspection, up to the order's deadline (Sat/Sun skipped).
CLOSED_DAYS = ("2026-11-11", "2026-11-12", "2026-11-13", "2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19",
               "2026-11-20")  # fmt: skip
#: Then the five working days of credit's objection window after the overdue (23–27 November).
WINDOW_DAYS = ("2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27")
#: Queues the consumers declare; nothing is published before they exist, or it would be lost.
QUEUES = (
    "evt-supervision--credit",
    "evt-supervision--notify",
    "evt-credit--notify",
    "evt-credit--supervision",
)


@dataclass
class Month:
    rpc: Any
    smtp: SmtpServer
    feed_url: str
    supervision_env: dict[str, str]
    tmp_path: Path


def responsible_email(n: int) -> str:
    return f"duty{n:02d}@xh-mall.example.cn"


def write_register(path: Path, units: list[str]) -> None:
    lines = ["uscc,unit_name,district,venue_category,industry_regulator,responsible_person,responsible_phone,"
             "responsible_email"]  # fmt: skip
    lines += [
        f"{u},徐汇某商贸公司{n},{DISTRICT},shopping_mall,{REGULATOR},赵六,1380000{n:04d},{responsible_email(n)}"
        for n, u in enumerate(units)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_directory(path: Path) -> None:
    path.write_text(
        f'[regulators."{REGULATOR}"]\n'
        f'name = "徐汇区商务委员会"\n'
        f'email = "{REGULATOR_EMAIL}"\n\n'
        f'[brigades."{DISTRICT}"]\n'
        f'name = "徐汇区消防救援支队"\n'
        f'email = "duty@xh.119.example.cn"\n',
        encoding="utf-8",
    )


def queues_declared(amqp_uri: str) -> bool:
    with kombu.Connection(amqp_uri) as connection:
        for name in QUEUES:
            try:
                connection.channel().queue_declare(name, passive=True)
            except Exception:
                return False
    return True


def answering(rpc: Any) -> bool:
    try:
        for service in ("supervision", "credit", "notify"):
            getattr(rpc, service).status()
    except Exception:
        return False
    return True


@pytest.fixture
def month(amqp_uri: str, tmp_path: Path) -> Iterator[Month]:
    reset_event_queues(amqp_uri)
    base = {"AMQP_URI": amqp_uri}
    supervision_env = process_env(**base, VAR_DIR=str(tmp_path / "supervision"))
    credit_env = process_env(**base, VAR_DIR=str(tmp_path / "credit"))
    web_port = free_port()
    directory = tmp_path / "directory.toml"
    write_directory(directory)
    logs = {
        name: tmp_path / f"{name}.log"
        for name in ("supervision-worker", "supervision-relay", "credit-worker", "credit-relay", "notify-worker")
    }
    with ExitStack() as stack:
        smtp = stack.enter_context(SmtpServer())
        notify_env = process_env(
            **base,
            VAR_DIR=str(tmp_path / "notify"),
            NOTIFY_SMTP_HOST="127.0.0.1",
            NOTIFY_SMTP_PORT=str(smtp.port),
            NOTIFY_SMTP_FROM="notify@xf.example.cn",
            NOTIFY_DIRECTORY=str(directory),
            WEB_SERVER_ADDRESS=f"127.0.0.1:{web_port}",
        )
        stack.enter_context(running(worker_argv("supervision"), supervision_env, logs["supervision-worker"]))
        stack.enter_context(running(relay_argv("supervision"), supervision_env, logs["supervision-relay"]))
        stack.enter_context(running(worker_argv("credit"), credit_env, logs["credit-worker"]))
        stack.enter_context(running(relay_argv("credit"), credit_env, logs["credit-relay"]))
        stack.enter_context(running(worker_argv("notify"), notify_env, logs["notify-worker"]))
        rpc = stack.enter_context(ClusterRpcClient(timeout=20, uri=amqp_uri))
        feed_url = f"http://127.0.0.1:{web_port}/publications"
        try:
            wait_for(lambda: answering(rpc), timeout=60, what="the supervision, credit and notify workers")
            wait_for(lambda: queues_declared(amqp_uri), timeout=30, what="the consumers' queues")
            wait_for(lambda: feed_answers(feed_url), timeout=30, what="notify's public feed")
            yield Month(rpc, smtp, feed_url, supervision_env, tmp_path)
        except BaseException:
            for name, log in logs.items():
                sys.stderr.write(f"--- {name}\n{log.read_text(errors='replace')[-3000:]}\n")
            raise


def of_type(notices: list[dict[str, Any]], notice_type: str) -> list[dict[str, Any]]:
    return [n for n in notices if n["notice_type"] == notice_type]


def emails_of_type(smtp: SmtpServer, address: str, notice_type: str) -> list[EmailMessage]:
    return [m for m in smtp.to(address) if m["X-Notice-Type"] == notice_type]


def test_a_month_of_supervision_reaches_credit_and_notify(month: Month) -> None:
    rpc, smtp = month.rpc, month.smtp
    supervision, credit, notify = rpc.supervision, rpc.credit, rpc.notify
    units = [make_uscc(6000 + n) for n in range(12)]
    register = month.tmp_path / "register.csv"
    write_register(register, units)

    imported = subprocess.run(
        [sys.executable, "-m", "services.supervision.entrypoints.import_register", str(register),
         "--as-of", "2026-10-30T09:00:00+08:00"],
        cwd=ROOT, env=month.supervision_env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    wait_for(lambda: supervision.registered_unit(units[-1]), what="the imported register")
    for inspector in TEAM:
        supervision.enrol_inspector(inspector_id=inspector, name=f"监督员{inspector}", district=DISTRICT,
                                    at="2026-10-30T09:00:00+08:00")  # fmt: skip
        supervision.certify_inspector(inspector_id=inspector, certificate_no=f"C-{inspector}",
                                      valid_until="2027-06-30", at="2026-10-30T09:00:00+08:00")  # fmt: skip
    supervision.announce_plan(district=DISTRICT, month="2026-11", at="2026-10-30T10:00:00+08:00",
                              announced_by="E1")  # fmt: skip
    plan = supervision.publish_plan(district=DISTRICT, month="2026-11", at="2026-10-31T09:00:00+08:00",
                                    published_by="E1", sample_size=3)  # fmt: skip
    drawn = plan["draw_list"][0]
    uscc, team = drawn["uscc"], drawn["inspector_ids"]
    duty = responsible_email(units.index(uscc))

    # Tue 10 Nov: a locked exit, graded a major hazard, and an order to rectify it by Fri 20 Nov.
    inspection = supervision.record_inspection(
        request_id="e2e-downstream-inspection-1", uscc=uscc, mode="on_site", purpose="random",
        plan_id=plan["plan_id"], inspector_ids=team, at="2026-11-10T15:00:00+08:00", recorded_by=team[0],
        evidence=["IMG_2001.jpg"],
        hazards=[{"grade": "major", "description": "营业期间安全出口锁闭，疏散通道堵塞"}],
        violations=[{"violation_type": "locked_exit", "severity": "general", "description": "安全出口上锁"}],
    )  # fmt: skip
    order = supervision.order_rectification(
        request_id="e2e-downstream-order-1", inspection_id=inspection["inspection_id"],
        hazard_ids=inspection["hazard_ids"], violation_ids=inspection["violation_ids"],
        advice="立即拆除出口锁具，清理疏散通道", officer_ids=team, at="2026-11-10T17:00:00+08:00",
        deadline="2026-11-20",
    )  # fmt: skip

    # The scheduler's reminders need the order's deadline, which notify learns from RectificationOrdered.
    wait_for(lambda: of_type(notify.notices_of_unit(uscc), "rectification_ordered"), what="the order's notice")

    def close(day: str) -> dict[str, dict[str, Any]]:
        return {
            "supervision": supervision.close_day(day),
            "credit": credit.close_day(day),
            "notify": notify.close_day(day),
        }

    closed = {day: close(day) for day in CLOSED_DAYS}
    assert [closed[day]["supervision"]["orders_overdue"] for day in CLOSED_DAYS] == [0] * 7 + [1]
    assert all(closed[day]["credit"]["closed"] for day in CLOSED_DAYS)

    # The major hazard was not rectified by its deadline: credit tells the unit before listing it,
    # five working days to object, to Fri 27 Nov. (While the order ran, nobody was noticed.)
    [notice] = wait_for(lambda: credit.notices_of_unit(uscc), what="credit's listing notice")
    assert (notice["rule"], notice["tier"], notice["status"]) == (
        "major_hazard_unrectified",
        "serious_dishonesty",
        "noticed",
    )
    assert notice["objection_deadline"] == "2026-11-27"

    penalty = supervision.propose_penalty(
        request_id="e2e-downstream-penalty-1", inspection_id=inspection["inspection_id"],
        violation_id=inspection["violation_ids"][0], fine_yuan=15000, reasons="锁闭安全出口",
        evidence=["询问笔录"], officer_ids=team, at="2026-11-23T10:00:00+08:00", legal_representative="王五",
    )  # fmt: skip
    assert penalty["status"] == "decided"
    closed.update({day: close(day) for day in WINDOW_DAYS})
    assert closed["2026-11-27"]["credit"]["units_reviewed"] == 1

    # Credit: no successful objection, so closing the deadline day listed the unit from the next day.
    standing = credit.standing(uscc)
    assert (standing["tier"], standing["colour"], standing["blacklisted"]) == ("serious_dishonesty", "red", True)
    assert "major_hazard_unrectified" in standing["listed_rules"]
    assert credit.standing(uscc, as_of="2026-11-27")["blacklisted"] is False
    assert credit.standing(uscc, as_of="2026-11-28")["blacklisted"] is True
    [listed] = [n for n in credit.notices_of_unit(uscc) if n["rule"] == "major_hazard_unrectified"]
    assert (listed["status"], listed["listed_on"]) == ("listed", "2026-11-28")
    assert any(c["event_type"] == "HazardFound" and c["service"] == "supervision" for c in standing["causes"])

    # Notify hears credit as well: the unit is told of the notice, then of the listing.
    wait_for(
        lambda: {"listing_notice", "blacklisted"} <= {n["notice_type"] for n in notify.notices_of_unit(uscc)},
        what="notify's notices of the listing",
    )

    # Notify: the order and the overdue alert, e-mailed to the responsible person the register names.
    def delivered_by_email(notice_type: str) -> Any:
        def probe() -> dict[str, Any] | None:
            sent = of_type(notify.notices_of_unit(uscc), notice_type)
            emails = [d for s in sent for d in s["deliveries"] if d["channel"] == "email"]
            return sent[0] if emails and all(d["status"] == "delivered" for d in emails) else None

        return wait_for(probe, what=f"the {notice_type} notice delivered by e-mail")

    for notice_type in ("rectification_ordered", "rectification_overdue"):
        sent = delivered_by_email(notice_type)
        assert (sent["recipient"], sent["reference"]) == (f"unit:{uscc}", order["order_id"])
        [delivery] = [d for d in sent["deliveries"] if d["channel"] == "email"]
        [email] = emails_of_type(smtp, duty, notice_type)
        assert (delivery["address"], delivery["receipt"]) == (duty, email["Message-ID"])
    [ordered_email] = emails_of_type(smtp, duty, "rectification_ordered")
    assert ordered_email["Subject"].startswith("责令改正通知书")
    assert "重大火灾隐患" in body_of(ordered_email)
    assert "于2026年11月20日前改正" in body_of(ordered_email)
    # The order names what it orders rectified and the law it rests on, as supervision recorded them.
    assert "营业期间安全出口锁闭，疏散通道堵塞" in body_of(ordered_email)
    assert "锁闭安全出口：安全出口上锁" in body_of(ordered_email)
    assert "依据《中华人民共和国消防法》第五十四条、第六十条第一款第三项" in body_of(ordered_email)
    assert not any(finding in body_of(ordered_email) for finding in inspection["hazard_ids"])
    reminder = of_type(notify.notices_of_unit(uscc), "rectification_reminder")
    assert len(reminder) == 1  # three working days before the deadline, raised once though every day closed

    # The industry regulator gets the hazard referral letter at the directory's address.
    letter = wait_for(lambda: emails_of_type(smtp, REGULATOR_EMAIL, "referral_letter"), what="the referral letter")
    assert len(letter) == 1

    # The penalty is public (双公示) in notify's feed, served by the worker over HTTP.
    def penalty_published() -> list[dict[str, Any]] | None:
        items = get_json(f"{month.feed_url}?kind=penalty")["items"]
        return [i for i in items if i["uscc"] == uscc] or None

    [published] = wait_for(penalty_published, what="the penalty in the public feed")
    assert published["kind"] == "penalty"
    assert published["reference"] == penalty["penalty_id"]
    assert published["decided_on"] == "2026-11-23"
    assert "消行罚决字〔2026〕0001号" in published["text"] and "法定代表人：王五" in published["text"]
    assert "违法事实：安全出口上锁；锁闭安全出口" in published["text"]
    assert duty not in json.dumps(published, ensure_ascii=False)
