from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class InspectionPlanAnnounced(_message.Message):
    __slots__ = ("plan_id", "month", "district", "commitment", "announced_at")
    PLAN_ID_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    COMMITMENT_FIELD_NUMBER: _ClassVar[int]
    ANNOUNCED_AT_FIELD_NUMBER: _ClassVar[int]
    plan_id: str
    month: str
    district: str
    commitment: str
    announced_at: str
    def __init__(self, plan_id: _Optional[str] = ..., month: _Optional[str] = ..., district: _Optional[str] = ..., commitment: _Optional[str] = ..., announced_at: _Optional[str] = ...) -> None: ...

class JointInspectionPlanned(_message.Message):
    __slots__ = ("joint_inspection_id", "district", "title", "participants", "units", "planned_for", "planned_at")
    class Participant(_message.Message):
        __slots__ = ("department", "name", "officers")
        DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
        NAME_FIELD_NUMBER: _ClassVar[int]
        OFFICERS_FIELD_NUMBER: _ClassVar[int]
        department: str
        name: str
        officers: _containers.RepeatedScalarFieldContainer[str]
        def __init__(self, department: _Optional[str] = ..., name: _Optional[str] = ..., officers: _Optional[_Iterable[str]] = ...) -> None: ...
    class Unit(_message.Message):
        __slots__ = ("uscc", "unit_name")
        USCC_FIELD_NUMBER: _ClassVar[int]
        UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
        uscc: str
        unit_name: str
        def __init__(self, uscc: _Optional[str] = ..., unit_name: _Optional[str] = ...) -> None: ...
    JOINT_INSPECTION_ID_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANTS_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    PLANNED_FOR_FIELD_NUMBER: _ClassVar[int]
    PLANNED_AT_FIELD_NUMBER: _ClassVar[int]
    joint_inspection_id: str
    district: str
    title: str
    participants: _containers.RepeatedCompositeFieldContainer[JointInspectionPlanned.Participant]
    units: _containers.RepeatedCompositeFieldContainer[JointInspectionPlanned.Unit]
    planned_for: str
    planned_at: str
    def __init__(self, joint_inspection_id: _Optional[str] = ..., district: _Optional[str] = ..., title: _Optional[str] = ..., participants: _Optional[_Iterable[_Union[JointInspectionPlanned.Participant, _Mapping]]] = ..., units: _Optional[_Iterable[_Union[JointInspectionPlanned.Unit, _Mapping]]] = ..., planned_for: _Optional[str] = ..., planned_at: _Optional[str] = ...) -> None: ...

class CaseTransferred(_message.Message):
    __slots__ = ("transfer_id", "inspection_id", "uscc", "unit_name", "district", "department", "department_name", "findings", "reason", "legal_basis", "transferred_on")
    class Finding(_message.Message):
        __slots__ = ("id", "kind", "type", "description", "location", "department")
        ID_FIELD_NUMBER: _ClassVar[int]
        KIND_FIELD_NUMBER: _ClassVar[int]
        TYPE_FIELD_NUMBER: _ClassVar[int]
        DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
        LOCATION_FIELD_NUMBER: _ClassVar[int]
        DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
        id: str
        kind: str
        type: str
        description: str
        location: str
        department: str
        def __init__(self, id: _Optional[str] = ..., kind: _Optional[str] = ..., type: _Optional[str] = ..., description: _Optional[str] = ..., location: _Optional[str] = ..., department: _Optional[str] = ...) -> None: ...
    TRANSFER_ID_FIELD_NUMBER: _ClassVar[int]
    INSPECTION_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    FINDINGS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    LEGAL_BASIS_FIELD_NUMBER: _ClassVar[int]
    TRANSFERRED_ON_FIELD_NUMBER: _ClassVar[int]
    transfer_id: str
    inspection_id: str
    uscc: str
    unit_name: str
    district: str
    department: str
    department_name: str
    findings: _containers.RepeatedCompositeFieldContainer[CaseTransferred.Finding]
    reason: str
    legal_basis: str
    transferred_on: str
    def __init__(self, transfer_id: _Optional[str] = ..., inspection_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., district: _Optional[str] = ..., department: _Optional[str] = ..., department_name: _Optional[str] = ..., findings: _Optional[_Iterable[_Union[CaseTransferred.Finding, _Mapping]]] = ..., reason: _Optional[str] = ..., legal_basis: _Optional[str] = ..., transferred_on: _Optional[str] = ...) -> None: ...

