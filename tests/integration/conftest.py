"""Fixtures of the integration tests: real RabbitMQ, real PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from tests.integration.credit_consumers import CreditStore, queue_exists
from tests.processes import process_env, reset_event_queues, running, wait_for, worker_argv


@pytest.fixture
def credit_worker(amqp_uri: str, postgres_url: str, postgres_schema: str, tmp_path: Path) -> Iterator[Any]:
    """A credit worker on a fresh schema and fresh queues; yields an engine on that schema."""
    reset_event_queues(amqp_uri)
    env = process_env(
        AMQP_URI=amqp_uri,
        DATABASE_URL=postgres_url,
        CREDIT_DATABASE_SCHEMA=postgres_schema,
        CONSUMER_ATTEMPTS="2",
    )
    engine = create_engine(postgres_url).execution_options(schema_translate_map={None: postgres_schema})
    with running(worker_argv("credit"), env, tmp_path / "credit-worker.log"):
        wait_for(lambda: queue_exists(amqp_uri, "evt-permits--credit"), what="the worker's queue")
        yield CreditStore(engine, postgres_schema)
    engine.dispose()
