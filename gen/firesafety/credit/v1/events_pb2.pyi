from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Cause(_message.Message):
    __slots__ = ("service", "event_id", "event_type", "time", "rule", "position")
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    RULE_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    service: str
    event_id: str
    event_type: str
    time: str
    rule: str
    position: int
    def __init__(self, service: _Optional[str] = ..., event_id: _Optional[str] = ..., event_type: _Optional[str] = ..., time: _Optional[str] = ..., rule: _Optional[str] = ..., position: _Optional[int] = ...) -> None: ...

class StandingChanged(_message.Message):
    __slots__ = ("uscc", "unit_name", "district", "previous_tier", "tier", "colour", "reduced_inspection", "effective_on", "causes", "previous_colour", "listed_rules", "blacklisted")
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_TIER_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    COLOUR_FIELD_NUMBER: _ClassVar[int]
    REDUCED_INSPECTION_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_ON_FIELD_NUMBER: _ClassVar[int]
    CAUSES_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_COLOUR_FIELD_NUMBER: _ClassVar[int]
    LISTED_RULES_FIELD_NUMBER: _ClassVar[int]
    BLACKLISTED_FIELD_NUMBER: _ClassVar[int]
    uscc: str
    unit_name: str
    district: str
    previous_tier: str
    tier: str
    colour: str
    reduced_inspection: bool
    effective_on: str
    causes: _containers.RepeatedCompositeFieldContainer[Cause]
    previous_colour: str
    listed_rules: _containers.RepeatedScalarFieldContainer[str]
    blacklisted: bool
    def __init__(self, uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., district: _Optional[str] = ..., previous_tier: _Optional[str] = ..., tier: _Optional[str] = ..., colour: _Optional[str] = ..., reduced_inspection: _Optional[bool] = ..., effective_on: _Optional[str] = ..., causes: _Optional[_Iterable[_Union[Cause, _Mapping]]] = ..., previous_colour: _Optional[str] = ..., listed_rules: _Optional[_Iterable[str]] = ..., blacklisted: _Optional[bool] = ...) -> None: ...

class ListingNoticeIssued(_message.Message):
    __slots__ = ("uscc", "unit_name", "tier", "objection_deadline", "causes", "issued_on", "notice_id", "rule", "district", "objection_working_days", "objection_deadline_provisional")
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    OBJECTION_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    CAUSES_FIELD_NUMBER: _ClassVar[int]
    ISSUED_ON_FIELD_NUMBER: _ClassVar[int]
    NOTICE_ID_FIELD_NUMBER: _ClassVar[int]
    RULE_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    OBJECTION_WORKING_DAYS_FIELD_NUMBER: _ClassVar[int]
    OBJECTION_DEADLINE_PROVISIONAL_FIELD_NUMBER: _ClassVar[int]
    uscc: str
    unit_name: str
    tier: str
    objection_deadline: str
    causes: _containers.RepeatedCompositeFieldContainer[Cause]
    issued_on: str
    notice_id: str
    rule: str
    district: str
    objection_working_days: int
    objection_deadline_provisional: bool
    def __init__(self, uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., tier: _Optional[str] = ..., objection_deadline: _Optional[str] = ..., causes: _Optional[_Iterable[_Union[Cause, _Mapping]]] = ..., issued_on: _Optional[str] = ..., notice_id: _Optional[str] = ..., rule: _Optional[str] = ..., district: _Optional[str] = ..., objection_working_days: _Optional[int] = ..., objection_deadline_provisional: _Optional[bool] = ...) -> None: ...

