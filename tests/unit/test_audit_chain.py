"""The audit log's hash chain: its links are the ones rows already stored carry, and it breaks where edited."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from kit.audit import GENESIS, AuditLog, Call, calls, link_of, verify
from kit.database import create_store_engine


def test_a_link_is_the_sha256_of_the_previous_link_and_the_rows_canonical_json() -> None:
    # Pinned: rows written before keep verifying only while the link is made of the same bytes.
    call = Call("2026-12-03T08:00:00.000+00:00", "market-regulation", "VerifyPermit", 'r-"1" 消防', "OK", 1.5)
    assert link_of(GENESIS, call) == "6bf20f212ec8041454e13b574c45ac308b62bdba37579bd5d629ca213570f223"


def test_recorded_calls_are_stored_in_one_chain_that_an_edit_breaks(tmp_path: Path) -> None:
    engine = create_store_engine(f"sqlite:///{tmp_path / 'audit.sqlite'}", None)
    audit = AuditLog(engine, flush_seconds=0.01)
    for n in range(50):
        audit.record(Call(f"2026-12-03T08:00:00.{n:03d}+00:00", "portal", "GetApplication", f"r-{n}", "OK", 0.25))
    audit.flush()
    assert [row["request_id"] for row in calls(engine, limit=100)] == [f"r-{n}" for n in range(50)]
    assert verify(engine) is None
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_calls SET code = 'PERMISSION_DENIED' WHERE position = 7"))
    assert verify(engine) == 7
    audit.close()
    engine.dispose()
