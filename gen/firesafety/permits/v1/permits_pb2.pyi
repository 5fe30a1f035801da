import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Route(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ROUTE_UNSPECIFIED: _ClassVar[Route]
    ROUTE_STANDARD: _ClassVar[Route]
    ROUTE_COMMITMENT: _ClassVar[Route]
    ROUTE_PILOT: _ClassVar[Route]

class VenueCategory(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VENUE_CATEGORY_UNSPECIFIED: _ClassVar[VenueCategory]
    VENUE_CATEGORY_PASSENGER_STATION_WAITING_ROOM: _ClassVar[VenueCategory]
    VENUE_CATEGORY_PASSENGER_TERMINAL_WAITING_HALL: _ClassVar[VenueCategory]
    VENUE_CATEGORY_CIVIL_AIRPORT_TERMINAL: _ClassVar[VenueCategory]
    VENUE_CATEGORY_SPORTS_VENUE: _ClassVar[VenueCategory]
    VENUE_CATEGORY_ASSEMBLY_HALL: _ClassVar[VenueCategory]
    VENUE_CATEGORY_HOTEL: _ClassVar[VenueCategory]
    VENUE_CATEGORY_SHOPPING_MALL: _ClassVar[VenueCategory]
    VENUE_CATEGORY_CATERING: _ClassVar[VenueCategory]
    VENUE_CATEGORY_ENTERTAINMENT: _ClassVar[VenueCategory]
    VENUE_CATEGORY_OTHER: _ClassVar[VenueCategory]

class Material(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MATERIAL_UNSPECIFIED: _ClassVar[Material]
    MATERIAL_APPLICATION_FORM: _ClassVar[Material]
    MATERIAL_COMMITMENT_LETTER: _ClassVar[Material]
    MATERIAL_BUSINESS_LICENCE: _ClassVar[Material]
    MATERIAL_SAFETY_RULES_AND_EVACUATION_PLAN: _ClassVar[Material]
    MATERIAL_FLOOR_AND_FIRE_FACILITY_PLANS: _ClassVar[Material]
    MATERIAL_LEGAL_REPRESENTATIVE_ID: _ClassVar[Material]

class ApplicationStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    APPLICATION_STATUS_UNSPECIFIED: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_SUBMITTED: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_GRANTED: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_ACCEPTED: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_INSPECTED: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_REFUSED: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_REVOKED: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_REGISTERED: _ClassVar[ApplicationStatus]

class DeliveryMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DELIVERY_METHOD_UNSPECIFIED: _ClassVar[DeliveryMethod]
    DELIVERY_METHOD_DIRECT: _ClassVar[DeliveryMethod]
    DELIVERY_METHOD_POST: _ClassVar[DeliveryMethod]

class ChangedAspect(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHANGED_ASPECT_UNSPECIFIED: _ClassVar[ChangedAspect]
    CHANGED_ASPECT_USE: _ClassVar[ChangedAspect]
    CHANGED_ASPECT_DECORATION_MATERIALS: _ClassVar[ChangedAspect]
    CHANGED_ASPECT_FIRE_FACILITIES: _ClassVar[ChangedAspect]
    CHANGED_ASPECT_FLOOR_AREA: _ClassVar[ChangedAspect]

class AmendmentDocument(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AMENDMENT_DOCUMENT_UNSPECIFIED: _ClassVar[AmendmentDocument]
    AMENDMENT_DOCUMENT_CHANGE_REQUEST: _ClassVar[AmendmentDocument]
    AMENDMENT_DOCUMENT_NAME_PRE_APPROVAL_NOTICE: _ClassVar[AmendmentDocument]
    AMENDMENT_DOCUMENT_ORIGINAL_PERMIT: _ClassVar[AmendmentDocument]
    AMENDMENT_DOCUMENT_OLD_LEGAL_REPRESENTATIVE_ID: _ClassVar[AmendmentDocument]
    AMENDMENT_DOCUMENT_NEW_LEGAL_REPRESENTATIVE_ID: _ClassVar[AmendmentDocument]

class AppointmentKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    APPOINTMENT_KIND_UNSPECIFIED: _ClassVar[AppointmentKind]
    APPOINTMENT_KIND_GUIDANCE: _ClassVar[AppointmentKind]
    APPOINTMENT_KIND_OFF_HOURS_INSPECTION: _ClassVar[AppointmentKind]
    APPOINTMENT_KIND_TRAINING: _ClassVar[AppointmentKind]
    APPOINTMENT_KIND_DRILL: _ClassVar[AppointmentKind]

class DecisionKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DECISION_KIND_UNSPECIFIED: _ClassVar[DecisionKind]
    DECISION_KIND_GRANTED: _ClassVar[DecisionKind]
    DECISION_KIND_REFUSED: _ClassVar[DecisionKind]
    DECISION_KIND_REVOKED: _ClassVar[DecisionKind]
    DECISION_KIND_PILOT_REGISTERED: _ClassVar[DecisionKind]
    DECISION_KIND_AMENDED: _ClassVar[DecisionKind]
ROUTE_UNSPECIFIED: Route
ROUTE_STANDARD: Route
ROUTE_COMMITMENT: Route
ROUTE_PILOT: Route
VENUE_CATEGORY_UNSPECIFIED: VenueCategory
VENUE_CATEGORY_PASSENGER_STATION_WAITING_ROOM: VenueCategory
VENUE_CATEGORY_PASSENGER_TERMINAL_WAITING_HALL: VenueCategory
VENUE_CATEGORY_CIVIL_AIRPORT_TERMINAL: VenueCategory
VENUE_CATEGORY_SPORTS_VENUE: VenueCategory
VENUE_CATEGORY_ASSEMBLY_HALL: VenueCategory
VENUE_CATEGORY_HOTEL: VenueCategory
VENUE_CATEGORY_SHOPPING_MALL: VenueCategory
VENUE_CATEGORY_CATERING: VenueCategory
VENUE_CATEGORY_ENTERTAINMENT: VenueCategory
VENUE_CATEGORY_OTHER: VenueCategory
MATERIAL_UNSPECIFIED: Material
MATERIAL_APPLICATION_FORM: Material
MATERIAL_COMMITMENT_LETTER: Material
MATERIAL_BUSINESS_LICENCE: Material
MATERIAL_SAFETY_RULES_AND_EVACUATION_PLAN: Material
MATERIAL_FLOOR_AND_FIRE_FACILITY_PLANS: Material
MATERIAL_LEGAL_REPRESENTATIVE_ID: Material
APPLICATION_STATUS_UNSPECIFIED: ApplicationStatus
APPLICATION_STATUS_SUBMITTED: ApplicationStatus
APPLICATION_STATUS_GRANTED: ApplicationStatus
APPLICATION_STATUS_ACCEPTED: ApplicationStatus
APPLICATION_STATUS_INSPECTED: ApplicationStatus
APPLICATION_STATUS_REFUSED: ApplicationStatus
APPLICATION_STATUS_REVOKED: ApplicationStatus
APPLICATION_STATUS_REGISTERED: ApplicationStatus
DELIVERY_METHOD_UNSPECIFIED: DeliveryMethod
DELIVERY_METHOD_DIRECT: DeliveryMethod
DELIVERY_METHOD_POST: DeliveryMethod
CHANGED_ASPECT_UNSPECIFIED: ChangedAspect
CHANGED_ASPECT_USE: ChangedAspect
CHANGED_ASPECT_DECORATION_MATERIALS: ChangedAspect
CHANGED_ASPECT_FIRE_FACILITIES: ChangedAspect
CHANGED_ASPECT_FLOOR_AREA: ChangedAspect
AMENDMENT_DOCUMENT_UNSPECIFIED: AmendmentDocument
AMENDMENT_DOCUMENT_CHANGE_REQUEST: AmendmentDocument
AMENDMENT_DOCUMENT_NAME_PRE_APPROVAL_NOTICE: AmendmentDocument
AMENDMENT_DOCUMENT_ORIGINAL_PERMIT: AmendmentDocument
AMENDMENT_DOCUMENT_OLD_LEGAL_REPRESENTATIVE_ID: AmendmentDocument
AMENDMENT_DOCUMENT_NEW_LEGAL_REPRESENTATIVE_ID: AmendmentDocument
APPOINTMENT_KIND_UNSPECIFIED: AppointmentKind
APPOINTMENT_KIND_GUIDANCE: AppointmentKind
APPOINTMENT_KIND_OFF_HOURS_INSPECTION: AppointmentKind
APPOINTMENT_KIND_TRAINING: AppointmentKind
APPOINTMENT_KIND_DRILL: AppointmentKind
DECISION_KIND_UNSPECIFIED: DecisionKind
DECISION_KIND_GRANTED: DecisionKind
DECISION_KIND_REFUSED: DecisionKind
DECISION_KIND_REVOKED: DecisionKind
DECISION_KIND_PILOT_REGISTERED: DecisionKind
DECISION_KIND_AMENDED: DecisionKind

class Unit(_message.Message):
    __slots__ = ("uscc", "name", "venue_name", "address", "district", "street", "venue_category", "floor_area_m2", "in_commercial_complex", "legal_representative", "legal_representative_id", "complex_name")
    USCC_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VENUE_NAME_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    STREET_FIELD_NUMBER: _ClassVar[int]
    VENUE_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    FLOOR_AREA_M2_FIELD_NUMBER: _ClassVar[int]
    IN_COMMERCIAL_COMPLEX_FIELD_NUMBER: _ClassVar[int]
    LEGAL_REPRESENTATIVE_FIELD_NUMBER: _ClassVar[int]
    LEGAL_REPRESENTATIVE_ID_FIELD_NUMBER: _ClassVar[int]
    COMPLEX_NAME_FIELD_NUMBER: _ClassVar[int]
    uscc: str
    name: str
    venue_name: str
    address: str
    district: str
    street: str
    venue_category: VenueCategory
    floor_area_m2: float
    in_commercial_complex: bool
    legal_representative: str
    legal_representative_id: str
    complex_name: str
    def __init__(self, uscc: _Optional[str] = ..., name: _Optional[str] = ..., venue_name: _Optional[str] = ..., address: _Optional[str] = ..., district: _Optional[str] = ..., street: _Optional[str] = ..., venue_category: _Optional[_Union[VenueCategory, str]] = ..., floor_area_m2: _Optional[float] = ..., in_commercial_complex: _Optional[bool] = ..., legal_representative: _Optional[str] = ..., legal_representative_id: _Optional[str] = ..., complex_name: _Optional[str] = ...) -> None: ...

class Applicant(_message.Message):
    __slots__ = ("name", "phone", "email")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    name: str
    phone: str
    email: str
    def __init__(self, name: _Optional[str] = ..., phone: _Optional[str] = ..., email: _Optional[str] = ...) -> None: ...

class SubmitApplicationRequest(_message.Message):
    __slots__ = ("request_id", "route", "unit", "applicant", "materials", "submitted_at", "delivery_method", "postal_address")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_FIELD_NUMBER: _ClassVar[int]
    MATERIALS_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_METHOD_FIELD_NUMBER: _ClassVar[int]
    POSTAL_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    route: Route
    unit: Unit
    applicant: Applicant
    materials: _containers.RepeatedScalarFieldContainer[Material]
    submitted_at: _timestamp_pb2.Timestamp
    delivery_method: DeliveryMethod
    postal_address: str
    def __init__(self, request_id: _Optional[str] = ..., route: _Optional[_Union[Route, str]] = ..., unit: _Optional[_Union[Unit, _Mapping]] = ..., applicant: _Optional[_Union[Applicant, _Mapping]] = ..., materials: _Optional[_Iterable[_Union[Material, str]]] = ..., submitted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., delivery_method: _Optional[_Union[DeliveryMethod, str]] = ..., postal_address: _Optional[str] = ...) -> None: ...

class SupplementMaterialsRequest(_message.Message):
    __slots__ = ("request_id", "application_id", "materials", "supplemented_at")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    MATERIALS_FIELD_NUMBER: _ClassVar[int]
    SUPPLEMENTED_AT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    application_id: str
    materials: _containers.RepeatedScalarFieldContainer[Material]
    supplemented_at: _timestamp_pb2.Timestamp
    def __init__(self, request_id: _Optional[str] = ..., application_id: _Optional[str] = ..., materials: _Optional[_Iterable[_Union[Material, str]]] = ..., supplemented_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListApplicationsRequest(_message.Message):
    __slots__ = ("uscc", "status", "page_size", "page_token")
    USCC_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    uscc: str
    status: ApplicationStatus
    page_size: int
    page_token: str
    def __init__(self, uscc: _Optional[str] = ..., status: _Optional[_Union[ApplicationStatus, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListApplicationsResponse(_message.Message):
    __slots__ = ("applications", "next_page_token", "freshness")
    APPLICATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    FRESHNESS_FIELD_NUMBER: _ClassVar[int]
    applications: _containers.RepeatedCompositeFieldContainer[ApplicationSummary]
    next_page_token: str
    freshness: ReadFreshness
    def __init__(self, applications: _Optional[_Iterable[_Union[ApplicationSummary, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., freshness: _Optional[_Union[ReadFreshness, _Mapping]] = ...) -> None: ...

class ApplicationSummary(_message.Message):
    __slots__ = ("application_id", "uscc", "unit_name", "venue_name", "district", "route", "status", "permit_no", "submitted_at", "due_date", "due_date_provisional")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    VENUE_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PERMIT_NO_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_PROVISIONAL_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    uscc: str
    unit_name: str
    venue_name: str
    district: str
    route: Route
    status: ApplicationStatus
    permit_no: str
    submitted_at: _timestamp_pb2.Timestamp
    due_date: str
    due_date_provisional: bool
    def __init__(self, application_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., venue_name: _Optional[str] = ..., district: _Optional[str] = ..., route: _Optional[_Union[Route, str]] = ..., status: _Optional[_Union[ApplicationStatus, str]] = ..., permit_no: _Optional[str] = ..., submitted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_date: _Optional[str] = ..., due_date_provisional: _Optional[bool] = ...) -> None: ...

class AmendPermitRequest(_message.Message):
    __slots__ = ("request_id", "application_id", "unit_name", "legal_representative", "legal_representative_id", "other_changes", "documents", "amended_at")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    LEGAL_REPRESENTATIVE_FIELD_NUMBER: _ClassVar[int]
    LEGAL_REPRESENTATIVE_ID_FIELD_NUMBER: _ClassVar[int]
    OTHER_CHANGES_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    AMENDED_AT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    application_id: str
    unit_name: str
    legal_representative: str
    legal_representative_id: str
    other_changes: _containers.RepeatedScalarFieldContainer[ChangedAspect]
    documents: _containers.RepeatedScalarFieldContainer[AmendmentDocument]
    amended_at: _timestamp_pb2.Timestamp
    def __init__(self, request_id: _Optional[str] = ..., application_id: _Optional[str] = ..., unit_name: _Optional[str] = ..., legal_representative: _Optional[str] = ..., legal_representative_id: _Optional[str] = ..., other_changes: _Optional[_Iterable[_Union[ChangedAspect, str]]] = ..., documents: _Optional[_Iterable[_Union[AmendmentDocument, str]]] = ..., amended_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class VerifyPermitRequest(_message.Message):
    __slots__ = ("permit_no",)
    PERMIT_NO_FIELD_NUMBER: _ClassVar[int]
    permit_no: str
    def __init__(self, permit_no: _Optional[str] = ...) -> None: ...

class VerifyPermitResponse(_message.Message):
    __slots__ = ("valid", "permit_no", "application_id", "uscc", "unit_name", "venue_name", "district", "route", "granted_at", "revoked_at", "revocation_reason", "freshness")
    VALID_FIELD_NUMBER: _ClassVar[int]
    PERMIT_NO_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    VENUE_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    GRANTED_AT_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    REVOCATION_REASON_FIELD_NUMBER: _ClassVar[int]
    FRESHNESS_FIELD_NUMBER: _ClassVar[int]
    valid: bool
    permit_no: str
    application_id: str
    uscc: str
    unit_name: str
    venue_name: str
    district: str
    route: Route
    granted_at: _timestamp_pb2.Timestamp
    revoked_at: _timestamp_pb2.Timestamp
    revocation_reason: str
    freshness: ReadFreshness
    def __init__(self, valid: _Optional[bool] = ..., permit_no: _Optional[str] = ..., application_id: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., venue_name: _Optional[str] = ..., district: _Optional[str] = ..., route: _Optional[_Union[Route, str]] = ..., granted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revoked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revocation_reason: _Optional[str] = ..., freshness: _Optional[_Union[ReadFreshness, _Mapping]] = ...) -> None: ...

class ReadFreshness(_message.Message):
    __slots__ = ("log_position", "as_of")
    LOG_POSITION_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    log_position: int
    as_of: _timestamp_pb2.Timestamp
    def __init__(self, log_position: _Optional[int] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetArchiveRequest(_message.Message):
    __slots__ = ("uscc",)
    USCC_FIELD_NUMBER: _ClassVar[int]
    uscc: str
    def __init__(self, uscc: _Optional[str] = ...) -> None: ...

class Archive(_message.Message):
    __slots__ = ("uscc", "entries")
    USCC_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    uscc: str
    entries: _containers.RepeatedCompositeFieldContainer[ArchiveEntry]
    def __init__(self, uscc: _Optional[str] = ..., entries: _Optional[_Iterable[_Union[ArchiveEntry, _Mapping]]] = ...) -> None: ...

class ArchiveEntry(_message.Message):
    __slots__ = ("application_id", "event", "recorded_at", "summary")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    event: str
    recorded_at: _timestamp_pb2.Timestamp
    summary: str
    def __init__(self, application_id: _Optional[str] = ..., event: _Optional[str] = ..., recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., summary: _Optional[str] = ...) -> None: ...

class BookGuidanceAppointmentRequest(_message.Message):
    __slots__ = ("request_id", "kind", "unit", "applicant", "requested_date", "booked_at")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_DATE_FIELD_NUMBER: _ClassVar[int]
    BOOKED_AT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    kind: AppointmentKind
    unit: Unit
    applicant: Applicant
    requested_date: str
    booked_at: _timestamp_pb2.Timestamp
    def __init__(self, request_id: _Optional[str] = ..., kind: _Optional[_Union[AppointmentKind, str]] = ..., unit: _Optional[_Union[Unit, _Mapping]] = ..., applicant: _Optional[_Union[Applicant, _Mapping]] = ..., requested_date: _Optional[str] = ..., booked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Appointment(_message.Message):
    __slots__ = ("appointment_id", "kind", "uscc", "venue_name", "requested_date", "due_date", "booked_at", "due_date_provisional")
    APPOINTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    VENUE_NAME_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_DATE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    BOOKED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_PROVISIONAL_FIELD_NUMBER: _ClassVar[int]
    appointment_id: str
    kind: AppointmentKind
    uscc: str
    venue_name: str
    requested_date: str
    due_date: str
    booked_at: _timestamp_pb2.Timestamp
    due_date_provisional: bool
    def __init__(self, appointment_id: _Optional[str] = ..., kind: _Optional[_Union[AppointmentKind, str]] = ..., uscc: _Optional[str] = ..., venue_name: _Optional[str] = ..., requested_date: _Optional[str] = ..., due_date: _Optional[str] = ..., booked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_date_provisional: _Optional[bool] = ...) -> None: ...

class WatchDecisionsRequest(_message.Message):
    __slots__ = ("after_position",)
    AFTER_POSITION_FIELD_NUMBER: _ClassVar[int]
    after_position: int
    def __init__(self, after_position: _Optional[int] = ...) -> None: ...

class Decision(_message.Message):
    __slots__ = ("position", "kind", "application_id", "permit_no", "uscc", "unit_name", "venue_name", "district", "decided_at", "reasons", "previous_unit_name", "previous_legal_representative", "legal_representative")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    PERMIT_NO_FIELD_NUMBER: _ClassVar[int]
    USCC_FIELD_NUMBER: _ClassVar[int]
    UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    VENUE_NAME_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_UNIT_NAME_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_LEGAL_REPRESENTATIVE_FIELD_NUMBER: _ClassVar[int]
    LEGAL_REPRESENTATIVE_FIELD_NUMBER: _ClassVar[int]
    position: int
    kind: DecisionKind
    application_id: str
    permit_no: str
    uscc: str
    unit_name: str
    venue_name: str
    district: str
    decided_at: _timestamp_pb2.Timestamp
    reasons: _containers.RepeatedScalarFieldContainer[str]
    previous_unit_name: str
    previous_legal_representative: str
    legal_representative: str
    def __init__(self, position: _Optional[int] = ..., kind: _Optional[_Union[DecisionKind, str]] = ..., application_id: _Optional[str] = ..., permit_no: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., venue_name: _Optional[str] = ..., district: _Optional[str] = ..., decided_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reasons: _Optional[_Iterable[str]] = ..., previous_unit_name: _Optional[str] = ..., previous_legal_representative: _Optional[str] = ..., legal_representative: _Optional[str] = ...) -> None: ...

class SubmitApplicationResponse(_message.Message):
    __slots__ = ("application",)
    APPLICATION_FIELD_NUMBER: _ClassVar[int]
    application: Application
    def __init__(self, application: _Optional[_Union[Application, _Mapping]] = ...) -> None: ...

class GetApplicationRequest(_message.Message):
    __slots__ = ("application_id",)
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    def __init__(self, application_id: _Optional[str] = ...) -> None: ...

class Application(_message.Message):
    __slots__ = ("application_id", "request_id", "route", "status", "unit", "applicant", "materials", "submitted_at", "permit_no", "granted_at", "missing_materials", "clock_stage", "due_date", "clock_paused", "refusal_reasons", "rectification_advice", "verification_due_date", "delivery_method", "delivered_at", "due_date_provisional", "verification_due_date_provisional", "accepted_at", "clock_pause_cause", "overall_due_date", "overall_due_date_provisional", "breached_limits", "verification_result", "rectification_plan", "pilot_check")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_FIELD_NUMBER: _ClassVar[int]
    MATERIALS_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    PERMIT_NO_FIELD_NUMBER: _ClassVar[int]
    GRANTED_AT_FIELD_NUMBER: _ClassVar[int]
    MISSING_MATERIALS_FIELD_NUMBER: _ClassVar[int]
    CLOCK_STAGE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    CLOCK_PAUSED_FIELD_NUMBER: _ClassVar[int]
    REFUSAL_REASONS_FIELD_NUMBER: _ClassVar[int]
    RECTIFICATION_ADVICE_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_METHOD_FIELD_NUMBER: _ClassVar[int]
    DELIVERED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_PROVISIONAL_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_DUE_DATE_PROVISIONAL_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_AT_FIELD_NUMBER: _ClassVar[int]
    CLOCK_PAUSE_CAUSE_FIELD_NUMBER: _ClassVar[int]
    OVERALL_DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    OVERALL_DUE_DATE_PROVISIONAL_FIELD_NUMBER: _ClassVar[int]
    BREACHED_LIMITS_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_RESULT_FIELD_NUMBER: _ClassVar[int]
    RECTIFICATION_PLAN_FIELD_NUMBER: _ClassVar[int]
    PILOT_CHECK_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    request_id: str
    route: Route
    status: ApplicationStatus
    unit: Unit
    applicant: Applicant
    materials: _containers.RepeatedScalarFieldContainer[Material]
    submitted_at: _timestamp_pb2.Timestamp
    permit_no: str
    granted_at: _timestamp_pb2.Timestamp
    missing_materials: _containers.RepeatedScalarFieldContainer[Material]
    clock_stage: str
    due_date: str
    clock_paused: bool
    refusal_reasons: _containers.RepeatedScalarFieldContainer[str]
    rectification_advice: str
    verification_due_date: str
    delivery_method: DeliveryMethod
    delivered_at: _timestamp_pb2.Timestamp
    due_date_provisional: bool
    verification_due_date_provisional: bool
    accepted_at: _timestamp_pb2.Timestamp
    clock_pause_cause: str
    overall_due_date: str
    overall_due_date_provisional: bool
    breached_limits: _containers.RepeatedScalarFieldContainer[str]
    verification_result: str
    rectification_plan: RectificationPlan
    pilot_check: PilotCheck
    def __init__(self, application_id: _Optional[str] = ..., request_id: _Optional[str] = ..., route: _Optional[_Union[Route, str]] = ..., status: _Optional[_Union[ApplicationStatus, str]] = ..., unit: _Optional[_Union[Unit, _Mapping]] = ..., applicant: _Optional[_Union[Applicant, _Mapping]] = ..., materials: _Optional[_Iterable[_Union[Material, str]]] = ..., submitted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., permit_no: _Optional[str] = ..., granted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., missing_materials: _Optional[_Iterable[_Union[Material, str]]] = ..., clock_stage: _Optional[str] = ..., due_date: _Optional[str] = ..., clock_paused: _Optional[bool] = ..., refusal_reasons: _Optional[_Iterable[str]] = ..., rectification_advice: _Optional[str] = ..., verification_due_date: _Optional[str] = ..., delivery_method: _Optional[_Union[DeliveryMethod, str]] = ..., delivered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_date_provisional: _Optional[bool] = ..., verification_due_date_provisional: _Optional[bool] = ..., accepted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., clock_pause_cause: _Optional[str] = ..., overall_due_date: _Optional[str] = ..., overall_due_date_provisional: _Optional[bool] = ..., breached_limits: _Optional[_Iterable[str]] = ..., verification_result: _Optional[str] = ..., rectification_plan: _Optional[_Union[RectificationPlan, _Mapping]] = ..., pilot_check: _Optional[_Union[PilotCheck, _Mapping]] = ...) -> None: ...

class RectificationPlan(_message.Message):
    __slots__ = ("items", "target_date", "recorded_at")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    TARGET_DATE_FIELD_NUMBER: _ClassVar[int]
    RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedScalarFieldContainer[str]
    target_date: str
    recorded_at: _timestamp_pb2.Timestamp
    def __init__(self, items: _Optional[_Iterable[str]] = ..., target_date: _Optional[str] = ..., recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PilotCheck(_message.Message):
    __slots__ = ("inspection_id", "inspected_on", "outcome")
    INSPECTION_ID_FIELD_NUMBER: _ClassVar[int]
    INSPECTED_ON_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    inspection_id: str
    inspected_on: str
    outcome: str
    def __init__(self, inspection_id: _Optional[str] = ..., inspected_on: _Optional[str] = ..., outcome: _Optional[str] = ...) -> None: ...
