"""The dispatcher: sends the notices that are due and records every attempt on its notice.

A plain class: the nameko timer (or a test) calls `dispatch_due(now)` with the
time, so the schedule of retries is data. Each channel delivers on its own: its own due notices, its
own concurrent sends and its own time budget per round, after which its remaining notices wait for
the next round; each channel's attempts are recorded as soon as its sends are over. A mail server
that never answers thus delays no SMS, inbox notice or partner callback. Only one dispatcher is active at a time
across replicas (the same kind of lock as the outbox relay's), so two workers never
send the same notice at once. A batch's attempts are recorded together after its sends, so a
crash between sending and recording may resend the notices of one batch; the notice id travels
with every message (Message-ID, SMS reference, X-Notify-Delivery) for the receiver to drop the
repeat.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass
from typing import Any

from eventsourcing.persistence import IntegrityError
from sqlalchemy import Engine

from kit import logs, metrics, tracing
from kit.relay import ActiveLock
from services.notify import read_models
from services.notify.application import NotifyApplication
from services.notify.channels import Channel, Channels, Outgoing
from services.notify.directory import Address, Directory
from services.notify.domain import DeliveryOutcome, Notice, NoticeClosed, Status

log = logging.getLogger(__name__)


@dataclass
class DispatchReport:
    attempted: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    held: int = 0
    deferred: int = 0
    """Due notices a channel had no time left for in this round: the next round takes them."""

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


class Dispatcher:
    def __init__(
        self,
        app: NotifyApplication,
        views: Engine,
        channels: Channels,
        directory: Directory,
        *,
        batch_size: int = 50,
        refresh: Callable[[], object] = lambda: None,
        exclusive: Callable[[], AbstractContextManager[Any]] = nullcontext,
        lock: ActiveLock | None = None,
        channel_concurrency: int = 4,
        channel_budget_seconds: float = 15.0,
    ) -> None:
        self.app = app
        self.views = views
        self.channels = channels
        self.directory = directory
        self.batch_size = batch_size
        self.refresh = refresh
        self.exclusive = exclusive
        self.lock = lock
        self.channel_concurrency = channel_concurrency
        self.channel_budget_seconds = channel_budget_seconds
        self._correlations: dict[str, str] = {}
        """The round's notices' correlation ids: their attempts are logged and stored under them."""

    def dispatch_due(self, now: dt.datetime) -> DispatchReport:
        """Send up to one batch of due notices; the next call goes on with the rest.

        The batch's attempts (and holds) are recorded together, in one transaction, after its
        sends: the worker's consumer waits for one write per batch, not one per notice."""
        report = DispatchReport()
        self._correlations.clear()
        if self.lock is not None and not self.lock.acquire():
            return report
        try:
            with self.exclusive():
                self.refresh()
            ready, names = self.channels.ready(), self.channels.names()
            due = {name: read_models.due_notices(self.views, now, ready, self.batch_size, name) for name in names}
            # Notices of a channel the service does not have: held, with the reason.
            due[""] = read_models.due_notices(self.views, now, ready, self.batch_size, other_than=names)
            self._deliver_by_channel({name: ids for name, ids in due.items() if ids}, now, report)
        finally:
            if self.lock is not None:
                self.lock.release()
        return report

    def _deliver_by_channel(self, due: dict[str, list[str]], now: dt.datetime, report: DispatchReport) -> None:
        """Every channel's sends at once, each channel with its own pool and its own deadline;
        a channel's attempts are recorded as soon as its sends are over."""
        deadline = time.monotonic() + self.channel_budget_seconds
        pools: list[ThreadPoolExecutor] = []
        waiting: dict[Future[_Change | None], str] = {}
        changes: dict[str, list[_Change]] = {name: [] for name in due}
        left: dict[str, int] = {}
        try:
            for name, notice_ids in due.items():
                work = [item for item in (self._prepare(i, now, report) for i in notice_ids) if item is not None]
                changes[name] = [item for item in work if isinstance(item, _Change)]
                sends = [item for item in work if isinstance(item, _Send)]
                left[name] = len(sends)
                if not sends:
                    continue
                pool = ThreadPoolExecutor(max_workers=self.channel_concurrency, thread_name_prefix=f"notify-{name}")
                pools.append(pool)
                for send in sends:
                    waiting[pool.submit(self._send_before, send, deadline, now, report)] = name
            for name in [name for name, count in left.items() if count == 0]:
                self._record(changes.pop(name))
            while waiting:
                done, _ = wait(list(waiting), return_when=FIRST_COMPLETED)
                for future in done:
                    name = waiting.pop(future)
                    change = future.result()
                    if change is not None:
                        changes[name].append(change)
                    left[name] -= 1
                    if left[name] == 0:
                        self._record(changes.pop(name))
        finally:
            for pool in pools:
                pool.shutdown(wait=True)
            for rest in changes.values():  # a channel cut short by an error: what it did is kept
                self._record(rest)

    def _prepare(self, notice_id: str, now: dt.datetime, report: DispatchReport) -> _Change | _Send | None:
        """What to do with one due notice: hold it, fail it (no address), or send it."""
        with self.exclusive():
            notice = self.app.notice(notice_id)
        if not notice.is_due(now):
            return None
        self._correlations[notice_id] = read_models.correlation_of(self.views, notice_id)
        channel = self.channels.get(notice.channel)
        if channel is None or channel.unconfigured:
            reason = channel.unconfigured if channel else f"no {notice.channel} channel"
            return _Change.made(notice, lambda n: n.hold(now, reason), lambda n: _count_held(report, n.channel))
        address = (
            Address(notice.address) if notice.address else self.directory.address_of(notice.recipient, notice.channel)
        )
        if address is None:
            outcome = DeliveryOutcome.permanent(
                f"the directory has no {notice.channel} address for {notice.recipient}: correct it, then retry"
            )
            return self._attempt(notice, None, outcome, now, report)
        return _Send(notice, channel, address, self._correlations.get(notice_id, ""))

    def _send_before(self, send: _Send, deadline: float, now: dt.datetime, report: DispatchReport) -> _Change | None:
        """Send one notice unless its channel's time for this round is up (then it waits for the next)."""
        if time.monotonic() >= deadline:
            report.deferred += 1
            metrics.NOTIFY_DELIVERIES.labels(send.notice.channel, "deferred").inc()
            return None
        with logs.correlated(send.correlation_id):
            outcome = self._send(send.channel, send.notice, send.address, now, send.correlation_id)
            log.info(
                "notice %s (%s) on %s: %s",
                send.notice.id,
                send.notice.notice_type,
                send.channel.name,
                outcome.result.value,
                extra={"notice_id": str(send.notice.id), "channel": send.channel.name, "result": outcome.result.value},
            )
            return self._attempt(send.notice, send.address, outcome, now, report)

    def _attempt(
        self,
        notice: Notice,
        address: Address | None,
        outcome: DeliveryOutcome,
        now: dt.datetime,
        report: DispatchReport,
    ) -> _Change:
        policy = self.app.retry_policy
        return _Change.made(
            notice,
            lambda n: n.record_attempt(now, address.value if address else "", outcome, policy),
            lambda n: _count_attempt(report, n, outcome),
        )

    def _record(self, changes: list[_Change]) -> None:
        """Save the batch's notices in one transaction. If another writer changed one of them
        meanwhile, record each change again on the notice as it now stands, one by one (as a
        staff command would), leaving out those the notice no longer accepts. Then refresh the
        read models once."""
        made = [change for change in changes if change.notice is not None]
        if not made:
            return
        with self.exclusive():
            try:
                try:
                    with tracing.tagged(self._traces(made)):
                        self.app.save(*(change.notice for change in made))
                    saved = made
                except IntegrityError:
                    saved = [change for change in made if self._record_again(change)]
                for change in saved:
                    assert change.notice is not None
                    change.count(change.notice)
            finally:
                self.refresh()

    def _traces(self, changes: list[_Change]) -> dict[int, tracing.Trace]:
        """Each change's new events, stored with the correlation id of the notice's request."""
        traces: dict[int, tracing.Trace] = {}
        for change in changes:
            if change.notice is not None and (correlation := self._correlations.get(change.notice_id)):
                trace = tracing.Trace(correlation)
                traces.update((id(e), trace) for e in change.notice.pending_events)
        return traces

    def _record_again(self, change: _Change) -> bool:
        notice = self.app.notice(change.notice_id)
        try:
            change.apply(notice)
            self.app.save(notice)
        except (IntegrityError, NoticeClosed) as error:
            log.info("notice changed concurrently, skipped: %s", error)
            return False
        change.notice = notice
        return True

    def _send(
        self, channel: Channel, notice: Notice, address: Address, now: dt.datetime, correlation_id: str = ""
    ) -> DeliveryOutcome:
        message = Outgoing(
            notice_id=str(notice.id),
            notice_type=notice.notice_type,
            recipient=notice.recipient,
            address=address.value,
            subject=notice.subject,
            body=notice.body,
            uscc=notice.uscc,
            reference=notice.reference,
            cause_event_id=notice.cause_event_id,
            cause_type=notice.cause_type,
            business_time=notice.business_time,
            data=notice.data,
            attempt=notice.attempts_in_round + 1,
            secret=address.secret,
            correlation_id=correlation_id,
        )
        try:
            return channel.send(message, now)
        except Exception as error:  # an adapter's bug must delay a notice, not lose it or stop the others
            log.exception("channel %s failed on notice %s", channel.name, notice.id)
            return DeliveryOutcome.temporary(f"channel error: {error!r}")


