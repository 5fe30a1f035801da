from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class InspectionPlanPublished(_message.Message):
    __slots__ = ("plan_id", "month", "district", "seed", "register_snapshot", "draws", "published_at")
    class Draw(_message.Message):
        __slots__ = ("uscc", "unit_name", "inspector_ids")
        USCC_FIELD_NUMBER: _ClassVar[int]
        UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
        INSPECTOR_IDS_FIELD_NUMBER: _ClassVar[int]
        uscc: str
        unit_name: str
        inspector_ids: _containers.RepeatedScalarFieldContainer[str]
        def __init__(self, uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., inspector_ids: _Optional[_Iterable[str]] = ...) -> None: ...
    PLAN_ID_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    REGISTER_SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    DRAWS_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    plan_id: str
    month: str
    district: str
    seed: str
    register_snapshot: str
    draws: _containers.RepeatedCompositeFieldContainer[InspectionPlanPublished.Draw]
    published_at: str
    def __init__(self, plan_id: _Optional[str] = ..., month: _Optional[str] = ..., district: _Optional[str] = ..., seed: _Optional[str] = ..., register_snapshot: _Optional[str] = ..., draws: _Optional[_Iterable[_Union[InspectionPlanPublished.Draw, _Mapping]]] = ..., published_at: _Optional[str] = ...) -> None: ...

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
    __slots__ = ("hazard_id", "inspection_id", "uscc", "unit_name", "district", "grade", "description", "found_on", "industry_regulator")
    HAZARD_ID_FIELD_NUMBER: _ClassVar[int]
    INSPECTION_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    GRADE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    FOUND_ON_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_REGULATOR_FIELD_NUMBER: _ClassVar[int]
    hazard_id: str
    inspection_id: str
    uscc: str
    unit_name: str
    district: str
    grade: str
    description: str
    found_on: str
    industry_regulator: str
    def __init__(self, hazard_id: _Optional[str] = ..., inspection_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., district: _Optional[str] = ..., grade: _Optional[str] = ..., description: _Optional[str] = ..., found_on: _Optional[str] = ..., industry_regulator: _Optional[str] = ...) -> None: ...

class ViolationFound(_message.Message):
    __slots__ = ("violation_id", "inspection_id", "uscc", "unit_name", "violation_type", "description", "found_on", "corrected_on_the_spot")
    VIOLATION_ID_FIELD_NUMBER: _ClassVar[int]
    INSPECTION_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    VIOLATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    FOUND_ON_FIELD_NUMBER: _ClassVar[int]
    CORRECTED_ON_THE_SPOT_FIELD_NUMBER: _ClassVar[int]
    violation_id: str
    inspection_id: str
    uscc: str
    unit_name: str
    violation_type: str
    description: str
    found_on: str
    corrected_on_the_spot: bool
    def __init__(self, violation_id: _Optional[str] = ..., inspection_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., violation_type: _Optional[str] = ..., description: _Optional[str] = ..., found_on: _Optional[str] = ..., corrected_on_the_spot: _Optional[bool] = ...) -> None: ...

class InspectionRecorded(_message.Message):
    __slots__ = ("inspection_id", "uscc", "unit_name", "district", "mode", "purpose", "inspector_ids", "hazards", "major_hazards", "violations", "inspected_on")
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
    def __init__(self, inspection_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., district: _Optional[str] = ..., mode: _Optional[str] = ..., purpose: _Optional[str] = ..., inspector_ids: _Optional[_Iterable[str]] = ..., hazards: _Optional[int] = ..., major_hazards: _Optional[int] = ..., violations: _Optional[int] = ..., inspected_on: _Optional[str] = ...) -> None: ...

class RectificationOrdered(_message.Message):
    __slots__ = ("order_id", "uscc", "unit_name", "district", "hazard_ids", "advice", "deadline", "major", "ordered_on", "responsible_person", "responsible_phone", "responsible_email")
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
    def __init__(self, order_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., district: _Optional[str] = ..., hazard_ids: _Optional[_Iterable[str]] = ..., advice: _Optional[str] = ..., deadline: _Optional[str] = ..., major: _Optional[bool] = ..., ordered_on: _Optional[str] = ..., responsible_person: _Optional[str] = ..., responsible_phone: _Optional[str] = ..., responsible_email: _Optional[str] = ...) -> None: ...

