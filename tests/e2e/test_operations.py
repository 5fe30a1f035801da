"""What an operator of `make run` sees: every process's metrics and health on its own port."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kit.launcher import METRICS_PORTS
from kit.settings import SERVICES
from tests.e2e.conftest import System
from tests.e2e.test_commitment_flow import sports_venue_application
from tests.processes import process_env, wait_for

pytestmark = pytest.mark.e2e


def get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return 0, ""


def test_every_process_serves_its_metrics_and_is_ready(system: System) -> None:
    for name, base in METRICS_PORTS.items():
        port = base + system.metrics_port_offset

        def ready(port: int = port) -> bool:
            return get(port, "/readyz") == (200, "ok\n")

        wait_for(ready, timeout=60, what=f"{name} to be ready")
        assert get(port, "/livez") == (200, "ok\n"), name
        status, page = get(port, "/metrics")
        assert status == 200 and "firesafety_" in page, name


def test_a_partner_submission_shows_in_the_grpc_metrics_and_the_events_in_the_consumers(system: System) -> None:
    system.permits.SubmitApplication(sports_venue_application("operations-1"), timeout=10)
    grpc_port = METRICS_PORTS["permits-grpc"] + system.metrics_port_offset
    credit_port = METRICS_PORTS["credit-worker"] + system.metrics_port_offset
    relay_port = METRICS_PORTS["permits-relay"] + system.metrics_port_offset
    wait_for(lambda: 'method="SubmitApplication"' in get(grpc_port, "/metrics")[1], timeout=30, what="the call counted")
    assert 'firesafety_relay_active{service="permits"} 1.0' in wait_for(
        lambda: (page := get(relay_port, "/metrics")[1]) and "firesafety_relay_published_total" in page and page,
        timeout=60,
        what="the relay's metrics",
    )
    wait_for(
        lambda: (
            'firesafety_consumer_events_total{consumer="credit",outcome="processed",upstream="permits"}'
            in get(credit_port, "/metrics")[1]
        ),
        timeout=60,
        what="credit to count the permits events",
    )


def test_firesafety_status_shows_every_service_in_one_table(system: System, amqp_uri: str) -> None:
    firesafety = Path(sys.executable).with_name("firesafety")
    env = {**process_env(AMQP_URI=amqp_uri)}
    env.pop("PYTHONPATH")  # the command works as typed: the project is installed
    done = subprocess.run([str(firesafety), "status"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("service")
    assert [line.split()[:2] for line in lines[2:]] == [[s, "answering"] for s in SERVICES]
