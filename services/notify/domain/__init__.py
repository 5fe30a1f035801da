"""The notify domain: notices and their delivery, deadlines to remind of, whom to reach at a unit."""

from services.notify.domain.contacts import APPLICANT, RESPONSIBLE_PERSON, UnitContacts
from services.notify.domain.deadline import Deadline, DeadlineKind
from services.notify.domain.notice import (
    DeliveryOutcome,
    Notice,
    NoticeClosed,
    NoticeNotFailed,
    Result,
    RetryPolicy,
    Status,
)
from services.notify.domain.recipients import Contact, Delivery

__all__ = [
    "APPLICANT",
    "RESPONSIBLE_PERSON",
    "Contact",
    "Deadline",
    "DeadlineKind",
    "Delivery",
    "DeliveryOutcome",
    "Notice",
    "NoticeClosed",
    "NoticeNotFailed",
    "Result",
    "RetryPolicy",
    "Status",
    "UnitContacts",
]
