"""The public feeds of published decisions and inspections (双公示, 一公开): JSON pages and Atom.

Only delivered publications appear, newest first. A publication carries the facts
of the decision and never a person's contact data. The Atom feed is paged as in
RFC 5005 (rel="next", rel="previous"). Beside them, `/checkpoints` lists the signed
checkpoints of every service's event chain (kit/checkpoints.py), for third parties to keep.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Engine

from kit.settings import SERVICES
from services.notify import read_models
from services.notify.vocabulary import local_date

ATOM = "http://www.w3.org/2005/Atom"
FEED_NAMESPACE = uuid.UUID("0f5b7c3e-6a21-4d8f-b9e4-2c7a1d6e8f35")
KINDS = (
    "permit",
    "penalty",
    "inspection_plan_announcement",
    "inspection_plan",
    "inspection_results",
    "leniency_policy",
)
MAX_PER_PAGE = 100
MAX_CHECKPOINTS = 1000


class BadFeedRequest(ValueError):
    """A query the feed cannot answer (a page that is not a number, an unknown kind)."""


@dataclass(frozen=True)
class FeedQuery:
    page: int = 1
    per_page: int = 20
    kind: str | None = None
    district: str | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, str], default_per_page: int) -> FeedQuery:
        try:
            page = int(args.get("page", "1"))
            per_page = int(args.get("per_page", str(default_per_page)))
        except ValueError as exc:
            raise BadFeedRequest("page and per_page must be whole numbers") from exc
        if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
            raise BadFeedRequest(f"page must be 1 or more and per_page between 1 and {MAX_PER_PAGE}")
        kind = args.get("kind") or None
        if kind is not None and kind not in KINDS:
            raise BadFeedRequest(f"kind must be one of {', '.join(KINDS)}")
        return cls(page=page, per_page=per_page, kind=kind, district=args.get("district") or None)

    def args(self, page: int) -> str:
        query: dict[str, str | int] = {"page": page, "per_page": self.per_page}
        if self.kind:
            query["kind"] = self.kind
        if self.district:
            query["district"] = self.district
        return urlencode(query)


class PublicationFeed:
    def __init__(self, views: Engine, base_url: str, agency_name: str, default_per_page: int = 20) -> None:
        self.views = views
        self.base_url = base_url.rstrip("/")
        self.agency_name = agency_name
        self.default_per_page = default_per_page

    def query(self, args: Mapping[str, str]) -> FeedQuery:
        return FeedQuery.from_args(args, self.default_per_page)

    def json_page(self, query: FeedQuery) -> str:
        items, total = read_models.publications_page(
            self.views, query.page, query.per_page, kind=query.kind, district=query.district
        )
        last_page = max(1, -(-total // query.per_page))
        page = {
            "items": [self._item(row) for row in items],
            "page": query.page,
            "per_page": query.per_page,
            "total": total,
            "pages": last_page,
            "next": self._link("/publications", query, query.page + 1) if query.page < last_page else None,
            "previous": self._link("/publications", query, query.page - 1) if query.page > 1 else None,
        }
        return json.dumps(page, ensure_ascii=False)

    def json_item(self, notice_id: str) -> str | None:
        row = read_models.publication(self.views, notice_id)
        return None if row is None else json.dumps(self._item(row), ensure_ascii=False)

    def atom_page(self, query: FeedQuery) -> str:
        items, total = read_models.publications_page(
            self.views, query.page, query.per_page, kind=query.kind, district=query.district
        )
        ET.register_namespace("", ATOM)
        feed = ET.Element(f"{{{ATOM}}}feed")
        feed_key = query.args(1)
        _text(feed, "id", f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, feed_key)}")
        _text(feed, "title", f"{self.agency_name}：行政许可、行政处罚和监督抽查信息公示")
        _text(feed, "updated", _atom_time(items[0]["published_at"]) if items else "1970-01-01T00:00:00Z")
        author = ET.SubElement(feed, f"{{{ATOM}}}author")
        _text(author, "name", self.agency_name)
        _link(feed, "self", self._link("/publications.atom", query, query.page))
        _link(feed, "alternate", self._link("/publications", query, query.page), "application/json")
        _link(feed, "first", self._link("/publications.atom", query, 1))
        if query.page * query.per_page < total:
            _link(feed, "next", self._link("/publications.atom", query, query.page + 1))
        if query.page > 1:
            _link(feed, "previous", self._link("/publications.atom", query, query.page - 1))
        for row in items:
            entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
            _text(entry, "id", f"urn:uuid:{row['notice_id']}")
            _text(entry, "title", row["title"])
            _text(entry, "updated", _atom_time(row["published_at"]))
            _text(entry, "published", _atom_time(row["published_at"]))
            category = ET.SubElement(entry, f"{{{ATOM}}}category")
            category.set("term", row["kind"])
            _link(entry, "alternate", f"{self.base_url}/publications/{row['notice_id']}", "application/json")
            content = _text(entry, "content", row["body"])
            content.set("type", "text")
        return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode")

    def checkpoints(self, args: Mapping[str, str]) -> str:
        """The signed checkpoints of the services' event chains, as JSON lines (`firesafety checkpoints`'
        form: `firesafety verify SERVICE --checkpoints FILE` reads them), oldest first; `service` and
        `since` (a log position) narrow them, at most `MAX_CHECKPOINTS` a request."""
        service = args.get("service") or None
        if service is not None and service not in SERVICES:
            raise BadFeedRequest(f"service must be one of {', '.join(SERVICES)}")
        try:
            since = int(args.get("since", "0"))
        except ValueError as exc:
            raise BadFeedRequest("since must be a whole number (a log position)") from exc
        if since < 0:
            raise BadFeedRequest("since must be 0 or more")
        rows = read_models.checkpoints_published(self.views, service, since, MAX_CHECKPOINTS)
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)

    def _item(self, row: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": row["notice_id"],
            "kind": row["kind"],
            "title": row["title"],
            "text": row["body"],
            "uscc": row["uscc"],
            "unit_name": row["unit_name"],
            "district": row["district"],
            "reference": row["reference"],
            "decided_on": row["decided_on"],
            "publish_by": row["publish_by"],
            "published_at": row["published_at"],
            "on_time": not row["publish_by"] or _local_day(row["published_at"]) <= row["publish_by"],
            "details": row["details"],
            "url": f"{self.base_url}/publications/{row['notice_id']}",
        }

    def _link(self, path: str, query: FeedQuery, page: int) -> str:
        return f"{self.base_url}{path}?{query.args(page)}"


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = value
    return element


def _link(parent: ET.Element, rel: str, href: str, media_type: str = "application/atom+xml") -> None:
    link = ET.SubElement(parent, f"{{{ATOM}}}link")
    link.set("rel", rel)
    link.set("href", href)
    link.set("type", media_type)


def _local_day(stamp: str) -> str:
    return local_date(dt.datetime.fromisoformat(stamp)).isoformat()


def _atom_time(stamp: str) -> str:
    """Read-model time (2026-11-02T01:00:00.000000Z) as an RFC 3339 instant."""
    return stamp[:19] + "Z"
