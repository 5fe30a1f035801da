"""SMS through a provider-neutral HTTP gateway (短信网关).

The gateway takes `POST <NOTIFY_SMS_GATEWAY_URL>` with a JSON body
`{"to": "<mobile>", "text": "<text>", "reference": "<notice id>"}` (and
`Authorization: Bearer <NOTIFY_SMS_API_KEY>` when a key is set) and answers
2xx with `{"message_id": "…"}`; an adapter for a given provider is a small
proxy in front of it. The reference lets the gateway drop a resent message.
"""

from __future__ import annotations

import datetime as dt
import json

from services.notify.channels.base import Outgoing
from services.notify.channels.http import network_failure, outcome_of, post
from services.notify.domain import DeliveryOutcome
from services.notify.domain.recipients import SMS
from services.notify.settings import SmsGatewaySettings


class SmsGatewayChannel:
    name = SMS
    unconfigured = ""

    def __init__(self, settings: SmsGatewaySettings) -> None:
        self.settings = settings

    def send(self, message: Outgoing, now: dt.datetime) -> DeliveryOutcome:
        body = json.dumps(
            {"to": message.address, "text": message.body, "reference": message.notice_id}, ensure_ascii=False
        ).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": message.notice_id}
        if self.settings.api_key:
            headers["Authorization"] = f"Bearer {self.settings.api_key}"
        try:
            answer = post(self.settings.url, body, headers, self.settings.timeout_seconds)
        except OSError as error:
            return network_failure(error)
        reply = answer.json()
        message_id = reply.get("message_id") if isinstance(reply, dict) else None
        return outcome_of(answer, receipt=str(message_id or f"HTTP {answer.status}"))