class LeniencyPolicyPublished(_message.Message):
    __slots__ = ("document_no", "title", "districts", "starts_on", "ends_on", "published_by", "published_at")
    DOCUMENT_NO_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DISTRICTS_FIELD_NUMBER: _ClassVar[int]
    STARTS_ON_FIELD_NUMBER: _ClassVar[int]
    ENDS_ON_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_BY_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    document_no: str
    title: str
    districts: _containers.RepeatedScalarFieldContainer[str]
    starts_on: str
    ends_on: str
    published_by: str
    published_at: str
    def __init__(self, document_no: _Optional[str] = ..., title: _Optional[str] = ..., districts: _Optional[_Iterable[str]] = ..., starts_on: _Optional[str] = ..., ends_on: _Optional[str] = ..., published_by: _Optional[str] = ..., published_at: _Optional[str] = ...) -> None: ...

class InspectionPlanPublished(_message.Message):
    __slots__ = ("plan_id", "month", "district", "seed", "register_snapshot", "draws", "published_at", "rules", "pool_size", "units_in_snapshot", "guidance", "unstaffed", "commitment", "reveal", "announced_at")
    class Draw(_message.Message):
        __slots__ = ("uscc", "unit_name", "inspector_ids", "reason")
        USCC_FIELD_NUMBER: _ClassVar[int]
        UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
        INSPECTOR_IDS_FIELD_NUMBER: _ClassVar[int]
        REASON_FIELD_NUMBER: _ClassVar[int]
        uscc: str
        unit_name: str
        inspector_ids: _containers.RepeatedScalarFieldContainer[str]
        reason: str
        def __init__(self, uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., inspector_ids: _Optional[_Iterable[str]] = ..., reason: _Optional[str] = ...) -> None: ...
    PLAN_ID_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    REGISTER_SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    DRAWS_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    POOL_SIZE_FIELD_NUMBER: _ClassVar[int]
    UNITS_IN_SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    GUIDANCE_FIELD_NUMBER: _ClassVar[int]
    UNSTAFFED_FIELD_NUMBER: _ClassVar[int]
    COMMITMENT_FIELD_NUMBER: _ClassVar[int]
    REVEAL_FIELD_NUMBER: _ClassVar[int]
    ANNOUNCED_AT_FIELD_NUMBER: _ClassVar[int]
    plan_id: str
    month: str
    district: str
    seed: str
    register_snapshot: str
    draws: _containers.RepeatedCompositeFieldContainer[InspectionPlanPublished.Draw]
    published_at: str
    rules: str
    pool_size: int
    units_in_snapshot: int
    guidance: _containers.RepeatedScalarFieldContainer[str]
    unstaffed: _containers.RepeatedScalarFieldContainer[str]
    commitment: str
    reveal: str
    announced_at: str
    def __init__(self, plan_id: _Optional[str] = ..., month: _Optional[str] = ..., district: _Optional[str] = ..., seed: _Optional[str] = ..., register_snapshot: _Optional[str] = ..., draws: _Optional[_Iterable[_Union[InspectionPlanPublished.Draw, _Mapping]]] = ..., published_at: _Optional[str] = ..., rules: _Optional[str] = ..., pool_size: _Optional[int] = ..., units_in_snapshot: _Optional[int] = ..., guidance: _Optional[_Iterable[str]] = ..., unstaffed: _Optional[_Iterable[str]] = ..., commitment: _Optional[str] = ..., reveal: _Optional[str] = ..., announced_at: _Optional[str] = ...) -> None: ...

class InspectionResultsPublished(_message.Message):
    __slots__ = ("plan_id", "month", "district", "results", "published_at")
    class Result(_message.Message):
        __slots__ = ("uscc", "unit_name", "outcome")
        USCC_FIELD_NUMBER: _ClassVar[int]
        UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
        OUTCOME_FIELD_NUMBER: _ClassVar[int]
        uscc: str
        unit_name: str
        outcome: str
        def __init__(self, uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., outcome: _Optional[str] = ...) -> None: ...
    PLAN_ID_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    plan_id: str
    month: str
    district: str
    results: _containers.RepeatedCompositeFieldContainer[InspectionResultsPublished.Result]
    published_at: str
    def __init__(self, plan_id: _Optional[str] = ..., month: _Optional[str] = ..., district: _Optional[str] = ..., results: _Optional[_Iterable[_Union[InspectionResultsPublished.Result, _Mapping]]] = ..., published_at: _Optional[str] = ...) -> None: ...

