"""The audit log of partner calls on the real PostgreSQL: two replicas of a server append to one chain."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from kit.audit import AuditLog, Call, calls, verify
from kit.database import create_store_engine


def call(n: int, agency: str) -> Call:
    return Call(f"2026-12-03T08:00:00.{n:03d}+00:00", agency, "VerifyPermit", f"r-{n}", "OK", 1.5)


@pytest.mark.integration
def test_two_replicas_appending_at_once_keep_one_unbroken_chain(postgres_url: str, postgres_schema: str) -> None:
    engine = create_store_engine(postgres_url, postgres_schema)
    replicas = [AuditLog(engine, flush_seconds=0.01), AuditLog(engine, flush_seconds=0.01)]

    def append(replica: AuditLog, agency: str) -> None:
        for n in range(200):
            replica.record(call(n, agency))

    threads = [threading.Thread(target=append, args=(r, a)) for r, a in zip(replicas, ["a", "b"], strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for replica in replicas:
        replica.close()
    assert len(calls(engine, limit=1000)) == 400
    assert verify(engine) is None
    with engine.begin() as conn:
        conn.execute(
            text(f"UPDATE \"{postgres_schema}\".audit_calls SET code = 'PERMISSION_DENIED' WHERE position = 123")
        )
    assert verify(engine) == 123
    engine.dispose()
