"""Store writes in a thread of their own, so that coding never waits for DuckDB.

Parsing and extraction hold the GIL; DuckDB's inserts, commits and the de-duplication queries
run outside it. Handing each batch to one writer thread lets the store work on a second core
while the next batch is parsed. Items are handled one at a time, in the order they were put;
the queue is bounded, so a slow store slows the producer down instead of filling memory. The
writer thread owns the store's connection: the producer must not use it (use ``con.cursor()``
for reads) until ``close()`` returns.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

Item = TypeVar("Item")


class BackgroundWriter(Generic[Item]):
    """Calls ``handle(item)`` for every item put, in one thread, in order.

    A failure in ``handle`` is raised in the producer's thread at its next ``put`` or at
    ``close``; items put after a failure are dropped (their work was never committed).
    """

    def __init__(self, handle: Callable[[Item], None], *, depth: int = 2, name: str = "tidings-writer"):
        self._handle = handle
        self._queue: queue.Queue[tuple[Item] | None] = queue.Queue(maxsize=depth)
        self.error: BaseException | None = None
        self._closing = False
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    @property
    def stopping(self) -> bool:
        return self._closing

    def put(self, item: Item) -> None:
        self._raise()
        self._queue.put((item,))

    def close(self) -> None:
        """Handle everything put so far, stop the thread, raise its failure if it had one.
        Safe to call again (after an interrupt during the first call, say)."""
        self.stop()
        self._raise()

    def stop(self) -> None:
        """Handle everything put so far and stop the thread, without raising."""
        if not self._closing:
            self._closing = True
            self._queue.put(None)
        self._thread.join()

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def _loop(self) -> None:
        while (entry := self._queue.get()) is not None:
            if self.error is not None:
                continue  # keep draining so that the producer never blocks on a full queue
            try:
                self._handle(entry[0])
            except BaseException as exc:  # noqa: BLE001 - re-raised in the producer's thread
                self.error = exc


__all__ = ["BackgroundWriter"]
