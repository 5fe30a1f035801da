"""Shared fixtures. Tests that need RabbitMQ or PostgreSQL fail, never skip, when either is missing.

Imports sit inside the fixtures: the manifest checks run without the service packages installed.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

AMQP_URI = os.environ.get("AMQP_URI", "amqp://guest:guest@localhost:5672/")
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def amqp_uri() -> str:
    import kombu

    try:
        with kombu.Connection(AMQP_URI, connect_timeout=5) as connection:
            connection.ensure_connection(max_retries=1)
    except Exception as exc:
        pytest.fail(f"RabbitMQ is required at {AMQP_URI} and is not reachable: {exc}")
    return AMQP_URI


@pytest.fixture(scope="session")
def postgres_url() -> str:
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(TEST_DATABASE_URL)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        pytest.fail(f"PostgreSQL is required at {TEST_DATABASE_URL} and is not reachable: {exc}")
    return TEST_DATABASE_URL


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
