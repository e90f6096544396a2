"""A bounded memo for pure lookups of long-lived objects (lexicons, the gazetteer).

Mentions recur across articles ("Washington", "the ministry"), so what a name is gets worked out
once per process. Once ``limit`` keys are kept, new answers are computed but not kept, so a long
run cannot grow the memo without bound.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """``compute(key)``, remembered for up to ``limit`` keys. Do not modify the answers."""

    __slots__ = ("_answers", "_compute", "_limit")

    def __init__(self, compute: Callable[[K], V], limit: int = 100_000) -> None:
        self._compute = compute
        self._limit = limit
        self._answers: dict[K, V] = {}

    def __call__(self, key: K) -> V:
        try:
            return self._answers[key]
        except KeyError:
            pass
        value = self._compute(key)
        if len(self._answers) < self._limit:
            self._answers[key] = value
        return value

    def clear(self) -> None:
        """Forget every answer (the data they came from changed)."""
        self._answers.clear()


__all__ = ["Memo"]
