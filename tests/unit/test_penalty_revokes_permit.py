"""S6 across two services: a penalty decision that revokes the unit's permit (吊销许可证件), made in
supervision after legal review, takes the permit away in permits — supervision's own published
events, not hand-made ones."""

from __future__ import annotations

from firesafety.permits.v1 import permits_pb2 as pb
from services.permits.application import PermitsApplication
from services.permits.entrypoints.grpc_mapping import application_message
from services.permits.integration import build_translate
from tests.unit.factories import commitment_application
from tests.unit.permits_fixtures import at as permits_at
from tests.unit.permits_fixtures import event_names, permits_app
from tests.unit.supervision_factories import World, at
from tests.unit.test_supervision_penalties import TEAM, propose, violation


def granted_and_known_to_supervision() -> tuple[PermitsApplication, World, str]:
    permits = permits_app()
    application = permits.submit_application(commitment_application("portal-revoke-1"), permits_at("2026-11-02"))
    assert application.status == "granted"
    world = World()
    translate = build_translate(permits)
    for n in permits.recorder.select_notifications(1, 1000):
        envelope = translate(permits.mapper.to_domain_event(n), n.id)
        if envelope is not None:
            world.receive(envelope)
    world.team(*TEAM)
    world.inspector("LAW1", roles=["legal_reviewer"])
    return permits, world, str(application.id)


def revoke_by_penalty(world: World, permit_no: str, approved: bool = True) -> None:
    case = propose(world, violation(world), 10_000, revocation="permit", revoked_document=permit_no)
    world.desk.review_penalty(
        penalty_id=case["penalty_id"], reviewer_id="LAW1", approved=approved, opinion="同意", at=at("2026-11-12")
    )


def test_a_penalty_that_revokes_the_permit_takes_it_away_in_permits_once() -> None:
    permits, world, application_id = granted_and_known_to_supervision()
    permit_no = permits.get_application(application_id).permit_no  # type: ignore[arg-type]
    revoke_by_penalty(world, permit_no)
    published = world.published()
    for envelope in published:
        permits.receive(envelope)
    revoked = permits.get_application(application_id)  # type: ignore[arg-type]
    assert revoked.status == "revoked"
    assert revoked.revocation is not None and revoked.revocation["reason"] == "penalty_revocation"
    assert application_message(revoked).status == pb.APPLICATION_STATUS_REVOKED
    # A redelivery changes nothing.
    for envelope in published:
        assert not permits.receive(envelope)
    assert event_names(permits).count("PermitRevoked") == 1


def test_a_revocation_legal_review_rejected_leaves_the_permit_valid() -> None:
    permits, world, application_id = granted_and_known_to_supervision()
    revoke_by_penalty(world, permits.get_application(application_id).permit_no, approved=False)  # type: ignore[arg-type]
    for envelope in world.published():
        permits.receive(envelope)
    assert permits.get_application(application_id).status == "granted"  # type: ignore[arg-type]
    assert "PermitRevoked" not in event_names(permits)
