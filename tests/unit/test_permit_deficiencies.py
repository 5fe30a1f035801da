"""P2: accepting with deficiencies (容缺受理) and the one-time notice (一次性告知)."""

import pytest

from services.permits.commands import SupplementMaterials
from services.permits.domain import PermitApplication, StepNotAllowed
from tests.unit.factories import commitment_application, standard_application
from tests.unit.permits_fixtures import at, event_names, permits_app


def supplement(app_id: object, request_id: str, *materials: str, day: str = "2026-11-04") -> SupplementMaterials:
    return SupplementMaterials(
        request_id=request_id, application_id=str(app_id), materials=materials, supplemented_at=at(day)
    )


def test_an_incomplete_application_is_accepted_and_every_missing_item_is_listed_once() -> None:
    permits = permits_app()
    application = permits.submit_application(standard_application(materials=("application_form",)), at("2026-11-02"))
    application = permits.accept_application(application.id, at("2026-11-02", 14), by="受理员李四")
    assert application.status == "accepted"
    assert application.missing == ["floor_and_fire_facility_plans", "safety_rules_and_evacuation_plan"]
    assert event_names(permits).count("DeficienciesNotified") == 1


def test_the_business_licence_is_not_demanded_because_market_regulation_confirms_it() -> None:
    permits = permits_app()
    application = permits.submit_application(standard_application(), at("2026-11-02"))
    application = permits.accept_application(application.id, at("2026-11-02", 14), by="受理员李四")
    assert application.missing == []
    assert "DeficienciesNotified" not in event_names(permits)


def test_supplements_may_come_in_several_parts_and_the_notice_is_not_repeated() -> None:
    permits = permits_app()
    application = permits.submit_application(standard_application(materials=()), at("2026-11-02"))
    permits.accept_application(application.id, at("2026-11-02", 14), by="受理员李四")
    permits.supplement_materials(supplement(application.id, "s1", "application_form"), at("2026-11-03"))
    application = permits.supplement_materials(
        supplement(application.id, "s2", "safety_rules_and_evacuation_plan"), at("2026-11-04")
    )
    assert application.missing == ["floor_and_fire_facility_plans"]
    application = permits.supplement_materials(
        supplement(application.id, "s3", "floor_and_fire_facility_plans"), at("2026-11-05")
    )
    assert application.missing == []
    assert event_names(permits).count("DeficienciesNotified") == 1
    assert event_names(permits).count("MaterialsSupplemented") == 3


def test_a_repeated_supplement_request_changes_nothing() -> None:
    permits = permits_app()
    application = permits.submit_application(standard_application(materials=()), at("2026-11-02"))
    permits.accept_application(application.id, at("2026-11-02", 14), by="受理员李四")
    for _ in range(2):
        permits.supplement_materials(supplement(application.id, "s1", "application_form"), at("2026-11-03"))
    assert event_names(permits).count("MaterialsSupplemented") == 1


def test_no_inspection_and_no_decision_while_anything_is_missing() -> None:
    permits = permits_app()
    application = permits.submit_application(standard_application(materials=("application_form",)), at("2026-11-02"))
    permits.accept_application(application.id, at("2026-11-02", 14), by="受理员李四")
    with pytest.raises(StepNotAllowed, match="materials are still missing"):
        permits.record_inspection(
            application.id, passed=True, findings=[], rectification_advice="", inspectors=["A"], at=at("2026-11-03")
        )
    with pytest.raises(StepNotAllowed):
        permits.decide(application.id, grant=True, reasons=[], at=at("2026-11-03"))


def test_a_commitment_without_every_material_is_granted_once_the_last_part_arrives() -> None:
    permits = permits_app()
    application = permits.submit_application(commitment_application(materials=("commitment_letter",)), at("2026-11-02"))
    assert application.status == "submitted"
    assert application.missing == ["floor_and_fire_facility_plans", "safety_rules_and_evacuation_plan"]
    application = permits.supplement_materials(
        supplement(application.id, "s1", "floor_and_fire_facility_plans", "safety_rules_and_evacuation_plan"),
        at("2026-11-04"),
    )
    assert application.status == "granted"
    assert application.granted_at == at("2026-11-04")
    assert event_names(permits)[-2:] == ["PermitGranted", "CommitmentVerificationRequested"]


def test_supplementing_when_nothing_is_missing_is_refused() -> None:
    permits = permits_app()
    application = permits.submit_application(commitment_application(), at("2026-11-02"))
    with pytest.raises(StepNotAllowed, match="no material is outstanding"):
        permits.supplement_materials(supplement(application.id, "s1", "application_form"), at("2026-11-03"))
    assert isinstance(application, PermitApplication)


@pytest.mark.parametrize(
    ("application", "route"), [(standard_application, "standard"), (commitment_application, "commitment")]
)
def test_the_published_one_time_notice_says_on_which_route_the_materials_are_missing(
    application: object, route: str
) -> None:
    from firesafety.permits.v1 import events_pb2
    from services.permits.integration import build_translate

    permits = permits_app()
    submitted = permits.submit_application(application(materials=("application_form",)), at("2026-11-02"))  # type: ignore[operator]
    if route == "standard":
        permits.accept_application(submitted.id, at("2026-11-02", 14), by="受理员李四")
    translate = build_translate(permits)
    envelopes = [
        translate(permits.mapper.to_domain_event(n), n.id) for n in permits.recorder.select_notifications(1, 100)
    ]
    [notified] = [e for e in envelopes if e is not None and e.event_type == "DeficienciesNotified"]
    assert notified.message(events_pb2.DeficienciesNotified).route == route
