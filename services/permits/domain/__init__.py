"""The permits domain (DOMAIN.md P1–P10): pure rules, no I/O, no clock; time comes in as arguments."""

from services.permits.domain.appointment import Appointment, AppointmentKind
from services.permits.domain.errors import (
    AmendmentRefused,
    ApplicationNotFound,
    CommitmentRouteUnavailable,
    PermitsError,
    PilotRouteUnavailable,
    RequestIdReused,
    StepNotAllowed,
)
from services.permits.domain.permit_application import Applicant, PermitApplication, Unit
from services.permits.domain.rules import (
    AmendmentDocument,
    ChangedAspect,
    DeliveryMethod,
    Material,
    PermitRules,
    Route,
    VenueCategory,
)
from services.permits.domain.standing import UnitStanding

__all__ = [
    "AmendmentDocument",
    "AmendmentRefused",
    "Applicant",
    "ApplicationNotFound",
    "Appointment",
    "AppointmentKind",
    "ChangedAspect",
    "CommitmentRouteUnavailable",
    "DeliveryMethod",
    "Material",
    "PermitApplication",
    "PermitRules",
    "PermitsError",
    "PilotRouteUnavailable",
    "RequestIdReused",
    "Route",
    "StepNotAllowed",
    "Unit",
    "UnitStanding",
    "VenueCategory",
]
