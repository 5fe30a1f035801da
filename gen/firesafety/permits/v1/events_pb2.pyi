from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Contact(_message.Message):
    __slots__ = ("name", "phone", "email", "sealed")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    SEALED_FIELD_NUMBER: _ClassVar[int]
    name: str
    phone: str
    email: str
    sealed: bytes
    def __init__(self, name: _Optional[str] = ..., phone: _Optional[str] = ..., email: _Optional[str] = ..., sealed: _Optional[bytes] = ...) -> None: ...

class PermitGranted(_message.Message):
    __slots__ = ("application_id", "permit_no", "route", "uscc", "unit_name", "venue_name", "district", "venue_category", "floor_area_m2", "granted_at", "applicant_name", "applicant_phone", "applicant_email", "address", "street", "delivery_method", "applicant")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    PERMIT_NO_FIELD_NUMBER: _ClassVar[int]
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    VENUE_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    VENUE_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    FLOOR_AREA_M2_FIELD_NUMBER: _ClassVar[int]
    GRANTED_AT_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_NAME_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_PHONE_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_EMAIL_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    STREET_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_METHOD_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    permit_no: str
    route: str
    uscc: str
    unit_name: str
    venue_name: str
    district: str
    venue_category: str
    floor_area_m2: float
    granted_at: str
    applicant_name: str
    applicant_phone: str
    applicant_email: str
    address: str
    street: str
    delivery_method: str
    applicant: Contact
    def __init__(self, application_id: _Optional[str] = ..., permit_no: _Optional[str] = ..., route: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., venue_name: _Optional[str] = ..., district: _Optional[str] = ..., venue_category: _Optional[str] = ..., floor_area_m2: _Optional[float] = ..., granted_at: _Optional[str] = ..., applicant_name: _Optional[str] = ..., applicant_phone: _Optional[str] = ..., applicant_email: _Optional[str] = ..., address: _Optional[str] = ..., street: _Optional[str] = ..., delivery_method: _Optional[str] = ..., applicant: _Optional[_Union[Contact, _Mapping]] = ...) -> None: ...

class PermitRefused(_message.Message):
    __slots__ = ("application_id", "uscc", "unit_name", "venue_name", "district", "reasons", "rectification_advice", "refused_at", "applicant")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    VENUE_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    RECTIFICATION_ADVICE_FIELD_NUMBER: _ClassVar[int]
    REFUSED_AT_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    uscc: str
    unit_name: str
    venue_name: str
    district: str
    reasons: _containers.RepeatedScalarFieldContainer[str]
    rectification_advice: str
    refused_at: str
    applicant: Contact
    def __init__(self, application_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., venue_name: _Optional[str] = ..., district: _Optional[str] = ..., reasons: _Optional[_Iterable[str]] = ..., rectification_advice: _Optional[str] = ..., refused_at: _Optional[str] = ..., applicant: _Optional[_Union[Contact, _Mapping]] = ...) -> None: ...

class PermitRevoked(_message.Message):
    __slots__ = ("application_id", "permit_no", "uscc", "unit_name", "district", "reason", "revoked_at", "cause_event_id")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    PERMIT_NO_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    CAUSE_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    permit_no: str
    uscc: str
    unit_name: str
    district: str
    reason: str
    revoked_at: str
    cause_event_id: str
    def __init__(self, application_id: _Optional[str] = ..., permit_no: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., district: _Optional[str] = ..., reason: _Optional[str] = ..., revoked_at: _Optional[str] = ..., cause_event_id: _Optional[str] = ...) -> None: ...

class DeficienciesNotified(_message.Message):
    __slots__ = ("application_id", "uscc", "unit_name", "venue_name", "missing_materials", "notified_at", "applicant", "route")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    VENUE_NAME_FIELD_NUMBER: _ClassVar[int]
    MISSING_MATERIALS_FIELD_NUMBER: _ClassVar[int]
    NOTIFIED_AT_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_FIELD_NUMBER: _ClassVar[int]
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    uscc: str
    unit_name: str
    venue_name: str
    missing_materials: _containers.RepeatedScalarFieldContainer[str]
    notified_at: str
    applicant: Contact
    route: str
    def __init__(self, application_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., venue_name: _Optional[str] = ..., missing_materials: _Optional[_Iterable[str]] = ..., notified_at: _Optional[str] = ..., applicant: _Optional[_Union[Contact, _Mapping]] = ..., route: _Optional[str] = ...) -> None: ...

class CommitmentVerificationRequested(_message.Message):
    __slots__ = ("application_id", "permit_no", "uscc", "unit_name", "venue_name", "district", "address", "requested_at", "due_date", "due_date_provisional", "working_days")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    PERMIT_NO_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    VENUE_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_PROVISIONAL_FIELD_NUMBER: _ClassVar[int]
    WORKING_DAYS_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    permit_no: str
    uscc: str
    unit_name: str
    venue_name: str
    district: str
    address: str
    requested_at: str
    due_date: str
    due_date_provisional: bool
    working_days: int
    def __init__(self, application_id: _Optional[str] = ..., permit_no: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., venue_name: _Optional[str] = ..., district: _Optional[str] = ..., address: _Optional[str] = ..., requested_at: _Optional[str] = ..., due_date: _Optional[str] = ..., due_date_provisional: _Optional[bool] = ..., working_days: _Optional[int] = ...) -> None: ...

