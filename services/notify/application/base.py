"""What every part of the notify application shares: composing notices from a message.

A message (one notice type, one text) goes to several deliveries (recipient ×
channel); each delivery is one Notice whose id derives from the causing event,
the recipient and the channel, so a duplicate event finds them all there already.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from kit.arrangements import Arrangement, book_with, calendar_of_log
from kit.calendar import CalendarYearNotCovered, WorkingDayCalendar
from kit.envelope import Envelope
from kit.processing import EventProcessingApplication
from services.notify.directory import Directory
from services.notify.domain import Contact, Deadline, Delivery, Notice, RetryPolicy, UnitContacts
from services.notify.domain.recipients import CALLBACK, SMS, WECHAT, agency
from services.notify.settings import NotifySettings
from services.notify.texts import NoticeTexts
from services.notify.vocabulary import local_date

log = logging.getLogger(__name__)
EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Message:
    """What to say: the notice type picks the template; `context` fills it; `data` are the facts."""

    notice_type: str
    uscc: str
    reference: str
    context: dict[str, Any]
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Cause:
    """The event a notice answers: an upstream event, or a day-close reminder."""

    event_id: str
    event_type: str
    business_time: str

    @classmethod
    def of(cls, envelope: Envelope) -> Cause:
        return cls(envelope.event_id, envelope.event_type, envelope.business_time)


class NoticeWriter(EventProcessingApplication):
    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        settings: NotifySettings | None = None,
        directory: Directory | None = None,
        calendar: WorkingDayCalendar | None = None,
        texts: NoticeTexts | None = None,
    ) -> None:
        super().__init__(env=env)
        self.settings = settings or NotifySettings()
        self.directory = directory or Directory()
        self.calendar = calendar_of_log(self, calendar or WorkingDayCalendar())
        self.texts = texts or NoticeTexts(agency_name=self.settings.agency_name)
        self.retry_policy = RetryPolicy(
            max_attempts=self.settings.max_attempts,
            first_delay=self.settings.first_retry_delay,
            max_delay=self.settings.max_retry_delay,
        )

    def compose(self, cause: Cause, message: Message, deliveries: list[Delivery]) -> list[Notice]:
        """One notice per distinct (recipient, channel), plus the partner agencies subscribed to the type."""
        context = {
            "uscc": message.uscc,
            "issued_on": cause.business_time,
            "review_days": self.settings.review_days,
            "litigation_months": self.settings.litigation_months,
            "provisional": False,
            **message.context,
        }
        text = self.texts.render(message.notice_type, context)
        subscribers = [
            Delivery(agency(a.key), CALLBACK, "partner_agency") for a in self.directory.subscribers(message.notice_type)
        ]
        notices: dict[tuple[str, str], Notice] = {}
        for delivery in [*deliveries, *self.by_wechat(deliveries), *subscribers]:
            key = (delivery.recipient, delivery.channel)
            if key in notices:
                continue
            notices[key] = Notice(
                cause_event_id=cause.event_id,
                recipient=delivery.recipient,
                channel=delivery.channel,
                notice_type=message.notice_type,
                uscc=message.uscc,
                subject=text.subject,
                body=text.sms if delivery.channel in (SMS, WECHAT) else text.body,
                cause_type=cause.event_type,
                business_time=cause.business_time,
                role=delivery.role,
                address=delivery.address,
                reference=message.reference,
                data=message.data,
                due_at=instant(cause.business_time),
            )
        return list(notices.values())

    def by_wechat(self, deliveries: list[Delivery]) -> list[Delivery]:
        """WeChat to each recipient the directory knows a follower of the official account for
        (its openid is looked up when the notice is sent, so a corrected directory reaches it)."""
        roles: dict[str, str] = {}
        for delivery in deliveries:
            roles.setdefault(delivery.recipient, delivery.role)
        return [Delivery(r, WECHAT, role) for r, role in roles.items() if self.directory.wechat_openid(r)]

    def load_arrangement(self, arrangement: Arrangement, at: dt.datetime) -> bool:
        """Record the official arrangement of a year: reminders count working days on it. Notify keeps
        no due dates of its own; the dates it reminds of are revised by their owners' events."""
        book, changed = book_with(self, arrangement, at, {})
        if changed:
            self.save(book)
            self.calendar.invalidate()
        return changed

    def contacts_of(self, uscc: str) -> UnitContacts:
        try:
            contacts: UnitContacts = self.repository.get(UnitContacts.create_id(uscc))
        except AggregateNotFoundError:
            contacts = UnitContacts(uscc=uscc)
        return contacts

    def preferred_contact(self, uscc: str) -> tuple[str, Contact | None]:
        preferred = self.contacts_of(uscc).preferred()
        return preferred if preferred else ("unit", None)

    def deadline(self, kind: str, reference: str) -> Deadline | None:
        try:
            found: Deadline = self.repository.get(Deadline.create_id(kind, reference))
        except AggregateNotFoundError:
            return None
        return found

    def publish_by(self, decided_on: str) -> str:
        """双公示: the last working day for publishing a decision, or '' when the calendar lacks the year."""
        if not decided_on:
            return ""
        try:
            day = dt.date.fromisoformat(decided_on)
            return self.calendar.add_working_days(day, self.settings.publication_working_days).isoformat()
        except CalendarYearNotCovered as exc:
            log.warning("publication deadline of a decision of %s unknown: %s", decided_on, exc)
            return ""
        except ValueError:
            return ""


def instant(value: str) -> dt.datetime:
    """A business time as an aware instant; a missing or malformed one is due at once."""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return EARLIEST
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def day_of(value: str) -> str:
    """The calendar date (China Standard Time) of an ISO date or date-time, as an ISO date."""
    if not value:
        return ""
    if "T" not in value:
        return value[:10]
    try:
        return local_date(dt.datetime.fromisoformat(value)).isoformat()
    except ValueError:
        return value[:10]
