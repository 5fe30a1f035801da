"""A joint inspection with other departments, a transfer (移送) and a leniency policy, over the real broker.

Supervision's worker and relay and notify's worker run as processes; notify finds the departments in its
directory and e-mails them through a real SMTP server. Staff drive supervision through nameko RPC;
notify learns what happened only from `supervision.events`.
"""

from __future__ import annotations

import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import kombu
import pytest
from nameko.standalone.rpc import ClusterRpcClient

import services.supervision.entrypoints.service
from services.supervision.domain.common import SupervisionError
from tests.e2e.notify_servers import SmtpServer, body_of
from tests.processes import (
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

DISTRICT = "嘉定区"
TEAM = ["J1", "J2"]
MARKET_EMAIL = "zhifa@amr.jd.example.cn"
POLICE_EMAIL = "fanghuo@police.jd.example.cn"
HOUSING_EMAIL = "anquan@housing.jd.example.cn"


@dataclass
class Services:
    rpc: Any
    smtp: SmtpServer
    feed_url: str


def write_directory(path: Path) -> None:
    offices = {
        "market_regulation": ("嘉定区市场监督管理局", MARKET_EMAIL),
        "public_security": ("嘉定公安分局", POLICE_EMAIL),
        "housing_and_construction": ("嘉定区建设和管理委员会", HOUSING_EMAIL),
    }
    text = "".join(
        f'[regulators."{key}"]\nname = "{name}"\nemail = "{email}"\n\n' for key, (name, email) in offices.items()
    )
    path.write_text(text, encoding="utf-8")


def answering(rpc: Any) -> bool:
    try:
        return bool(rpc.supervision.status()) and bool(rpc.notify.status())
    except Exception:
        return False


def queues_declared(amqp_uri: str) -> bool:
    with kombu.Connection(amqp_uri) as connection:
        try:
            connection.channel().queue_declare("evt-supervision--notify", passive=True)
        except Exception:
            return False
    return True


@pytest.fixture
def services(amqp_uri: str, tmp_path: Path) -> Iterator[Services]:
    reset_event_queues(amqp_uri)
    directory = tmp_path / "directory.toml"
    write_directory(directory)
    web_port = free_port()
    supervision_env = process_env(AMQP_URI=amqp_uri, VAR_DIR=str(tmp_path / "supervision"))
    logs = {name: tmp_path / f"{name}.log" for name in ("supervision-worker", "supervision-relay", "notify-worker")}
    with ExitStack() as stack:
        smtp = stack.enter_context(SmtpServer())
        notify_env = process_env(
            AMQP_URI=amqp_uri,
            VAR_DIR=str(tmp_path / "notify"),
            NOTIFY_SMTP_HOST="127.0.0.1",
            NOTIFY_SMTP_PORT=str(smtp.port),
            NOTIFY_SMTP_FROM="notify@xf.example.cn",
            NOTIFY_DIRECTORY=str(directory),
            WEB_SERVER_ADDRESS=f"127.0.0.1:{web_port}",
        )
        stack.enter_context(running(worker_argv("supervision"), supervision_env, logs["supervision-worker"]))
        stack.enter_context(running(relay_argv("supervision"), supervision_env, logs["supervision-relay"]))
        stack.enter_context(running(worker_argv("notify"), notify_env, logs["notify-worker"]))
        rpc = stack.enter_context(ClusterRpcClient(timeout=20, uri=amqp_uri))
        feed_url = f"http://127.0.0.1:{web_port}/publications"
        try:
            wait_for(lambda: answering(rpc), timeout=60, what="the supervision and notify workers")
            wait_for(lambda: queues_declared(amqp_uri), timeout=30, what="notify's queue")
            wait_for(lambda: feed_answers(feed_url), timeout=30, what="notify's public feed")
            yield Services(rpc, smtp, feed_url)
        except BaseException:
            for name, log in logs.items():
                sys.stderr.write(f"--- {name}\n{log.read_text(errors='replace')[-3000:]}\n")
            raise


def emails_of_type(smtp: SmtpServer, address: str, notice_type: str) -> list[EmailMessage]:
    return [m for m in smtp.to(address) if m["X-Notice-Type"] == notice_type]


def test_a_joint_inspection_tells_each_department_and_a_transfer_letter_reaches_the_competent_one(
    services: Services,
) -> None:
    supervision, smtp = services.rpc.supervision, services.smtp
    plant, shop = make_uscc(7100), make_uscc(7101)
    for uscc, name in ((plant, "嘉定某机械厂"), (shop, "嘉定某商店")):
        supervision.register_unit(uscc=uscc, unit_name=name, district=DISTRICT, at="2026-11-02T09:00:00+08:00")
    for inspector in TEAM:
        supervision.enrol_inspector(inspector_id=inspector, name=f"监督员{inspector}", district=DISTRICT,
                                    at="2026-11-02T09:00:00+08:00")  # fmt: skip
        supervision.certify_inspector(inspector_id=inspector, certificate_no=f"C-{inspector}",
                                      valid_until="2027-06-30", at="2026-11-02T09:00:00+08:00")  # fmt: skip

    joint = supervision.plan_joint_inspection(
        request_id="e2e-joint-1", district=DISTRICT, title="复产复工消防安全专项检查",
        participants=[
            {"department": "market_regulation", "name": "嘉定区市场监督管理局", "officers": ["张三"]},
            {"department": "public_security", "name": "嘉定公安分局", "officers": ["赵六"]},
        ],
        usccs=[plant, shop], planned_for="2026-11-10", planned_by="J1", at="2026-11-05T09:00:00+08:00",
    )  # fmt: skip
    for address in (MARKET_EMAIL, POLICE_EMAIL):
        [planned] = wait_for(lambda a=address: emails_of_type(smtp, a, "joint_inspection_planned"),
                             what=f"the joint inspection notice to {address}")  # fmt: skip
        assert "定于2026年11月10日在嘉定区开展“复产复工消防安全专项检查”" in body_of(planned)
        assert "嘉定某机械厂" in body_of(planned)

    inspection = supervision.record_inspection(
        request_id="e2e-joint-visit-1", uscc=plant, mode="on_site", purpose="joint",
        joint_inspection_id=joint["joint_inspection_id"], departments_present=["market_regulation", "public_security"],
        inspector_ids=TEAM, at="2026-11-10T15:00:00+08:00", recorded_by="J1", evidence=["IMG_3001.jpg"],
        hazards=[{"grade": "general", "description": "员工宿舍私拉电线", "location": "厂区宿舍楼"}],
        department_findings=[{"department": "market_regulation", "description": "仓库存放无合格证的电动车电池"}],
    )  # fmt: skip
    seen = supervision.joint_inspection(joint["joint_inspection_id"])
    [market_finding] = seen["findings_by_department"]["market_regulation"]
    assert market_finding["description"] == "仓库存放无合格证的电动车电池"

    sent = supervision.transfer_case(
        request_id="e2e-transfer-1", inspection_id=inspection["inspection_id"],
        department="housing_and_construction", finding_ids=inspection["hazard_ids"],
        reason="宿舍楼属在建工程临时设施，依职责移送", officer_ids=TEAM, at="2026-11-11T10:00:00+08:00",
    )  # fmt: skip
    assert sent["findings"][0]["kind"] == "hazard"
    [letter] = wait_for(lambda: emails_of_type(smtp, HOUSING_EMAIL, "transfer_letter"), what="the transfer letter")
    assert letter["Subject"] == "关于嘉定某机械厂有关问题的案件移送函"
    body = body_of(letter)
    assert body.startswith("嘉定区建设和管理委员会：")
    assert "1. [一般火灾隐患] 员工宿舍私拉电线（厂区宿舍楼）" in body
    assert "宿舍楼属在建工程临时设施，依职责移送" in body


def test_a_leniency_policy_is_public_and_a_penalty_it_spares_is_refused_with_its_rule_code(services: Services) -> None:
    supervision = services.rpc.supervision
    unit = make_uscc(7200)
    supervision.register_unit(uscc=unit, unit_name="嘉定某超市", district=DISTRICT, at="2026-11-02T09:00:00+08:00")
    for inspector in TEAM:
        supervision.enrol_inspector(inspector_id=inspector, name=f"监督员{inspector}", district=DISTRICT,
                                    at="2026-11-02T09:00:00+08:00")  # fmt: skip
        supervision.certify_inspector(inspector_id=inspector, certificate_no=f"C-{inspector}",
                                      valid_until="2027-06-30", at="2026-11-02T09:00:00+08:00")  # fmt: skip
    supervision.publish_leniency_policy(
        request_id="e2e-policy-1", document_no="沪嘉消〔2026〕3号", title="复工复产期间消防监管从宽措施",
        districts=[DISTRICT], starts_on="2026-11-01", ends_on="2026-11-30", published_by="J1",
        at="2026-10-30T09:00:00+08:00",
    )  # fmt: skip
    assert [p["document_no"] for p in supervision.leniency_policies(DISTRICT)] == ["沪嘉消〔2026〕3号"]
    inspection = supervision.record_inspection(
        request_id="e2e-lenient-visit-1", uscc=unit, mode="on_site", purpose="pilot", inspector_ids=TEAM,
        at="2026-11-10T15:00:00+08:00", recorded_by="J1", evidence=["IMG_4001.jpg"],
        violations=[{"violation_type": "blocked_evacuation_route", "severity": "general",
                     "description": "疏散通道堆放货物", "corrected_on_the_spot": True}],
    )  # fmt: skip
    with pytest.raises(SupervisionError) as refused:
        supervision.propose_penalty(
            request_id="e2e-lenient-penalty-1", inspection_id=inspection["inspection_id"],
            violation_id=inspection["violation_ids"][0], fine_yuan=15000, reasons="堵塞疏散通道",
            evidence=["询问笔录"], officer_ids=TEAM, at="2026-11-11T10:00:00+08:00",
        )  # fmt: skip
    assert refused.value.code == "SPECIAL_PERIOD_LENIENCY" and "沪嘉消〔2026〕3号" in str(refused.value)

    def in_feed() -> list[dict[str, Any]] | None:
        return get_json(f"{services.feed_url}?kind=leniency_policy&district={urllib.parse.quote(DISTRICT)}")["items"]

    [published] = wait_for(in_feed, what="the policy in the public feed")
    assert "沪嘉消〔2026〕3号" in published["text"]