class HazardFound(_message.Message):
    __slots__ = ("hazard_id", "inspection_id", "uscc", "unit_name", "district", "grade", "description", "found_on", "industry_regulator", "location", "hazard_type")
    HAZARD_ID_FIELD_NUMBER: _ClassVar[int]
    INSPECTION_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    GRADE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    FOUND_ON_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_REGULATOR_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    HAZARD_TYPE_FIELD_NUMBER: _ClassVar[int]
    hazard_id: str
    inspection_id: str
    uscc: str
    unit_name: str
    district: str
    grade: str
    description: str
    found_on: str
    industry_regulator: str
    location: str
    hazard_type: str
    def __init__(self, hazard_id: _Optional[str] = ..., inspection_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., district: _Optional[str] = ..., grade: _Optional[str] = ..., description: _Optional[str] = ..., found_on: _Optional[str] = ..., industry_regulator: _Optional[str] = ..., location: _Optional[str] = ..., hazard_type: _Optional[str] = ...) -> None: ...

class ViolationFound(_message.Message):
    __slots__ = ("violation_id", "inspection_id", "uscc", "unit_name", "violation_type", "description", "found_on", "corrected_on_the_spot", "district", "severity", "party_kind", "service_type", "site_uscc")
    VIOLATION_ID_FIELD_NUMBER: _ClassVar[int]
    INSPECTION_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    VIOLATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    FOUND_ON_FIELD_NUMBER: _ClassVar[int]
    CORRECTED_ON_THE_SPOT_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    PARTY_KIND_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    SITE_USCC_FIELD_NUMBER: _ClassVar[int]
    violation_id: str
    inspection_id: str
    uscc: str
    unit_name: str
    violation_type: str
    description: str
    found_on: str
    corrected_on_the_spot: bool
    district: str
    severity: str
    party_kind: str
    service_type: str
    site_uscc: str
    def __init__(self, violation_id: _Optional[str] = ..., inspection_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., violation_type: _Optional[str] = ..., description: _Optional[str] = ..., found_on: _Optional[str] = ..., corrected_on_the_spot: _Optional[bool] = ..., district: _Optional[str] = ..., severity: _Optional[str] = ..., party_kind: _Optional[str] = ..., service_type: _Optional[str] = ..., site_uscc: _Optional[str] = ...) -> None: ...

class InspectionRecorded(_message.Message):
    __slots__ = ("inspection_id", "uscc", "unit_name", "district", "mode", "purpose", "inspector_ids", "hazards", "major_hazards", "violations", "inspected_on", "firm_violations")
    INSPECTION_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    INSPECTOR_IDS_FIELD_NUMBER: _ClassVar[int]
    HAZARDS_FIELD_NUMBER: _ClassVar[int]
    MAJOR_HAZARDS_FIELD_NUMBER: _ClassVar[int]
    VIOLATIONS_FIELD_NUMBER: _ClassVar[int]
    INSPECTED_ON_FIELD_NUMBER: _ClassVar[int]
    FIRM_VIOLATIONS_FIELD_NUMBER: _ClassVar[int]
    inspection_id: str
    uscc: str
    unit_name: str
    district: str
    mode: str
    purpose: str
    inspector_ids: _containers.RepeatedScalarFieldContainer[str]
    hazards: int
    major_hazards: int
    violations: int
    inspected_on: str
    firm_violations: int
    def __init__(self, inspection_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., district: _Optional[str] = ..., mode: _Optional[str] = ..., purpose: _Optional[str] = ..., inspector_ids: _Optional[_Iterable[str]] = ..., hazards: _Optional[int] = ..., major_hazards: _Optional[int] = ..., violations: _Optional[int] = ..., inspected_on: _Optional[str] = ..., firm_violations: _Optional[int] = ...) -> None: ...

