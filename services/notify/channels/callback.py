"""Callbacks to partner agencies' systems: a signed JSON POST (N5 and every subscribed notice type).

The body is signed with the agency's secret: `X-Notify-Signature: sha256=<hex
HMAC-SHA256 of the body>`. `X-Notify-Delivery` carries the notice id, the same
on every retry, so the receiver can drop a repeat. `X-Request-Id` carries the
correlation id of the request the notice follows from (a partner's own
`x-request-id` when its call caused it), for the receiver's logs. The receiver's
answer is the delivery receipt: its `receipt` field when it sends JSON, else the
status line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import Any

from services.notify.channels.base import Outgoing
from services.notify.channels.http import network_failure, outcome_of, post
from services.notify.domain import DeliveryOutcome
from services.notify.domain.recipients import CALLBACK

SIGNATURE_HEADER = "X-Notify-Signature"
DELIVERY_HEADER = "X-Notify-Delivery"
REQUEST_ID_HEADER = "X-Request-Id"


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def callback_body(message: Outgoing, now: dt.datetime) -> bytes:
    payload: dict[str, Any] = {
        "notice_id": message.notice_id,
        "notice_type": message.notice_type,
        "uscc": message.uscc,
        "reference": message.reference,
        "subject": message.subject,
        "text": message.body,
        "data": dict(message.data),
        "cause": {
            "event_id": message.cause_event_id,
            "event_type": message.cause_type,
            "business_time": message.business_time,
        },
        "attempt": message.attempt,
        "sent_at": now.isoformat(),
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")


class CallbackChannel:
    name = CALLBACK
    unconfigured = ""

    def __init__(self, timeout_seconds: float = 10.0) -> None:
        self.timeout_seconds = timeout_seconds

    def send(self, message: Outgoing, now: dt.datetime) -> DeliveryOutcome:
        body = callback_body(message, now)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            SIGNATURE_HEADER: sign(message.secret, body),
            DELIVERY_HEADER: message.notice_id,
        }
        if message.correlation_id:
            headers[REQUEST_ID_HEADER] = message.correlation_id
        try:
            answer = post(message.address, body, headers, self.timeout_seconds)
        except OSError as error:
            return network_failure(error)
        reply = answer.json()
        receipt = reply.get("receipt") if isinstance(reply, dict) else None
        return outcome_of(answer, receipt=str(receipt or f"HTTP {answer.status}"))
