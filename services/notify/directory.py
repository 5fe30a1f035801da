"""The directory (通讯录): industry regulators, fire-rescue brigades, partner agencies, WeChat followers.

An operator-supplied TOML or JSON file named by NOTIFY_DIRECTORY::

    [regulators.education]              # the key ReferralLetterSent.regulator carries
    name = "徐汇区教育局"
    email = "safety@edu.example.cn"

    [brigades."徐汇区"]                  # by district
    name = "徐汇区消防救援支队"
    email = "duty@xh.119.example.cn"
    wechat_openid = "oAbC…"             # optional, on regulators and brigades alike: WeChat too

    [units."91310104MA1FL0XX0X"]        # units that follow the official account (by USCC)
    wechat_openid = "oXyZ…"             # the openid its responsible person bound (绑定)

    [agencies.credit-platform]          # partner agencies' systems
    name = "公共信用信息服务平台"
    callback_url = "https://credit.example.cn/hooks/firesafety"
    secret = "…"                        # HMAC-SHA256 key of the X-Notify-Signature header
    subscriptions = ["blacklisted", "credit_repaired", "penalty_published"]

A malformed file stops the worker at start, naming the entry; addresses are read
when a notice is sent, so a corrected directory reaches notices still waiting.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from services.notify.domain.recipients import CALLBACK, EMAIL, WECHAT, party_of
from services.notify.vocabulary import NOTICE_TYPES, PRIVATE_NOTICE_TYPES, REGULATORS


class DirectoryError(ValueError):
    """The directory file cannot be used."""


@dataclass(frozen=True)
class Office:
    """An industry regulator (行业主管部门) or a fire-rescue brigade (消防救援支队/大队)."""

    key: str
    name: str
    email: str
    wechat_openid: str = ""


@dataclass(frozen=True)
class PartnerAgency:
    key: str
    name: str
    callback_url: str
    secret: str = field(repr=False)
    subscriptions: frozenset[str]


@dataclass(frozen=True)
class Address:
    """Where to send on a channel; a callback also carries its signing key."""

    value: str
    secret: str = field(default="", repr=False)


@dataclass(frozen=True)
class Directory:
    regulators: Mapping[str, Office] = field(default_factory=dict)
    brigades: Mapping[str, Office] = field(default_factory=dict)
    agencies: Mapping[str, PartnerAgency] = field(default_factory=dict)
    #: USCC → the openid of the unit's follower of the official account (微信公众号).
    unit_openids: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_file(cls, path: Path | None) -> Directory:
        if path is None:
            return cls()
        try:
            raw = (
                json.loads(path.read_text("utf-8"))
                if path.suffix == ".json"
                else tomllib.loads(path.read_text("utf-8"))
            )
        except (OSError, ValueError) as exc:
            raise DirectoryError(f"{path}: {exc}") from exc
        return cls.from_mapping(raw, str(path))

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any], source: str = "directory") -> Directory:
        return cls(
            regulators={k: _office(k, e, f"{source}: regulators.{k}") for k, e in raw.get("regulators", {}).items()},
            brigades={k: _office(k, e, f"{source}: brigades.{k}") for k, e in raw.get("brigades", {}).items()},
            agencies={k: _agency(k, e, f"{source}: agencies.{k}") for k, e in raw.get("agencies", {}).items()},
            unit_openids={k: _openid(e, f"{source}: units.{k}") for k, e in raw.get("units", {}).items()},
        )

    def regulator(self, key: str) -> Office | None:
        """By key, or by name: upstream may name the regulator either way."""
        found = self.regulators.get(key)
        if found is None:
            found = next((r for r in self.regulators.values() if r.name == key), None)
        return found

    def regulator_name(self, key: str) -> str:
        found = self.regulator(key)
        return found.name if found else REGULATORS.get(key, key)

    def subscribers(self, notice_type: str) -> list[PartnerAgency]:
        return [a for a in self.agencies.values() if notice_type in a.subscriptions]

    def wechat_openid(self, recipient: str) -> str:
        """The openid WeChat reaches `recipient` by (a unit, a regulator, a brigade), or ''."""
        kind, key = party_of(recipient)
        if kind == "unit":
            return self.unit_openids.get(key, "")
        office = self.regulator(key) if kind == "regulator" else self.brigades.get(key) if kind == "brigade" else None
        return office.wechat_openid if office else ""

    def address_of(self, recipient: str, channel: str) -> Address | None:
        """The address of a directory party on a channel, or None when the directory has none."""
        kind, key = party_of(recipient)
        if channel == WECHAT:
            openid = self.wechat_openid(recipient)
            return Address(openid) if openid else None
        if kind == "regulator" and channel == EMAIL:
            office = self.regulator(key)
        elif kind == "brigade" and channel == EMAIL:
            office = self.brigades.get(key)
        elif kind == "agency" and channel == CALLBACK:
            agency = self.agencies.get(key)
            return Address(agency.callback_url, agency.secret) if agency else None
        else:
            return None
        return Address(office.email) if office and office.email else None


def _office(key: str, entry: Mapping[str, Any], where: str) -> Office:
    email = _text(entry, "email", where)
    if "@" not in email:
        raise DirectoryError(f"{where}: email {email!r} is not an e-mail address")
    openid = entry.get("wechat_openid", "")
    if not isinstance(openid, str):
        raise DirectoryError(f"{where}: wechat_openid must be text")
    return Office(key=key, name=str(entry.get("name", key)), email=email, wechat_openid=openid)


def _openid(entry: Mapping[str, Any], where: str) -> str:
    if not isinstance(entry, Mapping):
        raise DirectoryError(f"{where}: must be a table with wechat_openid")
    return _text(entry, "wechat_openid", where)


def _agency(key: str, entry: Mapping[str, Any], where: str) -> PartnerAgency:
    url = _text(entry, "callback_url", where)
    if not url.startswith(("http://", "https://")):
        raise DirectoryError(f"{where}: callback_url must be an http(s) URL")
    subscriptions = frozenset(str(s) for s in entry.get("subscriptions", []))
    unknown = subscriptions - set(NOTICE_TYPES)
    if unknown:
        raise DirectoryError(f"{where}: unknown notice types {sorted(unknown)}; known: {', '.join(NOTICE_TYPES)}")
    private = subscriptions & PRIVATE_NOTICE_TYPES
    if private:
        raise DirectoryError(f"{where}: {sorted(private)} are not sent to other agencies")
    return PartnerAgency(
        key=key,
        name=str(entry.get("name", key)),
        callback_url=url,
        secret=_text(entry, "secret", where),
        subscriptions=subscriptions,
    )


def _text(entry: Mapping[str, Any], name: str, where: str) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not value:
        raise DirectoryError(f"{where}: {name} is required")
    return value
