"""The district's draw settings: tier weights and focus tiers, read from the environment (S2)."""

from __future__ import annotations

import pytest

from services.supervision.domain.draw import DEFAULT_TIER_WEIGHTS
from services.supervision.settings import InvalidSetting, load_rules


def test_by_default_good_credit_is_drawn_less_and_the_blacklist_is_a_focus_tier() -> None:
    rules = load_rules({})
    assert rules.draw.tier_weights == DEFAULT_TIER_WEIGHTS
    assert rules.focus_tiers == frozenset({"serious_dishonesty"})


def test_a_district_sets_the_weight_of_some_tiers_and_keeps_the_others() -> None:
    rules = load_rules({"SUPERVISION_TIER_WEIGHTS": "red_list=0.25, serious_dishonesty=4"})
    assert rules.draw.tier_weights == {**DEFAULT_TIER_WEIGHTS, "red_list": 0.25, "serious_dishonesty": 4.0}


def test_a_district_names_its_focus_tiers_or_none() -> None:
    assert load_rules({"SUPERVISION_FOCUS_TIERS": "general_dishonesty,serious_dishonesty"}).focus_tiers == {
        "general_dishonesty",
        "serious_dishonesty",
    }
    assert load_rules({"SUPERVISION_FOCUS_TIERS": ""}).focus_tiers == frozenset()


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"SUPERVISION_TIER_WEIGHTS": "gold=1"}, "SUPERVISION_TIER_WEIGHTS: unknown credit tier 'gold'"),
        ({"SUPERVISION_TIER_WEIGHTS": "normal=much"}, "SUPERVISION_TIER_WEIGHTS: the weight of normal is not"),
        ({"SUPERVISION_TIER_WEIGHTS": "red_list=0"}, "SUPERVISION_TIER_WEIGHTS: the weight of red_list must be"),
        ({"SUPERVISION_FOCUS_TIERS": "blacklist"}, "SUPERVISION_FOCUS_TIERS: unknown credit tier blacklist"),
    ],
)
def test_a_bad_draw_setting_names_the_variable(environ: dict[str, str], named: str) -> None:
    with pytest.raises(InvalidSetting) as raised:
        load_rules(environ)
    assert str(raised.value).startswith(named)
