"""What a worker does with a chunk of articles: pre-filter, parse, extract; no I/O.

The same function serves the one-process path (called in the runner's own process), the
process pool of :mod:`tidings.runner.local` (each worker loads the pipeline once, in
:func:`init_worker`) and the cluster actors of :mod:`tidings.runner.cluster`.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tidings.coder import Coder, CoderConfig
from tidings.prefilter import SKIP_WARNING, PreFilter
from tidings.records import Article, ArticleResult, SourceError


@dataclass
class ChunkOutcome:
    """A worker's answer for one chunk: results (pre-filtered ones included) and errors."""

    results: list[ArticleResult] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    prefiltered: int = 0


@dataclass
class WorkerState:
    coder: Coder
    prefilter: PreFilter | None


_STATE: WorkerState | None = None


def make_state(
    model: str | None = None, lexicon_dirs: Sequence[str | Path] = (), prefilter: bool = False
) -> WorkerState:
    coder = Coder(CoderConfig(model=model, lexicon_dirs=tuple(Path(d) for d in lexicon_dirs)))
    return WorkerState(coder, PreFilter.for_coder(coder) if prefilter else None)


def init_worker(
    model: str | None, lexicon_dirs: Sequence[str], prefilter: bool, batch_size: int
) -> None:
    """Pool initializer: load the pipeline once; leave Ctrl-C and shutdown to the parent."""
    global _STATE
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent commits and stops the pool
    _die_with_parent()
    _STATE = make_state(model, lexicon_dirs, prefilter)
    _STATE.coder.config.batch_size = batch_size


def _die_with_parent() -> None:
    """On Linux, ask the kernel to kill this worker when its parent dies (even by kill -9), so
    that a killed run leaves no orphans holding memory and CPU."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)
    except (OSError, AttributeError):
        pass  # not Linux: orphans exit when the task pipe closes


def code_chunk_in_pool(articles: list[Article]) -> ChunkOutcome:
    """Entry point in a pool worker (state set by :func:`init_worker`)."""
    if _STATE is None:
        raise RuntimeError("worker not initialised: use init_worker as the pool initializer")
    return code_chunk(_STATE, articles)


def code_chunk(state: WorkerState, articles: Sequence[Article]) -> ChunkOutcome:
    """Code a chunk; an article whose coding raises becomes an error, the others go on."""
    outcome = ChunkOutcome()
    to_parse: list[Article] = []
    for article in articles:
        if state.prefilter is not None and not state.prefilter.admits(article.text):
            outcome.results.append(ArticleResult(article=article, warnings=[SKIP_WARNING]))
            outcome.prefiltered += 1
        else:
            to_parse.append(article)
    if not to_parse:
        return outcome
    coder = state.coder
    try:
        outcome.results.extend(coder.code_many(to_parse))
    except Exception:  # noqa: BLE001 - one bad document: isolate it, keep the others
        done = {r.article.id for r in outcome.results}
        for article in to_parse:
            if article.id in done:
                continue
            try:
                outcome.results.append(coder.code(article))
            except Exception as exc:  # noqa: BLE001 - recorded with its origin
                outcome.errors.append(
                    SourceError(
                        article.origin or article.id,
                        f"coding failed: {type(exc).__name__}: {exc}",
                    )
                )
    return outcome
