"""Commands on a notice's delivery: what the dispatcher and staff do."""

from __future__ import annotations

import datetime as dt
import uuid

from eventsourcing.application import AggregateNotFoundError

from services.notify.application.base import NoticeWriter
from services.notify.domain import DeliveryOutcome, Notice
from services.notify.domain.recipients import INBOX, unit_inbox


class NoticeNotFound(LookupError):
    pass


class DeliveryCommands(NoticeWriter):
    def notice(self, notice_id: uuid.UUID | str) -> Notice:
        try:
            key = notice_id if isinstance(notice_id, uuid.UUID) else uuid.UUID(str(notice_id))
        except ValueError as exc:
            raise NoticeNotFound(f"no notice {notice_id!r}") from exc
        try:
            found: object = self.repository.get(key)
        except AggregateNotFoundError as exc:
            raise NoticeNotFound(f"no notice {notice_id}") from exc
        if not isinstance(found, Notice):
            raise NoticeNotFound(f"no notice {notice_id}")
        return found

    def hold(self, notice_id: uuid.UUID | str, at: dt.datetime, reason: str) -> Notice:
        notice = self.notice(notice_id)
        notice.hold(at, reason)
        self.save(notice)
        return notice

    def record_attempt(
        self, notice_id: uuid.UUID | str, at: dt.datetime, address: str, outcome: DeliveryOutcome
    ) -> Notice:
        notice = self.notice(notice_id)
        notice.record_attempt(at, address, outcome, self.retry_policy)
        self.save(notice)
        return notice

    def retry(self, notice_id: uuid.UUID | str, at: dt.datetime, requested_by: str) -> Notice:
        """Staff send a failed notice again (e.g. after correcting the directory)."""
        notice = self.notice(notice_id)
        notice.retry(at, requested_by)
        self.save(notice)
        return notice

    def mark_read(self, notice_id: uuid.UUID | str, uscc: str, at: dt.datetime) -> Notice:
        """The portal shows the unit its inbox; opening a notice marks it read."""
        notice = self.notice(notice_id)
        if notice.channel != INBOX or notice.recipient != unit_inbox(uscc):
            raise NoticeNotFound(f"no notice {notice_id} in the inbox of {uscc}")
        notice.mark_read(at)
        self.save(notice)
        return notice
