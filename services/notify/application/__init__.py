"""The notify application: turns upstream events into notices, once each, and delivers them."""

from __future__ import annotations

from services.notify.application.base import Cause, Message
from services.notify.application.checkpoints import ChainCheckpoints
from services.notify.application.credit import CreditNotices
from services.notify.application.delivery import DeliveryCommands, NoticeNotFound
from services.notify.application.departments import DepartmentNotices
from services.notify.application.permits import PermitNotices
from services.notify.application.reminders import DayClosed, Reminders
from services.notify.application.revisions import RevisionNotices
from services.notify.application.supervision import SupervisionNotices

__all__ = ["Cause", "DayClosed", "Message", "NoticeNotFound", "NotifyApplication"]


class NotifyApplication(
    PermitNotices,
    SupervisionNotices,
    DepartmentNotices,
    CreditNotices,
    RevisionNotices,
    ChainCheckpoints,
    DeliveryCommands,
    Reminders,
):
    name = "notify"
