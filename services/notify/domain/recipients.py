"""Who notices go to and over which channel.

A recipient is a party: a unit (its inbox, its applicant or responsible person),
a complaint's reporter, an industry regulator, a fire-rescue brigade, a partner
agency, or the public. The address on a channel (an e-mail address, a mobile
number) comes from the causing event; for directory parties (regulators,
brigades, agencies) it is looked up when the notice is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

INBOX = "inbox"  # the portal's in-site messages (站内信)
EMAIL = "email"
SMS = "sms"
CALLBACK = "callback"  # partner agencies' systems
PUBLICATION = "publication"  # the public feed (双公示, 一公开)
WECHAT = "wechat"  # template messages of the agency's official account (微信公众号), to an openid
CHANNELS = (INBOX, EMAIL, SMS, CALLBACK, PUBLICATION, WECHAT)

PUBLIC = "public"


@dataclass(frozen=True)
class Contact:
    """A person notices reach (联系人), as an upstream event named them."""

    name: str = ""
    phone: str = ""
    email: str = ""

    @property
    def reachable(self) -> bool:
        return bool(self.phone or self.email)

    def to_record(self) -> dict[str, str]:
        return {"name": self.name, "phone": self.phone, "email": self.email}

    @classmethod
    def from_record(cls, record: dict[str, Any] | None) -> Contact:
        record = record or {}
        return cls(
            name=str(record.get("name", "")),
            phone=str(record.get("phone", "")),
            email=str(record.get("email", "")),
        )


@dataclass(frozen=True)
class Delivery:
    """One (recipient, channel) of a message; with the causing event, a notice's identity."""

    recipient: str
    channel: str
    role: str
    address: str = ""


def unit_inbox(uscc: str) -> str:
    """The portal's in-site inbox of a unit (站内信)."""
    return f"unit:{uscc}"


def regulator(key: str) -> str:
    return f"regulator:{key}"


def brigade(district: str) -> str:
    return f"brigade:{district}"


def agency(key: str) -> str:
    return f"agency:{key}"


def reporter(complaint_id: str) -> str:
    return f"reporter:{complaint_id}"


def party_of(recipient: str) -> tuple[str, str]:
    """('regulator', 'education') from 'regulator:education'."""
    kind, _, key = recipient.partition(":")
    return kind, key


def to_unit(uscc: str, role: str, contact: Contact | None) -> list[Delivery]:
    """The unit's inbox, and its contact person's e-mail and mobile where known."""
    recipient = unit_inbox(uscc)
    deliveries = [Delivery(recipient, INBOX, "unit", recipient)]
    if contact is not None:
        deliveries += to_person(recipient, role, contact)
    return deliveries


def to_person(recipient: str, role: str, contact: Contact) -> list[Delivery]:
    deliveries = []
    if contact.email:
        deliveries.append(Delivery(recipient, EMAIL, role, contact.email))
    if contact.phone:
        deliveries.append(Delivery(recipient, SMS, role, contact.phone))
    return deliveries


def to_regulator(key: str) -> list[Delivery]:
    return [Delivery(regulator(key), EMAIL, "industry_regulator")]


def to_brigade(district: str) -> list[Delivery]:
    return [Delivery(brigade(district), EMAIL, "brigade")]


def to_public() -> list[Delivery]:
    return [Delivery(PUBLIC, PUBLICATION, "public", PUBLIC)]
