from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Tier(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TIER_UNSPECIFIED: _ClassVar[Tier]
    TIER_RED_LIST: _ClassVar[Tier]
    TIER_NORMAL: _ClassVar[Tier]
    TIER_GENERAL_DISHONESTY: _ClassVar[Tier]
    TIER_SERIOUS_DISHONESTY: _ClassVar[Tier]

class Colour(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COLOUR_UNSPECIFIED: _ClassVar[Colour]
    COLOUR_GREEN: _ClassVar[Colour]
    COLOUR_YELLOW: _ClassVar[Colour]
    COLOUR_GREY: _ClassVar[Colour]
    COLOUR_RED: _ClassVar[Colour]

class ListingStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LISTING_STATUS_UNSPECIFIED: _ClassVar[ListingStatus]
    LISTING_STATUS_NOTICED: _ClassVar[ListingStatus]
    LISTING_STATUS_LISTED: _ClassVar[ListingStatus]
    LISTING_STATUS_WITHDRAWN: _ClassVar[ListingStatus]
    LISTING_STATUS_REPAIRED: _ClassVar[ListingStatus]
TIER_UNSPECIFIED: Tier
TIER_RED_LIST: Tier
TIER_NORMAL: Tier
TIER_GENERAL_DISHONESTY: Tier
TIER_SERIOUS_DISHONESTY: Tier
COLOUR_UNSPECIFIED: Colour
COLOUR_GREEN: Colour
COLOUR_YELLOW: Colour
COLOUR_GREY: Colour
COLOUR_RED: Colour
LISTING_STATUS_UNSPECIFIED: ListingStatus
LISTING_STATUS_NOTICED: ListingStatus
LISTING_STATUS_LISTED: ListingStatus
LISTING_STATUS_WITHDRAWN: ListingStatus
LISTING_STATUS_REPAIRED: ListingStatus

class Cause(_message.Message):
    __slots__ = ("service", "event_id", "event_type", "time", "rule", "rule_description", "position")
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    RULE_FIELD_NUMBER: _ClassVar[int]
    RULE_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    service: str
    event_id: str
    event_type: str
    time: str
    rule: str
    rule_description: str
    position: int
    def __init__(self, service: _Optional[str] = ..., event_id: _Optional[str] = ..., event_type: _Optional[str] = ..., time: _Optional[str] = ..., rule: _Optional[str] = ..., rule_description: _Optional[str] = ..., position: _Optional[int] = ...) -> None: ...

class GetStandingRequest(_message.Message):
    __slots__ = ("uscc", "as_of")
    USCC_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    uscc: str
    as_of: str
    def __init__(self, uscc: _Optional[str] = ..., as_of: _Optional[str] = ...) -> None: ...

class Standing(_message.Message):
    __slots__ = ("uscc", "unit_name", "district", "tier", "colour", "reduced_inspection", "blacklisted", "effective_on", "as_of", "causes", "listed_rules", "permits_held", "technical_service_firm", "trade_exit_recommended", "service_types", "on_firm_register")
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    COLOUR_FIELD_NUMBER: _ClassVar[int]
    REDUCED_INSPECTION_FIELD_NUMBER: _ClassVar[int]
    BLACKLISTED_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_ON_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    CAUSES_FIELD_NUMBER: _ClassVar[int]
    LISTED_RULES_FIELD_NUMBER: _ClassVar[int]
    PERMITS_HELD_FIELD_NUMBER: _ClassVar[int]
    TECHNICAL_SERVICE_FIRM_FIELD_NUMBER: _ClassVar[int]
    TRADE_EXIT_RECOMMENDED_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPES_FIELD_NUMBER: _ClassVar[int]
    ON_FIRM_REGISTER_FIELD_NUMBER: _ClassVar[int]
    uscc: str
    unit_name: str
    district: str
    tier: Tier
    colour: Colour
    reduced_inspection: bool
    blacklisted: bool
    effective_on: str
    as_of: str
    causes: _containers.RepeatedCompositeFieldContainer[Cause]
    listed_rules: _containers.RepeatedScalarFieldContainer[str]
    permits_held: int
    technical_service_firm: bool
    trade_exit_recommended: bool
    service_types: _containers.RepeatedScalarFieldContainer[str]
    on_firm_register: bool
    def __init__(self, uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., district: _Optional[str] = ..., tier: _Optional[_Union[Tier, str]] = ..., colour: _Optional[_Union[Colour, str]] = ..., reduced_inspection: _Optional[bool] = ..., blacklisted: _Optional[bool] = ..., effective_on: _Optional[str] = ..., as_of: _Optional[str] = ..., causes: _Optional[_Iterable[_Union[Cause, _Mapping]]] = ..., listed_rules: _Optional[_Iterable[str]] = ..., permits_held: _Optional[int] = ..., technical_service_firm: _Optional[bool] = ..., trade_exit_recommended: _Optional[bool] = ..., service_types: _Optional[_Iterable[str]] = ..., on_firm_register: _Optional[bool] = ...) -> None: ...

class ExplainStandingRequest(_message.Message):
    __slots__ = ("uscc", "as_of")
    USCC_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    uscc: str
    as_of: str
    def __init__(self, uscc: _Optional[str] = ..., as_of: _Optional[str] = ...) -> None: ...

class Listing(_message.Message):
    __slots__ = ("notice_id", "rule", "rule_description", "tier", "status", "noticed_on", "objection_deadline", "listed_on", "rectified_on", "repairable_from", "closed_on", "withdrawal_reason", "objection", "causes", "objection_deadline_provisional")
    NOTICE_ID_FIELD_NUMBER: _ClassVar[int]
    RULE_FIELD_NUMBER: _ClassVar[int]
    RULE_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    NOTICED_ON_FIELD_NUMBER: _ClassVar[int]
    OBJECTION_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    LISTED_ON_FIELD_NUMBER: _ClassVar[int]
    RECTIFIED_ON_FIELD_NUMBER: _ClassVar[int]
    REPAIRABLE_FROM_FIELD_NUMBER: _ClassVar[int]
    CLOSED_ON_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWAL_REASON_FIELD_NUMBER: _ClassVar[int]
    OBJECTION_FIELD_NUMBER: _ClassVar[int]
    CAUSES_FIELD_NUMBER: _ClassVar[int]
    OBJECTION_DEADLINE_PROVISIONAL_FIELD_NUMBER: _ClassVar[int]
    notice_id: str
    rule: str
    rule_description: str
    tier: Tier
    status: ListingStatus
    noticed_on: str
    objection_deadline: str
    listed_on: str
    rectified_on: str
    repairable_from: str
    closed_on: str
    withdrawal_reason: str
    objection: str
    causes: _containers.RepeatedCompositeFieldContainer[Cause]
    objection_deadline_provisional: bool
    def __init__(self, notice_id: _Optional[str] = ..., rule: _Optional[str] = ..., rule_description: _Optional[str] = ..., tier: _Optional[_Union[Tier, str]] = ..., status: _Optional[_Union[ListingStatus, str]] = ..., noticed_on: _Optional[str] = ..., objection_deadline: _Optional[str] = ..., listed_on: _Optional[str] = ..., rectified_on: _Optional[str] = ..., repairable_from: _Optional[str] = ..., closed_on: _Optional[str] = ..., withdrawal_reason: _Optional[str] = ..., objection: _Optional[str] = ..., causes: _Optional[_Iterable[_Union[Cause, _Mapping]]] = ..., objection_deadline_provisional: _Optional[bool] = ...) -> None: ...

class StandingChange(_message.Message):
    __slots__ = ("effective_on", "previous_tier", "tier", "colour", "reduced_inspection", "listed_rules", "causes", "previous_colour")
    EFFECTIVE_ON_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_TIER_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    COLOUR_FIELD_NUMBER: _ClassVar[int]
    REDUCED_INSPECTION_FIELD_NUMBER: _ClassVar[int]
    LISTED_RULES_FIELD_NUMBER: _ClassVar[int]
    CAUSES_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_COLOUR_FIELD_NUMBER: _ClassVar[int]
    effective_on: str
    previous_tier: Tier
    tier: Tier
    colour: Colour
    reduced_inspection: bool
    listed_rules: _containers.RepeatedScalarFieldContainer[str]
    causes: _containers.RepeatedCompositeFieldContainer[Cause]
    previous_colour: Colour
    def __init__(self, effective_on: _Optional[str] = ..., previous_tier: _Optional[_Union[Tier, str]] = ..., tier: _Optional[_Union[Tier, str]] = ..., colour: _Optional[_Union[Colour, str]] = ..., reduced_inspection: _Optional[bool] = ..., listed_rules: _Optional[_Iterable[str]] = ..., causes: _Optional[_Iterable[_Union[Cause, _Mapping]]] = ..., previous_colour: _Optional[_Union[Colour, str]] = ...) -> None: ...

class StandingExplanation(_message.Message):
    __slots__ = ("standing", "listings", "history")
    STANDING_FIELD_NUMBER: _ClassVar[int]
    LISTINGS_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    standing: Standing
    listings: _containers.RepeatedCompositeFieldContainer[Listing]
    history: _containers.RepeatedCompositeFieldContainer[StandingChange]
    def __init__(self, standing: _Optional[_Union[Standing, _Mapping]] = ..., listings: _Optional[_Iterable[_Union[Listing, _Mapping]]] = ..., history: _Optional[_Iterable[_Union[StandingChange, _Mapping]]] = ...) -> None: ...

class ListBlacklistRequest(_message.Message):
    __slots__ = ("district", "since", "page_size", "page_token")
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    district: str
    since: str
    page_size: int
    page_token: str
    def __init__(self, district: _Optional[str] = ..., since: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class BlacklistEntry(_message.Message):
    __slots__ = ("uscc", "unit_name", "district", "listed_since", "listed_rules")
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    LISTED_SINCE_FIELD_NUMBER: _ClassVar[int]
    LISTED_RULES_FIELD_NUMBER: _ClassVar[int]
    uscc: str
    unit_name: str
    district: str
    listed_since: str
    listed_rules: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., district: _Optional[str] = ..., listed_since: _Optional[str] = ..., listed_rules: _Optional[_Iterable[str]] = ...) -> None: ...

class ListBlacklistResponse(_message.Message):
    __slots__ = ("entries", "next_page_token", "log_position")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    LOG_POSITION_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[BlacklistEntry]
    next_page_token: str
    log_position: int
    def __init__(self, entries: _Optional[_Iterable[_Union[BlacklistEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., log_position: _Optional[int] = ...) -> None: ...

class WatchStandingChangesRequest(_message.Message):
    __slots__ = ("after_position", "district")
    AFTER_POSITION_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    after_position: int
    district: str
    def __init__(self, after_position: _Optional[int] = ..., district: _Optional[str] = ...) -> None: ...

class StandingChangeNotice(_message.Message):
    __slots__ = ("position", "event_id", "uscc", "unit_name", "district", "previous_tier", "tier", "colour", "reduced_inspection", "blacklisted", "effective_on", "listed_rules", "causes", "previous_colour")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_TIER_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    COLOUR_FIELD_NUMBER: _ClassVar[int]
    REDUCED_INSPECTION_FIELD_NUMBER: _ClassVar[int]
    BLACKLISTED_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_ON_FIELD_NUMBER: _ClassVar[int]
    LISTED_RULES_FIELD_NUMBER: _ClassVar[int]
    CAUSES_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_COLOUR_FIELD_NUMBER: _ClassVar[int]
    position: int
    event_id: str
    uscc: str
    unit_name: str
    district: str
    previous_tier: Tier
    tier: Tier
    colour: Colour
    reduced_inspection: bool
    blacklisted: bool
    effective_on: str
    listed_rules: _containers.RepeatedScalarFieldContainer[str]
    causes: _containers.RepeatedCompositeFieldContainer[Cause]
    previous_colour: Colour
    def __init__(self, position: _Optional[int] = ..., event_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., district: _Optional[str] = ..., previous_tier: _Optional[_Union[Tier, str]] = ..., tier: _Optional[_Union[Tier, str]] = ..., colour: _Optional[_Union[Colour, str]] = ..., reduced_inspection: _Optional[bool] = ..., blacklisted: _Optional[bool] = ..., effective_on: _Optional[str] = ..., listed_rules: _Optional[_Iterable[str]] = ..., causes: _Optional[_Iterable[_Union[Cause, _Mapping]]] = ..., previous_colour: _Optional[_Union[Colour, str]] = ...) -> None: ...