class RectificationExtended(_message.Message):
    __slots__ = ("order_id", "uscc", "previous_deadline", "deadline", "extended_on")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    EXTENDED_ON_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    uscc: str
    previous_deadline: str
    deadline: str
    extended_on: str
    def __init__(self, order_id: _Optional[str] = ..., uscc: _Optional[str] = ..., previous_deadline: _Optional[str] = ..., deadline: _Optional[str] = ..., extended_on: _Optional[str] = ...) -> None: ...

class RectificationVerified(_message.Message):
    __slots__ = ("order_id", "uscc", "unit_name", "major", "verified_on")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    MAJOR_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_ON_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    uscc: str
    unit_name: str
    major: bool
    verified_on: str
    def __init__(self, order_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., major: _Optional[bool] = ..., verified_on: _Optional[str] = ...) -> None: ...

class RectificationOverdue(_message.Message):
    __slots__ = ("order_id", "uscc", "unit_name", "district", "major", "refused", "deadline", "overdue_on")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    MAJOR_FIELD_NUMBER: _ClassVar[int]
    REFUSED_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_ON_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    uscc: str
    unit_name: str
    district: str
    major: bool
    refused: bool
    deadline: str
    overdue_on: str
    def __init__(self, order_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., district: _Optional[str] = ..., major: _Optional[bool] = ..., refused: _Optional[bool] = ..., deadline: _Optional[str] = ..., overdue_on: _Optional[str] = ...) -> None: ...

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

class PenaltyDecided(_message.Message):
    __slots__ = ("penalty_id", "uscc", "unit_name", "district", "violation_type", "severity", "fine_yuan", "major", "decided_on", "legal_basis")
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
    def __init__(self, penalty_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., district: _Optional[str] = ..., violation_type: _Optional[str] = ..., severity: _Optional[str] = ..., fine_yuan: _Optional[int] = ..., major: _Optional[bool] = ..., decided_on: _Optional[str] = ..., legal_basis: _Optional[str] = ...) -> None: ...

class CommitmentVerified(_message.Message):
    __slots__ = ("application_id", "permit_no", "uscc", "unit_name", "result", "verified_on", "inspection_id")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    PERMIT_NO_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_ON_FIELD_NUMBER: _ClassVar[int]
    INSPECTION_ID_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    permit_no: str
    uscc: str
    unit_name: str
    result: str
    verified_on: str
    inspection_id: str
    def __init__(self, application_id: _Optional[str] = ..., permit_no: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., result: _Optional[str] = ..., verified_on: _Optional[str] = ..., inspection_id: _Optional[str] = ...) -> None: ...

class ComplaintFeedbackGiven(_message.Message):
    __slots__ = ("complaint_id", "uscc", "reporter_name", "reporter_phone", "reporter_email", "feedback", "given_at")
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    REPORTER_NAME_FIELD_NUMBER: _ClassVar[int]
    REPORTER_PHONE_FIELD_NUMBER: _ClassVar[int]
    REPORTER_EMAIL_FIELD_NUMBER: _ClassVar[int]
    FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    GIVEN_AT_FIELD_NUMBER: _ClassVar[int]
    complaint_id: str
    uscc: str
    reporter_name: str
    reporter_phone: str
    reporter_email: str
    feedback: str
    given_at: str
    def __init__(self, complaint_id: _Optional[str] = ..., uscc: _Optional[str] = ..., reporter_name: _Optional[str] = ..., reporter_phone: _Optional[str] = ..., reporter_email: _Optional[str] = ..., feedback: _Optional[str] = ..., given_at: _Optional[str] = ...) -> None: ...

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
    __slots__ = ("letter_id", "uscc", "unit_name", "regulator", "hazard_ids", "summary", "sent_on")
    LETTER_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    REGULATOR_FIELD_NUMBER: _ClassVar[int]
    HAZARD_IDS_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    SENT_ON_FIELD_NUMBER: _ClassVar[int]
    letter_id: str
    uscc: str
    unit_name: str
    regulator: str
    hazard_ids: _containers.RepeatedScalarFieldContainer[str]
    summary: str
    sent_on: str
    def __init__(self, letter_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., regulator: _Optional[str] = ..., hazard_ids: _Optional[_Iterable[str]] = ..., summary: _Optional[str] = ..., sent_on: _Optional[str] = ...) -> None: ...
