"""`make run`'s launcher: every process restarted on its own backoff."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from kit.launcher import HEALTHY_SECONDS, Child, supervise
from tests.processes import wait_for


def test_a_process_that_keeps_exiting_waits_twice_as_long_each_time_up_to_thirty_seconds() -> None:
    child = Child("credit-worker", [])
    delays = []
    for _ in range(8):
        child.started_at = 100.0
        delays.append(child.restart_delay(exited_at=101.0))
    assert delays == [1, 2, 4, 8, 16, 30, 30, 30]
    assert child.restarts == 8


def test_a_healthy_minute_starts_the_backoff_afresh() -> None:
    child = Child("permits-relay", [])
    for _ in range(6):
        child.restart_delay(exited_at=child.started_at + 1)
    child.started_at = 1000.0
    assert child.restart_delay(exited_at=1000.0 + HEALTHY_SECONDS) == 1
    assert child.restarts == 7


class NeverSoon(Child):
    def restart_delay(self, exited_at: float) -> float:
        super().restart_delay(exited_at)
        return 3600.0


def test_a_process_waiting_out_a_long_backoff_delays_no_other_restart(tmp_path: Path) -> None:
    starts = tmp_path / "starts"
    counting = f"open({str(starts)!r}, 'a').write('x')"
    crashing = NeverSoon("crashing", [sys.executable, "-c", "raise SystemExit(1)"])
    exiting = Child("exiting", [sys.executable, "-c", f"{counting}; raise SystemExit(3)"])
    stop = threading.Event()
    supervisors = [threading.Thread(target=supervise, args=(child, stop, 0.05)) for child in (crashing, exiting)]
    for supervisor in supervisors:
        supervisor.start()
    try:
        wait_for(lambda: crashing.restarts == 1, timeout=60, what="the first process to exit")
        wait_for(lambda: starts.exists() and len(starts.read_text()) >= 3, timeout=60, what="the other to be restarted")
    finally:
        stop.set()
        for supervisor in supervisors:
            supervisor.join(10)
    assert crashing.restarts == 1  # still waiting out its hour
    assert exiting.restarts >= 2
    assert not any(supervisor.is_alive() for supervisor in supervisors)
