"""The supervision domain (监督检查): pure rules, no I/O and no clock."""

from services.supervision.domain.common import NotFound, SupervisionError
from services.supervision.domain.complaints import Complaint
from services.supervision.domain.fires import FireRegistration
from services.supervision.domain.inspections import Inspection
from services.supervision.domain.inspectors import Inspector
from services.supervision.domain.penalties import BaselineBook, PenaltyCase
from services.supervision.domain.plans import InspectionPlan, PlanSnapshot
from services.supervision.domain.rectification import RectificationOrder
from services.supervision.domain.referrals import ReferralLetter
from services.supervision.domain.register import CreditStanding, RegisteredUnit
from services.supervision.domain.verification import CommitmentVerification

__all__ = [
    "BaselineBook",
    "CommitmentVerification",
    "Complaint",
    "CreditStanding",
    "FireRegistration",
    "Inspection",
    "InspectionPlan",
    "Inspector",
    "NotFound",
    "PenaltyCase",
    "PlanSnapshot",
    "RectificationOrder",
    "ReferralLetter",
    "RegisteredUnit",
    "SupervisionError",
]