class RectificationOrdered(_message.Message):
    __slots__ = ("order_id", "uscc", "unit_name", "district", "hazard_ids", "advice", "deadline", "major", "ordered_on", "responsible_person", "responsible_phone", "responsible_email", "violation_ids", "listed_for_supervision", "officer_ids", "inspection_id", "deadline_provisional", "hazards", "violations", "legal_basis")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    HAZARD_IDS_FIELD_NUMBER: _ClassVar[int]
    ADVICE_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    MAJOR_FIELD_NUMBER: _ClassVar[int]
    ORDERED_ON_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_PERSON_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_PHONE_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_EMAIL_FIELD_NUMBER: _ClassVar[int]
    VIOLATION_IDS_FIELD_NUMBER: _ClassVar[int]
    LISTED_FOR_SUPERVISION_FIELD_NUMBER: _ClassVar[int]
    OFFICER_IDS_FIELD_NUMBER: _ClassVar[int]
    INSPECTION_ID_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_PROVISIONAL_FIELD_NUMBER: _ClassVar[int]
    HAZARDS_FIELD_NUMBER: _ClassVar[int]
    VIOLATIONS_FIELD_NUMBER: _ClassVar[int]
    LEGAL_BASIS_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    uscc: str
    unit_name: str
    district: str
    hazard_ids: _containers.RepeatedScalarFieldContainer[str]
    advice: str
    deadline: str
    major: bool
    ordered_on: str
    responsible_person: str
    responsible_phone: str
    responsible_email: str
    violation_ids: _containers.RepeatedScalarFieldContainer[str]
    listed_for_supervision: bool
    officer_ids: _containers.RepeatedScalarFieldContainer[str]
    inspection_id: str
    deadline_provisional: bool
    hazards: _containers.RepeatedCompositeFieldContainer[OrderedFinding]
    violations: _containers.RepeatedCompositeFieldContainer[OrderedFinding]
    legal_basis: str
    def __init__(self, order_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., district: _Optional[str] = ..., hazard_ids: _Optional[_Iterable[str]] = ..., advice: _Optional[str] = ..., deadline: _Optional[str] = ..., major: _Optional[bool] = ..., ordered_on: _Optional[str] = ..., responsible_person: _Optional[str] = ..., responsible_phone: _Optional[str] = ..., responsible_email: _Optional[str] = ..., violation_ids: _Optional[_Iterable[str]] = ..., listed_for_supervision: _Optional[bool] = ..., officer_ids: _Optional[_Iterable[str]] = ..., inspection_id: _Optional[str] = ..., deadline_provisional: _Optional[bool] = ..., hazards: _Optional[_Iterable[_Union[OrderedFinding, _Mapping]]] = ..., violations: _Optional[_Iterable[_Union[OrderedFinding, _Mapping]]] = ..., legal_basis: _Optional[str] = ...) -> None: ...

class OrderedFinding(_message.Message):
    __slots__ = ("id", "kind", "description", "location")
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    id: str
    kind: str
    description: str
    location: str
    def __init__(self, id: _Optional[str] = ..., kind: _Optional[str] = ..., description: _Optional[str] = ..., location: _Optional[str] = ...) -> None: ...

class RectificationExtended(_message.Message):
    __slots__ = ("order_id", "uscc", "previous_deadline", "deadline", "extended_on", "reason", "deadline_provisional")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    EXTENDED_ON_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_PROVISIONAL_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    uscc: str
    previous_deadline: str
    deadline: str
    extended_on: str
    reason: str
    deadline_provisional: bool
    def __init__(self, order_id: _Optional[str] = ..., uscc: _Optional[str] = ..., previous_deadline: _Optional[str] = ..., deadline: _Optional[str] = ..., extended_on: _Optional[str] = ..., reason: _Optional[str] = ..., deadline_provisional: _Optional[bool] = ...) -> None: ...

class RectificationVerified(_message.Message):
    __slots__ = ("order_id", "uscc", "unit_name", "major", "verified_on", "inspection_id")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    MAJOR_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_ON_FIELD_NUMBER: _ClassVar[int]
    INSPECTION_ID_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    uscc: str
    unit_name: str
    major: bool
    verified_on: str
    inspection_id: str
    def __init__(self, order_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., major: _Optional[bool] = ..., verified_on: _Optional[str] = ..., inspection_id: _Optional[str] = ...) -> None: ...

