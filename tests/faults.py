"""A RabbitMQ node and a PostgreSQL cluster of a test's own, to stop and start under load.

Never the machine's broker or database: each runs on free ports of its own, from a temporary
directory, and is stopped when the test ends.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from tests.processes import free_port, wait_for

RABBITMQ_BIN = Path("/usr/lib/rabbitmq/bin")
POSTGRES_BIN = Path("/usr/lib/postgresql/15/bin")


class RabbitNode:
    """A RabbitMQ node of its own: its own node name, ports, data and logs."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.port = free_port()
        self.name = f"fault{uuid.uuid4().hex[:8]}@localhost"
        self.uri = f"amqp://guest:guest@127.0.0.1:{self.port}/"
        base.mkdir(parents=True, exist_ok=True)
        (base / "rabbitmq.conf").write_text(f"listeners.tcp.default = 127.0.0.1:{self.port}\nloopback_users = none\n")
        (base / "enabled_plugins").write_text("[].\n")
        (base / "rabbitmq-env.conf").write_text("ERL_EPMD_ADDRESS=127.0.0.1\n")
        self.env = {
            **os.environ,
            "HOME": str(base),  # the node's own Erlang cookie
            "RABBITMQ_NODENAME": self.name,
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(free_port()),
            "RABBITMQ_MNESIA_BASE": str(base / "mnesia"),
            "RABBITMQ_LOG_BASE": str(base / "log"),
            "RABBITMQ_CONFIG_FILE": str(base / "rabbitmq.conf"),
            "RABBITMQ_CONF_ENV_FILE": str(base / "rabbitmq-env.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(base / "enabled_plugins"),
            "RABBITMQ_PID_FILE": str(base / "node.pid"),
            "ERL_FLAGS": "-kernel inet_dist_use_interface {127,0,0,1}",
        }
        self._server: subprocess.Popen[bytes] | None = None

    def ctl(self, *args: str, timeout: float = 120) -> None:
        subprocess.run(
            [str(RABBITMQ_BIN / "rabbitmqctl"), "-n", self.name, *args],
            env=self.env,
            check=True,
            capture_output=True,
            timeout=timeout,
        )

    def start(self) -> None:
        with (self.base / "server.log").open("ab") as out:
            self._server = subprocess.Popen(
                [str(RABBITMQ_BIN / "rabbitmq-server")], env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        self.ctl("wait", str(self.base / "node.pid"), "--timeout", "120", timeout=150)
        wait_for(self.accepts_connections, timeout=60, what=f"RabbitMQ node {self.name} to accept connections")

    def stop(self) -> None:
        if self._server is None:
            return
        self.ctl("stop", str(self.base / "node.pid"))
        self._server.wait(timeout=60)
        self._server = None

    def accepts_connections(self) -> bool:
        import kombu

        try:
            with kombu.Connection(self.uri, connect_timeout=2) as connection:
                connection.ensure_connection(max_retries=1)
        except Exception:
            return False
        return True


@contextlib.contextmanager
def rabbit_node(base: Path) -> Iterator[RabbitNode]:
    node = RabbitNode(base)
    node.start()
    try:
        yield node
    finally:
        with contextlib.suppress(Exception):
            node.stop()
        if node._server is not None:
            node._server.kill()


class PostgresCluster:
    """A PostgreSQL 15 cluster of its own, run as the `postgres` user on a free port."""

    def __init__(self, base: Path) -> None:
        self.data = base / "pgdata"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        base.mkdir(parents=True, exist_ok=True)
        postgres = pwd.getpwnam("postgres")
        for path in (base, self.data):
            path.mkdir(exist_ok=True)
            os.chown(path, postgres.pw_uid, postgres.pw_gid)
        os.chmod(self.data, 0o700)
        self.base = base
        self._as_postgres("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def _as_postgres(self, program: str, *args: str) -> None:
        command = [str(POSTGRES_BIN / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120, cwd="/")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.base / "pg.log"), "-w", "start")

    def stop(self) -> None:
        self._as_postgres("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")


@contextlib.contextmanager
def postgres_cluster(base: Path) -> Iterator[PostgresCluster]:
    cluster = PostgresCluster(base)
    cluster.start()
    try:
        yield cluster
    finally:
        with contextlib.suppress(Exception):
            cluster.stop()
        shutil.rmtree(base, ignore_errors=True)


def seconds_until(probe: object, timeout: float, what: str) -> float:
    """How long `probe` took to come true (it is called until it does)."""
    started = time.monotonic()
    wait_for(probe, timeout=timeout, what=what)  # type: ignore[arg-type]
    return time.monotonic() - started
