"""P1, P3, P8: inspection, decision, revocation of a commitment found seriously false."""

import datetime as dt

import pytest

from services.permits.application import PermitsApplication
from services.permits.domain import StepNotAllowed
from services.permits.entrypoints.grpc_mapping import application_message
from tests.unit.factories import commitment_application, commitment_verified_envelope, standard_application
from tests.unit.permits_fixtures import at, event_names, permits_app


def inspected(permits: PermitsApplication, passed: bool, advice: str = "") -> object:
    application = permits.submit_application(standard_application(), at("2026-11-02"))
    permits.accept_application(application.id, at("2026-11-02", 14), by="受理员李四")
    permits.record_inspection(
        application.id,
        passed=passed,
        findings=[] if passed else ["疏散指示标志损坏", "安全出口锁闭"],
        rectification_advice=advice,
        inspectors=["监督员王", "监督员赵"],
        at=at("2026-11-05"),
    )
    return application.id


def test_a_venue_that_passes_its_inspection_is_granted() -> None:
    permits = permits_app()
    application = permits.decide(inspected(permits, True), grant=True, reasons=[], at=at("2026-11-06"))  # type: ignore[arg-type]
    assert application.status == "granted"
    assert application.permit_no


def test_a_failed_inspection_comes_with_rectification_advice() -> None:
    permits = permits_app()
    application = permits.submit_application(standard_application(), at("2026-11-02"))
    permits.accept_application(application.id, at("2026-11-02", 14), by="受理员李四")
    with pytest.raises(StepNotAllowed, match="rectification advice"):
        permits.record_inspection(
            application.id,
            passed=False,
            findings=["安全出口锁闭"],
            rectification_advice=" ",
            inspectors=["王"],
            at=at("2026-11-05"),
        )


def test_a_refusal_carries_the_findings_and_the_advice() -> None:
    permits = permits_app()
    application_id = inspected(permits, False, advice="更换疏散指示标志，保持安全出口畅通，整改后申请复查")
    application = permits.decide(application_id, grant=False, reasons=[], at=at("2026-11-06"))  # type: ignore[arg-type]
    assert application.status == "refused"
    assert application.refusal is not None
    assert application.refusal["reasons"] == ["疏散指示标志损坏", "安全出口锁闭"]
    assert "整改" in application.refusal["rectification_advice"]


def test_a_venue_that_failed_its_inspection_cannot_be_granted() -> None:
    permits = permits_app()
    application_id = inspected(permits, False, advice="整改")
    with pytest.raises(StepNotAllowed, match="failed its inspection"):
        permits.decide(application_id, grant=True, reasons=[], at=at("2026-11-06"))  # type: ignore[arg-type]


def test_no_decision_before_the_inspection() -> None:
    permits = permits_app()
    application = permits.submit_application(standard_application(), at("2026-11-02"))
    permits.accept_application(application.id, at("2026-11-02", 14), by="受理员李四")
    with pytest.raises(StepNotAllowed, match="cannot be decided"):
        permits.decide(application.id, grant=True, reasons=[], at=at("2026-11-03"))


def test_a_commitment_found_seriously_false_revokes_the_permit_once() -> None:
    permits = permits_app()
    application = permits.submit_application(commitment_application(), at("2026-11-02"))
    verdict = commitment_verified_envelope(position=12, application_id=str(application.id))
    assert permits.receive(verdict)
    assert not permits.receive(verdict)  # a duplicate delivery
    revoked = permits.get_application(application.id)
    assert revoked.status == "revoked"
    assert revoked.revocation is not None and revoked.revocation["cause_event_id"] == verdict.event_id
    assert event_names(permits).count("PermitRevoked") == 1


def test_a_commitment_found_true_keeps_the_permit() -> None:
    permits = permits_app()
    application = permits.submit_application(commitment_application(), at("2026-11-02"))
    permits.receive(commitment_verified_envelope(position=3, application_id=str(application.id), result="true"))
    assert permits.get_application(application.id).status == "granted"


