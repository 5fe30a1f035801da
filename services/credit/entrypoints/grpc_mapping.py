"""Protobuf ↔ credit domain: the one place the two meet."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from typing import Any

from firesafety.credit.v1 import credit_pb2
from services.credit.domain import Cause, Listing, ListingStatus, StandingEntry, UnitCreditRecord, describe
from services.credit.domain.evaluation import repairable_from


class InvalidPageToken(ValueError):
    pass


def tier(value: str) -> str:
    """`serious_dishonesty` → `TIER_SERIOUS_DISHONESTY` (protobuf takes enum values by name)."""
    return f"TIER_{value.upper()}"


def colour(value: str) -> str:
    return f"COLOUR_{value.upper()}"


def causes(items: tuple[Cause, ...] | list[Cause]) -> list[credit_pb2.Cause]:
    return [
        credit_pb2.Cause(
            service=c["service"],
            event_id=c["event_id"],
            event_type=c["event_type"],
            time=c["time"],
            rule=c["rule"],
            rule_description=describe(c["rule"]),
            position=int(c.get("position", 0)),
        )
        for c in items
    ]


def standing(record: UnitCreditRecord, entry: StandingEntry, as_of: dt.date | None) -> credit_pb2.Standing:
    return credit_pb2.Standing(
        uscc=record.uscc,
        unit_name=record.unit_name,
        district=record.district,
        tier=tier(entry.tier),
        colour=colour(entry.colour),
        reduced_inspection=entry.reduced_inspection,
        blacklisted=entry.blacklisted,
        effective_on=_day(entry.effective_on),
        as_of=_day(as_of),
        causes=causes(entry.causes),
        listed_rules=list(entry.listed_rules),
        permits_held=record.permits_held if as_of is None else 0,
        technical_service_firm=record.state.technical_service_firm,
        trade_exit_recommended=record.state.firm_registered and entry.blacklisted,
        service_types=sorted(record.state.service_types),
        on_firm_register=record.state.firm_registered,
    )


def listing(item: Listing, status: ListingStatus, as_of: dt.date | None) -> credit_pb2.Listing:
    """A listing as it stood at the end of `as_of`: later facts are left out."""

    def known(day: dt.date | None) -> str:
        return "" if day is None or (as_of is not None and day > as_of) else day.isoformat()

    objection = item.objection
    objection_state = ""
    if objection is not None and (as_of is None or objection.filed_on <= as_of):
        decided = objection.decided_on is not None and (as_of is None or objection.decided_on <= as_of)
        objection_state = objection.outcome if decided else "pending"
    closed = status in (ListingStatus.WITHDRAWN, ListingStatus.REPAIRED)
    repairable = repairable_from(item) if status is ListingStatus.LISTED else None
    return credit_pb2.Listing(
        notice_id=item.notice_id,
        rule=str(item.rule),
        rule_description=describe(item.rule),
        tier=tier(item.tier),
        status=f"LISTING_STATUS_{status.upper()}",
        noticed_on=item.noticed_on.isoformat(),
        objection_deadline=item.objection_deadline.isoformat(),
        objection_deadline_provisional=item.objection_deadline_provisional,
        listed_on=known(item.listed_on),
        rectified_on=known(item.rectified_on),
        repairable_from=known(repairable) if as_of is None else "",
        closed_on=known(item.closed_on) if closed else "",
        withdrawal_reason=item.withdrawal_reason if status is ListingStatus.WITHDRAWN else "",
        objection=objection_state,
        causes=causes([c for c in item.causes if as_of is None or _cause_day(c) <= as_of]),
    )


def history_entry(entry: StandingEntry) -> credit_pb2.StandingChange:
    return credit_pb2.StandingChange(
        effective_on=_day(entry.effective_on),
        previous_tier=tier(entry.previous_tier) if entry.previous_tier else "TIER_UNSPECIFIED",
        tier=tier(entry.tier),
        colour=colour(entry.colour),
        reduced_inspection=entry.reduced_inspection,
        listed_rules=list(entry.listed_rules),
        causes=causes(entry.causes),
        previous_colour=colour(entry.previous_colour) if entry.previous_colour else "COLOUR_UNSPECIFIED",
    )


def blacklist_entry(row: dict[str, Any]) -> credit_pb2.BlacklistEntry:
    return credit_pb2.BlacklistEntry(
        uscc=row["uscc"],
        unit_name=row["unit_name"],
        district=row["district"],
        listed_since=row["listed_since"],
        listed_rules=[r for r in row["listed_rules"].split(",") if r],
    )


def change_notice(position: int, event_id: str, e: Any) -> credit_pb2.StandingChangeNotice:
    """A StandingChanged event of credit's log, as partners receive it."""
    return credit_pb2.StandingChangeNotice(
        position=position,
        event_id=event_id,
        uscc=e.uscc,
        unit_name=e.unit_name,
        district=e.district,
        previous_tier=tier(e.previous_tier),
        tier=tier(e.tier),
        colour=colour(e.colour),
        reduced_inspection=e.reduced_inspection,
        blacklisted=e.tier == "serious_dishonesty",
        effective_on=e.effective_on.isoformat(),
        listed_rules=list(e.listed_rules),
        causes=causes(e.causes),
        previous_colour=colour(e.previous_colour),
    )


def page_token(district: str, since: str, last: dict[str, Any]) -> str:
    raw = json.dumps({"district": district, "since": since, "after": [last["listed_since"], last["uscc"]]})
    return base64.urlsafe_b64encode(raw.encode()).decode()


def after_token(token: str, district: str, since: str) -> tuple[str, str] | None:
    """The (listed_since, uscc) a page token continues after; the filters must be the same."""
    if not token:
        return None
    try:
        decoded = json.loads(base64.urlsafe_b64decode(token.encode()))
        after = decoded["after"]
        same = decoded["district"] == district and decoded["since"] == since
        listed_since, uscc = str(after[0]), str(after[1])
    except (binascii.Error, ValueError, KeyError, TypeError, IndexError) as exc:
        raise InvalidPageToken("not a page token of this list") from exc
    if not same:
        raise InvalidPageToken("district and since must be those of the first page")
    return listed_since, uscc


def _cause_day(cause: Cause) -> dt.date:
    return dt.date.fromisoformat(str(cause["time"])[:10])


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else ""
