"""An application with missing materials: the notify worker, started as in production, sends one e-mail.

The permits relay's DeficienciesNotified reaches the worker over the real broker
(twice, as an at-least-once redelivery would), and exactly one e-mail listing
every missing item reaches a real SMTP server.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import kombu
import pytest
from nameko.standalone.rpc import ClusterRpcClient

from kit.envelope import Envelope
from kit.relay import event_exchange
from tests.e2e.notify_servers import SmtpServer, body_of
from tests.processes import free_port, process_env, reset_event_queues, running, wait_for, worker_argv
from tests.unit import notify_factories as f

pytestmark = pytest.mark.e2e

QUEUE = "evt-permits--notify"


def queue_exists(amqp_uri: str, name: str) -> bool:
    with kombu.Connection(amqp_uri) as connection:
        try:
            connection.channel().queue_declare(name, passive=True)
        except Exception:
            return False
    return True


def publish_as_the_permits_relay(amqp_uri: str, envelope: Envelope) -> None:
    with kombu.Connection(amqp_uri, transport_options={"confirm_publish": True}) as connection:
        producer = kombu.Producer(connection.channel(), exchange=event_exchange("permits"))
        producer.publish(
            envelope.to_wire(),
            routing_key=envelope.event_type,
            serializer="json",
            delivery_mode=2,
            message_id=envelope.event_id,
            headers={"source": envelope.source, "position": envelope.position},
        )


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


@pytest.fixture
def notify_worker(amqp_uri: str, smtp: SmtpServer, tmp_path: Path) -> Iterator[Any]:
    reset_event_queues(amqp_uri)
    env = process_env(
        AMQP_URI=amqp_uri,
        VAR_DIR=str(tmp_path),
        NOTIFY_SMTP_HOST="127.0.0.1",
        NOTIFY_SMTP_PORT=str(smtp.port),
        NOTIFY_SMTP_FROM="notify@xf.example.cn",
    )
    argv = [*worker_argv("notify"), "--define", f"WEB_SERVER_ADDRESS=127.0.0.1:{free_port()}"]
    log = tmp_path / "notify-worker.log"
    with running(argv, env, log), ClusterRpcClient(timeout=10, uri=amqp_uri) as rpc:
        try:
            wait_for(lambda: queue_exists(amqp_uri, QUEUE), timeout=60, what="the notify worker's permits queue")
            yield rpc
        except BaseException:
            sys.stderr.write(log.read_text(errors="replace")[-5000:])
            raise


def test_an_application_with_missing_materials_produces_exactly_one_email_listing_every_missing_item(
    amqp_uri: str, smtp: SmtpServer, notify_worker: Any
) -> None:
    deficiencies = f.envelope("permits", f.deficiencies_notified(), position=7)
    publish_as_the_permits_relay(amqp_uri, deficiencies)
    publish_as_the_permits_relay(amqp_uri, deficiencies)  # redelivered, as at-least-once delivery may
    other_applicant = f.contact(name="王五", phone="13600000000", email="wangwu@example.cn")
    later = f.envelope(
        "permits",
        f.deficiencies_notified(application_id="app-0002", uscc=f.SHANGHAI_MALL, applicant=other_applicant),
        position=8,
        subject=f.SHANGHAI_MALL,
        business_time=f.NOV_2.replace(hour=10),
    )
    publish_as_the_permits_relay(amqp_uri, later)

    # Events are processed in order and dispatched oldest first: once the later e-mail is in,
    # any e-mail the duplicate could have caused would be in too.
    wait_for(lambda: smtp.to("wangwu@example.cn"), what="the later application's e-mail")
    [email] = smtp.to("zhangsan@example.cn")
    assert email["Subject"] == "一次性告知书（“徐汇体育馆”消防安全检查申请材料补正）"
    assert email["X-Notice-Type"] == "missing_materials"
    text = body_of(email)
    for position, term in enumerate(f.MISSING_TERMS, start=1):
        assert f"{position}. {term}" in text
    assert "尚缺以下3项" in text
    assert len(smtp.messages) == 2

    status = notify_worker.notify.status()
    assert status["upstream_positions"]["permits"] == 8
    assert status["channels"]["sms"].startswith("SMS is not configured")
    assert status["deliveries"]["sms"] == {"held": 2}  # waiting, visibly, for a gateway

    [notice] = notify_worker.notify.notices_of_unit(f.SPORTS_CENTRE)
    assert notice["notice_type"] == "missing_materials"
    assert notice["recipient"] == f"unit:{f.SPORTS_CENTRE}"
    by_channel = {d["channel"]: d for d in notice["deliveries"]}
    assert by_channel["email"]["status"] == "delivered"
    assert by_channel["email"]["receipt"] == email["Message-ID"]
    assert by_channel["sms"]["status"] == "held"
    inbox = wait_for(lambda: notify_worker.notify.inbox(f.SPORTS_CENTRE), what="the portal inbox")
    assert [m["notice_type"] for m in inbox] == ["missing_materials"]
