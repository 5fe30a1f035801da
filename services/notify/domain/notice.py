"""A notice (通知) to one recipient over one channel, caused by one event, and its delivery.

Its identity is (causing event, recipient, channel): however often the event is
delivered, there is one notice. Every delivery attempt is an event on it, with
its time, channel and result; a temporary failure is retried with exponential
backoff up to a cap; a permanent failure, or too many temporary ones, ends it
failed, visibly, until staff ask for another round.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from eventsourcing.domain import Aggregate, event

NOTICE_NAMESPACE = uuid.UUID("4c2b8e17-0f3a-4d6b-9e58-7a1d2c3b4f60")


class Status(StrEnum):
    PENDING = "pending"  # waiting for its next attempt
    HELD = "held"  # its channel is not configured: it waits, it is not dropped
    DELIVERED = "delivered"
    FAILED = "failed"  # final, until staff retry it


class Result(StrEnum):
    DELIVERED = "delivered"
    TEMPORARY_FAILURE = "temporary_failure"  # outage, timeout, 5xx: try again later
    PERMANENT_FAILURE = "permanent_failure"  # rejected for good (bad address, 4xx): do not loop


@dataclass(frozen=True)
class DeliveryOutcome:
    """What a channel says about one attempt."""

    result: Result
    detail: str = ""
    receipt: str = ""

    @classmethod
    def delivered(cls, receipt: str, detail: str = "") -> DeliveryOutcome:
        return cls(Result.DELIVERED, detail=detail, receipt=receipt)

    @classmethod
    def temporary(cls, detail: str) -> DeliveryOutcome:
        return cls(Result.TEMPORARY_FAILURE, detail=detail)

    @classmethod
    def permanent(cls, detail: str) -> DeliveryOutcome:
        return cls(Result.PERMANENT_FAILURE, detail=detail)


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with a cap, and a cap on the attempts of one round."""

    max_attempts: int = 8
    first_delay: dt.timedelta = dt.timedelta(minutes=1)
    max_delay: dt.timedelta = dt.timedelta(hours=1)

    def delay_after(self, attempt: int) -> dt.timedelta:
        """The wait after the `attempt`-th failed attempt (1-based): first, 2×first, 4×first… up to the cap."""
        delay: dt.timedelta = self.first_delay * (2 ** min(attempt - 1, 32))
        return min(delay, self.max_delay)


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
        #: Who the recipient is (applicant, responsible_person, reporter, industry_regulator…).
        role: str
        #: Where on the channel; empty when the directory names it at sending time.
        address: str
        #: The case it is about: application, order, complaint, letter or plan id.
        reference: str
        #: Structured facts for partner agencies' callbacks and the public feed; never contact data.
        data: dict[str, Any]
        due_at: dt.datetime

    class DeliveryHeld(Aggregate.Event):
        at: dt.datetime
        reason: str

    class DeliveryAttempted(Aggregate.Event):
        at: dt.datetime
        channel: str
        attempt: int
        address: str
        result: str
        detail: str
        next_attempt_at: dt.datetime | None

    class Delivered(Aggregate.Event):
        at: dt.datetime
        receipt: str

    class DeliveryFailed(Aggregate.Event):
        at: dt.datetime
        reason: str
        attempts: int

    class RetryRequested(Aggregate.Event):
        at: dt.datetime
        requested_by: str

    class Read(Aggregate.Event):
        """The unit opened it in the portal's inbox (站内信已读)."""

        at: dt.datetime

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
        role: str,
        address: str,
        reference: str,
        data: dict[str, Any],
        due_at: dt.datetime,
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
        self.role = role
        self.address = address
        self.reference = reference
        self.data = data
        self.status = Status.PENDING
        self.next_attempt_at: dt.datetime | None = due_at
        self.attempts_in_round = 0
        self.attempts = 0
        self.held_reason = ""
        self.read_at: dt.datetime | None = None

    def is_due(self, now: dt.datetime) -> bool:
        if self.status is Status.HELD:
            return True
        return self.status is Status.PENDING and self.next_attempt_at is not None and self.next_attempt_at <= now

    def hold(self, at: dt.datetime, reason: str) -> None:
        """Its channel cannot be used yet: wait, visibly, without spending an attempt."""
        self._check_open()
        if self.status is Status.HELD and self.held_reason == reason:
            return
        self._held(at=at, reason=reason)

    def record_attempt(self, at: dt.datetime, address: str, outcome: DeliveryOutcome, policy: RetryPolicy) -> None:
        self._check_open()
        attempt = self.attempts_in_round + 1
        retry = outcome.result is Result.TEMPORARY_FAILURE and attempt < policy.max_attempts
        self._attempted(
            at=at,
            channel=self.channel,
            attempt=attempt,
            address=address,
            result=outcome.result.value,
            detail=outcome.detail,
            next_attempt_at=at + policy.delay_after(attempt) if retry else None,
        )
        if outcome.result is Result.DELIVERED:
            self._delivered(at=at, receipt=outcome.receipt)
        elif outcome.result is Result.PERMANENT_FAILURE:
            self._failed(at=at, reason=outcome.detail, attempts=attempt)
        elif not retry:
            self._failed(at=at, reason=f"gave up after {attempt} attempts: {outcome.detail}", attempts=attempt)

    def retry(self, at: dt.datetime, requested_by: str) -> None:
        """Staff send a failed notice again: a new round of attempts, due at once."""
        if self.status is not Status.FAILED:
            raise NoticeNotFailed(f"notice {self.id} is {self.status.value}, only a failed notice is retried")
        self._retry_requested(at=at, requested_by=requested_by)

    def mark_read(self, at: dt.datetime) -> None:
        if self.read_at is None:
            self._read(at=at)

    def _check_open(self) -> None:
        if self.status in (Status.DELIVERED, Status.FAILED):
            raise NoticeClosed(f"notice {self.id} is already {self.status.value}")

    @event(DeliveryHeld)
    def _held(self, at: dt.datetime, reason: str) -> None:
        self.status = Status.HELD
        self.held_reason = reason

    @event(DeliveryAttempted)
    def _attempted(
        self,
        at: dt.datetime,
        channel: str,
        attempt: int,
        address: str,
        result: str,
        detail: str,
        next_attempt_at: dt.datetime | None,
    ) -> None:
        self.attempts_in_round = attempt
        self.attempts += 1
        self.next_attempt_at = next_attempt_at
        self.status = Status.PENDING
        self.held_reason = ""

    @event(Delivered)
    def _delivered(self, at: dt.datetime, receipt: str) -> None:
        self.status = Status.DELIVERED
        self.receipt = receipt

    @event(DeliveryFailed)
    def _failed(self, at: dt.datetime, reason: str, attempts: int) -> None:
        self.status = Status.FAILED
        self.failed_reason = reason
        self.next_attempt_at = None

    @event(RetryRequested)
    def _retry_requested(self, at: dt.datetime, requested_by: str) -> None:
        self.status = Status.PENDING
        self.attempts_in_round = 0
        self.next_attempt_at = at

    @event(Read)
    def _read(self, at: dt.datetime) -> None:
        self.read_at = at


class NoticeClosed(Exception):
    """A delivered or failed notice takes no more attempts."""


class NoticeNotFailed(Exception):
    """Only a failed notice can be sent again."""
