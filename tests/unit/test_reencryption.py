"""`firesafety reencrypt`: events written in clear or under a previous key are re-sealed under the current one,
and the hash chain and its signed checkpoints still verify."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from eventsourcing.cipher import AESCipher
from eventsourcing.utils import Environment

from kit import chain, checkpoints, cli
from kit.cipher import StoreCipher
from kit.database import create_service_engine
from kit.settings import load_settings
from services.permits.application import PermitsApplication
from services.permits.bootstrap import build_application
from tests.unit.factories import commitment_application
from tests.unit.permits_fixtures import at
from tests.unit.test_personal_data_at_rest import PERSONAL_DATA, RESIDENT_ID, raw_states

OLD, NEW = AESCipher.create_key(32), AESCipher.create_key(32)


def chained(tmp_path: Path) -> None:
    """As the relay leaves it: the log chained to its head, the head signed."""
    app = build_application(load_settings("permits"))
    engine = create_service_engine(load_settings("permits"))
    chain.extend(app.recorder, engine, chain.opener_of(app))
    checkpoints.record(engine, checkpoints.signer_from_env(), "permits")
    engine.dispose()
    app.close()


def submit(request_id: str) -> None:
    app = build_application(load_settings("permits"))
    app.submit_application(commitment_application(request_id), at("2026-11-02"))
    app.close()


@pytest.fixture
def a_store_of_three_eras(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Events written in clear, then under the old key, then (after the rotation) under the new one."""
    database = tmp_path / "permits.sqlite"
    clear_env = {"PERSISTENCE_MODULE": "kit.store:Factory", "SQLALCHEMY_URL": f"sqlite:///{database}"}
    legacy = PermitsApplication(env=clear_env)
    legacy.submit_application(commitment_application("in-clear"), at("2026-11-02"))
    legacy.close()
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.setenv("CIPHER_KEY", OLD)
    submit("under-the-old-key")
    chained(tmp_path)
    monkeypatch.setenv("CIPHER_KEY", NEW)
    monkeypatch.setenv("CIPHER_PREVIOUS_KEYS", OLD)
    submit("under-the-new-key")
    chained(tmp_path)
    assert any(RESIDENT_ID.encode() in state for state in raw_states(database))
    return database


def under_the_new_key_alone(database: Path) -> list[bool]:
    current = StoreCipher(Environment(env={"CIPHER_KEY": NEW}))
    return [current.is_current(state) for state in raw_states(database)]


def test_every_event_is_resealed_under_the_current_key_and_the_chain_still_verifies(
    a_store_of_three_eras: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not all(under_the_new_key_alone(a_store_of_three_eras))
    assert cli.main(["reencrypt", "permits"]) == 0
    captured = capsys.readouterr()
    done = json.loads(captured.out)
    assert 0 < done["resealed"] < done["read"] == len(raw_states(a_store_of_three_eras))
    assert "through position" in captured.err
    assert all(under_the_new_key_alone(a_store_of_three_eras))
    for state in raw_states(a_store_of_three_eras):
        for value in PERSONAL_DATA:
            assert value.encode() not in state, f"{value} is readable in the raw row"

    assert cli.main(["verify", "permits"]) == 0
    verified = json.loads(capsys.readouterr().out)
    assert verified["signed_checkpoints"] == 2 and verified["last_signed_position"] == verified["verified_through"]

    monkeypatch.delenv("CIPHER_PREVIOUS_KEYS")  # the old key retired
    app = build_application(load_settings("permits"))
    events = [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(1, 1000)]
    assert sum(RESIDENT_ID in repr(vars(e)) for e in events) == 3  # each era's submission reads
    app.close()


def test_an_interrupted_pass_resumes_and_a_finished_one_has_nothing_left(
    a_store_of_three_eras: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kit import reencrypt

    def interrupted(progress: reencrypt.Progress) -> None:
        raise KeyboardInterrupt

    app = build_application(load_settings("permits"))
    with pytest.raises(KeyboardInterrupt):
        reencrypt.reencrypt(app, batch=1, report=interrupted)
    app.close()
    assert under_the_new_key_alone(a_store_of_three_eras)[0] and not all(under_the_new_key_alone(a_store_of_three_eras))
    assert cli.main(["reencrypt", "permits"]) == 0
    assert json.loads(capsys.readouterr().out)["resealed"] > 0
    assert cli.main(["reencrypt", "permits"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["resealed"] == 0 and again["read"] == len(raw_states(a_store_of_three_eras))


def test_an_edited_event_stops_the_pass_naming_its_position(
    a_store_of_three_eras: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(a_store_of_three_eras) as conn:
        table = "permits_events"
        (state,) = conn.execute(f"SELECT state FROM {table} WHERE id = 2").fetchone()
        conn.execute(f"UPDATE {table} SET state = ? WHERE id = 2", (bytes([state[0] ^ 1]) + state[1:],))
    assert cli.main(["reencrypt", "permits"]) == 1
    assert "position 2: no key opens" in capsys.readouterr().err