class RectificationOverdue(_message.Message):
    __slots__ = ("order_id", "uscc", "unit_name", "district", "major", "refused", "deadline", "overdue_on", "inspection_id")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    MAJOR_FIELD_NUMBER: _ClassVar[int]
    REFUSED_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_ON_FIELD_NUMBER: _ClassVar[int]
    INSPECTION_ID_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    uscc: str
    unit_name: str
    district: str
    major: bool
    refused: bool
    deadline: str
    overdue_on: str
    inspection_id: str
    def __init__(self, order_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., district: _Optional[str] = ..., major: _Optional[bool] = ..., refused: _Optional[bool] = ..., deadline: _Optional[str] = ..., overdue_on: _Optional[str] = ..., inspection_id: _Optional[str] = ...) -> None: ...

class BusinessSuspended(_message.Message):
    __slots__ = ("uscc", "unit_name", "order_id", "suspended_on")
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_ON_FIELD_NUMBER: _ClassVar[int]
    uscc: str
    unit_name: str
    order_id: str
    suspended_on: str
    def __init__(self, uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., order_id: _Optional[str] = ..., suspended_on: _Optional[str] = ...) -> None: ...

class BusinessResumed(_message.Message):
    __slots__ = ("uscc", "unit_name", "order_id", "resumed_on")
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    RESUMED_ON_FIELD_NUMBER: _ClassVar[int]
    uscc: str
    unit_name: str
    order_id: str
    resumed_on: str
    def __init__(self, uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., order_id: _Optional[str] = ..., resumed_on: _Optional[str] = ...) -> None: ...

class AccountabilityMeasureTaken(_message.Message):
    __slots__ = ("measure_id", "order_id", "uscc", "unit_name", "district", "kind", "addressee_kind", "addressee", "content", "taken_on", "officer_ids", "interview_at", "place", "responsible_person")
    MEASURE_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ADDRESSEE_KIND_FIELD_NUMBER: _ClassVar[int]
    ADDRESSEE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    TAKEN_ON_FIELD_NUMBER: _ClassVar[int]
    OFFICER_IDS_FIELD_NUMBER: _ClassVar[int]
    INTERVIEW_AT_FIELD_NUMBER: _ClassVar[int]
    PLACE_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_PERSON_FIELD_NUMBER: _ClassVar[int]
    measure_id: str
    order_id: str
    uscc: str
    unit_name: str
    district: str
    kind: str
    addressee_kind: str
    addressee: str
    content: str
    taken_on: str
    officer_ids: _containers.RepeatedScalarFieldContainer[str]
    interview_at: str
    place: str
    responsible_person: str
    def __init__(self, measure_id: _Optional[str] = ..., order_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., district: _Optional[str] = ..., kind: _Optional[str] = ..., addressee_kind: _Optional[str] = ..., addressee: _Optional[str] = ..., content: _Optional[str] = ..., taken_on: _Optional[str] = ..., officer_ids: _Optional[_Iterable[str]] = ..., interview_at: _Optional[str] = ..., place: _Optional[str] = ..., responsible_person: _Optional[str] = ...) -> None: ...

