"""P5: the simplified amendment (简化变更) of name or legal representative."""

import pytest

from services.permits.application import PermitsApplication
from services.permits.commands import AmendPermit, InvalidCommand
from services.permits.domain import AmendmentRefused
from tests.unit.factories import commitment_application
from tests.unit.permits_fixtures import at, event_names, permits_app

NAME_CHANGE_DOCUMENTS = ("change_request", "original_permit", "name_pre_approval_notice")


def granted(permits: PermitsApplication) -> str:
    return str(permits.submit_application(commitment_application(), at("2026-11-02")).id)


def amend(application_id: str, request_id: str = "amend-1", **fields: object) -> AmendPermit:
    values: dict[str, object] = {"unit_name": "上海某体育文化有限公司", "documents": NAME_CHANGE_DOCUMENTS, **fields}
    return AmendPermit(request_id=request_id, application_id=application_id, amended_at=at("2026-11-10"), **values)  # type: ignore[arg-type]


def test_a_change_of_name_alone_is_amended_without_substantive_review() -> None:
    permits = permits_app()
    application = permits.amend_permit(amend(granted(permits)), at("2026-11-10"))
    assert application.unit["name"] == "上海某体育文化有限公司"
    assert application.status == "granted"
    assert event_names(permits)[-1] == "PermitAmended"


def test_a_change_of_legal_representative_needs_both_id_copies() -> None:
    permits = permits_app()
    command = amend(
        granted(permits),
        unit_name="",
        legal_representative="赵六",
        legal_representative_id="11010519491231002X",
        documents=("change_request", "original_permit", "old_legal_representative_id"),
    )
    with pytest.raises(AmendmentRefused, match="new_legal_representative_id"):
        permits.amend_permit(command, at("2026-11-10"))


def test_an_amendment_that_changes_floor_area_is_refused_with_the_reason() -> None:
    permits = permits_app()
    with pytest.raises(AmendmentRefused, match="floor_area needs a new application"):
        permits.amend_permit(amend(granted(permits), other_changes=("floor_area",)), at("2026-11-10"))
    assert "PermitAmended" not in event_names(permits)


def test_a_name_change_without_the_pre_approval_notice_is_refused() -> None:
    permits = permits_app()
    with pytest.raises(AmendmentRefused, match="name_pre_approval_notice"):
        permits.amend_permit(amend(granted(permits), documents=("change_request", "original_permit")), at("2026-11-10"))


def test_a_repeated_amendment_request_changes_nothing() -> None:
    permits = permits_app()
    application_id = granted(permits)
    permits.amend_permit(amend(application_id), at("2026-11-10"))
    permits.amend_permit(amend(application_id), at("2026-11-11"))
    assert event_names(permits).count("PermitAmended") == 1


def test_an_unknown_changed_aspect_is_named() -> None:
    permits = permits_app()
    with pytest.raises(InvalidCommand, match=r"other_changes\[0\]"):
        permits.amend_permit(amend(granted(permits), other_changes=("colour",)), at("2026-11-10"))


def test_a_new_name_longer_than_a_name_can_be_is_refused_and_nothing_is_stored() -> None:
    permits = permits_app()
    with pytest.raises(InvalidCommand, match="unit_name: must be at most 200 characters"):
        permits.amend_permit(amend(granted(permits), unit_name="名" * 201), at("2026-11-10"))
    assert "PermitAmended" not in event_names(permits)
