"""The store's writer thread: order, back-pressure, failures surfacing in the producer."""

from __future__ import annotations

import threading

import pytest

from tidings.store.background import BackgroundWriter


def test_items_are_handled_in_order_in_another_thread() -> None:
    seen: list[tuple[int, str]] = []
    writer = BackgroundWriter(lambda n: seen.append((n, threading.current_thread().name)))
    for n in range(50):
        writer.put(n)
    writer.close()
    assert [n for n, _ in seen] == list(range(50))
    assert {name for _, name in seen} == {"tidings-writer"}


def test_a_failure_is_raised_in_the_producer_and_later_items_are_dropped() -> None:
    handled: list[int] = []
    failed = threading.Event()

    def handle(n: int) -> None:
        if n == 3:
            failed.set()
            raise ValueError("store refused batch 3")
        handled.append(n)

    writer = BackgroundWriter(handle)
    for n in range(4):
        writer.put(n)
    failed.wait(5)
    with pytest.raises(ValueError, match="batch 3"):
        for n in range(4, 100):  # the queue never blocks for good: the thread keeps draining
            writer.put(n)
        writer.close()
    with pytest.raises(ValueError, match="batch 3"):
        writer.close()  # closing again says the same, and does not hang
    assert handled == [0, 1, 2]


def test_the_queue_is_bounded() -> None:
    release = threading.Event()
    writer = BackgroundWriter(lambda _n: release.wait(5), depth=2)
    writer.put(0)  # taken by the thread, which then waits
    writer.put(1)
    writer.put(2)
    blocked = threading.Thread(target=writer.put, args=(3,))
    blocked.start()
    blocked.join(0.3)
    assert blocked.is_alive()  # the producer waits while the store is behind
    release.set()
    blocked.join(5)
    writer.close()
