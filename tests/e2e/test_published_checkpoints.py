"""A third party fetches the services' signed checkpoints from notify's public feed and checks the log with them.

The permits relay, started as `make run` starts it, signs its chain's head, publishes the checkpoint
on permits.events, and notify's worker lists it on the public feed; `firesafety verify permits
--checkpoints` with the copy fetched from the feed passes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import System, launched
from tests.e2e.test_commitment_flow import sports_venue_application
from tests.processes import wait_for

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def signing_often(amqp_uri: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    with launched(amqp_uri, tmp_path_factory.mktemp("var"), CHAIN_CHECKPOINT_SECONDS="1") as started:
        yield started


def checkpoints_on_the_feed(system: System, service: str) -> list[dict[str, Any]]:
    url = f"http://{system.env['WEB_SERVER_ADDRESS']}/checkpoints?service={service}"
    with urllib.request.urlopen(url, timeout=5) as answer:
        return [json.loads(line) for line in answer.read().decode().splitlines()]


def test_permits_checkpoints_reach_notifys_public_feed_and_vouch_for_its_log(
    signing_often: System, tmp_path: Path
) -> None:
    signing_often.permits.SubmitApplication(sports_venue_application("checkpoint-1"), timeout=10)
    listed = wait_for(lambda: checkpoints_on_the_feed(signing_often, "permits"), timeout=60, what="a checkpoint")
    kept = tmp_path / "permits-checkpoints.jsonl"
    kept.write_text("".join(json.dumps(c) + "\n" for c in listed), encoding="utf-8")
    verified = subprocess.run(
        [sys.executable, "-m", "kit.cli", "verify", "permits", "--checkpoints", str(kept)],
        env=signing_often.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert verified.returncode == 0, verified.stderr
    assert json.loads(verified.stdout)["last_signed_position"] >= listed[-1]["position"]
