"""The notify worker as a process on PostgreSQL and RabbitMQ: every upstream, every channel, staff RPC, the feeds."""

from __future__ import annotations

import json
import sys
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import kombu
import pytest
from nameko.standalone.rpc import ClusterRpcClient

from kit.envelope import Envelope
from kit.relay import event_exchange
from tests.e2e.notify_servers import HttpEndpoint, SmtpServer, body_of, callback_answer
from tests.processes import free_port, process_env, reset_event_queues, running, wait_for, worker_argv
from tests.unit import notify_factories as f

pytestmark = pytest.mark.integration

SECRET = "partner-secret"
ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass
class RunningNotify:
    amqp_uri: str
    rpc: Any
    smtp: SmtpServer
    gateway: HttpEndpoint
    partner: HttpEndpoint
    web: str

    def publish(self, envelope: Envelope) -> None:
        with kombu.Connection(self.amqp_uri, transport_options={"confirm_publish": True}) as connection:
            producer = kombu.Producer(connection.channel(), exchange=event_exchange(envelope.source))
            producer.publish(envelope.to_wire(), routing_key=envelope.event_type, serializer="json", delivery_mode=2)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"{self.web}{path}", timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def queues_exist(amqp_uri: str) -> bool:
    with kombu.Connection(amqp_uri) as connection:
        try:
            for upstream in ("permits", "supervision", "credit"):
                connection.channel().queue_declare(f"evt-{upstream}--notify", passive=True)
        except Exception:
            return False
    return True


def write_directory(path: Path, partner: HttpEndpoint) -> Path:
    path.write_text(
        f"""
[regulators.culture_and_tourism]
name = "徐汇区文化和旅游局"
email = "anquan@wenlv.example.cn"

[agencies.joint-punishment]
name = "联合惩戒平台"
callback_url = "{partner.url}/hooks/firesafety"
secret = "{SECRET}"
subscriptions = ["blacklisted", "credit_repaired"]
""",
        "utf-8",
    )
    return path


@pytest.fixture(scope="module")
def notify(amqp_uri: str, postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningNotify]:
    from sqlalchemy import create_engine, text

    tmp = tmp_path_factory.mktemp("notify")
    schema = f"t_notify_{tmp.name[-6:].replace('-', '_')}"
    reset_event_queues(amqp_uri)
    with SmtpServer() as smtp, HttpEndpoint() as gateway, HttpEndpoint(callback_answer) as partner:
        web_port = free_port()
        env = process_env(
            AMQP_URI=amqp_uri,
            DATABASE_URL=postgres_url,
            NOTIFY_DATABASE_SCHEMA=schema,
            VAR_DIR=str(tmp),
            NOTIFY_SMTP_HOST="127.0.0.1",
            NOTIFY_SMTP_PORT=str(smtp.port),
            NOTIFY_SMS_GATEWAY_URL=f"{gateway.url}/v1/messages",
            NOTIFY_DIRECTORY=str(write_directory(tmp / "directory.toml", partner)),
            NOTIFY_PUBLIC_BASE_URL=f"http://127.0.0.1:{web_port}",
        )
        argv = [*worker_argv("notify"), "--define", f"WEB_SERVER_ADDRESS=127.0.0.1:{web_port}"]
        log = tmp / "notify-worker.log"
        try:
            with running(argv, env, log), ClusterRpcClient(timeout=10, uri=amqp_uri) as rpc:
                wait_for(lambda: queues_exist(amqp_uri), timeout=60, what="the notify worker's queues")
                yield RunningNotify(amqp_uri, rpc, smtp, gateway, partner, f"http://127.0.0.1:{web_port}")
        except BaseException:
            sys.stderr.write(log.read_text(errors="replace")[-5000:])
            raise
        finally:
            engine = create_engine(postgres_url)
            with engine.begin() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            engine.dispose()


def test_supervision_events_reach_the_responsible_person_and_the_industry_regulator(notify: RunningNotify) -> None:
    notify.publish(f.envelope("supervision", f.rectification_ordered(order_id="order-w1")))
    notify.publish(f.envelope("supervision", f.referral_letter_sent(letter_id="letter-w1")))
    [order] = wait_for(lambda: notify.smtp.to("lisi@example.cn"), what="the rectification order by e-mail")
    assert order["Subject"] == "责令改正通知书"
    [letter] = wait_for(lambda: notify.smtp.to("anquan@wenlv.example.cn"), what="the referral letter")
    assert "函件编号：letter-w1" in body_of(letter)
    wait_for(lambda: notify.gateway.requests_for(lambda r: r.json()["to"] == "13900000000"), what="the order by SMS")

    reminder = notify.rpc.notify.close_day("2026-11-17")
    assert [r["reference"] for r in reminder["reminders"]] == ["order-w1"]
    assert notify.rpc.notify.close_day("2026-11-17")["reminders"] == []
    wait_for(lambda: len(notify.smtp.to("lisi@example.cn")) == 2, what="the reminder by e-mail")


