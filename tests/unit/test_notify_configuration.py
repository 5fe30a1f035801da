"""Notify's settings and directory: from the environment and one file, with defaults that run locally."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from services.notify.bootstrap import build_channels
from services.notify.directory import Directory, DirectoryError
from services.notify.settings import load_notify_settings


def test_without_configuration_only_the_inbox_callbacks_and_the_feed_are_ready() -> None:
    settings = load_notify_settings({})
    assert settings.smtp is None and settings.sms is None and settings.directory is None
    assert (settings.publication_working_days, settings.deadline_reminder_working_days) == (7, 3)
    report = build_channels(settings).report()
    assert report["email"] == "e-mail is not configured: set NOTIFY_SMTP_HOST"
    assert report["sms"] == "SMS is not configured: set NOTIFY_SMS_GATEWAY_URL"
    assert {report[c] for c in ("inbox", "callback", "publication")} == {"ready"}


def test_channels_and_numbers_come_from_the_environment() -> None:
    settings = load_notify_settings(
        {
            "NOTIFY_SMTP_HOST": "smtp.example.cn",
            "NOTIFY_SMTP_PORT": "2525",
            "NOTIFY_SMTP_FROM": "xf@example.cn",
            "NOTIFY_SMS_GATEWAY_URL": "http://sms.example.cn/send",
            "NOTIFY_PUBLICATION_WORKING_DAYS": "5",
            "NOTIFY_MAX_ATTEMPTS": "4",
            "NOTIFY_FIRST_RETRY_SECONDS": "30",
            "NOTIFY_MAX_RETRY_SECONDS": "600",
        }
    )
    assert settings.smtp is not None and (settings.smtp.port, settings.smtp.sender) == (2525, "xf@example.cn")
    assert settings.sms is not None and settings.sms.url == "http://sms.example.cn/send"
    assert settings.publication_working_days == 5
    assert (settings.max_attempts, settings.first_retry_delay, settings.max_retry_delay) == (
        4,
        dt.timedelta(seconds=30),
        dt.timedelta(minutes=10),
    )
    assert set(build_channels(settings).ready()) == {"inbox", "email", "sms", "callback", "publication"}


@pytest.mark.parametrize("name, value", [("NOTIFY_MAX_ATTEMPTS", "0"), ("NOTIFY_SMTP_PORT", "abc")])
def test_a_bad_number_stops_the_worker_naming_the_variable(name: str, value: str) -> None:
    with pytest.raises(ValueError, match=name):
        load_notify_settings({name: value, "NOTIFY_SMTP_HOST": "smtp.example.cn"})


def test_the_directory_reads_toml_and_json_alike(tmp_path: Path) -> None:
    toml = tmp_path / "directory.toml"
    toml.write_text(
        """
[regulators.education]
name = "徐汇区教育局"
email = "safety@edu.example.cn"

[agencies.market]
name = "市场监督管理局"
callback_url = "https://market.example.cn/hooks"
secret = "k"
subscriptions = ["permit_granted", "blacklisted"]
""",
        "utf-8",
    )
    json_file = tmp_path / "directory.json"
    json_file.write_text(
        '{"regulators": {"education": {"name": "徐汇区教育局", "email": "safety@edu.example.cn"}},'
        ' "agencies": {"market": {"name": "市场监督管理局", "callback_url": "https://market.example.cn/hooks",'
        ' "secret": "k", "subscriptions": ["permit_granted", "blacklisted"]}}}',
        "utf-8",
    )
    for directory in (Directory.from_file(toml), Directory.from_file(json_file)):
        assert directory.address_of("regulator:education", "email") is not None
        assert directory.address_of("regulator:徐汇区教育局", "email") is not None  # by name too
        assert [a.key for a in directory.subscribers("blacklisted")] == ["market"]
        address = directory.address_of("agency:market", "callback")
        assert address is not None and (address.value, address.secret) == ("https://market.example.cn/hooks", "k")
        assert "secret" not in repr(address)


@pytest.mark.parametrize(
    "entry, complaint",
    [
        ({"agencies": {"a": {"callback_url": "ftp://x", "secret": "k"}}}, "http"),
        ({"agencies": {"a": {"callback_url": "https://x", "secret": ""}}}, "secret is required"),
        ({"agencies": {"a": {"callback_url": "https://x", "secret": "k", "subscriptions": ["gossip"]}}}, "unknown"),
        (
            {"agencies": {"a": {"callback_url": "https://x", "secret": "k", "subscriptions": ["complaint_feedback"]}}},
            "not sent to other agencies",
        ),
        ({"regulators": {"education": {"email": "not-an-address"}}}, "not an e-mail address"),
    ],
)
def test_a_malformed_directory_is_refused_naming_the_entry(entry: dict[str, object], complaint: str) -> None:
    with pytest.raises(DirectoryError, match=complaint):
        Directory.from_mapping(entry)  # type: ignore[arg-type]
