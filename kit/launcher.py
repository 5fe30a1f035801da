"""Start the whole system as separate processes, as production runs it: `make run`.

Four nameko workers, four outbox relays, the gRPC servers of permits and credit, and the
scheduler that closes each business day. Output is
prefixed with the process name; Ctrl-C (or SIGTERM) stops everything. A process that dies is
restarted after a pause of its own, which doubles at each exit up to 30 s and starts again from 1 s
once the process has run a healthy minute: one crashing process never delays the others.
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
from kit.cipher import KEY_FILE, cipher_key
from kit.settings import DEFAULT_AMQP_URI, SERVICES

ROOT = Path(__file__).resolve().parent.parent
NAMEKO_CONFIG = ROOT / "deploy" / "nameko.yml"
SERVICE_CLASSES = {
    "permits": "PermitsService",
    "supervision": "SupervisionService",
    "credit": "CreditService",
    "notify": "NotifyService",
}


HEALTHY_SECONDS = 60.0
"""A process that has run this long without exiting starts its backoff afresh."""
MAX_RESTART_DELAY = 30.0


@dataclass
class Child:
    name: str
    argv: list[str]
    process: subprocess.Popen[bytes] | None = None
    restarts: int = field(default=0)
    env: dict[str, str] = field(default_factory=dict)
    """What this process's environment adds to the launcher's."""
    exits_in_a_row: int = field(default=0)
    metrics_port: int | None = None
    started_at: float = field(default=0.0)

    def restart_delay(self, exited_at: float) -> float:
        """Record an exit and say how long to wait before starting the process again."""
        if exited_at - self.started_at >= HEALTHY_SECONDS:
            self.exits_in_a_row = 0
        self.exits_in_a_row += 1
        self.restarts += 1
        return float(min(2 ** (self.exits_in_a_row - 1), MAX_RESTART_DELAY))


METRICS_PORTS = {
    **{f"{service}-worker": 9101 + n for n, service in enumerate(SERVICES)},
    **{f"{service}-relay": 9111 + n for n, service in enumerate(SERVICES)},
    "permits-grpc": 9121,
    "credit-grpc": 9122,
    "scheduler": 9131,
}
"""Where each process serves /metrics, /livez and /readyz in `make run` (METRICS_PORT_OFFSET shifts them all)."""


def children(python: str = sys.executable) -> list[Child]:
    procs = [
        Child(
            f"{service}-worker",
            [
                python,
                "-m",
                "kit.worker",
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
    offset = int(os.environ.get("METRICS_PORT_OFFSET", "0"))
    for child in procs:
        child.metrics_port = METRICS_PORTS[child.name] + offset
    return procs


def _pump(child: Child) -> None:
    assert child.process is not None and child.process.stdout is not None
    prefix = f"{child.name:>18} | ".encode()
    for line in child.process.stdout:
        sys.stdout.buffer.write(prefix + line)
        sys.stdout.buffer.flush()


def _start(child: Child) -> None:
    env = {**os.environ, **child.env}
    env["PROCESS_NAME"] = child.name
    if sys.stdout.isatty():  # a person watches: readable lines rather than JSON
        env.setdefault("LOG_FORMAT", "readable")
    if child.metrics_port is not None:
        env["METRICS_PORT"] = str(child.metrics_port)
    child.process = subprocess.Popen(child.argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
    child.started_at = time.monotonic()
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


def supervise(child: Child, stop: threading.Event, poll_seconds: float = 0.5) -> None:
    """Keep one process running until `stop`: restart it after each exit, on its own backoff."""
    _start(child)
    while not stop.is_set():
        assert child.process is not None
        try:
            code = child.process.wait(timeout=poll_seconds)
        except subprocess.TimeoutExpired:
            continue
        if stop.is_set():
            return
        delay = child.restart_delay(time.monotonic())
        print(f"{child.name} exited with {code}; restart #{child.restarts} in {delay:.0f}s", flush=True)
        if stop.wait(delay):
            return
        _start(child)


def ensure_cipher_key() -> None:
    """The event stores' key: CIPHER_KEY when set; otherwise made once under VAR_DIR and reused (kit.cipher)."""
    if os.environ.get("CIPHER_KEY"):
        print("event stores encrypted with CIPHER_KEY", flush=True)
        return
    var_dir = ROOT / os.environ.get("VAR_DIR", "var")  # the processes run in ROOT
    cipher_key(None, var_dir)
    print(f"event stores encrypted with the key in {var_dir / KEY_FILE} (CIPHER_KEY not set)", flush=True)


def run() -> int:
    procs = children()
    authenticate_publishers(procs)
    ensure_cipher_key()
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    supervisors = [threading.Thread(target=supervise, args=(child, stop), daemon=True) for child in procs]
    for supervisor in supervisors:
        supervisor.start()
    print(
        f"started {len(procs)} processes; gRPC on port {os.environ.get('GRPC_PORT', '50051')}; Ctrl-C stops", flush=True
    )
    while not stop.wait(1.0):
        pass
    for supervisor in supervisors:
        supervisor.join(5)
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