def test_a_blacklisting_reaches_the_subscribed_agency_signed(notify: RunningNotify) -> None:
    notify.publish(f.envelope("credit", f.standing_changed(uscc=f.SHANGHAI_MALL), subject=f.SHANGHAI_MALL))
    [callback] = wait_for(lambda: notify.partner.received, what="the partner agency's callback")
    assert callback.path == "/hooks/firesafety"
    assert callback.signed_with(SECRET)
    payload = callback.json()
    assert (payload["notice_type"], payload["uscc"]) == ("blacklisted", f.SHANGHAI_MALL)
    notices = wait_for(
        lambda: [
            n
            for n in notify.rpc.notify.notices_of_unit(f.SHANGHAI_MALL)
            if any(d["recipient"] == "agency:joint-punishment" and d["status"] == "delivered" for d in n["deliveries"])
        ],
        what="the delivery receipt",
    )
    assert notices[0]["deliveries"][0]["receipt"] == "rcpt-1"


def test_the_public_feed_serves_a_granted_permit_as_json_and_atom(notify: RunningNotify) -> None:
    notify.publish(f.envelope("permits", f.permit_granted(application_id="app-w1", permit_no="XF-W1")))

    def published() -> list[dict[str, Any]]:
        status, text = notify.get("/publications?kind=permit")
        return json.loads(text)["items"] if status == 200 else []

    [item] = wait_for(published, what="the permit in the public feed")
    assert item["details"]["permit_no"] == "XF-W1" and item["on_time"] is False  # decided 2 Nov, long ago
    status, single = notify.get(f"/publications/{item['id']}")
    assert status == 200 and json.loads(single)["title"] == item["title"]
    status, atom = notify.get("/publications.atom")
    assert status == 200
    titles = [e.findtext(f"{ATOM}title") for e in ET.fromstring(atom).findall(f"{ATOM}entry")]
    assert item["title"] in titles
    assert notify.get("/publications?page=0")[0] == 400
    assert notify.get(f"/publications/{'0' * 36}")[0] == 404


def test_the_public_feed_serves_a_services_signed_checkpoint_as_json_lines(notify: RunningNotify) -> None:
    import base64
    import datetime as dt
    import os
    import uuid

    from kit import checkpoints
    from kit.envelope import Envelope

    signer = checkpoints.Signer(base64.b64encode(os.urandom(32)).decode())
    signed = signer.sign("permits", 41, "ab" * 32, dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC))
    event = checkpoints.ChainCheckpoint.of(signed, signer.public_key_b64).collect_events()[0]
    assert isinstance(event, checkpoints.ChainCheckpoint.Signed)
    notify.publish(
        Envelope.wrap(
            source="permits",
            position=f.next_position(),  # after whatever this session published as permits before
            originator_id=uuid.uuid5(uuid.NAMESPACE_URL, "permits/checkpoint/41"),
            originator_version=1,
            message=checkpoints.signed_message(event),
            subject="permits",
            business_time=signed.signed_at,
            correlation_id="checkpoint/permits/41",
        )
    )

    def listed() -> list[dict[str, Any]]:
        try:
            status, text = notify.get("/checkpoints?service=permits")
        except urllib.error.URLError:  # the worker's web server not listening yet
            return []
        return [json.loads(line) for line in text.splitlines()] if status == 200 else []

    [item] = wait_for(listed, what="the checkpoint on the public feed")
    assert checkpoints.Checkpoint.from_dict(item) == signed and item["public_key"] == signer.public_key_b64
    assert notify.get("/checkpoints?since=x")[0] == 400


def test_staff_see_a_failed_delivery_and_send_it_again(notify: RunningNotify) -> None:
    notify.gateway.failures = [400]
    notify.publish(f.envelope("supervision", f.complaint_feedback_given(complaint_id="12345-w1", reporter_email="")))
    [failed] = wait_for(
        lambda: [d for d in notify.rpc.notify.failed_deliveries() if d["notice_type"] == "complaint_feedback"],
        what="the failed SMS",
    )
    assert failed["failed_reason"].startswith("HTTP 400")
    retried = notify.rpc.notify.retry_notice(failed["notice_id"], "inspector-7")
    assert retried["status"] == "pending"
    delivered = wait_for(
        lambda: (n := notify.rpc.notify.notice(failed["notice_id"])) and n["status"] == "delivered" and n,
        what="the retried SMS",
    )
    assert [a["result"] for a in delivered["attempt_log"]] == ["permanent_failure", "delivered"]
    assert len(notify.gateway.requests_for(lambda r: r.json()["to"] == "13700000000")) == 2
    status = notify.rpc.notify.status()
    assert set(status["upstream_positions"]) == {"permits", "supervision", "credit"}
    channels = dict(status["channels"])
    assert channels.pop("wechat").startswith("WeChat is not configured")  # no official account in this test
    assert set(channels.values()) == {"ready"}
