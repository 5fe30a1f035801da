"""Fields sealed for one consumer: personal data that crosses the bus readable only where it is needed.

Every consumer of a service's exchange reads every message on it. A 12345 reporter's name, phone
number and e-mail address are needed by notify alone (to send the feedback), so supervision seals
them for notify: AES-GCM under `REPORTER_CONTACT_KEY` (16, 24 or 32 random bytes in base64, one per
deployment, given to supervision's relay and notify's worker only; without it, the key kept in
`VAR_DIR/reporter-contact.key`, made once, so that `make run` just works). Credit, partners binding a
queue of their own and anyone reading the broker's queues see ciphertext. Rotation as for the stores:
the keys before the current one stay in `REPORTER_CONTACT_PREVIOUS_KEYS` while messages sealed with
them may still be in the queues.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from eventsourcing.cipher import AESCipher
from eventsourcing.utils import Environment

from kit.cipher import CipherKeyError, cipher_key

REPORTER_CONTACT_KEY = "REPORTER_CONTACT_KEY"
REPORTER_CONTACT_PREVIOUS_KEYS = "REPORTER_CONTACT_PREVIOUS_KEYS"
REPORTER_CONTACT_KEY_FILE = "reporter-contact.key"


class Seal:
    """Seals a few string fields with the current key; opens what the current or a previous key sealed."""

    def __init__(self, key: str, previous: tuple[str, ...] = ()) -> None:
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
            f"no key opens these sealed fields ({len(self._openers)} tried): {REPORTER_CONTACT_KEY} differs "
            f"from the sender's, or the key before a rotation is missing from {REPORTER_CONTACT_PREVIOUS_KEYS}"
        )


def reporter_contact_seal(environ: Mapping[str, str] | None = None) -> Seal:
    env = os.environ if environ is None else environ
    key = cipher_key(env.get(REPORTER_CONTACT_KEY), Path(env.get("VAR_DIR", "var")), REPORTER_CONTACT_KEY_FILE)
    previous = tuple(k.strip() for k in env.get(REPORTER_CONTACT_PREVIOUS_KEYS, "").split(",") if k.strip())
    return Seal(key, previous)


@cache
def process_reporter_contact_seal() -> Seal:
    """The process's seal, from its environment, made on first use."""
    return reporter_contact_seal()
