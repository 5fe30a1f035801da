"""E-mail over SMTP (smtplib).

The Message-ID derives from the notice id, so a message resent after a crash
can be recognised as the same one. A 5xx reply about this message or its
recipient rejects it for good; 4xx replies, authentication trouble and network
failures are temporary.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from email.message import EmailMessage
from email.utils import format_datetime

from services.notify.channels.base import Outgoing
from services.notify.domain import DeliveryOutcome
from services.notify.domain.recipients import EMAIL
from services.notify.settings import SmtpSettings


def compose_email(message: Outgoing, sender: str, now: dt.datetime) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.address
    email["Subject"] = message.subject
    email["Date"] = format_datetime(now)
    email["Message-ID"] = f"<{message.notice_id}@notify.firesafety>"
    email["X-Notice-Type"] = message.notice_type
    email.set_content(message.body, charset="utf-8")
    return email


class EmailChannel:
    name = EMAIL
    unconfigured = ""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def send(self, message: Outgoing, now: dt.datetime) -> DeliveryOutcome:
        email = compose_email(message, self.settings.sender, now)
        try:
            with smtplib.SMTP(self.settings.host, self.settings.port, timeout=self.settings.timeout_seconds) as smtp:
                if self.settings.starttls:
                    smtp.starttls()
                if self.settings.username:
                    smtp.login(self.settings.username, self.settings.password)
                refused = smtp.send_message(email)
        except smtplib.SMTPRecipientsRefused as error:
            code, reply = next(iter(error.recipients.values()))
            return _by_code(code, f"recipient refused: {code} {_text(reply)}")
        except smtplib.SMTPAuthenticationError as error:
            return DeliveryOutcome.temporary(f"authentication failed: {error.smtp_code} {_text(error.smtp_error)}")
        except (smtplib.SMTPConnectError, smtplib.SMTPHeloError) as error:
            return DeliveryOutcome.temporary(f"server refused the session: {error.smtp_code} {_text(error.smtp_error)}")
        except smtplib.SMTPResponseException as error:
            return _by_code(error.smtp_code, f"{error.smtp_code} {_text(error.smtp_error)}")
        except (smtplib.SMTPException, OSError) as error:
            return DeliveryOutcome.temporary(f"network: {error}")
        if refused:
            code, reply = next(iter(refused.values()))
            return _by_code(code, f"recipient refused: {code} {_text(reply)}")
        return DeliveryOutcome.delivered(receipt=str(email["Message-ID"]))


def _by_code(code: int, detail: str) -> DeliveryOutcome:
    if 500 <= code < 600:
        return DeliveryOutcome.permanent(detail)
    return DeliveryOutcome.temporary(detail)


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
