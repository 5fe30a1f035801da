"""The notify service's own settings, parsed from the environment (read once, in bootstrap).

Channels are optional: one without configuration is reported as unconfigured and
its notices wait, held, until it is configured. Every number from a regulation
is here with the regulation's value as default.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from services.notify.vocabulary import NOTICE_TYPES


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    sender: str = "notify@firesafety.local"
    username: str = ""
    password: str = ""
    starttls: bool = False
    timeout_seconds: float = 10.0


@dataclass(frozen=True)
class SmsGatewaySettings:
    url: str
    api_key: str = ""
    timeout_seconds: float = 10.0


WECHAT_API = "https://api.weixin.qq.com"


@dataclass(frozen=True)
class WeChatSettings:
    """An official account (公众号) sending template messages (模板消息)."""

    appid: str
    secret: str = field(repr=False)
    #: The template of every notice type not named in `templates`.
    template_id: str = ""
    #: Notice type → template id, for types that have a template of their own.
    templates: Mapping[str, str] = field(default_factory=dict)
    api_base_url: str = WECHAT_API
    timeout_seconds: float = 10.0
    #: An access token is renewed this long before WeChat says it expires.
    token_margin: dt.timedelta = dt.timedelta(minutes=5)

    def template_of(self, notice_type: str) -> str:
        return self.templates.get(notice_type, self.template_id)


@dataclass(frozen=True)
class NotifySettings:
    smtp: SmtpSettings | None = None
    sms: SmsGatewaySettings | None = None
    wechat: WeChatSettings | None = None
    #: TOML or JSON file: industry regulators, fire-rescue brigades, partner agencies.
    directory: Path | None = None
    callback_timeout_seconds: float = 10.0
    #: Signs the texts (落款) and prefixes SMS (短信签名).
    agency_name: str = "消防救援机构"
    #: Attempts at one delivery before it ends failed; the delay doubles from the first to the cap.
    max_attempts: int = 8
    first_retry_delay: dt.timedelta = dt.timedelta(minutes=1)
    max_retry_delay: dt.timedelta = dt.timedelta(hours=1)
    dispatch_batch_size: int = 50
    #: Sends at once on each channel, and the seconds each channel may start sends in one round:
    #: a channel that hangs holds only its own notices, and only until the round's budget is spent.
    channel_concurrency: int = 4
    channel_budget_seconds: int = 15
    #: Working days before a rectification deadline when the unit is reminded (S5).
    deadline_reminder_working_days: int = 3
    #: Working days before an appointment when the applicant is reminded (P7, 004 #16).
    appointment_reminder_working_days: int = 1
    #: 双公示: permit and penalty decisions are public within 7 working days (003 (六), 004 #04).
    publication_working_days: int = 7
    #: The remedies every decision names: administrative review within 60 days (行政复议法),
    #: litigation within 6 months (行政诉讼法).
    review_days: int = 60
    litigation_months: int = 6
    feed_page_size: int = 20
    #: Base of the links in the public feeds.
    public_base_url: str = "http://localhost:8000"


def load_notify_settings(env: Mapping[str, str]) -> NotifySettings:
    directory = env.get("NOTIFY_DIRECTORY")
    return NotifySettings(
        smtp=_smtp(env),
        sms=_sms(env),
        wechat=_wechat(env),
        directory=Path(directory) if directory else None,
        callback_timeout_seconds=float(env.get("NOTIFY_CALLBACK_TIMEOUT_SECONDS", "10")),
        agency_name=env.get("NOTIFY_AGENCY_NAME", "消防救援机构"),
        max_attempts=_positive(env, "NOTIFY_MAX_ATTEMPTS", 8),
        first_retry_delay=dt.timedelta(seconds=_positive(env, "NOTIFY_FIRST_RETRY_SECONDS", 60)),
        max_retry_delay=dt.timedelta(seconds=_positive(env, "NOTIFY_MAX_RETRY_SECONDS", 3600)),
        dispatch_batch_size=_positive(env, "NOTIFY_DISPATCH_BATCH_SIZE", 50),
        channel_concurrency=_positive(env, "NOTIFY_CHANNEL_CONCURRENCY", 4),
        channel_budget_seconds=_positive(env, "NOTIFY_CHANNEL_BUDGET_SECONDS", 15),
        deadline_reminder_working_days=_natural(env, "NOTIFY_DEADLINE_REMINDER_WORKING_DAYS", 3),
        appointment_reminder_working_days=_natural(env, "NOTIFY_APPOINTMENT_REMINDER_WORKING_DAYS", 1),
        publication_working_days=_natural(env, "NOTIFY_PUBLICATION_WORKING_DAYS", 7),
        review_days=_positive(env, "NOTIFY_REVIEW_DAYS", 60),
        litigation_months=_positive(env, "NOTIFY_LITIGATION_MONTHS", 6),
        feed_page_size=_positive(env, "NOTIFY_FEED_PAGE_SIZE", 20),
        public_base_url=env.get("NOTIFY_PUBLIC_BASE_URL", "http://localhost:8000").rstrip("/"),
    )


def _smtp(env: Mapping[str, str]) -> SmtpSettings | None:
    host = env.get("NOTIFY_SMTP_HOST", "")
    if not host:
        return None
    return SmtpSettings(
        host=host,
        port=_positive(env, "NOTIFY_SMTP_PORT", 25),
        sender=env.get("NOTIFY_SMTP_FROM", "notify@firesafety.local"),
        username=env.get("NOTIFY_SMTP_USERNAME", ""),
        password=env.get("NOTIFY_SMTP_PASSWORD", ""),
        starttls=env.get("NOTIFY_SMTP_STARTTLS", "").lower() in {"1", "true", "yes"},
        timeout_seconds=float(env.get("NOTIFY_SMTP_TIMEOUT_SECONDS", "10")),
    )


def _sms(env: Mapping[str, str]) -> SmsGatewaySettings | None:
    url = env.get("NOTIFY_SMS_GATEWAY_URL", "")
    if not url:
        return None
    return SmsGatewaySettings(
        url=url,
        api_key=env.get("NOTIFY_SMS_API_KEY", ""),
        timeout_seconds=float(env.get("NOTIFY_SMS_TIMEOUT_SECONDS", "10")),
    )


def _wechat(env: Mapping[str, str]) -> WeChatSettings | None:
    """None without an appid (WeChat held); an appid without its secret or a template is refused."""
    appid = env.get("NOTIFY_WECHAT_APPID", "")
    if not appid:
        return None
    secret = env.get("NOTIFY_WECHAT_SECRET", "")
    if not secret:
        raise ValueError("NOTIFY_WECHAT_SECRET is required with NOTIFY_WECHAT_APPID")
    templates = _templates(env.get("NOTIFY_WECHAT_TEMPLATES", ""))
    template_id = env.get("NOTIFY_WECHAT_TEMPLATE_ID", "")
    if not template_id and not templates:
        raise ValueError("NOTIFY_WECHAT_TEMPLATE_ID (or NOTIFY_WECHAT_TEMPLATES) is required with NOTIFY_WECHAT_APPID")
    base = env.get("NOTIFY_WECHAT_API_BASE_URL", "") or WECHAT_API
    if not base.startswith(("http://", "https://")):
        raise ValueError(f"NOTIFY_WECHAT_API_BASE_URL must be an http(s) URL, got {base!r}")
    return WeChatSettings(
        appid=appid,
        secret=secret,
        template_id=template_id,
        templates=templates,
        api_base_url=base.rstrip("/"),
        timeout_seconds=float(env.get("NOTIFY_WECHAT_TIMEOUT_SECONDS", "10")),
    )


def _templates(raw: str) -> dict[str, str]:
    """`notice_type=template_id,…`; every type must be a notice type."""
    templates = {}
    for part in filter(None, (p.strip() for p in raw.split(","))):
        notice_type, _, template_id = (x.strip() for x in part.partition("="))
        if notice_type not in NOTICE_TYPES:
            raise ValueError(f"NOTIFY_WECHAT_TEMPLATES: unknown notice type {notice_type!r}")
        if not template_id:
            raise ValueError(f"NOTIFY_WECHAT_TEMPLATES: no template id for {notice_type}")
        templates[notice_type] = template_id
    return templates


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    value = _natural(env, name, default)
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return value


def _natural(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from exc
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {value}")
    return value
