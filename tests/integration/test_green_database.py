"""A nameko worker keeps running its other green threads while PostgreSQL answers a slow query.

psycopg2 waits for the server in C; eventlet's default monkey-patching (what `nameko run` does)
installs psycopg2's wait callback, so the wait goes through eventlet's hub. This measures it.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.processes import process_env

pytestmark = pytest.mark.integration

PROBE = """
import eventlet
eventlet.monkey_patch()
import sys
from sqlalchemy import create_engine, text

engine = create_engine(sys.argv[1])
ticks = []

def tick():
    while True:
        ticks.append(1)
        eventlet.sleep(0.01)

ticker = eventlet.spawn(tick)
eventlet.sleep(0)
with engine.connect() as conn:
    conn.execute(text("SELECT pg_sleep(1)"))
ticker.kill()
print(len(ticks))
"""


def test_a_slow_query_does_not_stop_the_workers_other_green_threads(postgres_url: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, postgres_url],
        env=process_env(),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    ticks = int(done.stdout.strip().splitlines()[-1])
    assert ticks >= 40  # about 100 ticks of 10 ms during the one-second query; 0 if the query blocked
