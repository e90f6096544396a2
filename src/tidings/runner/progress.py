"""Progress of a run: a rich bar on a terminal, one plain line per commit otherwise.

A streamed corpus has no article count up front (counting a WARC means reading it), so the ETA
comes from bytes: the input files' total size is summed before the run (a directory listing, no
reads), and the position is the file the current article came from plus, for WARC origins
(``path@offset``), the offset inside it, or for JSON Lines the text read so far (an estimate:
JSON escaping and metadata make a line somewhat longer than its text). Articles/s is what was committed over wall time.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from tidings.sources import reader_for


def input_sizes(paths: Iterable[str | os.PathLike[str]]) -> dict[str, int]:
    """Size in bytes of every readable input file under ``paths`` (by the path as read)."""
    sizes: dict[str, int] = {}
    for item in paths:
        path = Path(item)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if name.startswith("."):
                        continue
                    file = Path(root) / name
                    if reader_for(file) is not None:
                        sizes[str(file)] = _size(file)
        elif path.exists():
            sizes[str(path)] = _size(path)
    return sizes


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def split_origin(origin: str | None) -> tuple[str, int | None]:
    """``path@offset`` -> (path, offset); ``path:line`` or ``path#item`` -> (path, None)."""
    if not origin:
        return "", None
    head, sep, tail = origin.rpartition("@")
    if sep and tail.isdigit():
        return head, int(tail)
    for mark in (":", "#"):
        head, sep, tail = origin.rpartition(mark)
        if sep and tail.isdigit():
            return head, None
    return origin, None


class Progress:
    """Counts and shows a run's progress; ``close`` prints nothing more than the bar did."""

    def __init__(
        self, sizes: dict[str, int], *, enabled: bool | None = None, stream: TextIO | None = None
    ) -> None:
        self.sizes = sizes
        self.total_bytes = sum(sizes.values())
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()
        self.committed = 0
        self.skipped = 0
        self.errors = 0
        self._done_files: set[str] = set()
        self._done_bytes = 0
        self._current: str | None = None
        self._offset = 0
        self._bar = None
        self._task = None
        fancy = self.stream.isatty() if enabled is None else enabled
        if fancy:
            self._start_bar()

    def _start_bar(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichProgress

        self._bar = RichProgress(
            TextColumn("[bold]tidings run"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TextColumn("{task.fields[articles]} articles · {task.fields[rate]} articles/s"),
            TextColumn("· ETA {task.fields[eta]}"),
            TextColumn("· {task.fields[errors]} errors"),
            TimeElapsedColumn(),
            console=Console(file=self.stream),
            transient=False,
        )
        self._bar.start()
        self._task = self._bar.add_task(
            "run", total=max(self.total_bytes, 1), articles=0, rate="-", eta="-", errors=0
        )

    # -- position ----------------------------------------------------------------------------

    def saw(self, origin: str | None, approx_bytes: int = 0) -> None:
        """The reader has reached ``origin``: move the byte position there. Origins without an
        offset (``file:line``) advance by ``approx_bytes``, the record's estimated size."""
        path, offset = split_origin(origin)
        if path != self._current:
            if self._current is not None and self._current not in self._done_files:
                self._done_files.add(self._current)
                self._done_bytes += self.sizes.get(self._current, 0)
            self._current = path
            self._offset = 0
        if offset is not None:
            self._offset = offset
        else:
            self._offset = min(self._offset + approx_bytes, self.sizes.get(path, 0))

    @property
    def fraction(self) -> float:
        if not self.total_bytes:
            return 0.0
        return min(1.0, (self._done_bytes + self._offset) / self.total_bytes)

    @property
    def rate(self) -> float:
        elapsed = time.perf_counter() - self.started
        return self.committed / elapsed if elapsed > 0 else 0.0

    def eta_seconds(self) -> float | None:
        fraction = self.fraction
        if fraction <= 0:
            return None
        elapsed = time.perf_counter() - self.started
        return elapsed * (1 - fraction) / fraction

    # -- events ------------------------------------------------------------------------------

    def committed_batch(self, articles: int, skipped: int, errors: int) -> None:
        self.committed += articles
        self.skipped += skipped
        self.errors += errors
        eta = self.eta_seconds()
        eta_text = "-" if eta is None else _clock(eta)
        if self._bar is not None:
            self._bar.update(
                self._task,
                completed=self.fraction * max(self.total_bytes, 1),
                articles=self.committed,
                rate=f"{self.rate:.1f}",
                eta=eta_text,
                errors=self.errors,
            )
        else:
            print(
                f"tidings run: committed {self.committed} articles "
                f"({self.rate:.1f} articles/s, {self.skipped} skipped, {self.errors} errors, "
                f"{self.fraction:.0%} of input, ETA {eta_text})",
                file=self.stream,
                flush=True,
            )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.update(self._task, completed=max(self.total_bytes, 1))
            self._bar.stop()
            self._bar = None


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
