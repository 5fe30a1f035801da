"""Signed checkpoints published: as an event on the service's exchange, and on notify's public feed,
where a third party fetches them and checks the service's log against them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from firesafety.events.v1.checkpoint_pb2 import ChainCheckpointSigned
from kit import chain, checkpoints, cli
from kit.database import create_service_engine
from kit.envelope import Envelope
from kit.service_runtime import Runtime
from kit.settings import load_settings
from services.notify.application.checkpoints import InvalidCheckpoint
from services.notify.feed import BadFeedRequest, PublicationFeed
from services.permits.application import PermitsApplication
from services.permits.integration import build_translate
from tests.unit import notify_factories as f
from tests.unit.test_event_chain import three_submissions

SIGNED_AT = dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)


@pytest.fixture
def permits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Runtime[PermitsApplication]]:
    yield from three_submissions(tmp_path, monkeypatch)


def relay_round(permits: Runtime[PermitsApplication], at: dt.datetime = SIGNED_AT) -> checkpoints.Checkpoint | None:
    """What the relay's chain keeper does each round: chain what is new, sign the head if it moved."""
    engine = create_service_engine(load_settings("permits"))
    chain.extend(permits.app.recorder, engine, chain.opener_of(permits.app))
    signed = checkpoints.record(engine, checkpoints.signer_from_env(), "permits", at, app=permits.app)
    engine.dispose()
    return signed


def published(permits: Runtime[PermitsApplication]) -> list[Envelope]:
    """What permits' relay publishes of its log."""
    translate = checkpoints.publishing(build_translate(permits.app), "permits")
    app = permits.app
    found = [translate(app.mapper.to_domain_event(n), n.id) for n in app.recorder.select_notifications(1, 1000)]
    return [Envelope.from_wire(e.to_wire()) for e in found if e is not None]


def test_a_checkpoint_is_published_on_the_services_exchange_as_an_event_of_its_log(
    permits: Runtime[PermitsApplication],
) -> None:
    signed = relay_round(permits)
    assert signed is not None
    [envelope] = [e for e in published(permits) if e.event_type == "ChainCheckpointSigned"]
    message = envelope.message(ChainCheckpointSigned)
    assert (envelope.source, message.position, message.link) == ("permits", signed.position, signed.link)
    assert envelope.position == signed.position + 1  # the checkpoint's own event follows what it signs
    assert message.public_key == checkpoints.signer_from_env().public_key_b64


def test_a_log_that_grew_by_its_checkpoint_alone_is_not_signed_again(permits: Runtime[PermitsApplication]) -> None:
    assert relay_round(permits) is not None
    assert relay_round(permits, SIGNED_AT + dt.timedelta(minutes=5)) is None
    permits.app.submit_application(f_submission("late"), SIGNED_AT)
    assert relay_round(permits, SIGNED_AT + dt.timedelta(minutes=10)) is not None


def f_submission(request_id: str) -> object:
    from services.permits.entrypoints import grpc_mapping
    from tests.unit.test_permits_api import commitment

    return grpc_mapping.submit_command(commitment(request_id))


def test_notifys_public_feed_lists_them_and_a_third_party_checks_the_log_with_them(
    permits: Runtime[PermitsApplication], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    relay_round(permits)
    n = f.notify(directory={})
    n.receive(*published(permits))
    feed = PublicationFeed(n.views, "https://notify.example.cn/", "徐汇区消防救援支队")
    fetched = tmp_path / "fetched-from-the-feed.jsonl"
    fetched.write_text(feed.checkpoints({"service": "permits"}), encoding="utf-8")
    [kept] = checkpoints.read_file(fetched)
    assert kept == checkpoints.stored(create_service_engine(load_settings("permits")), "permits")[0]
    assert checkpoints.signature_holds(kept, checkpoints.signer_from_env().public_key)

    assert cli.main(["verify", "permits", "--checkpoints", str(fetched)]) == 0
    assert feed.checkpoints({"service": "credit"}) == ""
    assert feed.checkpoints({"service": "permits", "since": str(kept.position)}) == ""


def test_a_checkpoint_whose_signature_does_not_hold_or_of_another_service_is_refused(
    permits: Runtime[PermitsApplication],
) -> None:
    relay_round(permits)
    [envelope] = [e for e in published(permits) if e.event_type == "ChainCheckpointSigned"]
    forged = dataclasses.replace(envelope, data={**envelope.data, "link": "0" * 64})
    n = f.notify(directory={})
    with pytest.raises(InvalidCheckpoint, match="signature does not hold"):
        n.receive(forged)
    with pytest.raises(InvalidCheckpoint, match="published by permits"):
        n.receive(dataclasses.replace(envelope, data={**envelope.data, "service": "credit"}))
    feed = PublicationFeed(n.views, "https://notify.example.cn/", "徐汇区消防救援支队")
    assert feed.checkpoints({}) == ""


@pytest.mark.parametrize(
    ("args", "field"), [({"service": "bank"}, "service"), ({"since": "x"}, "since"), ({"since": "-1"}, "since")]
)
def test_a_bad_checkpoints_query_is_refused_naming_the_parameter(args: dict[str, str], field: str) -> None:
    feed = PublicationFeed(f.notify(directory={}).views, "https://notify.example.cn/", "徐汇区消防救援支队")
    with pytest.raises(BadFeedRequest, match=field):
        feed.checkpoints(args)
