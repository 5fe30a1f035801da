"""Stored events encrypted at rest: eventsourcing's AES-GCM cipher, with the key from the environment.

Every service's event store encrypts each stored event's state (`StoreCipher`, put in the
eventsourcing environment by `kit.database.event_store_env`): resident ID numbers, phone numbers
and e-mail addresses are not readable in the stores' raw rows. The key is `CIPHER_KEY` (16, 24 or
32 random bytes in base64, one per deployment); when it is not set, the key kept in
`VAR_DIR/cipher.key` (made once, mode 0600) is used, so a fresh checkout's `make run` just works.

- Rotation: a new `CIPHER_KEY` encrypts what is written from then on; the keys before it stay in
  `CIPHER_PREVIOUS_KEYS` (comma-separated) for as long as events written with them are kept, or
  until `firesafety reencrypt` (kit/reencrypt.py) has sealed them again under the new key.
- Speed: the stored form is eventsourcing's AESCipher's exactly (nonce, tag, ciphertext), but each
  event is sealed and opened with OpenSSL's AES-GCM (`cryptography`), one context per key, instead of
  a pycryptodome cipher built for every event: opening an event went from about 170 µs to 3 µs,
  which was half of what the relay and a rebuild spent per event.
- Stores written before encryption: a stored state that no key opens but is a plain JSON object is
  an event written in clear before encryption was switched on and is read as it is; everything
  written now is encrypted. Anything else is refused, naming the event and the keys to check.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.cipher import AESCipher
from eventsourcing.utils import Environment

KEY_FILE = "cipher.key"
PREVIOUS_KEYS = "CIPHER_PREVIOUS_KEYS"
KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16


class CipherKeyError(ValueError):
    """No key given opens a stored event: the wrong CIPHER_KEY, or a previous key missing."""


def _aes(key: str, name: str) -> AESGCM:
    try:
        return AESGCM(AESCipher(Environment(env={AESCipher.CIPHER_KEY: key})).key)
    except ValueError as e:  # bad base64 or a key of the wrong size
        raise CipherKeyError(f"{name} is not a key: {e} (expected 16, 24 or 32 bytes in base64)") from None


def _open(opener: AESGCM, ciphertext: bytes) -> bytes | None:
    """AESCipher.decrypt's result for nonce + tag + encrypted data; None when the key does not open it."""
    if len(ciphertext) < NONCE_BYTES + TAG_BYTES:
        return None
    nonce, tag, encrypted = (
        ciphertext[:NONCE_BYTES],
        ciphertext[NONCE_BYTES : NONCE_BYTES + TAG_BYTES],
        ciphertext[NONCE_BYTES + TAG_BYTES :],
    )
    try:
        return opener.decrypt(nonce, encrypted + tag, None)
    except InvalidTag:
        return None


class StoreCipher(AESCipher):
    """AES-GCM with `CIPHER_KEY`; decrypts with `CIPHER_PREVIOUS_KEYS` too, and reads legacy plaintext."""

    def __init__(self, environment: Environment):
        key = environment.get(self.CIPHER_KEY)
        if not key:
            raise CipherKeyError(f"{self.CIPHER_KEY} is not set: the event store is encrypted and needs its key")
        self._sealer = _aes(key, self.CIPHER_KEY)
        self.key = AESCipher(Environment(env={self.CIPHER_KEY: key})).key
        previous = [k.strip() for k in (environment.get(PREVIOUS_KEYS) or "").split(",") if k.strip()]
        self._openers = [self._sealer] + [_aes(k, f"{PREVIOUS_KEYS} #{n}") for n, k in enumerate(previous, 1)]

    def encrypt(self, plaintext: bytes) -> bytes:
        """What AESCipher.encrypt writes: a random 96-bit nonce, the tag, the encrypted data."""
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._sealer.encrypt(nonce, plaintext, None)  # the encrypted data, then the tag
        return nonce + sealed[-TAG_BYTES:] + sealed[:-TAG_BYTES]

    def is_current(self, ciphertext: bytes) -> bool:
        """Whether `ciphertext` was sealed with `CIPHER_KEY` (not a previous key, nor written in clear)."""
        return _open(self._sealer, bytes(ciphertext)) is not None

    def decrypt(self, ciphertext: bytes) -> bytes:
        ciphertext = bytes(ciphertext)
        for opener in self._openers:
            plaintext = _open(opener, ciphertext)
            if plaintext is not None:
                return plaintext
        if _is_plaintext_event(ciphertext):
            return ciphertext  # written in clear before the store was encrypted
        raise CipherKeyError(
            f"no key opens this stored event ({len(self._openers)} tried): {self.CIPHER_KEY} is not the key this "
            f"store was encrypted with, or the key before a rotation is missing from {PREVIOUS_KEYS}"
        )


def _is_plaintext_event(state: bytes) -> bool:
    # eventsourcing's JSON transcoder writes an object; a ciphertext that also failed AES-GCM's
    # tag check and still parses as a JSON object is not a practical possibility.
    if not state.startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(state), dict)
    except ValueError:
        return False


def cipher_key(environ_key: str | None, var_dir: Path, key_file: str = KEY_FILE) -> str:
    """The store's key: `CIPHER_KEY` when given, else the local key under `var_dir`, made once."""
    if environ_key:
        return environ_key
    path = var_dir / key_file
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        draft = var_dir / f".{key_file}.{os.getpid()}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(AESCipher.create_key(KEY_BYTES) + "\n")
        try:
            os.link(draft, path)  # whole or not at all; the first process to get here wins
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    key = path.read_text().strip()
    _aes(key, str(path))
    return key
