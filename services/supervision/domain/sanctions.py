"""What a penalty decision imposes beside the fine (S6): suspension and revocation.

Fire Law art. 58 and 60 let the agency order a venue to stop being used (责令停止使用) or a business
to stop (责令停产停业) beside the fine; art. 69 lets it stop a fire technical service firm's practice
(责令停止执业) or revoke its qualification (吊销相应资格); the Administrative Penalty Law (art. 9)
counts revoking a permit (吊销许可证件) among the penalties. Each is a major enforcement decision
(重大执法决定, 003 (十二)): it takes effect only after legal review (法制审核), whatever the fine.
"""

from __future__ import annotations

from enum import StrEnum

from services.supervision.domain.common import SupervisionError
from services.supervision.domain.firms import PartyKind


class Suspension(StrEnum):
    NONE = "none"
    SUSPEND_BUSINESS = "suspend_business"  # 责令停产停业
    STOP_USE = "stop_use"  # 责令停止使用
    STOP_PRACTICE = "stop_practice"  # 责令停止执业 (a technical service firm)


class Revocation(StrEnum):
    NONE = "none"
    PERMIT = "permit"  # 吊销许可证件 (the unit's permit)
    QUALIFICATION = "qualification"  # 吊销相应资格 (a technical service firm)


SUSPENSION_TEXT = {
    Suspension.SUSPEND_BUSINESS: "责令停产停业",
    Suspension.STOP_USE: "责令停止使用",
    Suspension.STOP_PRACTICE: "责令停止执业",
}
REVOCATION_TEXT = {Revocation.PERMIT: "吊销许可证件", Revocation.QUALIFICATION: "吊销相应资格"}

_FOR_FIRMS = {Suspension.STOP_PRACTICE, Revocation.QUALIFICATION}


def check_sanctions(
    party_kind: str, suspension: Suspension, scope: str, revocation: Revocation, revoked_document: str
) -> None:
    """A unit is suspended or loses its permit, a firm stops practising or loses its qualification;
    a suspension names what stops (`scope`), a revocation the document revoked."""
    firm = party_kind == PartyKind.TECHNICAL_SERVICE_FIRM.value
    for measure in (suspension, revocation):
        if measure.value == "none":
            continue
        if (measure in _FOR_FIRMS) != firm:
            party = "a fire technical service firm" if firm else "a unit"
            raise SupervisionError(f"{measure.value} is not a measure against {party}", "MEASURE_NOT_FOR_PARTY")
    if suspension is not Suspension.NONE and not scope.strip():
        raise SupervisionError("a suspension names the venue, part or business that stops", "SUSPENSION_SCOPE_MISSING")
    if revocation is not Revocation.NONE and not revoked_document.strip():
        raise SupervisionError("a revocation names the permit or qualification revoked", "REVOKED_DOCUMENT_MISSING")


def review_grounds(
    fine_yuan: int, major_fine_yuan: int, suspension: Suspension, revocation: Revocation, reduced: bool
) -> list[str]:
    """Why a decision is major and goes to legal review: empty for one that takes effect at once."""
    grounds = []
    if fine_yuan >= major_fine_yuan:
        grounds.append("large_fine")
    if suspension is not Suspension.NONE:
        grounds.append("suspension")
    if revocation is not Revocation.NONE:
        grounds.append("revocation")
    if reduced:
        grounds.append("reduced_penalty")
    return grounds
