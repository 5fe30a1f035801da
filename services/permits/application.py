"""The permits application: commands and queries over the event store."""

from __future__ import annotations

import datetime as dt
import uuid

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError

from services.permits.commands import SubmitApplication, validate_submission
from services.permits.domain import (
    ApplicationNotFound,
    PermitApplication,
    PermitRules,
)


class PermitsApplication(Application[uuid.UUID]):
    name = "permits"

    def __init__(self, env: dict[str, str] | None = None, rules: PermitRules | None = None) -> None:
        super().__init__(env)
        self.rules = rules or PermitRules()

    def submit_application(self, command: SubmitApplication, received_at: dt.datetime) -> PermitApplication:
        """File an application once per request_id; a repeat returns the first result."""
        existing = self._find(PermitApplication.create_id(command.request_id))
        if existing is not None:
            return existing
        route, unit, materials, submitted_at = validate_submission(command, received_at)
        application = PermitApplication.submit(
            request_id=command.request_id,
            route=route,
            unit=unit,
            applicant=command.applicant,
            materials=materials,
            submitted_at=submitted_at,
            rules=self.rules,
        )
        try:
            self.save(application)
        except IntegrityError:
            # The same request_id raced in from another replica: the first one stands.
            return self.get_application(application.id)
        return application

    def get_application(self, application_id: uuid.UUID) -> PermitApplication:
        application = self._find(application_id)
        if application is None:
            raise ApplicationNotFound(f"no application {application_id}")
        return application

    def _find(self, application_id: uuid.UUID) -> PermitApplication | None:
        try:
            application: PermitApplication = self.repository.get(application_id)
        except AggregateNotFoundError:
            return None
        return application
