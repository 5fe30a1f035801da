from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ChainCheckpointSigned(_message.Message):
    __slots__ = ("service", "position", "link", "signed_at", "key_id", "signature", "public_key")
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    LINK_FIELD_NUMBER: _ClassVar[int]
    SIGNED_AT_FIELD_NUMBER: _ClassVar[int]
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_KEY_FIELD_NUMBER: _ClassVar[int]
    service: str
    position: int
    link: str
    signed_at: str
    key_id: str
    signature: str
    public_key: str
    def __init__(self, service: _Optional[str] = ..., position: _Optional[int] = ..., link: _Optional[str] = ..., signed_at: _Optional[str] = ..., key_id: _Optional[str] = ..., signature: _Optional[str] = ..., public_key: _Optional[str] = ...) -> None: ...