class PilotRegistered(_message.Message):
    __slots__ = ("application_id", "uscc", "unit_name", "venue_name", "district", "address", "complex_name", "venue_category", "floor_area_m2", "registered_at")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    VENUE_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    COMPLEX_NAME_FIELD_NUMBER: _ClassVar[int]
    VENUE_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    FLOOR_AREA_M2_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_AT_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    uscc: str
    unit_name: str
    venue_name: str
    district: str
    address: str
    complex_name: str
    venue_category: str
    floor_area_m2: float
    registered_at: str
    def __init__(self, application_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., venue_name: _Optional[str] = ..., district: _Optional[str] = ..., address: _Optional[str] = ..., complex_name: _Optional[str] = ..., venue_category: _Optional[str] = ..., floor_area_m2: _Optional[float] = ..., registered_at: _Optional[str] = ...) -> None: ...

class PermitAmended(_message.Message):
    __slots__ = ("application_id", "permit_no", "uscc", "previous_name", "unit_name", "previous_legal_representative", "legal_representative", "amended_at", "venue_name", "district", "address")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    PERMIT_NO_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_NAME_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_LEGAL_REPRESENTATIVE_FIELD_NUMBER: _ClassVar[int]
    LEGAL_REPRESENTATIVE_FIELD_NUMBER: _ClassVar[int]
    AMENDED_AT_FIELD_NUMBER: _ClassVar[int]
    VENUE_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    permit_no: str
    uscc: str
    previous_name: str
    unit_name: str
    previous_legal_representative: str
    legal_representative: str
    amended_at: str
    venue_name: str
    district: str
    address: str
    def __init__(self, application_id: _Optional[str] = ..., permit_no: _Optional[str] = ..., uscc: _Optional[str] = ..., previous_name: _Optional[str] = ..., unit_name: _Optional[str] = ..., previous_legal_representative: _Optional[str] = ..., legal_representative: _Optional[str] = ..., amended_at: _Optional[str] = ..., venue_name: _Optional[str] = ..., district: _Optional[str] = ..., address: _Optional[str] = ...) -> None: ...

class DocumentsDelivered(_message.Message):
    __slots__ = ("application_id", "permit_no", "uscc", "method", "delivered_at", "postal_tracking_no", "applicant")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    PERMIT_NO_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    DELIVERED_AT_FIELD_NUMBER: _ClassVar[int]
    POSTAL_TRACKING_NO_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    permit_no: str
    uscc: str
    method: str
    delivered_at: str
    postal_tracking_no: str
    applicant: Contact
    def __init__(self, application_id: _Optional[str] = ..., permit_no: _Optional[str] = ..., uscc: _Optional[str] = ..., method: _Optional[str] = ..., delivered_at: _Optional[str] = ..., postal_tracking_no: _Optional[str] = ..., applicant: _Optional[_Union[Contact, _Mapping]] = ...) -> None: ...

class StatutoryClockBreached(_message.Message):
    __slots__ = ("application_id", "uscc", "unit_name", "district", "stage", "due_date", "breached_on")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    BREACHED_ON_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    uscc: str
    unit_name: str
    district: str
    stage: str
    due_date: str
    breached_on: str
    def __init__(self, application_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., district: _Optional[str] = ..., stage: _Optional[str] = ..., due_date: _Optional[str] = ..., breached_on: _Optional[str] = ...) -> None: ...

class AppointmentBooked(_message.Message):
    __slots__ = ("appointment_id", "uscc", "unit_name", "venue_name", "address", "kind", "requested_date", "due_date", "applicant", "booked_at", "due_date_provisional")
    APPOINTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    VENUE_NAME_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_DATE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_FIELD_NUMBER: _ClassVar[int]
    BOOKED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_PROVISIONAL_FIELD_NUMBER: _ClassVar[int]
    appointment_id: str
    uscc: str
    unit_name: str
    venue_name: str
    address: str
    kind: str
    requested_date: str
    due_date: str
    applicant: Contact
    booked_at: str
    due_date_provisional: bool
    def __init__(self, appointment_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., venue_name: _Optional[str] = ..., address: _Optional[str] = ..., kind: _Optional[str] = ..., requested_date: _Optional[str] = ..., due_date: _Optional[str] = ..., applicant: _Optional[_Union[Contact, _Mapping]] = ..., booked_at: _Optional[str] = ..., due_date_provisional: _Optional[bool] = ...) -> None: ...

class DueDateRevised(_message.Message):
    __slots__ = ("application_id", "appointment_id", "uscc", "unit_name", "what", "previous_due_date", "due_date", "due_date_provisional", "arrangement", "applicant", "revised_at")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    APPOINTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    WHAT_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_PROVISIONAL_FIELD_NUMBER: _ClassVar[int]
    ARRANGEMENT_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_FIELD_NUMBER: _ClassVar[int]
    REVISED_AT_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    appointment_id: str
    uscc: str
    unit_name: str
    what: str
    previous_due_date: str
    due_date: str
    due_date_provisional: bool
    arrangement: str
    applicant: Contact
    revised_at: str
    def __init__(self, application_id: _Optional[str] = ..., appointment_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., what: _Optional[str] = ..., previous_due_date: _Optional[str] = ..., due_date: _Optional[str] = ..., due_date_provisional: _Optional[bool] = ..., arrangement: _Optional[str] = ..., applicant: _Optional[_Union[Contact, _Mapping]] = ..., revised_at: _Optional[str] = ...) -> None: ...
