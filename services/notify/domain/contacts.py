"""Who to reach at a unit (单位联系人), as the upstream events named them.

Credit and revocation events name only the unit; its notices go to the person the
latest permit or supervision event named: the fire-safety responsible person
(消防安全责任人) first, otherwise the applicant.
"""

from __future__ import annotations

import uuid

from eventsourcing.domain import Aggregate, event

from services.notify.domain.recipients import Contact

CONTACTS_NAMESPACE = uuid.UUID("e38a5c1f-92d4-4b7a-8f06-3a1c5d9e2b47")
RESPONSIBLE_PERSON = "responsible_person"
APPLICANT = "applicant"
PREFERENCE = (RESPONSIBLE_PERSON, APPLICANT)


class UnitContacts(Aggregate):
    @staticmethod
    def create_id(uscc: str) -> uuid.UUID:
        return uuid.uuid5(CONTACTS_NAMESPACE, uscc)

    class Opened(Aggregate.Created):
        uscc: str

    class ContactRecorded(Aggregate.Event):
        role: str
        contact: dict[str, str]
        recorded_at: str
        source_event_id: str

    @event(Opened)
    def __init__(self, uscc: str) -> None:
        self.uscc = uscc
        self.contacts: dict[str, Contact] = {}

    def record(self, role: str, contact: Contact, recorded_at: str, source_event_id: str) -> None:
        """Keep the newest reachable contact of each role; an unchanged one records nothing."""
        if not contact.reachable or self.contacts.get(role) == contact:
            return
        self._recorded(role=role, contact=contact.to_record(), recorded_at=recorded_at, source_event_id=source_event_id)

    def preferred(self) -> tuple[str, Contact] | None:
        for role in PREFERENCE:
            if role in self.contacts:
                return role, self.contacts[role]
        return None

    @event(ContactRecorded)
    def _recorded(self, role: str, contact: dict[str, str], recorded_at: str, source_event_id: str) -> None:
        self.contacts = {**self.contacts, role: Contact.from_record(contact)}
