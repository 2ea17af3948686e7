"""A small bounded, thread-safe cache: what the package keeps of work it would redo.

The fact base (per file contents), its coding (per contents, actors and start) and the
static alignment terms (per world and weights) are each computed from inputs a run
repeats; each keeps its last few results here. Engine chunks run on threads, so a write
takes a lock; a read needs none (a dictionary lookup is atomic in CPython).
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from typing import Any


class BoundedCache:
    """Up to ``size`` entries; storing one more forgets the oldest.

    Parameters
    ----------
    size : int
        How many entries to keep.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: dict[Hashable, Any] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        """The value kept for ``key``, or None."""
        return self._items.get(key)

    def put(self, key: Hashable, value: Any) -> Any:
        """Keep ``value`` for ``key`` (forgetting the oldest entry when full); return it."""
        with self._lock:  # eviction iterates the dictionary
            if key not in self._items and len(self._items) >= self._size:
                self._items.pop(next(iter(self._items)), None)
            self._items[key] = value
        return value
