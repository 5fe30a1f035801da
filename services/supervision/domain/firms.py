"""Fire technical service firms (消防技术服务机构) as parties to a violation (003 (二); DOMAIN C7).

A firm that maintains and tests a unit's fire facilities (消防设施维护保养检测机构) or assesses
its fire safety (消防安全评估机构) is a business with its own USCC. When an inspection finds that
the firm, not the unit, broke the rules — a false maintenance or testing report (出具虚假文件), practice
without meeting the conditions (不具备从业条件), work not done to the national or trade standards
(不按照国家标准、行业标准开展消防技术服务活动) — the violation and its penalty name the firm as the
party, so that they go on the firm's credit record (信用记录) and not on the unit's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from eventsourcing.domain import Aggregate, event


class PartyKind(StrEnum):
    """Who committed a violation (违法主体)."""

    UNIT = "unit"  # 社会单位
    TECHNICAL_SERVICE_FIRM = "technical_service_firm"  # 消防技术服务机构


class ServiceType(StrEnum):
    """What a fire technical service firm does (社会消防技术服务管理规定)."""

    MAINTENANCE_AND_TESTING = "maintenance_and_testing"  # 消防设施维护保养检测
    SAFETY_ASSESSMENT = "safety_assessment"  # 消防安全评估


class FirmViolationType(StrEnum):
    """Violations of a fire technical service firm (《消防法》第六十九条)."""

    FALSE_DOCUMENTS = "false_documents"  # 出具虚假文件
    UNQUALIFIED_PRACTICE = "unqualified_practice"  # 不具备从业条件从事消防技术服务活动
    SUBSTANDARD_PRACTICE = "substandard_practice"  # 不按照国家标准、行业标准开展消防技术服务活动


FIRE_LAW_ART_69 = "《中华人民共和国消防法》第六十九条"


FIRM_NAMESPACE = uuid.UUID("3c8b1f4e-92d7-4a65-b0e3-5d17c9a4f2e6")


@dataclass(frozen=True)
class FirmDetails:
    """What the register of firms holds of one firm besides its code."""

    firm_name: str
    district: str
    service_types: tuple[ServiceType, ...]
    address: str = ""
    legal_representative: str = ""  # 法定代表人
    technical_lead: str = ""  # 技术负责人 (a registered fire engineer, 注册消防工程师)

    def as_event_data(self) -> dict[str, Any]:
        return {
            "firm_name": self.firm_name,
            "district": self.district,
            "service_types": sorted(t.value for t in self.service_types),
            "address": self.address,
            "legal_representative": self.legal_representative,
            "technical_lead": self.technical_lead,
        }


class TechnicalServiceFirm(Aggregate):
    """A firm on the register of fire technical service firms (消防技术服务机构名录).

    The trade needs no licence since the reform (取消消防技术服务机构资质许可, 003 (二)): a firm
    practises on meeting the conditions and standards, and the agency supervises it afterwards.
    The register is what that supervision has for a subject: the firm's credit record, its
    listing and its exit from the trade (行业退出) name a firm that is on it.
    """

    @staticmethod
    def create_id(uscc: str) -> uuid.UUID:
        return uuid.uuid5(FIRM_NAMESPACE, uscc)

    class Registered(Aggregate.Created):
        uscc: str
        firm_name: str
        district: str
        service_types: list[str]
        address: str
        legal_representative: str
        technical_lead: str
        registered_at: str

    class Corrected(Aggregate.Event):
        """The entry corrected: every detail as it now stands."""

        uscc: str
        firm_name: str
        district: str
        service_types: list[str]
        address: str
        legal_representative: str
        technical_lead: str
        corrected_at: str

    @event(Registered)
    def __init__(
        self,
        uscc: str,
        firm_name: str,
        district: str,
        service_types: list[str],
        address: str,
        legal_representative: str,
        technical_lead: str,
        registered_at: str,
    ) -> None:
        self.uscc = uscc
        self.registered_at = registered_at
        self._details(firm_name, district, service_types, address, legal_representative, technical_lead)

    @classmethod
    def register(cls, uscc: str, details: FirmDetails, at: str) -> TechnicalServiceFirm:
        return cls(uscc=uscc, registered_at=at, **details.as_event_data())

    def correct(self, details: FirmDetails, at: str) -> bool:
        """Correct the entry; False when it already says exactly this."""
        data = details.as_event_data()
        if all(getattr(self, name) == value for name, value in data.items()):
            return False
        self._corrected(uscc=self.uscc, corrected_at=at, **data)
        return True

    @event(Corrected)
    def _corrected(
        self,
        uscc: str,
        firm_name: str,
        district: str,
        service_types: list[str],
        address: str,
        legal_representative: str,
        technical_lead: str,
        corrected_at: str,
    ) -> None:
        self._details(firm_name, district, service_types, address, legal_representative, technical_lead)

    def _details(
        self,
        firm_name: str,
        district: str,
        service_types: list[str],
        address: str,
        legal_representative: str,
        technical_lead: str,
    ) -> None:
        self.firm_name = firm_name
        self.district = district
        self.service_types = list(service_types)
        self.address = address
        self.legal_representative = legal_representative
        self.technical_lead = technical_lead

    @property
    def entry(self) -> dict[str, Any]:
        return {
            "uscc": self.uscc,
            "firm_name": self.firm_name,
            "district": self.district,
            "service_types": list(self.service_types),
            "address": self.address,
            "legal_representative": self.legal_representative,
            "technical_lead": self.technical_lead,
            "registered_at": self.registered_at,
        }
