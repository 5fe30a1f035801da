"""Start the whole system as separate processes, as production runs it: `make run`.

Four nameko workers, four outbox relays, the gRPC servers of permits and credit, and the
scheduler that closes each business day. Output is
prefixed with the process name; Ctrl-C (or SIGTERM) stops everything; a process
that dies is restarted after a pause.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from kit.broker_users import set_up_with_rabbitmqctl
from kit.settings import DEFAULT_AMQP_URI, SERVICES

ROOT = Path(__file__).resolve().parent.parent
NAMEKO_CONFIG = ROOT / "deploy" / "nameko.yml"
SERVICE_CLASSES = {
    "permits": "PermitsService",
    "supervision": "SupervisionService",
    "credit": "CreditService",
    "notify": "NotifyService",
}


@dataclass
class Child:
    name: str
    argv: list[str]
    process: subprocess.Popen[bytes] | None = None
    restarts: int = field(default=0)
    env: dict[str, str] = field(default_factory=dict)
    """What this process's environment adds to the launcher's."""


def children(python: str = sys.executable) -> list[Child]:
    procs = [
        Child(
            f"{service}-worker",
            [
                python,
                "-m",
                "nameko",
                "run",
                "--config",
                str(NAMEKO_CONFIG),
                f"services.{service}.entrypoints.service:{SERVICE_CLASSES[service]}",
            ],
        )
        for service in SERVICES
    ]
    procs += [Child(f"{service}-relay", [python, "-m", "kit.runtime", "relay", service]) for service in SERVICES]
    procs.append(Child("permits-grpc", [python, "-m", "services.permits.entrypoints.grpc_server"]))
    procs.append(Child("credit-grpc", [python, "-m", "services.credit.entrypoints.grpc_server"]))
    procs.append(Child("scheduler", [python, "-m", "kit.cli", "scheduler"]))
    return procs


def _pump(child: Child) -> None:
    assert child.process is not None and child.process.stdout is not None
    prefix = f"{child.name:>18} | ".encode()
    for line in child.process.stdout:
        sys.stdout.buffer.write(prefix + line)
        sys.stdout.buffer.flush()


def _start(child: Child) -> None:
    child.process = subprocess.Popen(
        child.argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT, env={**os.environ, **child.env}
    )
    threading.Thread(target=_pump, args=(child,), daemon=True).start()


def authenticate_publishers(procs: list[Child]) -> None:
    """Each service's worker and relay connect as the service's own broker user (kit.broker_users),
    and every consumer checks who published what it receives; said plainly when that cannot be set up."""
    if os.environ.get("BROKER_USERS") == "shared":  # a test rig that publishes as the upstreams itself
        print("BROKER_USERS=shared: every process connects as the AMQP_URI's user", flush=True)
        return
    amqp_uri = os.environ.get("AMQP_URI", DEFAULT_AMQP_URI)
    publishers = set_up_with_rabbitmqctl(amqp_uri)
    if publishers is None:
        print(
            "WARNING: publishers are NOT authenticated: rabbitmqctl is not available for the broker at AMQP_URI, "
            "so every process connects as the same user and consumers cannot tell who published an event",
            flush=True,
        )
        return
    for child in procs:
        service = child.name.split("-")[0]
        child.env["BUS_PUBLISHERS"] = publishers.setting
        if service in publishers.uris and child.name.endswith(("-worker", "-relay")):
            child.env["AMQP_URI"] = publishers.uris[service]
    print("publishers authenticated: each service publishes as its own broker user", flush=True)


def run() -> int:
    procs = children()
    authenticate_publishers(procs)
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    for child in procs:
        _start(child)
    print(
        f"started {len(procs)} processes; gRPC on port {os.environ.get('GRPC_PORT', '50051')}; Ctrl-C stops", flush=True
    )
    while not stop.wait(1.0):
        for child in procs:
            assert child.process is not None
            code = child.process.poll()
            if code is not None:
                child.restarts += 1
                print(f"{child.name} exited with {code}; restart #{child.restarts}", flush=True)
                time.sleep(min(2**child.restarts, 30))
                _start(child)
    for child in procs:
        if child.process and child.process.poll() is None:
            child.process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for child in procs:
        if child.process is None:
            continue
        try:
            child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.process.kill()
    print("stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(run())
