"""A JSON POST (and a GET) over urllib, and how HTTP answers map to delivery outcomes.

2xx delivered; 5xx, 408, 425, 429 and a network failure are temporary (an
outage delays, it loses nothing); 401 and 403 are the channel's credentials,
not the notice, and are temporary too; any other 4xx rejects this notice for good.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.notify.domain import DeliveryOutcome

TEMPORARY_CLIENT_ERRORS = frozenset({401, 403, 408, 425, 429})


@dataclass(frozen=True)
class HttpAnswer:
    status: int
    body: str

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            return None


def post(url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> HttpAnswer:
    """POST and return the answer, whatever its status; network failures raise OSError."""
    request = urllib.request.Request(url, data=body, method="POST", headers=dict(headers))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return HttpAnswer(response.status, response.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as error:
        with error:
            return HttpAnswer(error.code, error.read().decode("utf-8", "replace"))


def get(url: str, timeout: float) -> HttpAnswer:
    """GET and return the answer, whatever its status; network failures raise OSError."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return HttpAnswer(response.status, response.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as error:
        with error:
            return HttpAnswer(error.code, error.read().decode("utf-8", "replace"))


def outcome_of(answer: HttpAnswer, receipt: str) -> DeliveryOutcome:
    detail = f"HTTP {answer.status}: {answer.body[:300]}".strip()
    if 200 <= answer.status < 300:
        return DeliveryOutcome.delivered(receipt=receipt, detail=detail)
    if answer.status >= 500 or answer.status in TEMPORARY_CLIENT_ERRORS:
        return DeliveryOutcome.temporary(detail)
    return DeliveryOutcome.permanent(detail)


def network_failure(error: OSError | socket.timeout) -> DeliveryOutcome:
    reason = getattr(error, "reason", None) or error
    return DeliveryOutcome.temporary(f"network: {reason}")
