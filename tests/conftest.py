"""Shared fixtures. Tests that need RabbitMQ or PostgreSQL fail, never skip, when either is missing.

Where they come from, in this order: `AMQP_URI` / `TEST_DATABASE_URL` when given; else, where a Docker
daemon answers (a developer's laptop), containers started for the run with testcontainers (RabbitMQ
with quorum queues as the system declares them, PostgreSQL 15) and removed after it; else the machine's
own services on their standard ports (CI's machines have those and no Docker).

Imports sit inside the fixtures: the manifest checks run without the service packages installed.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator

import pytest

# One key for the seal of reporters' contacts in the test process and every process it starts, as a
# deployment gives supervision and notify the same one (kit/sealed.py).
os.environ.setdefault("REPORTER_CONTACT_KEY", "dGVzdHMnIHJlcG9ydGVyIGNvbnRhY3Qga2V5IDMyYnk=")
# Likewise the seal of applicants' contacts, which permits and notify share.
os.environ.setdefault("APPLICANT_CONTACT_KEY", "dGVzdHMnIGFwcGxpY2FudCBjb250YWN0IGtleSAzMmI=")

LOCAL_AMQP_URI = "amqp://guest:guest@localhost:5672/"
LOCAL_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/test"
RABBITMQ_IMAGE = "rabbitmq:3.13-management"
POSTGRES_IMAGE = "postgres:15"


def docker_answers() -> bool:
    try:
        import docker  # installed with testcontainers
    except ImportError:
        return False
    try:
        client = docker.from_env(timeout=5)
        client.ping()
        client.close()
    except Exception:
        return False
    return True


def _rabbitmq_container(stack: list[Callable[[], object]]) -> str:
    from testcontainers.community.rabbitmq import RabbitMqContainer

    container = RabbitMqContainer(RABBITMQ_IMAGE, username="guest", password="guest")
    container.start()
    stack.append(container.stop)
    return f"amqp://guest:guest@{container.get_container_host_ip()}:{container.get_exposed_port(5672)}/"


def _postgres_container(stack: list[Callable[[], object]]) -> str:
    from testcontainers.community.postgres import PostgresContainer

    container = PostgresContainer(POSTGRES_IMAGE, username="postgres", password="postgres", dbname="test", driver=None)
    container.start()
    stack.append(container.stop)
    return str(container.get_connection_url())


def _service(
    variable: str, local: str, start: Callable[[list[Callable[[], object]]], str], stack: list[Callable[[], object]]
) -> str:
    if os.environ.get(variable):
        return os.environ[variable]
    if docker_answers():
        return start(stack)
    return local


@pytest.fixture(scope="session")
def _containers() -> Iterator[list[Callable[[], object]]]:
    """What the run started; stopped when it ends."""
    stack: list[Callable[[], object]] = []
    yield stack
    for stop in reversed(stack):
        stop()


@pytest.fixture(scope="session")
def amqp_uri(_containers: list[Callable[[], object]]) -> str:
    import kombu

    uri = _service("AMQP_URI", LOCAL_AMQP_URI, _rabbitmq_container, _containers)

    try:
        with kombu.Connection(uri, connect_timeout=5) as connection:
            connection.ensure_connection(max_retries=1)
    except Exception as exc:
        pytest.fail(f"RabbitMQ is required at {uri} and is not reachable: {exc}")
    return uri


@pytest.fixture(scope="session")
def postgres_url(_containers: list[Callable[[], object]]) -> str:
    from sqlalchemy import create_engine, text

    url = _service("TEST_DATABASE_URL", LOCAL_DATABASE_URL, _postgres_container, _containers)

    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        pytest.fail(f"PostgreSQL is required at {url} and is not reachable: {exc}")
    return url


@pytest.fixture
def postgres_schema(postgres_url: str) -> Iterator[str]:
    """A fresh schema per test, dropped afterwards."""
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    yield schema
    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


# How long the run may take to exit once every test has finished. A thread a failed test left
# running must not hold the process (and CI) open: past this, every stack is printed and the run
# ends with its own status.
EXIT_GRACE_SECONDS = 120


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    import faulthandler
    import sys
    import threading

    def end_a_hung_exit() -> None:
        print(f"\nthe run did not exit {EXIT_GRACE_SECONDS} s after its last test; its threads:", file=sys.stderr)
        faulthandler.dump_traceback(file=sys.stderr, all_threads=True)
        os._exit(int(exitstatus) or 1)

    guard = threading.Timer(EXIT_GRACE_SECONDS, end_a_hung_exit)
    guard.daemon = True  # a run that exits in time takes the guard with it
    guard.start()
