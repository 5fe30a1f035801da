"""The yearly calendar procedure on the running system: a 2027 application is granted with a
provisional due date; the operator loads the official arrangement with one command; the date is
revised, partners see it, the applicant is told once; a malformed file changes nothing."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from firesafety.permits.v1 import permits_pb2
from tests.e2e.conftest import System
from tests.e2e.test_commitment_flow import sports_venue_application
from tests.processes import ROOT, process_env, wait_for
from tests.unit.arrangements_2027 import ARRANGEMENT_2027, arrangement_file

pytestmark = pytest.mark.e2e

UNIT = "91310000MA1FL4B24G"


def firesafety(system: System, amqp_uri: str, *args: str) -> subprocess.CompletedProcess[str]:
    clock = system.var_dir / "operator-now"
    clock.write_text("2026-11-13T09:00:00+08:00")
    env = process_env(AMQP_URI=amqp_uri, VAR_DIR=str(system.var_dir), SCHEDULER_CLOCK_FILE=str(clock))
    command = [sys.executable, "-m", "kit.cli", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def get(system: System, application_id: str) -> permits_pb2.Application:
    return system.permits.GetApplication(permits_pb2.GetApplicationRequest(application_id=application_id), timeout=10)


def test_loading_the_2027_arrangement_revises_the_provisional_due_date_once(
    system: System, amqp_uri: str, tmp_path: Path
) -> None:
    request = sports_venue_application(f"portal-{uuid.uuid4()}", uscc=UNIT)
    request.submitted_at.FromDatetime(dt.datetime(2027, 1, 25, 2, 0, tzinfo=dt.UTC))
    granted = system.permits.SubmitApplication(request, timeout=10).application
    assert granted.status == permits_pb2.APPLICATION_STATUS_GRANTED
    assert (granted.verification_due_date, granted.verification_due_date_provisional) == ("2027-02-26", True)
    wait_for(
        lambda: system.rpc.supervision.commitment_verification(granted.application_id),
        what="supervision to open the verification",
    )

    broken = arrangement_file(tmp_path, ARRANGEMENT_2027.replace('"2027-06-09",\n', ""), "broken.toml")
    refused = firesafety(system, amqp_uri, "calendar", "load", str(broken))
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "incomplete" in refused.stderr and "2027-06-09" in refused.stderr
    assert get(system, granted.application_id).verification_due_date_provisional

    loaded = firesafety(system, amqp_uri, "calendar", "load", str(arrangement_file(tmp_path)))
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    assert '"days_off_added"' in loaded.stdout and "2027-02-11" in loaded.stdout

    revised = get(system, granted.application_id)
    assert (revised.verification_due_date, revised.verification_due_date_provisional) == ("2027-03-01", False)
    verification = wait_for(
        lambda: (
            (v := system.rpc.supervision.commitment_verification(granted.application_id))
            and v["due_date"] == "2027-03-01"
            and v
        ),
        what="supervision to follow the revised date",
    )
    assert verification["due_provisional"] is False
    told = wait_for(
        lambda: [n for n in system.rpc.notify.notices_of_unit(UNIT) if n["notice_type"] == "deadline_revised"],
        what="notify to tell the applicant",
    )
    assert len(told) == 1 and "2027年3月1日" in told[0]["body"]

    again = firesafety(system, amqp_uri, "calendar", "load", str(arrangement_file(tmp_path)))
    assert again.returncode == 0, again.stderr
    assert again.stdout.count('"recorded": false') == 4
    shown = firesafety(system, amqp_uri, "calendar", "show", "2027")
    assert '"provisional": false' in shown.stdout and "国办发明电〔2026〕12号" in shown.stdout
    assert [n["notice_type"] for n in system.rpc.notify.notices_of_unit(UNIT)].count("deadline_revised") == 1
