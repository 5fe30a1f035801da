"""Submissions that arrive while another is being committed are committed with the next one.

Each submission still gets its own outcome: a repeat among them is answered with the first result,
the others stand, and everything the group held is stored once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from services.permits.application import PermitsApplication
from services.permits.domain import PermitApplication
from tests.unit.factories import commitment_application
from tests.unit.permits_fixtures import at, event_names, permits_app

RECEIVED = at("2026-11-02")


class HeldCommit:
    """Holds the first commit open until released, so that others queue behind it."""

    def __init__(self, app: PermitsApplication) -> None:
        self.entered, self.released = threading.Event(), threading.Event()
        self._record: Callable[[Any], Any] = app._record
        app._record = self  # type: ignore[method-assign]

    def __call__(self, collected: Any) -> Any:
        if not self.entered.is_set():
            self.entered.set()
            assert self.released.wait(60)
        return self._record(collected)


def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.005)


def submit_in_threads(app: PermitsApplication, request_ids: list[str]) -> tuple[list[threading.Thread], dict[str, Any]]:
    outcomes: dict[str, Any] = {}

    def submit(request_id: str) -> None:
        try:
            outcomes[request_id] = app.submit_application(commitment_application(request_id), RECEIVED)
        except Exception as error:  # pragma: no cover - an assertion below names it
            outcomes[request_id] = error

    threads = [threading.Thread(target=submit, args=(r,)) for r in request_ids]
    for thread in threads:
        thread.start()
    return threads, outcomes


@pytest.fixture
def permits() -> PermitsApplication:
    return permits_app()


def test_a_lone_submission_is_committed_at_once(permits: PermitsApplication) -> None:
    permits.submit_application(commitment_application("portal-1"), RECEIVED)
    assert permits.submissions.groups == 1
    assert event_names(permits) == ["Submitted", "PermitGranted", "CommitmentVerificationRequested"]


def test_submissions_arriving_during_a_commit_are_committed_together_and_each_is_granted(
    permits: PermitsApplication,
) -> None:
    held = HeldCommit(permits)
    first, outcomes = submit_in_threads(permits, ["portal-1"])
    assert held.entered.wait(60)
    others, later = submit_in_threads(permits, [f"portal-{n}" for n in range(2, 7)])
    until(lambda: len(permits.submissions._queue) == 5, "the five later submissions queue behind the commit")
    held.released.set()
    for thread in first + others:
        thread.join(60)

    assert permits.submissions.groups == 2  # the first alone, the five others in one transaction
    outcomes.update(later)
    for n in range(1, 7):
        application = outcomes[f"portal-{n}"]
        assert isinstance(application, PermitApplication), application
        assert application.status == "granted"
        assert permits.get_application(application.id).permit_no == application.permit_no
    assert len(event_names(permits)) == 6 * 3
    assert len({outcomes[f"portal-{n}"].permit_no for n in range(1, 7)}) == 6


def test_a_repeat_in_a_group_gets_the_first_result_and_the_rest_of_the_group_stands(
    permits: PermitsApplication,
) -> None:
    held = HeldCommit(permits)
    first, outcomes = submit_in_threads(permits, ["portal-7"])
    assert held.entered.wait(60)
    threads, later = submit_in_threads(permits, ["portal-7", "portal-8", "portal-9"])
    until(lambda: len(permits.submissions._queue) == 3, "the later submissions queue behind the commit")
    held.released.set()
    for thread in first + threads:
        thread.join(60)

    # The group's transaction collided with the first portal-7 and stored nothing; each was then
    # saved on its own: the repeat got the first result, the other two were stored.
    assert permits.submissions.groups == 1 + 1 + 3
    assert later["portal-7"].id == outcomes["portal-7"].id
    assert later["portal-7"].permit_no == outcomes["portal-7"].permit_no
    assert later["portal-8"].status == later["portal-9"].status == "granted"
    assert len(event_names(permits)) == 3 * 3
