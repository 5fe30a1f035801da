"""Start the system's processes from tests the way `make run` does, and wait for effects."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import amqp.exceptions
import kombu

from kit.launcher import NAMEKO_CONFIG, SERVICE_CLASSES
from kit.settings import SERVICES
from kit.topology import CONSUMERS, consumer_queue, dead_letter_names, legacy_queue_name

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")


def process_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("DATABASE_URL")}
    env["PYTHONPATH"] = f"{ROOT}{os.pathsep}{ROOT / 'gen'}"
    env.update(overrides)
    return env


@contextmanager
def running(argv: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Run a process in a session of its own; on the way out stop it and everything it started."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # anything left behind


def worker_argv(service: str) -> list[str]:
    target = f"services.{service}.entrypoints.service:{SERVICE_CLASSES[service]}"
    return [sys.executable, "-m", "kit.worker", "run", "--config", str(NAMEKO_CONFIG), target]


def relay_argv(service: str) -> list[str]:
    return [sys.executable, "-m", "kit.runtime", "relay", service]


def wait_for(probe: Callable[[], T | None], timeout: float = 30.0, what: str = "condition") -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = probe()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def reset_event_queues(amqp_uri: str) -> None:
    """Empty the consumers' queues so that events left by an earlier run reach no test.

    Purged rather than deleted: a quorum queue deleted and declared again at once may not
    be ready for the new consumer.
    """
    names = [consumer_queue(up, consumer, 0).name for up, consumers in CONSUMERS.items() for consumer in consumers]
    names += [dead_letter_names(service)[1] for service in SERVICES]
    legacy = [legacy_queue_name(up, consumer) for up, consumers in CONSUMERS.items() for consumer in consumers]
    with kombu.Connection(amqp_uri) as connection:
        for name in names:
            # A queue never declared has nothing to empty; the failed purge closes its channel.
            with contextlib.suppress(amqp.exceptions.NotFound):
                connection.channel().queue_purge(name)
        for name in legacy:  # an earlier release's queues: never declared again
            connection.channel().queue_delete(name)


def get_json(url: str) -> Any:
    """The JSON an HTTP endpoint of a running process answers."""
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def feed_answers(url: str) -> bool:
    """Whether notify's public feed at `url` answers yet."""
    try:
        return "items" in get_json(url)
    except OSError:
        return False
