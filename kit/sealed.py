"""Fields sealed for one consumer: personal data that crosses the bus readable only where it is needed.

Every consumer of a service's exchange reads every message on it. Two kinds of contact details of
natural persons are needed by notify alone, to send them their notices:

- a 12345 reporter's name, phone number and e-mail address, which supervision seals under
  `REPORTER_CONTACT_KEY` (given to supervision's relay and notify's worker only);
- an applicant's name, phone number and e-mail address (申请人) in permits' decisions, notices and
  appointments, which permits seals under `APPLICANT_CONTACT_KEY` (given to permits' relay and
  notify's worker only).

AES-GCM, each key 16, 24 or 32 random bytes in base64, one per deployment; without it, the key kept in
`VAR_DIR/<kind>.key`, made once, so that `make run` just works. Two keys rather than one, so that
neither sender can open what the other seals. Credit, supervision, partners binding a queue of their own
and anyone reading the broker's queues see ciphertext. Rotation as for the stores: the keys before the
current one stay in `<KEY>`'s `…_PREVIOUS_KEYS` while messages sealed with them may still be in the
queues.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from eventsourcing.cipher import AESCipher
from eventsourcing.utils import Environment

from kit.cipher import CipherKeyError, cipher_key


@dataclass(frozen=True)
class SealKind:
    """Where one kind of sealed fields takes its keys from."""

    key: str
    previous_keys: str
    key_file: str


REPORTER_CONTACT = SealKind("REPORTER_CONTACT_KEY", "REPORTER_CONTACT_PREVIOUS_KEYS", "reporter-contact.key")
APPLICANT_CONTACT = SealKind("APPLICANT_CONTACT_KEY", "APPLICANT_CONTACT_PREVIOUS_KEYS", "applicant-contact.key")
REPORTER_CONTACT_KEY = REPORTER_CONTACT.key
REPORTER_CONTACT_PREVIOUS_KEYS = REPORTER_CONTACT.previous_keys
REPORTER_CONTACT_KEY_FILE = REPORTER_CONTACT.key_file


class Seal:
    """Seals a few string fields with the current key; opens what the current or a previous key sealed."""

    def __init__(self, key: str, previous: tuple[str, ...] = (), kind: SealKind = REPORTER_CONTACT) -> None:
        self.kind = kind
        self._current = AESCipher(Environment(env={AESCipher.CIPHER_KEY: key}))
        self._openers = [self._current] + [AESCipher(Environment(env={AESCipher.CIPHER_KEY: k})) for k in previous]

    def seal(self, fields: Mapping[str, str]) -> bytes:
        plain = json.dumps(dict(fields), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return self._current.encrypt(plain.encode())

    def open(self, sealed: bytes) -> dict[str, str]:
        for opener in self._openers:
            try:
                opened: dict[str, str] = json.loads(opener.decrypt(sealed))
            except ValueError:
                continue
            return opened
        raise CipherKeyError(
            f"no key opens these sealed fields ({len(self._openers)} tried): {self.kind.key} differs "
            f"from the sender's, or the key before a rotation is missing from {self.kind.previous_keys}"
        )


def seal_of(kind: SealKind, environ: Mapping[str, str] | None = None) -> Seal:
    env = os.environ if environ is None else environ
    key = cipher_key(env.get(kind.key), Path(env.get("VAR_DIR", "var")), kind.key_file)
    previous = tuple(k.strip() for k in env.get(kind.previous_keys, "").split(",") if k.strip())
    return Seal(key, previous, kind)


def reporter_contact_seal(environ: Mapping[str, str] | None = None) -> Seal:
    return seal_of(REPORTER_CONTACT, environ)


def applicant_contact_seal(environ: Mapping[str, str] | None = None) -> Seal:
    return seal_of(APPLICANT_CONTACT, environ)


@cache
def process_reporter_contact_seal() -> Seal:
    """The process's seal of reporters' contacts, from its environment, made on first use."""
    return reporter_contact_seal()


@cache
def process_applicant_contact_seal() -> Seal:
    """The process's seal of applicants' contacts, from its environment, made on first use."""
    return applicant_contact_seal()
