"""Fire technical service firms (消防技术服务机构) as parties to a violation (003 (二); DOMAIN C7).

A firm that maintains and tests a unit's fire facilities (消防设施维护保养检测机构) or assesses
its fire safety (消防安全评估机构) is a business with its own USCC. When an inspection finds that
the firm, not the unit, broke the rules — a false maintenance or testing report (出具虚假文件), practice
without meeting the conditions (不具备从业条件), work not done to the national or trade standards
(不按照国家标准、行业标准开展消防技术服务活动) — the violation and its penalty name the firm as the
party, so that they go on the firm's credit record (信用记录) and not on the unit's.
"""

from __future__ import annotations

from enum import StrEnum


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
