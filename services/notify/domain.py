"""A notice (通知) to one recipient over one channel, caused by one event.

Its identity is (causing event, recipient, channel): however often the event is
delivered, there is one notice.
"""

from __future__ import annotations

import uuid

from eventsourcing.domain import Aggregate, event

NOTICE_NAMESPACE = uuid.UUID("4c2b8e17-0f3a-4d6b-9e58-7a1d2c3b4f60")


class Notice(Aggregate):
    @staticmethod
    def create_id(cause_event_id: str, recipient: str, channel: str) -> uuid.UUID:
        return uuid.uuid5(NOTICE_NAMESPACE, f"{cause_event_id}|{recipient}|{channel}")

    class Created(Aggregate.Created):
        cause_event_id: str
        recipient: str
        channel: str
        notice_type: str
        uscc: str
        subject: str
        body: str
        cause_type: str
        business_time: str

    @event(Created)
    def __init__(
        self,
        cause_event_id: str,
        recipient: str,
        channel: str,
        notice_type: str,
        uscc: str,
        subject: str,
        body: str,
        cause_type: str,
        business_time: str,
    ) -> None:
        self.cause_event_id = cause_event_id
        self.recipient = recipient
        self.channel = channel
        self.notice_type = notice_type
        self.uscc = uscc
        self.subject = subject
        self.body = body
        self.cause_type = cause_type
        self.business_time = business_time
        self.status = "pending"
