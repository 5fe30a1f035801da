"""Refusals by the rules of the permits domain. Each names the rule in `rule`, for partner agencies
(gRPC's ErrorInfo reason) and for staff systems (nameko RPC)."""

from __future__ import annotations


class PermitsError(Exception):
    rule = "PERMITS_RULE"

    def __init__(self, message: str, rule: str | None = None) -> None:
        # Both in args, so that the error crosses nameko RPC whole.
        super().__init__(message, rule or type(self).rule)
        self.rule = rule or type(self).rule

    def __str__(self) -> str:
        # The rule leads, so that a caller that does not import this module (nameko's RemoteError
        # keeps only this text) reads it: "TIME_OUT_OF_ORDER: at: … is before the submission of …".
        return f"{self.rule}: {self.args[0]}"

    @property
    def message(self) -> str:
        """The refusal without its rule, for a reply that carries the rule apart (gRPC)."""
        return str(self.args[0])


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

    def __init__(self, request_id: str, what: str = "application") -> None:
        super().__init__(f"request_id {request_id} was used for a different {what}")
        self.request_id = request_id


class ApplicationNotFound(PermitsError):
    rule = "NOT_FOUND"


class InvalidStaffInput(PermitsError):
    """A staff RPC's plain value that is not what it must be (an id, a time with its zone)."""

    rule = "INVALID_ARGUMENT"
