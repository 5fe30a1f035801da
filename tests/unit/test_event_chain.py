"""Tamper-evident history: a single edited byte in a service's stored events is found and named."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from kit import chain, cli, runtime
from kit.database import create_service_engine
from kit.service_runtime import Runtime
from kit.settings import load_settings
from services.permits.application import PermitsApplication
from services.permits.bootstrap import build_worker_runtime
from services.permits.entrypoints import grpc_mapping
from tests.unit.test_permits_api import commitment

NOW = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)


@pytest.fixture
def permits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Runtime[PermitsApplication]]:
    yield from three_submissions(tmp_path, monkeypatch)


def three_submissions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Runtime[PermitsApplication]]:
    """The permits store in `tmp_path` with three commitment submissions."""
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    built = build_worker_runtime(load_settings("permits"))
    for n in range(3):
        built.app.submit_application(grpc_mapping.submit_command(commitment(f"chain-{n}")), NOW)
    yield built
    built.close()


def stored(tmp_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(tmp_path / "permits.sqlite")


def events_table(conn: sqlite3.Connection) -> str:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name LIKE '%events'")]
    (name,) = [n for n in names if n.startswith("permits")]
    return name


def test_an_untouched_log_verifies_through_its_last_event(permits: Runtime[PermitsApplication]) -> None:
    engine = create_service_engine(load_settings("permits"))
    assert (
        chain.extend(permits.app.recorder, engine, chain.opener_of(permits.app))
        == permits.app.recorder.max_notification_id()
        > 0
    )
    checked = chain.verify(permits.app.recorder, engine, opened=chain.opener_of(permits.app))
    assert checked.broken_at is None and checked.chained == permits.app.recorder.max_notification_id()
    assert chain.extend(permits.app.recorder, engine, chain.opener_of(permits.app)) == 0
    assert cli.main(["verify", "permits"]) == 0


def test_one_edited_byte_is_named_by_its_position_and_rebuilding_refuses(
    permits: Runtime[PermitsApplication], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = create_service_engine(load_settings("permits"))
    chain.extend(permits.app.recorder, engine, chain.opener_of(permits.app))
    edited = permits.app.recorder.select_notifications(start=2, limit=1)[0]
    with stored(tmp_path) as conn:
        table = events_table(conn)
        (state,) = conn.execute(f"SELECT state FROM {table} WHERE id = ?", (edited.id,)).fetchone()
        changed = bytes(state[:10]) + bytes([state[10] ^ 1]) + bytes(state[11:])
        conn.execute(f"UPDATE {table} SET state = ? WHERE id = ?", (changed, edited.id))
    checked = chain.verify(permits.app.recorder, engine, opened=chain.opener_of(permits.app))
    assert checked.broken_at == edited.id and checked.chained == edited.id - 1
    assert cli.main(["verify", "permits"]) == 1
    assert f"broken at position {edited.id}" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:
        runtime.main(["rebuild", "permits"])
    assert refused.value.code == 2


def test_a_deleted_event_breaks_the_chain_where_it_was(permits: Runtime[PermitsApplication], tmp_path: Path) -> None:
    engine = create_service_engine(load_settings("permits"))
    chain.extend(permits.app.recorder, engine, chain.opener_of(permits.app))
    last = permits.app.recorder.max_notification_id()
    with stored(tmp_path) as conn:
        conn.execute(f"DELETE FROM {events_table(conn)} WHERE id = ?", (last,))
    assert chain.verify(permits.app.recorder, engine, opened=chain.opener_of(permits.app)).broken_at == last


def test_events_written_after_the_last_link_are_reported_not_yet_chained(permits: Runtime[PermitsApplication]) -> None:
    engine = create_service_engine(load_settings("permits"))
    chain.extend(permits.app.recorder, engine, chain.opener_of(permits.app))
    permits.app.submit_application(grpc_mapping.submit_command(commitment("chain-late")), NOW)
    checked = chain.verify(permits.app.recorder, engine, opened=chain.opener_of(permits.app))
    assert checked.broken_at is None and checked.unchained > 0
