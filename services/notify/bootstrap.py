"""Composition root of the notify processes: everything is built from the environment here."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from kit import metrics
from kit.calendar import WorkingDayCalendar
from kit.database import event_store_env
from kit.relay import ActiveLock, AdvisoryLock, FileLock
from kit.service_runtime import Runtime, build_runtime
from kit.settings import Settings, load_settings
from services.notify import read_models
from services.notify.application import NotifyApplication
from services.notify.channels import (
    CallbackChannel,
    Channel,
    Channels,
    EmailChannel,
    InboxChannel,
    PublicationChannel,
    SmsGatewayChannel,
    Unconfigured,
    WeChatChannel,
)
from services.notify.directory import Directory
from services.notify.dispatch import Dispatcher
from services.notify.domain.recipients import EMAIL, SMS, WECHAT
from services.notify.feed import PublicationFeed
from services.notify.integration import translate
from services.notify.settings import NotifySettings, load_notify_settings

__all__ = ["build_application", "build_worker", "build_worker_runtime", "translate"]


def build_application(
    settings: Settings | None = None, notify_settings: NotifySettings | None = None
) -> NotifyApplication:
    settings = settings or load_settings("notify")
    notify_settings = notify_settings or load_notify_settings(os.environ)
    return NotifyApplication(
        env=event_store_env(settings),
        settings=notify_settings,
        directory=Directory.from_file(notify_settings.directory),
        calendar=WorkingDayCalendar.from_file(settings.calendar_overrides, settings.holiday_law),
    )


def build_worker_runtime(
    settings: Settings | None = None, notify_settings: NotifySettings | None = None
) -> Runtime[NotifyApplication]:
    settings = settings or load_settings("notify")
    app = build_application(settings, notify_settings)
    return build_runtime(settings, app, read_models.metadata, read_models.apply)


def build_channels(settings: NotifySettings) -> Channels:
    email: Channel = (
        EmailChannel(settings.smtp)
        if settings.smtp
        else Unconfigured(EMAIL, "e-mail is not configured: set NOTIFY_SMTP_HOST")
    )
    sms: Channel = (
        SmsGatewayChannel(settings.sms)
        if settings.sms
        else Unconfigured(SMS, "SMS is not configured: set NOTIFY_SMS_GATEWAY_URL")
    )
    wechat: Channel = (
        WeChatChannel(settings.wechat)
        if settings.wechat
        else Unconfigured(WECHAT, "WeChat is not configured: set NOTIFY_WECHAT_APPID, NOTIFY_WECHAT_SECRET")
    )
    return Channels(
        [InboxChannel(), email, sms, wechat, CallbackChannel(settings.callback_timeout_seconds), PublicationChannel()]
    )


def dispatch_lock(settings: Settings, runtime: Runtime[Any]) -> ActiveLock:
    """One active dispatcher across replicas, as one active relay."""
    if settings.is_postgres:
        return AdvisoryLock(runtime.engine, f"dispatch:{settings.database_schema or ''}:notify")
    return FileLock(settings.var_dir / "notify.dispatch.lock")


@dataclass
class NotifyWorkerParts:
    runtime: Runtime[NotifyApplication]
    settings: NotifySettings
    channels: Channels
    dispatcher: Dispatcher
    feed: PublicationFeed


def build_worker(
    exclusive: Callable[[], AbstractContextManager[Any]],
    settings: Settings | None = None,
    notify_settings: NotifySettings | None = None,
) -> NotifyWorkerParts:
    """What the nameko worker runs: the runtime, the dispatcher and the public feed.

    `exclusive` serialises the worker's writes and read-model refreshes with its
    event processing.
    """
    settings = settings or load_settings("notify")
    notify_settings = notify_settings or load_notify_settings(os.environ)
    runtime = build_worker_runtime(settings, notify_settings)
    channels = build_channels(notify_settings)
    dispatcher = Dispatcher(
        runtime.app,
        runtime.engine,
        channels,
        runtime.app.directory,
        batch_size=notify_settings.dispatch_batch_size,
        channel_concurrency=notify_settings.channel_concurrency,
        channel_budget_seconds=notify_settings.channel_budget_seconds,
        refresh=runtime.refresh_read_models,
        exclusive=exclusive,
        lock=dispatch_lock(settings, runtime),
    )
    metrics.read_at_scrape(
        "firesafety_notify_notices",
        "Notices by channel and status: pending, held, delivered, failed",
        ["channel", "status"],
        lambda: {
            (channel, status): count
            for channel, by_status in read_models.delivery_counts(runtime.engine).items()
            for status, count in by_status.items()
        },
    )
    feed = PublicationFeed(
        runtime.engine,
        notify_settings.public_base_url,
        notify_settings.agency_name,
        notify_settings.feed_page_size,
    )
    return NotifyWorkerParts(runtime, notify_settings, channels, dispatcher, feed)
