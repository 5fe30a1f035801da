"""Notice texts in Chinese, rendered from one Jinja2 template per notice type.

A template defines the blocks `subject` and `body`, and may define `sms`, a
shorter text for mobile phones (the body is sent otherwise), which goes out
after the agency's SMS signature (短信签名). Undefined
variables are errors, so a template never goes out with a hole in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from services.notify import vocabulary as v

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Text:
    subject: str
    body: str
    sms: str


class NoticeTexts:
    def __init__(self, agency_name: str = "消防救援机构", templates: Path = TEMPLATES) -> None:
        self.agency_name = agency_name
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(
            cn_date=v.cn_date,
            month=v.month_label,
            yuan=v.yuan,
            material=lambda code: v.term(v.MATERIALS, code),
            venue_category=lambda code: v.term(v.VENUE_CATEGORIES, code),
            route=lambda code: v.term(v.ROUTES, code),
            delivery_method=lambda code: v.term(v.DELIVERY_METHODS, code),
            clock_stage=lambda code: v.term(v.CLOCK_STAGES, code),
            appointment_kind=lambda code: v.term(v.APPOINTMENT_KINDS, code),
            violation=lambda code: v.term(v.VIOLATIONS, code),
            severity=lambda code: v.term(v.SEVERITIES, code),
            tier=lambda code: v.term(v.TIERS, code),
            listing=lambda code: v.LISTINGS.get(code, f"列入{v.term(v.TIERS, code)}"),
            credit_rule=lambda code: v.term(v.CREDIT_RULES, code),
            withdrawal_reason=lambda code: v.term(v.WITHDRAWAL_REASONS, code),
            outcome=lambda code: v.term(v.INSPECTION_OUTCOMES, code),
            regulator=lambda code: v.term(v.REGULATORS, code),
            service_type=lambda code: v.term(v.SERVICE_TYPES, code),
            measure=lambda code: v.term(v.MEASURES, code),
            sanction=lambda code: v.term(v.SANCTIONS, code),
        )

    def render(self, notice_type: str, context: Mapping[str, Any]) -> Text:
        template = self.env.get_template(f"{notice_type}.txt.j2")
        variables = {"agency": self.agency_name, **context}
        subject = _block(template, "subject", variables)
        body = _block(template, "body", variables)
        sms = _block(template, "sms", variables) if "sms" in template.blocks else body
        return Text(subject=" ".join(subject.split()), body=body, sms=f"【{self.agency_name}】{sms}")


def _block(template: jinja2.Template, name: str, variables: dict[str, Any]) -> str:
    render = template.blocks[name]
    return "".join(render(template.new_context(variables))).strip()