def test_a_revocation_takes_effect_when_the_finding_was_recorded_not_at_the_end_of_its_day() -> None:
    permits = permits_app()
    application = permits.submit_application(commitment_application(), at("2026-11-02"))
    verdict = commitment_verified_envelope(
        position=12,
        application_id=str(application.id),
        verified_at="2026-11-20T09:15:00+08:00",  # this morning's finding
        business_time="2026-11-20T23:59:59+08:00",  # as events published before verified_at was kept
    )
    permits.receive(verdict)
    revocation = permits.get_application(application.id).revocation
    assert revocation is not None
    assert revocation["revoked_at"].isoformat() == "2026-11-20T09:15:00+08:00"


def test_a_verified_commitment_stops_its_due_date_from_being_revised() -> None:
    permits = permits_app()
    application = permits.submit_application(commitment_application(), at("2026-11-02"))
    permits.receive(commitment_verified_envelope(position=3, application_id=str(application.id), result="true"))
    assert permits.get_application(application.id).verification_completed
    assert application_message(permits.get_application(application.id)).verification_result == "true"
    assert "VerificationCompleted" in event_names(permits)


# P8: the rectification plan of a failed inspection, guided by the inspector.


def test_a_failed_inspection_records_the_rectification_plan_the_inspector_guided() -> None:
    permits = permits_app()
    application_id = inspected(permits, passed=False, advice="更换疏散指示标志，拆除安全出口锁具")
    permits.decide(application_id, grant=False, reasons=[], at=at("2026-11-06"))  # type: ignore[arg-type]
    planned = permits.record_rectification_plan(
        application_id,  # type: ignore[arg-type]
        items=["11月20日前更换全部疏散指示标志", " 立即拆除安全出口锁具 ", ""],
        target_date=dt.date(2026, 11, 20),
        guided_by=["监督员王"],
        at=at("2026-11-09"),
    )
    assert planned.rectification_plan is not None
    assert planned.rectification_plan["items"] == ["11月20日前更换全部疏散指示标志", "立即拆除安全出口锁具"]
    assert planned.rectification_plan["guided_by"] == ["监督员王"]
    plan = application_message(planned).rectification_plan  # what a partner reads (GetApplication)
    assert (list(plan.items), plan.target_date) == (
        ["11月20日前更换全部疏散指示标志", "立即拆除安全出口锁具"],
        "2026-11-20",
    )
    assert event_names(permits)[-1] == "RectificationPlanRecorded"


def test_a_revised_rectification_plan_replaces_the_earlier_one() -> None:
    permits = permits_app()
    application_id = inspected(permits, passed=False, advice="整改")
    for items in (["更换指示标志"], ["更换指示标志", "增设灭火器"]):
        permits.record_rectification_plan(
            application_id,  # type: ignore[arg-type]
            items=items,
            target_date=None,
            guided_by=["监督员王"],
            at=at("2026-11-06"),
        )
    plan = permits.get_application(application_id).rectification_plan  # type: ignore[arg-type]
    assert plan is not None and plan["items"] == ["更换指示标志", "增设灭火器"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"items": [" "]}, "items: a rectification plan lists at least one measure"),
        ({"guided_by": []}, "guided_by: name the inspector"),
        ({"at": at("2026-11-04")}, "at: .* is before the inspection"),
        ({"target_date": dt.date(2026, 11, 1)}, "target_date: 2026-11-01 is before the plan"),
    ],
)
def test_a_rectification_plan_without_measures_or_a_guide_or_dated_before_the_inspection_is_refused(
    changes: dict[str, object], message: str
) -> None:
    permits = permits_app()
    application_id = inspected(permits, passed=False, advice="整改")
    fields: dict[str, object] = {"items": ["更换指示标志"], "target_date": None, "guided_by": ["监督员王"],
                                 "at": at("2026-11-06"), **changes}  # fmt: skip
    before = event_names(permits)
    with pytest.raises(StepNotAllowed, match=message):
        permits.record_rectification_plan(application_id, **fields)  # type: ignore[arg-type]
    assert event_names(permits) == before


def test_a_passed_inspection_has_no_rectification_plan() -> None:
    permits = permits_app()
    application_id = inspected(permits, passed=True)
    with pytest.raises(StepNotAllowed, match="only a failed pre-opening inspection"):
        permits.record_rectification_plan(
            application_id,  # type: ignore[arg-type]
            items=["无"],
            target_date=None,
            guided_by=["监督员王"],
            at=at("2026-11-06"),
        )
