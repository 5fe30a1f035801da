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
ROUTE_UNSPECIFIED: Route
ROUTE_STANDARD: Route
ROUTE_COMMITMENT: Route
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

class Unit(_message.Message):
    __slots__ = ("uscc", "name", "venue_name", "address", "district", "street", "venue_category", "floor_area_m2", "in_commercial_complex", "legal_representative", "legal_representative_id")
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
    def __init__(self, uscc: _Optional[str] = ..., name: _Optional[str] = ..., venue_name: _Optional[str] = ..., address: _Optional[str] = ..., district: _Optional[str] = ..., street: _Optional[str] = ..., venue_category: _Optional[_Union[VenueCategory, str]] = ..., floor_area_m2: _Optional[float] = ..., in_commercial_complex: _Optional[bool] = ..., legal_representative: _Optional[str] = ..., legal_representative_id: _Optional[str] = ...) -> None: ...

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
    __slots__ = ("request_id", "route", "unit", "applicant", "materials", "submitted_at")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_FIELD_NUMBER: _ClassVar[int]
    MATERIALS_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    route: Route
    unit: Unit
    applicant: Applicant
    materials: _containers.RepeatedScalarFieldContainer[Material]
    submitted_at: _timestamp_pb2.Timestamp
    def __init__(self, request_id: _Optional[str] = ..., route: _Optional[_Union[Route, str]] = ..., unit: _Optional[_Union[Unit, _Mapping]] = ..., applicant: _Optional[_Union[Applicant, _Mapping]] = ..., materials: _Optional[_Iterable[_Union[Material, str]]] = ..., submitted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

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
    __slots__ = ("application_id", "request_id", "route", "status", "unit", "applicant", "materials", "submitted_at", "permit_no", "granted_at")
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
    def __init__(self, application_id: _Optional[str] = ..., request_id: _Optional[str] = ..., route: _Optional[_Union[Route, str]] = ..., status: _Optional[_Union[ApplicationStatus, str]] = ..., unit: _Optional[_Union[Unit, _Mapping]] = ..., applicant: _Optional[_Union[Applicant, _Mapping]] = ..., materials: _Optional[_Iterable[_Union[Material, str]]] = ..., submitted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., permit_no: _Optional[str] = ..., granted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
