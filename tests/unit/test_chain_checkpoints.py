"""Signed checkpoints: an insider who rewrites the events and the whole chain after a checkpoint is found."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, update

from kit import chain, checkpoints, cli
from kit.database import create_service_engine
from kit.service_runtime import Runtime
from kit.settings import load_settings
from services.permits.application import PermitsApplication
from tests.unit.test_event_chain import events_table, stored, three_submissions

SIGNED_AT = dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)


@pytest.fixture
def permits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Runtime[PermitsApplication]]:
    yield from three_submissions(tmp_path, monkeypatch)


def chained_and_signed(permits: Runtime[PermitsApplication]) -> tuple[Engine, checkpoints.Checkpoint]:
    """The permits log chained to its head and that head signed, as the relay leaves it."""
    engine = create_service_engine(load_settings("permits"))
    chain.extend(permits.app.recorder, engine, chain.opener_of(permits.app))
    signed = checkpoints.record(engine, checkpoints.signer_from_env(), "permits", SIGNED_AT)
    assert signed is not None
    return engine, signed


def rewrite_from(permits: Runtime[PermitsApplication], tmp_path: Path, position: int) -> None:
    """What an insider with write access to the store and its key does: edit an event, seal it again,
    then chain anew from it."""
    cipher = permits.app.mapper.cipher
    assert cipher is not None
    with stored(tmp_path) as conn:
        table = events_table(conn)
        (state,) = conn.execute(f"SELECT state FROM {table} WHERE id = ?", (position,)).fetchone()
        plain = cipher.decrypt(bytes(state))
        edited = cipher.encrypt(plain[:-2] + bytes([plain[-2] ^ 1]) + plain[-1:])
        conn.execute(f"UPDATE {table} SET state = ? WHERE id = ?", (edited, position))
    engine = create_service_engine(load_settings("permits"))
    with engine.begin() as conn:
        conn.execute(delete(chain.event_chain).where(chain.event_chain.c.position >= position))
    chain.extend(permits.app.recorder, engine, chain.opener_of(permits.app))


def test_the_relays_checkpoint_signs_the_chains_head_once_it_moved(permits: Runtime[PermitsApplication]) -> None:
    engine = create_service_engine(load_settings("permits"))
    chain.extend(permits.app.recorder, engine, chain.opener_of(permits.app))
    signer = checkpoints.signer_from_env()
    signed = checkpoints.record(engine, signer, "permits", SIGNED_AT)
    assert signed is not None and (signed.position, signed.link) == chain.head(engine)
    assert checkpoints.signature_holds(signed, signer.public_key)
    assert checkpoints.record(engine, signer, "permits", SIGNED_AT) is None  # the head did not move
    assert checkpoints.stored(engine, "permits") == [signed]


def test_a_log_rewritten_with_its_whole_chain_after_a_checkpoint_is_found(
    permits: Runtime[PermitsApplication], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine, signed = chained_and_signed(permits)
    rewrite_from(permits, tmp_path, 2)
    opened = chain.opener_of(permits.app)
    assert chain.verify(permits.app.recorder, engine, opened=opened).broken_at is None  # the chain alone cannot tell
    assert cli.main(["verify", "permits"]) == 1
    assert f"broken at position {signed.position}: the log up to here differs" in capsys.readouterr().err


def test_a_checkpoint_kept_elsewhere_finds_the_rewrite_when_the_stored_ones_were_deleted(
    permits: Runtime[PermitsApplication], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine, _ = chained_and_signed(permits)
    assert cli.main(["checkpoints", "permits"]) == 0
    published = tmp_path / "published-checkpoints.jsonl"
    published.write_text(capsys.readouterr().out)
    header = json.loads(published.read_text().splitlines()[0])
    assert header["public_key"] and header["service"] == "permits"

    rewrite_from(permits, tmp_path, 1)
    with engine.begin() as conn:
        conn.execute(delete(checkpoints.chain_checkpoints))
    assert cli.main(["verify", "permits"]) == 0  # nothing stored vouches against it any more
    capsys.readouterr()
    assert cli.main(["verify", "permits", "--checkpoints", str(published)]) == 1
    assert "the log up to here differs" in capsys.readouterr().err


def test_a_forged_checkpoint_is_refused_naming_it(
    permits: Runtime[PermitsApplication], capsys: pytest.CaptureFixture[str]
) -> None:
    engine, _ = chained_and_signed(permits)
    with engine.begin() as conn:
        conn.execute(update(checkpoints.chain_checkpoints).values(link="0" * 64))
    assert cli.main(["verify", "permits"]) == 1
    assert "its signature does not hold" in capsys.readouterr().err


def test_an_untouched_log_verifies_through_its_checkpoints(
    permits: Runtime[PermitsApplication], capsys: pytest.CaptureFixture[str]
) -> None:
    chained_and_signed(permits)
    capsys.readouterr()
    assert cli.main(["verify", "permits"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["signed_checkpoints"] == 1 and answer["last_signed_position"] == answer["verified_through"]


def test_the_keeper_in_the_relay_chains_and_signs_as_the_log_grows(permits: Runtime[PermitsApplication]) -> None:
    import threading

    from tests.processes import wait_for

    engine = create_service_engine(load_settings("permits"))
    signer = checkpoints.signer_from_env()
    stop = threading.Event()
    keeper = chain.ChainKeeper(
        permits.app.recorder,
        engine,
        stop,
        every_seconds=0.05,
        checkpoint=lambda: checkpoints.record(engine, signer, "permits"),
        checkpoint_seconds=0,
        opened=chain.opener_of(permits.app),
    )
    keeper.start()
    try:
        head = permits.app.recorder.max_notification_id()
        wait_for(lambda: [c.position for c in checkpoints.stored(engine, "permits")] == [head], what="a checkpoint")
    finally:
        stop.set()
