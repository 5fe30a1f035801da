"""Channels the service delivers to itself: the portal's inbox and the public feed.

Delivery makes the notice visible: the inbox RPC and the feeds show delivered
notices only, from the read models.
"""

from __future__ import annotations

import datetime as dt

from services.notify.channels.base import Outgoing
from services.notify.domain import DeliveryOutcome
from services.notify.domain.recipients import INBOX, PUBLICATION


class InboxChannel:
    name = INBOX
    unconfigured = ""

    def send(self, message: Outgoing, now: dt.datetime) -> DeliveryOutcome:
        return DeliveryOutcome.delivered(receipt=f"inbox:{message.address}")


class PublicationChannel:
    name = PUBLICATION
    unconfigured = ""

    def send(self, message: Outgoing, now: dt.datetime) -> DeliveryOutcome:
        return DeliveryOutcome.delivered(receipt=f"published:{message.notice_id}")
