"""Re-sealing a PostgreSQL event store under the current key while the service goes on writing."""

from __future__ import annotations

import threading
import uuid

import pytest
from eventsourcing.cipher import AESCipher
from eventsourcing.utils import Environment
from sqlalchemy import create_engine, text

from kit import chain
from kit.cipher import StoreCipher
from kit.database import create_service_engine
from kit.reencrypt import reencrypt
from kit.settings import load_settings
from services.permits.bootstrap import build_application
from tests.unit.factories import commitment_application
from tests.unit.permits_fixtures import at
from tests.unit.test_personal_data_at_rest import PERSONAL_DATA

pytestmark = pytest.mark.integration


def test_events_under_a_retired_key_are_resealed_while_applications_go_on_and_the_chain_holds(
    postgres_url: str, postgres_schema: str
) -> None:
    old, new = AESCipher.create_key(32), AESCipher.create_key(32)
    base = {"DATABASE_URL": postgres_url, "PERMITS_DATABASE_SCHEMA": postgres_schema}
    before = build_application(load_settings("permits", {**base, "CIPHER_KEY": old}))
    for n in range(30):
        before.submit_application(commitment_application(f"pg-old-{n}-{uuid.uuid4().hex}"), at("2026-11-02"))
    before.close()

    rotated = load_settings("permits", {**base, "CIPHER_KEY": new, "CIPHER_PREVIOUS_KEYS": old})
    app = build_application(rotated)
    engine = create_service_engine(rotated)
    chain.extend(app.recorder, engine, chain.opener_of(app))
    writing, stop = build_application(rotated), threading.Event()

    def go_on_writing() -> None:
        n = 0
        while not stop.is_set() or n < 5:
            writing.submit_application(commitment_application(f"pg-new-{n}-{uuid.uuid4().hex}"), at("2026-11-03"))
            n += 1

    writer = threading.Thread(target=go_on_writing)
    writer.start()
    try:
        done = reencrypt(app, batch=7)
    finally:
        stop.set()
        writer.join(60)
    writing.close()
    assert done.resealed > 0

    chain.extend(app.recorder, engine, chain.opener_of(app))
    checked = chain.verify(app.recorder, engine, opened=chain.opener_of(app))
    assert checked.broken_at is None and checked.chained == app.recorder.max_notification_id()
    app.close()

    raw = create_engine(postgres_url)
    with raw.connect() as conn:
        query = text(f'SELECT state FROM "{postgres_schema}".permits_events ORDER BY id')
        states = [bytes(row[0]) for row in conn.execute(query)]
    raw.dispose()
    current = StoreCipher(Environment(env={"CIPHER_KEY": new}))
    assert states and all(current.is_current(state) for state in states)
    for state in states:
        for value in PERSONAL_DATA:
            assert value.encode() not in state
    retired = build_application(load_settings("permits", {**base, "CIPHER_KEY": new}))
    assert len([retired.mapper.to_domain_event(n) for n in retired.recorder.select_notifications(1, 10_000)]) == len(
        states
    )
    retired.close()
    engine.dispose()
