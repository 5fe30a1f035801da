"""The law an enforcement act rests on (法律依据), as its documents cite it.

A rectification order for hazards found in supervision rests on Fire Law art. 54 (the agency
notifies the unit to remove them); one for a unit's violations on the item of art. 60 para. 1
that names the act, which orders it corrected (责令改正). The penalties' basis is the discretion
baseline's (penalties.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from services.supervision.domain.common import ViolationType

FIRE_LAW = "《中华人民共和国消防法》"
HAZARDS_ARTICLE = "第五十四条"
VIOLATION_ARTICLES = {
    ViolationType.FIRE_FACILITIES_SWITCHED_OFF.value: "第六十条第一款第二项",
    ViolationType.LOCKED_EXIT.value: "第六十条第一款第三项",
    ViolationType.BLOCKED_EVACUATION_ROUTE.value: "第六十条第一款第三项",
    ViolationType.BLOCKED_FIRE_LANE.value: "第六十条第一款第五项",
}
OTHER_VIOLATIONS_ARTICLE = "第六十条第一款"


def order_legal_basis(has_hazards: bool, violation_types: Iterable[str]) -> str:
    """《中华人民共和国消防法》第五十四条、第六十条第一款第三项: each article once, hazards first."""
    articles = [HAZARDS_ARTICLE] if has_hazards else []
    for violation_type in violation_types:
        article = VIOLATION_ARTICLES.get(violation_type, OTHER_VIOLATIONS_ARTICLE)
        if article not in articles:
            articles.append(article)
    return FIRE_LAW + "、".join(articles) if articles else FIRE_LAW
