"""The vocabulary of permits and the district's settings, with the regulations' values as defaults."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Route(StrEnum):
    """办理方式."""

    STANDARD = "standard"  # 一般程序: acceptance, on-site inspection, decision
    COMMITMENT = "commitment"  # 告知承诺制: permit at once, verification afterwards
    PILOT = "pilot"  # 先开业后监管: register only, supervised afterwards


class VenueCategory(StrEnum):
    """场所类别."""

    PASSENGER_STATION_WAITING_ROOM = "passenger_station_waiting_room"
    PASSENGER_TERMINAL_WAITING_HALL = "passenger_terminal_waiting_hall"
    CIVIL_AIRPORT_TERMINAL = "civil_airport_terminal"
    SPORTS_VENUE = "sports_venue"
    ASSEMBLY_HALL = "assembly_hall"
    HOTEL = "hotel"
    SHOPPING_MALL = "shopping_mall"
    CATERING = "catering"
    ENTERTAINMENT = "entertainment"
    OTHER = "other"


class Material(StrEnum):
    """申请材料."""

    APPLICATION_FORM = "application_form"
    COMMITMENT_LETTER = "commitment_letter"
    BUSINESS_LICENCE = "business_licence"
    SAFETY_RULES_AND_EVACUATION_PLAN = "safety_rules_and_evacuation_plan"
    FLOOR_AND_FIRE_FACILITY_PLANS = "floor_and_fire_facility_plans"
    LEGAL_REPRESENTATIVE_ID = "legal_representative_id"


class DeliveryMethod(StrEnum):
    """送达方式 (P6)."""

    DIRECT = "direct"  # 直接送达
    POST = "post"  # 免费邮寄


class ChangedAspect(StrEnum):
    """What a change to a permitted venue may touch besides name and legal representative (P5)."""

    USE = "use"  # 使用性质
    DECORATION_MATERIALS = "decoration_materials"  # 装修材料
    FIRE_FACILITIES = "fire_facilities"  # 消防设施
    FLOOR_AREA = "floor_area"  # 建筑面积


class AmendmentDocument(StrEnum):
    """Documents of a simplified amendment (004 #02)."""

    CHANGE_REQUEST = "change_request"  # 变更申请
    NAME_PRE_APPROVAL_NOTICE = "name_pre_approval_notice"  # 名称变更预先核准通知书
    ORIGINAL_PERMIT = "original_permit"  # 原许可文书
    OLD_LEGAL_REPRESENTATIVE_ID = "old_legal_representative_id"
    NEW_LEGAL_REPRESENTATIVE_ID = "new_legal_representative_id"


STATUTORY_COMMITMENT_CATEGORIES = frozenset(
    {
        VenueCategory.PASSENGER_STATION_WAITING_ROOM,
        VenueCategory.PASSENGER_TERMINAL_WAITING_HALL,
        VenueCategory.CIVIL_AIRPORT_TERMINAL,
        VenueCategory.SPORTS_VENUE,
        VenueCategory.ASSEMBLY_HALL,
    }
)
"""002 四(二): the five categories eligible for the commitment route."""


class CountedFrom(StrEnum):
    """Where a district's overall time limit starts (承诺办结时限的起算)."""

    SUBMISSION = "submission"  # 申请之日
    ACCEPTANCE = "acceptance"  # 受理之日


@dataclass(frozen=True)
class OverallLimit:
    """The whole procedure a district promises, inspection and decision included (承诺办结时限)."""

    working_days: int
    counted_from: CountedFrom = CountedFrom.SUBMISSION


SEED_OVERALL_LIMITS: tuple[tuple[str, OverallLimit], ...] = (
    # 000 Yangpu: 13 working days after acceptance (受理后) reduced to 5 for inspection and approval.
    ("杨浦区", OverallLimit(5, CountedFrom.ACCEPTANCE)),
    # 000 Hongkou: applied for online (提出申请), done (办结) within 3 working days.
    ("虹口区", OverallLimit(3, CountedFrom.SUBMISSION)),
)


def district_key(district: str) -> str:
    """ "杨浦区", "杨浦" and " 杨浦区 " name one district."""
    name = district.strip()
    return name[:-1] if len(name) > 1 and name.endswith("区") else name


@dataclass(frozen=True)
class PermitRules:
    """A district's settings. Defaults: the seeds and the national rules (see README)."""

    commitment_categories: frozenset[VenueCategory] = STATUTORY_COMMITMENT_CATEGORIES
    #: Fire Law art. 15: commitment letter, business licence, rules and evacuation plan, plans.
    commitment_materials: frozenset[Material] = frozenset(
        {
            Material.COMMITMENT_LETTER,
            Material.BUSINESS_LICENCE,
            Material.SAFETY_RULES_AND_EVACUATION_PLAN,
            Material.FLOOR_AND_FIRE_FACILITY_PLANS,
        }
    )
    standard_materials: frozenset[Material] = frozenset(
        {
            Material.APPLICATION_FORM,
            Material.BUSINESS_LICENCE,
            Material.SAFETY_RULES_AND_EVACUATION_PLAN,
            Material.FLOOR_AND_FIRE_FACILITY_PLANS,
        }
    )
    #: 002 四(二), 004 #01: what another agency confirms (the business licence, from market
    #: regulation) is not demanded of the applicant.
    confirmed_by_other_agencies: frozenset[Material] = frozenset({Material.BUSINESS_LICENCE})
    #: Administrative Licensing Law art. 32: accept, or tell every missing item, within 5 days of
    #: submission; counted here in working days (the seeds are silent, see README).
    acceptance_working_days: int = 5
    #: National rule: on-site inspection within 10 working days of acceptance.
    inspection_working_days: int = 10
    #: The decision within 3 working days of the inspection: the national rule the reform kept
    #: (消防监督检查规定). 000 Hongkou's 3 working days run from the application: see overall_limits.
    decision_working_days: int = 3
    #: 000: what a district promises for the whole procedure, by district; the districts the seeds
    #: name by default. A district not listed has only the stage limits.
    overall_limits: tuple[tuple[str, OverallLimit], ...] = SEED_OVERALL_LIMITS
    #: Fire Law art. 15: verification of a commitment within 20 working days.
    verification_working_days: int = 20
    #: 000 Hongkou: guidance on site within 2 working days.
    guidance_working_days: int = 2
    #: 000 Yangpu: pilot complexes and the area limit for opening first.
    pilot_complexes: frozenset[str] = frozenset()
    pilot_max_floor_area_m2: float = 300.0

    def overall_limit(self, district: str) -> OverallLimit | None:
        key = district_key(district)
        return next((limit for name, limit in self.overall_limits if district_key(name) == key), None)

    def required_materials(self, route: str) -> frozenset[Material]:
        if route == Route.COMMITMENT:
            needed = self.commitment_materials
        elif route == Route.STANDARD:
            needed = self.standard_materials
        else:
            needed = frozenset()
        return needed - self.confirmed_by_other_agencies