class PenaltyDecided(_message.Message):
    __slots__ = ("penalty_id", "uscc", "unit_name", "district", "violation_type", "severity", "fine_yuan", "major", "decided_on", "legal_basis", "inspection_id", "violation_id", "baseline_version", "party_kind", "service_type", "document_no", "facts", "legal_representative", "warning", "suspension", "suspension_scope", "revocation", "revoked_document", "revoked_application_id")
    PENALTY_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    VIOLATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    FINE_YUAN_FIELD_NUMBER: _ClassVar[int]
    MAJOR_FIELD_NUMBER: _ClassVar[int]
    DECIDED_ON_FIELD_NUMBER: _ClassVar[int]
    LEGAL_BASIS_FIELD_NUMBER: _ClassVar[int]
    INSPECTION_ID_FIELD_NUMBER: _ClassVar[int]
    VIOLATION_ID_FIELD_NUMBER: _ClassVar[int]
    BASELINE_VERSION_FIELD_NUMBER: _ClassVar[int]
    PARTY_KIND_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_NO_FIELD_NUMBER: _ClassVar[int]
    FACTS_FIELD_NUMBER: _ClassVar[int]
    LEGAL_REPRESENTATIVE_FIELD_NUMBER: _ClassVar[int]
    WARNING_FIELD_NUMBER: _ClassVar[int]
    SUSPENSION_FIELD_NUMBER: _ClassVar[int]
    SUSPENSION_SCOPE_FIELD_NUMBER: _ClassVar[int]
    REVOCATION_FIELD_NUMBER: _ClassVar[int]
    REVOKED_DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    REVOKED_APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    penalty_id: str
    uscc: str
    unit_name: str
    district: str
    violation_type: str
    severity: str
    fine_yuan: int
    major: bool
    decided_on: str
    legal_basis: str
    inspection_id: str
    violation_id: str
    baseline_version: int
    party_kind: str
    service_type: str
    document_no: str
    facts: str
    legal_representative: str
    warning: bool
    suspension: str
    suspension_scope: str
    revocation: str
    revoked_document: str
    revoked_application_id: str
    def __init__(self, penalty_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., district: _Optional[str] = ..., violation_type: _Optional[str] = ..., severity: _Optional[str] = ..., fine_yuan: _Optional[int] = ..., major: _Optional[bool] = ..., decided_on: _Optional[str] = ..., legal_basis: _Optional[str] = ..., inspection_id: _Optional[str] = ..., violation_id: _Optional[str] = ..., baseline_version: _Optional[int] = ..., party_kind: _Optional[str] = ..., service_type: _Optional[str] = ..., document_no: _Optional[str] = ..., facts: _Optional[str] = ..., legal_representative: _Optional[str] = ..., warning: _Optional[bool] = ..., suspension: _Optional[str] = ..., suspension_scope: _Optional[str] = ..., revocation: _Optional[str] = ..., revoked_document: _Optional[str] = ..., revoked_application_id: _Optional[str] = ...) -> None: ...

class CommitmentVerified(_message.Message):
    __slots__ = ("application_id", "permit_no", "uscc", "unit_name", "result", "verified_on", "inspection_id", "verified_at")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    PERMIT_NO_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_ON_FIELD_NUMBER: _ClassVar[int]
    INSPECTION_ID_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_AT_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    permit_no: str
    uscc: str
    unit_name: str
    result: str
    verified_on: str
    inspection_id: str
    verified_at: str
    def __init__(self, application_id: _Optional[str] = ..., permit_no: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., result: _Optional[str] = ..., verified_on: _Optional[str] = ..., inspection_id: _Optional[str] = ..., verified_at: _Optional[str] = ...) -> None: ...

class CommitmentVerificationOverdue(_message.Message):
    __slots__ = ("application_id", "uscc", "unit_name", "due_date", "overdue_on")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_ON_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    uscc: str
    unit_name: str
    due_date: str
    overdue_on: str
    def __init__(self, application_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., due_date: _Optional[str] = ..., overdue_on: _Optional[str] = ...) -> None: ...

class ComplaintFeedbackGiven(_message.Message):
    __slots__ = ("complaint_id", "uscc", "reporter_name", "reporter_phone", "reporter_email", "feedback", "given_at", "reporter_contact")
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    REPORTER_NAME_FIELD_NUMBER: _ClassVar[int]
    REPORTER_PHONE_FIELD_NUMBER: _ClassVar[int]
    REPORTER_EMAIL_FIELD_NUMBER: _ClassVar[int]
    FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    GIVEN_AT_FIELD_NUMBER: _ClassVar[int]
    REPORTER_CONTACT_FIELD_NUMBER: _ClassVar[int]
    complaint_id: str
    uscc: str
    reporter_name: str
    reporter_phone: str
    reporter_email: str
    feedback: str
    given_at: str
    reporter_contact: bytes
    def __init__(self, complaint_id: _Optional[str] = ..., uscc: _Optional[str] = ..., reporter_name: _Optional[str] = ..., reporter_phone: _Optional[str] = ..., reporter_email: _Optional[str] = ..., feedback: _Optional[str] = ..., given_at: _Optional[str] = ..., reporter_contact: _Optional[bytes] = ...) -> None: ...