class CreditRepaired(_message.Message):
    __slots__ = ("uscc", "unit_name", "previous_tier", "tier", "repaired_on", "causes", "district", "notice_ids")
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_TIER_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    REPAIRED_ON_FIELD_NUMBER: _ClassVar[int]
    CAUSES_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    NOTICE_IDS_FIELD_NUMBER: _ClassVar[int]
    uscc: str
    unit_name: str
    previous_tier: str
    tier: str
    repaired_on: str
    causes: _containers.RepeatedCompositeFieldContainer[Cause]
    district: str
    notice_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., previous_tier: _Optional[str] = ..., tier: _Optional[str] = ..., repaired_on: _Optional[str] = ..., causes: _Optional[_Iterable[_Union[Cause, _Mapping]]] = ..., district: _Optional[str] = ..., notice_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ListingNoticeWithdrawn(_message.Message):
    __slots__ = ("uscc", "unit_name", "district", "notice_id", "rule", "reason", "withdrawn_on", "causes")
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    NOTICE_ID_FIELD_NUMBER: _ClassVar[int]
    RULE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWN_ON_FIELD_NUMBER: _ClassVar[int]
    CAUSES_FIELD_NUMBER: _ClassVar[int]
    uscc: str
    unit_name: str
    district: str
    notice_id: str
    rule: str
    reason: str
    withdrawn_on: str
    causes: _containers.RepeatedCompositeFieldContainer[Cause]
    def __init__(self, uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., district: _Optional[str] = ..., notice_id: _Optional[str] = ..., rule: _Optional[str] = ..., reason: _Optional[str] = ..., withdrawn_on: _Optional[str] = ..., causes: _Optional[_Iterable[_Union[Cause, _Mapping]]] = ...) -> None: ...

class TradeExitRecommended(_message.Message):
    __slots__ = ("uscc", "firm_name", "district", "service_types", "recommended_on", "listed_rules", "causes")
    USCC_FIELD_NUMBER: _ClassVar[int]
    FIRM_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPES_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDED_ON_FIELD_NUMBER: _ClassVar[int]
    LISTED_RULES_FIELD_NUMBER: _ClassVar[int]
    CAUSES_FIELD_NUMBER: _ClassVar[int]
    uscc: str
    firm_name: str
    district: str
    service_types: _containers.RepeatedScalarFieldContainer[str]
    recommended_on: str
    listed_rules: _containers.RepeatedScalarFieldContainer[str]
    causes: _containers.RepeatedCompositeFieldContainer[Cause]
    def __init__(self, uscc: _Optional[str] = ..., firm_name: _Optional[str] = ..., district: _Optional[str] = ..., service_types: _Optional[_Iterable[str]] = ..., recommended_on: _Optional[str] = ..., listed_rules: _Optional[_Iterable[str]] = ..., causes: _Optional[_Iterable[_Union[Cause, _Mapping]]] = ...) -> None: ...

class ObjectionDeadlineRevised(_message.Message):
    __slots__ = ("notice_id", "uscc", "unit_name", "previous_deadline", "objection_deadline", "objection_deadline_provisional", "arrangement", "revised_at")
    NOTICE_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    OBJECTION_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    OBJECTION_DEADLINE_PROVISIONAL_FIELD_NUMBER: _ClassVar[int]
    ARRANGEMENT_FIELD_NUMBER: _ClassVar[int]
    REVISED_AT_FIELD_NUMBER: _ClassVar[int]
    notice_id: str
    uscc: str
    unit_name: str
    previous_deadline: str
    objection_deadline: str
    objection_deadline_provisional: bool
    arrangement: str
    revised_at: str
    def __init__(self, notice_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., previous_deadline: _Optional[str] = ..., objection_deadline: _Optional[str] = ..., objection_deadline_provisional: _Optional[bool] = ..., arrangement: _Optional[str] = ..., revised_at: _Optional[str] = ...) -> None: ...

class RepairApplicationDecided(_message.Message):
    __slots__ = ("uscc", "unit_name", "district", "notice_id", "rule", "application_id", "approved", "reasons", "decided_on", "causes")
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    NOTICE_ID_FIELD_NUMBER: _ClassVar[int]
    RULE_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    APPROVED_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    DECIDED_ON_FIELD_NUMBER: _ClassVar[int]
    CAUSES_FIELD_NUMBER: _ClassVar[int]
    uscc: str
    unit_name: str
    district: str
    notice_id: str
    rule: str
    application_id: str
    approved: bool
    reasons: str
    decided_on: str
    causes: _containers.RepeatedCompositeFieldContainer[Cause]
    def __init__(self, uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., district: _Optional[str] = ..., notice_id: _Optional[str] = ..., rule: _Optional[str] = ..., application_id: _Optional[str] = ..., approved: _Optional[bool] = ..., reasons: _Optional[str] = ..., decided_on: _Optional[str] = ..., causes: _Optional[_Iterable[_Union[Cause, _Mapping]]] = ...) -> None: ...
