"""Credit, notify and supervision reacting to permit events, once each, on in-memory stores."""

import pytest
from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

from kit.consumer import EventProcessor
from kit.database import IN_MEMORY_ENV
from kit.envelope import Envelope, InvalidEnvelope
from kit.positions import PositionStore
from kit.projection import Projector
from services.credit import read_models as credit_views
from services.credit.application import CreditApplication
from services.notify import read_models as notify_views
from services.notify.application import NotifyApplication
from services.supervision.application import SupervisionApplication
from services.supervision.domain import RegisteredUnit
from tests.unit.factories import SPORTS_CENTRE_USCC, permit_granted_envelope


def projector_for(app: object, views: object) -> Projector:
    engine = create_engine("sqlite://", poolclass=StaticPool)
    return Projector(
        "test",
        app.recorder,  # type: ignore[attr-defined]
        app.mapper,  # type: ignore[attr-defined]
        engine,
        views.metadata,  # type: ignore[attr-defined]
        views.apply,  # type: ignore[attr-defined]
        PositionStore(engine),
    )


def test_credit_records_a_unit_when_its_permit_is_granted() -> None:
    credit = CreditApplication(env=IN_MEMORY_ENV)
    assert credit.receive(permit_granted_envelope(position=2))
    projector = projector_for(credit, credit_views)
    projector.catch_up()
    unit = credit_views.unit(projector.engine, SPORTS_CENTRE_USCC)
    assert unit is not None
    assert unit["standing"] == "normal"
    assert unit["permits_held"] == 1
    assert unit["last_cause_event_id"] == permit_granted_envelope(position=2).event_id


def test_the_same_event_delivered_three_times_changes_credit_once() -> None:
    credit = CreditApplication(env=IN_MEMORY_ENV)
    results = [credit.receive(permit_granted_envelope(position=2)) for _ in range(3)]
    assert results == [True, False, False]
    assert len(credit.recorder.select_notifications(1, 100)) == 2  # Opened, PermitRecorded


def test_an_older_redelivery_after_a_newer_event_has_no_effect() -> None:
    credit = CreditApplication(env=IN_MEMORY_ENV)
    credit.receive(permit_granted_envelope(position=2))
    credit.receive(permit_granted_envelope(position=4, permit_no="XF2026-B"))
    assert not credit.receive(permit_granted_envelope(position=2))
    assert credit.upstream_position("permits") == 4


def test_notify_writes_one_permit_granted_notice_for_the_applicant_whatever_the_duplicates() -> None:
    notify = NotifyApplication(env=IN_MEMORY_ENV)
    for _ in range(2):
        notify.receive(permit_granted_envelope(position=2, permit_no="XF2026-ABC"))
    projector = projector_for(notify, notify_views)
    projector.catch_up()
    notices = notify_views.notices_of_unit(projector.engine, SPORTS_CENTRE_USCC)
    assert len(notices) == 1
    assert notices[0]["notice_type"] == "permit_granted"
    assert notices[0]["recipient"] == f"unit:{SPORTS_CENTRE_USCC}"
    assert "准予许可" in notices[0]["body"] and "XF2026-ABC" in notices[0]["body"]


def test_supervision_puts_a_permitted_unit_on_the_register_once() -> None:
    supervision = SupervisionApplication(env=IN_MEMORY_ENV)
    supervision.receive(permit_granted_envelope(position=2))
    supervision.receive(permit_granted_envelope(position=4, permit_no="XF2026-SECOND"))
    unit = supervision.repository.get(RegisteredUnit.create_id(SPORTS_CENTRE_USCC))
    assert unit.permits == ["XF2026-000002", "XF2026-SECOND"]


def test_an_event_type_its_upstream_publishes_without_a_policy_is_tracked_and_ignored() -> None:
    credit = CreditApplication(env=IN_MEMORY_ENV)
    envelope = permit_granted_envelope(position=3)
    unhandled = type(envelope)(**{**envelope.__dict__, "event_type": "DocumentsDelivered"})
    assert credit.receive(unhandled)
    assert credit.upstream_position("permits") == 3
    assert credit.recorder.select_notifications(1, 10) == []


def test_an_event_type_its_upstream_does_not_publish_is_ignored_and_moves_no_tracking() -> None:
    credit = CreditApplication(env=IN_MEMORY_ENV)
    credit.receive(permit_granted_envelope(position=2))
    envelope = permit_granted_envelope(position=10**12 + 7)
    forged = type(envelope)(**{**envelope.__dict__, "event_type": "SomethingNew"})
    assert not credit.receive(forged)
    assert credit.upstream_position("permits") == 2
    assert credit.receive(permit_granted_envelope(position=4, uscc="91310000MA1FL4B24G"))
    assert credit.upstream_position("permits") == 4


def test_a_read_model_rebuilt_from_the_log_equals_the_live_one() -> None:
    credit = CreditApplication(env=IN_MEMORY_ENV)
    for position in range(2, 12, 2):
        credit.receive(permit_granted_envelope(position=position, permit_no=f"P{position}"))
    projector = projector_for(credit, credit_views)
    projector.catch_up()
    live = credit_views.unit(projector.engine, SPORTS_CENTRE_USCC)
    projector.rebuild()
    assert credit_views.unit(projector.engine, SPORTS_CENTRE_USCC) == live


@pytest.mark.parametrize("position", [0, -1])
def test_an_envelope_without_a_log_position_is_refused(position: int) -> None:
    wire = permit_granted_envelope(position=2).to_wire()
    wire["position"] = str(position)
    with pytest.raises(InvalidEnvelope, match="position"):
        Envelope.from_wire(wire)


def test_an_event_stays_processed_when_refreshing_the_read_models_fails() -> None:
    class BrokenViews:
        def __init__(self) -> None:
            self.app = CreditApplication(env=IN_MEMORY_ENV)

        def refresh_read_models(self, max_batches: int | None = None) -> None:
            raise RuntimeError("read-model database went away")

    processor = EventProcessor(lambda: BrokenViews())  # type: ignore[arg-type, return-value]
    processor.setup()
    assert processor.process(permit_granted_envelope(position=2).to_wire()) is True
    assert processor.app().upstream_position("permits") == 2