class ComplaintCheckOverdue(_message.Message):
    __slots__ = ("complaint_id", "uscc", "category", "due", "overdue_at")
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    DUE_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_AT_FIELD_NUMBER: _ClassVar[int]
    complaint_id: str
    uscc: str
    category: str
    due: str
    overdue_at: str
    def __init__(self, complaint_id: _Optional[str] = ..., uscc: _Optional[str] = ..., category: _Optional[str] = ..., due: _Optional[str] = ..., overdue_at: _Optional[str] = ...) -> None: ...

class ReferralLetterSent(_message.Message):
    __slots__ = ("letter_id", "uscc", "unit_name", "regulator", "hazard_ids", "summary", "sent_on", "inspection_id", "violation_ids", "all_corrected_on_the_spot")
    LETTER_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    REGULATOR_FIELD_NUMBER: _ClassVar[int]
    HAZARD_IDS_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    SENT_ON_FIELD_NUMBER: _ClassVar[int]
    INSPECTION_ID_FIELD_NUMBER: _ClassVar[int]
    VIOLATION_IDS_FIELD_NUMBER: _ClassVar[int]
    ALL_CORRECTED_ON_THE_SPOT_FIELD_NUMBER: _ClassVar[int]
    letter_id: str
    uscc: str
    unit_name: str
    regulator: str
    hazard_ids: _containers.RepeatedScalarFieldContainer[str]
    summary: str
    sent_on: str
    inspection_id: str
    violation_ids: _containers.RepeatedScalarFieldContainer[str]
    all_corrected_on_the_spot: bool
    def __init__(self, letter_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., regulator: _Optional[str] = ..., hazard_ids: _Optional[_Iterable[str]] = ..., summary: _Optional[str] = ..., sent_on: _Optional[str] = ..., inspection_id: _Optional[str] = ..., violation_ids: _Optional[_Iterable[str]] = ..., all_corrected_on_the_spot: _Optional[bool] = ...) -> None: ...

class SimpleFireRegistered(_message.Message):
    __slots__ = ("registration_id", "uscc", "unit_name", "address", "district", "occurred_at", "description", "direct_loss_yuan", "registered_on")
    REGISTRATION_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DIRECT_LOSS_YUAN_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_ON_FIELD_NUMBER: _ClassVar[int]
    registration_id: str
    uscc: str
    unit_name: str
    address: str
    district: str
    occurred_at: str
    description: str
    direct_loss_yuan: int
    registered_on: str
    def __init__(self, registration_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., address: _Optional[str] = ..., district: _Optional[str] = ..., occurred_at: _Optional[str] = ..., description: _Optional[str] = ..., direct_loss_yuan: _Optional[int] = ..., registered_on: _Optional[str] = ...) -> None: ...

class DeadlineRevised(_message.Message):
    __slots__ = ("order_id", "uscc", "unit_name", "what", "previous_deadline", "deadline", "deadline_provisional", "arrangement", "revised_at")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    WHAT_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_PROVISIONAL_FIELD_NUMBER: _ClassVar[int]
    ARRANGEMENT_FIELD_NUMBER: _ClassVar[int]
    REVISED_AT_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    uscc: str
    unit_name: str
    what: str
    previous_deadline: str
    deadline: str
    deadline_provisional: bool
    arrangement: str
    revised_at: str
    def __init__(self, order_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., what: _Optional[str] = ..., previous_deadline: _Optional[str] = ..., deadline: _Optional[str] = ..., deadline_provisional: _Optional[bool] = ..., arrangement: _Optional[str] = ..., revised_at: _Optional[str] = ...) -> None: ...

class TechnicalServiceFirmRegistered(_message.Message):
    __slots__ = ("uscc", "firm_name", "district", "service_types", "address", "registered_at", "corrected")
    USCC_FIELD_NUMBER: _ClassVar[int]
    FIRM_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPES_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_AT_FIELD_NUMBER: _ClassVar[int]
    CORRECTED_FIELD_NUMBER: _ClassVar[int]
    uscc: str
    firm_name: str
    district: str
    service_types: _containers.RepeatedScalarFieldContainer[str]
    address: str
    registered_at: str
    corrected: bool
    def __init__(self, uscc: _Optional[str] = ..., firm_name: _Optional[str] = ..., district: _Optional[str] = ..., service_types: _Optional[_Iterable[str]] = ..., address: _Optional[str] = ..., registered_at: _Optional[str] = ..., corrected: _Optional[bool] = ...) -> None: ...