@dataclass(frozen=True)
class _Send:
    notice: Notice
    channel: Channel
    address: Address
    correlation_id: str = ""


@dataclass
class _Change:
    """What the dispatcher did to a notice: applied to `notice` (None when the notice refused it)."""

    notice_id: str
    notice: Notice | None
    apply: Callable[[Notice], object]
    count: Callable[[Notice], None]

    @classmethod
    def made(cls, notice: Notice, apply: Callable[[Notice], object], count: Callable[[Notice], None]) -> _Change:
        try:
            apply(notice)
        except NoticeClosed as error:
            log.info("notice changed concurrently, skipped: %s", error)
            return cls(str(notice.id), None, apply, count)
        return cls(str(notice.id), notice, apply, count)


def _count_held(report: DispatchReport, channel: str) -> None:
    report.held += 1
    metrics.NOTIFY_DELIVERIES.labels(channel, "held").inc()


def _count_attempt(report: DispatchReport, notice: Notice, outcome: DeliveryOutcome) -> None:
    report.attempted += 1
    if notice.status is Status.DELIVERED:
        report.delivered += 1
        result = "delivered"
    elif notice.status is Status.FAILED:
        report.failed += 1
        result = "failed"
        log.warning("notice %s (%s) failed: %s", notice.id, notice.notice_type, outcome.detail)
    else:
        report.retrying += 1
        result = "retrying"
    metrics.NOTIFY_DELIVERIES.labels(notice.channel, result).inc()
