"""Refusals by the rules of the permits domain. Each names the rule in `rule` for partner agencies."""

from __future__ import annotations


class PermitsError(Exception):
    rule = "PERMITS_RULE"


class CommitmentRouteUnavailable(PermitsError):
    """告知承诺制 not open to this unit or venue."""

    rule = "COMMITMENT_ROUTE_UNAVAILABLE"


class PilotRouteUnavailable(PermitsError):
    """先开业后监管 not open to this venue."""

    rule = "PILOT_ROUTE_UNAVAILABLE"


class StepNotAllowed(PermitsError):
    """A step out of order: deciding before inspection, inspecting while materials are missing."""

    rule = "STEP_NOT_ALLOWED"


class TimeOutOfOrder(StepNotAllowed):
    """A staff-supplied time before the step it follows (an acceptance dated before its submission)."""

    rule = "TIME_OUT_OF_ORDER"


class AmendmentRefused(PermitsError):
    """简化变更 not applicable: a substantive change needs a new application."""

    rule = "SIMPLIFIED_AMENDMENT_UNAVAILABLE"


class RequestIdReused(PermitsError):
    """The same request_id came with a different request."""

    rule = "REQUEST_ID_REUSED"

    def __init__(self, request_id: str) -> None:
        super().__init__(f"request_id {request_id} was used for a different application")
        self.request_id = request_id


class ApplicationNotFound(PermitsError):
    rule = "NOT_FOUND"
