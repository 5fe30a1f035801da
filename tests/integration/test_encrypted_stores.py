"""Personal data encrypted at rest on the real PostgreSQL; the application, the read models and the relay still work."""

from __future__ import annotations

import json
import threading
import uuid

import pytest
from eventsourcing.cipher import AESCipher
from sqlalchemy import create_engine, text

from firesafety.permits.v1.events_pb2 import PermitGranted
from kit.cipher import CipherKeyError
from kit.relay import AmqpPublisher
from kit.runtime import build_relay
from kit.sealed import process_applicant_contact_seal
from kit.settings import load_settings
from services.permits.bootstrap import build_application, build_worker_runtime
from services.permits.integration import build_translate
from tests.integration.test_relay import Listener
from tests.unit.factories import APPLICANT, commitment_application
from tests.unit.permits_fixtures import at
from tests.unit.test_personal_data_at_rest import PERSONAL_DATA, RESIDENT_ID

pytestmark = pytest.mark.integration


def test_the_postgres_store_holds_no_personal_data_in_clear_yet_replays_and_relays_it(
    amqp_uri: str, postgres_url: str, postgres_schema: str
) -> None:
    key = AESCipher.create_key(32)
    environ = {"DATABASE_URL": postgres_url, "PERMITS_DATABASE_SCHEMA": postgres_schema, "CIPHER_KEY": key}
    settings = load_settings("permits", environ)
    runtime = build_worker_runtime(settings)
    app = runtime.app
    application = app.submit_application(commitment_application(f"pg-at-rest-{uuid.uuid4().hex}"), at("2026-11-02"))

    engine = create_engine(postgres_url)
    with engine.connect() as conn:
        states = [
            bytes(row[0])
            for row in conn.execute(text(f'SELECT state FROM "{postgres_schema}".permits_events ORDER BY id'))
        ]
    engine.dispose()
    assert states
    for state in states:
        for value in PERSONAL_DATA:
            assert value.encode() not in state, f"{value} is readable in the raw row"

    stored = app.recorder.select_notifications(1, 1000)
    assert any(RESIDENT_ID in repr(vars(app.mapper.to_domain_event(n))) for n in stored)
    assert runtime.projector.rebuild() == len(stored)

    exchange = f"test-{uuid.uuid4().hex[:8]}"
    listener = Listener(amqp_uri, f"{exchange}.events")
    stop = threading.Event()
    relay, lock, watcher = build_relay(settings, app, build_translate(app), stop)
    worker = threading.Thread(target=relay.run, args=(lambda: AmqpPublisher(amqp_uri, exchange), lock, stop, watcher))
    worker.start()
    try:
        listener.drain_until(lambda got: any(e.event_type == "PermitGranted" for e in got))
    finally:
        stop.set()
        worker.join(10)
        listener.close()
    (granted,) = [e for e in listener.received if e.event_type == "PermitGranted"]
    assert granted.data["permit_no"] == application.permit_no
    # The applicant's contact crosses the bus sealed for notify alone (README, Security).
    assert APPLICANT.phone not in json.dumps(granted.to_wire(), ensure_ascii=False)
    sealed = granted.message(PermitGranted).applicant.sealed
    assert process_applicant_contact_seal().open(sealed)["phone"] == APPLICANT.phone
    runtime.close()

    wrong = {**environ, "CIPHER_KEY": AESCipher.create_key(32)}
    with pytest.raises(CipherKeyError, match="CIPHER_KEY is not the key"):
        build_application(load_settings("permits", wrong))
