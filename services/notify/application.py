"""The notify application: turns upstream events into notices, once each."""

from __future__ import annotations

from typing import Any

from eventsourcing.application import ProcessingEvent

from firesafety.permits.v1 import events_pb2 as permit_events
from kit.envelope import Envelope
from kit.processing import EventProcessingApplication, handles
from services.notify import texts
from services.notify.domain import Notice

INBOX = "inbox"


def unit_inbox(uscc: str) -> str:
    """The portal's in-site inbox of a unit (站内信)."""
    return f"unit:{uscc}"


class NotifyApplication(EventProcessingApplication):
    name = "notify"

    @handles("permits", "PermitGranted")
    def _permit_granted(self, envelope: Envelope, processing: ProcessingEvent[Any]) -> None:
        granted = envelope.message(permit_events.PermitGranted)
        subject, body = texts.permit_granted(granted)
        notice = Notice(
            cause_event_id=envelope.event_id,
            recipient=unit_inbox(granted.uscc),
            channel=INBOX,
            notice_type="permit_granted",
            uscc=granted.uscc,
            subject=subject,
            body=body,
            cause_type=envelope.event_type,
            business_time=envelope.business_time,
        )
        processing.collect_events(notice)
