from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class PermitGranted(_message.Message):
    __slots__ = ("application_id", "permit_no", "route", "uscc", "unit_name", "venue_name", "district", "venue_category", "floor_area_m2", "granted_at", "applicant_name", "applicant_phone", "applicant_email")
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
    def __init__(self, application_id: _Optional[str] = ..., permit_no: _Optional[str] = ..., route: _Optional[str] = ..., uscc: _Optional[str] = ..., unit_name: _Optional[str] = ..., venue_name: _Optional[str] = ..., district: _Optional[str] = ..., venue_category: _Optional[str] = ..., floor_area_m2: _Optional[float] = ..., granted_at: _Optional[str] = ..., applicant_name: _Optional[str] = ..., applicant_phone: _Optional[str] = ..., applicant_email: _Optional[str] = ...) -> None: ...
