"""Personal data encrypted at rest: the event stores hold no resident ID, phone or e-mail in clear."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from eventsourcing.cipher import AESCipher
from eventsourcing.persistence import MapperDeserialisationError
from eventsourcing.utils import Environment

from kit.cipher import KEY_FILE, CipherKeyError
from kit.settings import load_settings
from services.permits.bootstrap import build_application, build_worker_runtime
from tests.unit.factories import APPLICANT, commitment_application
from tests.unit.permits_fixtures import at

RESIDENT_ID = "11010519491231002X"  # the legal representative's, in tests.unit.factories
PERSONAL_DATA = (RESIDENT_ID, APPLICANT.phone, APPLICANT.email)


def raw_states(database: Path) -> list[bytes]:
    with sqlite3.connect(database) as conn:
        return [bytes(row[0]) for row in conn.execute("SELECT state FROM permits_events ORDER BY id")]


def submitted(var_dir: Path, **environ: str) -> str:
    app = build_application(load_settings("permits", {"VAR_DIR": str(var_dir), **environ}))
    application = app.submit_application(commitment_application("at-rest-1"), at("2026-11-02"))
    app.close()
    return str(application.id)


def test_the_sqlite_store_holds_no_resident_id_phone_or_email_in_clear(tmp_path: Path) -> None:
    application_id = submitted(tmp_path)
    states = raw_states(tmp_path / "permits.sqlite")
    assert states
    for state in states:
        for value in PERSONAL_DATA:
            assert value.encode() not in state, f"{value} is readable in the raw row"
        assert b"legal_representative" not in state, "not even the field names are readable"
    app = build_application(load_settings("permits", {"VAR_DIR": str(tmp_path)}))
    stored = app.recorder.select_notifications(1, 1000)
    decoded = [app.mapper.to_domain_event(n) for n in stored]  # the application still reads them all
    assert any(RESIDENT_ID in repr(vars(event)) for event in decoded)
    assert str(app.repository.get(decoded[0].originator_id).id) == application_id
    app.close()


def test_without_a_cipher_key_one_is_made_once_readable_only_by_its_owner_and_reused(tmp_path: Path) -> None:
    submitted(tmp_path)
    key_file = tmp_path / KEY_FILE
    key = key_file.read_text()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    build_application(load_settings("permits", {"VAR_DIR": str(tmp_path)})).close()
    assert key_file.read_text() == key


def test_a_given_cipher_key_is_used_and_no_key_file_is_made(tmp_path: Path) -> None:
    key = AESCipher.create_key(32)
    submitted(tmp_path, CIPHER_KEY=key)
    assert not (tmp_path / KEY_FILE).exists()
    app = build_application(load_settings("permits", {"VAR_DIR": str(tmp_path), "CIPHER_KEY": key}))
    assert len(app.recorder.select_notifications(1, 1000)) == app.recorder.max_notification_id()
    app.close()


def test_a_wrong_key_is_refused_at_start_naming_the_store_and_what_to_check(tmp_path: Path) -> None:
    submitted(tmp_path, CIPHER_KEY=AESCipher.create_key(32))
    with pytest.raises(CipherKeyError, match=r"permits.*event store.*CIPHER_KEY is not the key.*CIPHER_PREVIOUS_KEYS"):
        build_application(load_settings("permits", {"VAR_DIR": str(tmp_path), "CIPHER_KEY": AESCipher.create_key(32)}))


def test_a_key_that_is_not_a_key_is_refused_naming_the_setting(tmp_path: Path) -> None:
    with pytest.raises(CipherKeyError, match=r"CIPHER_KEY is not a key.*16, 24 or 32 bytes"):
        build_application(load_settings("permits", {"VAR_DIR": str(tmp_path), "CIPHER_KEY": "change-me"}))


def test_after_a_rotation_events_under_the_previous_key_still_read_and_new_ones_use_the_new_key(
    tmp_path: Path,
) -> None:
    old, new = AESCipher.create_key(32), AESCipher.create_key(32)
    submitted(tmp_path, CIPHER_KEY=old)
    written_before = len(raw_states(tmp_path / "permits.sqlite"))
    settings = load_settings("permits", {"VAR_DIR": str(tmp_path), "CIPHER_KEY": new, "CIPHER_PREVIOUS_KEYS": old})
    app = build_application(settings)
    app.submit_application(commitment_application("at-rest-2"), at("2026-11-03"))
    assert len([app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(1, 1000)]) > written_before
    app.close()

    only_new = build_application(load_settings("permits", {"VAR_DIR": str(tmp_path), "CIPHER_KEY": new}))
    (first,) = only_new.recorder.select_notifications(1, 1)
    with pytest.raises(MapperDeserialisationError, match="CIPHER_PREVIOUS_KEYS"):
        only_new.mapper.to_domain_event(first)  # the old key must stay while events written with it remain
    only_new.close()


def test_a_store_written_in_clear_before_encryption_still_reads_and_new_events_are_encrypted(tmp_path: Path) -> None:
    from services.permits.application import PermitsApplication

    clear_env = {"PERSISTENCE_MODULE": "kit.store:Factory", "SQLALCHEMY_URL": f"sqlite:///{tmp_path}/permits.sqlite"}
    legacy = PermitsApplication(env=clear_env)
    legacy.submit_application(commitment_application("legacy-1"), at("2026-11-02"))
    legacy.close()
    written_in_clear = len(raw_states(tmp_path / "permits.sqlite"))
    assert RESIDENT_ID.encode() in raw_states(tmp_path / "permits.sqlite")[0]  # the old store: in clear

    runtime = build_worker_runtime(load_settings("permits", {"VAR_DIR": str(tmp_path)}))
    runtime.app.submit_application(commitment_application("encrypted-1"), at("2026-11-02"))
    events = [runtime.app.mapper.to_domain_event(n) for n in runtime.app.recorder.select_notifications(1, 1000)]
    assert {type(e).__qualname__ for e in events} >= {"PermitApplication.Submitted"}
    assert runtime.projector.rebuild() == len(events)  # the read models replay the old and the new events
    runtime.close()
    states = raw_states(tmp_path / "permits.sqlite")
    assert len(states) > written_in_clear
    assert all(RESIDENT_ID.encode() not in state for state in states[written_in_clear:])


def test_make_run_on_a_fresh_checkout_makes_the_key_once_and_reuses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kit import launcher

    monkeypatch.delenv("CIPHER_KEY", raising=False)
    monkeypatch.setenv("VAR_DIR", str(tmp_path / "var"))
    launcher.ensure_cipher_key()
    key_file = tmp_path / "var" / KEY_FILE
    key = key_file.read_text()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    launcher.ensure_cipher_key()
    assert key_file.read_text() == key
    app = build_application(load_settings("permits", {"VAR_DIR": str(tmp_path / "var")}))  # what its processes use
    assert isinstance(app.mapper.cipher, AESCipher)
    assert app.mapper.cipher.key == AESCipher(Environment(env={"CIPHER_KEY": key.strip()})).key
    app.close()


def test_the_stored_form_is_eventsourcings_aes_gcm_either_way_and_a_damaged_event_is_refused() -> None:
    from kit.cipher import StoreCipher

    key = AESCipher.create_key(32)
    ours, theirs = StoreCipher(Environment(env={"CIPHER_KEY": key})), AESCipher(Environment(env={"CIPHER_KEY": key}))
    state = '{"name": "消防安全", "phone": "13800000000"}'.encode()
    assert theirs.decrypt(ours.encrypt(state)) == state
    assert ours.decrypt(theirs.encrypt(state)) == state
    damaged = bytearray(ours.encrypt(state))
    damaged[-1] ^= 1
    for refused in (bytes(damaged), b"short", b""):
        with pytest.raises(CipherKeyError):
            ours.decrypt(refused)
