"""A one-slot mailbox: the newest snapshot replaces an unread one.

This is what keeps a slow screen from building a queue: the relay thread
never has more than one snapshot waiting, and it only signals the GUI when
the slot goes from empty to full, so at most one notification is pending.
"""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

T = TypeVar("T")


class Mailbox(Generic[T]):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._item: T | None = None
        self.dropped = 0   # snapshots replaced before the GUI read them

    def put(self, item: T) -> bool:
        """Store ``item``; True if the slot was empty (the reader needs a nudge)."""
        with self._lock:
            was_empty = self._item is None
            if not was_empty:
                self.dropped += 1
            self._item = item
            return was_empty

    def take(self) -> T | None:
        with self._lock:
            item, self._item = self._item, None
            return item
