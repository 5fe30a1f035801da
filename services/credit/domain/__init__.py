"""Credit's rules (C1–C7): tiers, colours, listing rules, and the unit's credit record."""

from services.credit.domain.daybook import CreditDayBook
from services.credit.domain.errors import CreditCommandRefused, UnitNotOnRecord
from services.credit.domain.facts import Fact
from services.credit.domain.record import UnitCreditRecord
from services.credit.domain.rules import Context, CreditPolicy, ListingRule, Resolution, Rule, default_rules
from services.credit.domain.standing import Cause, Colour, StandingEntry, Tier, describe
from services.credit.domain.state import Listing, ListingStatus

__all__ = [
    "Cause",
    "Colour",
    "Context",
    "CreditCommandRefused",
    "CreditDayBook",
    "CreditPolicy",
    "Fact",
    "Listing",
    "ListingRule",
    "ListingStatus",
    "Resolution",
    "Rule",
    "StandingEntry",
    "Tier",
    "UnitCreditRecord",
    "UnitNotOnRecord",
    "default_rules",
    "describe",
]
