"""What a staff system that does not import this project reads of a refusal over nameko RPC."""

import pytest
from nameko.exceptions import RemoteError, serialize

from services.permits.domain.errors import InvalidStaffInput, PermitsError, TimeOutOfOrder
from services.permits.entrypoints.service import _id, _time
from tests.unit.factories import standard_application
from tests.unit.permits_fixtures import at, permits_app


def remote(error: Exception) -> RemoteError:
    """The error as nameko hands it to a caller without this project's classes."""
    wire = serialize(error)
    return RemoteError(exc_type=wire["exc_type"], value=wire["value"])


def test_a_staff_caller_reads_the_rule_of_an_acceptance_dated_before_its_submission() -> None:
    permits = permits_app()
    application = permits.submit_application(standard_application(submitted_at=at("2026-11-03")), at("2026-11-03"))
    with pytest.raises(TimeOutOfOrder) as refused:
        permits.accept_application(application.id, at("2026-11-02"), by="受理员")
    received = remote(refused.value)
    assert received.value.split(": ", 1)[0] == "TIME_OUT_OF_ORDER"
    assert "is before the submission of" in received.value
    assert refused.value.rule == "TIME_OUT_OF_ORDER" and refused.value.message.startswith("at: ")


def test_the_rule_a_staff_caller_reads_is_the_subclass_rule_not_the_generic_one() -> None:
    assert str(PermitsError("no statutory clock is running")) == "PERMITS_RULE: no statutory clock is running"
    assert str(TimeOutOfOrder("at: x")).startswith("TIME_OUT_OF_ORDER: ")


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: _time("at", "2026-11-03T10:00:00"), "INVALID_ARGUMENT: at: '2026-11-03T10:00:00': a business time"),
        (lambda: _time("at", "yesterday"), "INVALID_ARGUMENT: at: 'yesterday' is not an ISO 8601 time"),
        (lambda: _id("application_id", "A-17"), "INVALID_ARGUMENT: application_id: 'A-17' is not a UUID"),
    ],
)
def test_a_bad_staff_value_is_refused_naming_the_field_and_the_rule(call: object, expected: str) -> None:
    with pytest.raises(InvalidStaffInput) as refused:
        call()  # type: ignore[operator]
    assert remote(refused.value).value.startswith(expected)
