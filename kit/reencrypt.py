"""Re-sealing stored events under the current key: `firesafety reencrypt SERVICE`.

After a rotation (kit/cipher.py) the events written before it stay under the key they were written
with, and a store that was encrypted late still holds its first events in clear. This pass reads the
service's events in log order and rewrites each one that `CIPHER_KEY` does not open, i.e. sealed
with a key of `CIPHER_PREVIOUS_KEYS` or written in clear, sealed with `CIPHER_KEY`; events already
under it are left alone. Afterwards the previous keys can be dropped and the raw rows hold no
personal data in clear.

- The hash chain covers each event's plaintext (kit/chain.py), which re-sealing does not change:
  `firesafety verify` and the signed checkpoints still hold afterwards. (Links written before the
  chain covered the plaintext name an encrypted event's old bytes: re-sealing such an event is
  reported by `verify` as an edit. Events written in clear have the same link either way.)
- Resumable: what is done stays done; run again, it passes over what is already under the current
  key (and `--after POSITION` skips the start of the log), and it reports its progress as it goes.
- Safe while the service runs, once every one of its processes was restarted with the new
  `CIPHER_KEY` (and the old one in `CIPHER_PREVIOUS_KEYS`): stored events are never updated by the
  services (they only append), each row is swapped only if it still holds the bytes that were read
  (compare and swap), one short transaction a batch, and a process that holds both keys opens either
  form. A process still on the old key alone cannot read what is re-sealed: restart every process
  first, as any rotation needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, bindparam, update

from kit.cipher import StoreCipher

BATCH = 500


@dataclass
class Progress:
    read: int = 0
    """Events read."""
    resealed: int = 0
    """Events rewritten under the current key."""
    through: int = 0
    """The last log position passed."""
    newest: int = 0
    """The newest log position when the pass started."""


def reencrypt(
    app: Any, after: int = 0, batch: int = BATCH, report: Callable[[Progress], None] | None = None
) -> Progress:
    """Re-seal `app`'s stored events that the current key does not open; say how far it got after each batch."""
    cipher = app.mapper.cipher
    if not isinstance(cipher, StoreCipher):
        raise ValueError("this event store is not encrypted (no CIPHER_KEY): there is nothing to re-seal with")
    recorder = app.recorder
    table = recorder.events_record_cls.__table__
    swap = (
        update(table)
        .where(and_(table.c.id == bindparam("position"), table.c.state == bindparam("old")))
        .values(state=bindparam("new"))
    )
    progress = Progress(through=after, newest=recorder.max_notification_id() or 0)
    while progress.through < progress.newest:
        notifications = recorder.select_notifications(start=progress.through + 1, limit=batch)
        if not notifications:
            break
        rows = []
        for notification in notifications:
            state = bytes(notification.state)
            if cipher.is_current(state):
                continue
            try:
                plaintext = cipher.decrypt(state)
            except ValueError as error:
                raise ValueError(f"position {notification.id}: {error}") from None
            rows.append({"position": notification.id, "old": state, "new": cipher.encrypt(plaintext)})
        if rows:
            with recorder.datastore.engine.begin() as conn:
                conn.execute(swap, rows)
        progress.read += len(notifications)
        progress.resealed += len(rows)
        progress.through = notifications[-1].id
        if report is not None:
            report(progress)
    return progress
