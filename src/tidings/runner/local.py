"""The local runner: every core of one machine, one writer, and resume after any interruption.

    reader (this process) ──chunks──> worker processes (parse + extract) ──results──> writer
      read_sources, language gate,      spaCy loaded once per worker           (this process:
      resume check                      pre-filter, code_chunk                  DuckDB, batched)

* **One writer.** DuckDB allows one writing process per file, so workers return results and
  this process alone writes them, in transactions of ``commit_every`` articles (or every
  ``commit_seconds``). A result is only counted as done once its transaction has committed.
* **Bounded memory.** Sources are streamed; at most ``2 × processes`` chunks are in flight
  (``Pool.imap`` would read the whole input ahead, so chunks are submitted by hand), and the
  resume check asks the store about one chunk at a time instead of loading every id.
* **Resume.** The store is the journal: an article is done when its row is committed, and its
  row carries its ``origin`` (``file@offset`` for WARC, ``file:line`` for JSON Lines,
  ``file#item`` for feeds). With ``resume``, a record whose origin, or whose article id, is
  already in the store is skipped before it is sent to a worker; results that were in flight
  when the run was killed were never committed, so they are coded again. Each article is thus
  committed exactly once. Reader errors come back when the file is read again and are recorded
  once (an error already listed with the same origin and message is not added again).
  Duplicates within a run (the same text under two origins) are coded once.
* **Dataset layer.** The runner runs the hooks ``tidings code`` runs (de-duplication into
  syndication groups, event clusters and mentions; watchlists) over what it has committed, at
  most every ``hooks_seconds`` (5 minutes) and always when the run ends or is stopped, so the
  store is ready for exports; a resumed run first catches up articles a kill left without them.
  Not after every commit: an article archive read out of date order touches most of every
  block at each step, and re-clustering them every 30 s made a long run's de-duplication grow
  with the square of its length.
* **Ctrl-C** commits what the workers have returned, stops them and says how to resume;
  ``kill -9`` loses only uncommitted work, which the next ``--resume`` redoes. Workers die with
  their parent (Linux ``PR_SET_PDEATHSIG``).
* **Processes.** ``processes=1`` codes in this process (no pickling); ``N > 1`` starts N workers
  with the ``spawn`` method (a fork would copy DuckDB's threads and locks into the children).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from tidings.api import WRITE_EVERY
from tidings.coder import CODE_VERSION
from tidings.records import Article, ArticleResult, SourceError
from tidings.runner.progress import Progress, input_sizes
from tidings.runner.worker import (
    ChunkOutcome,
    code_chunk,
    code_chunk_in_pool,
    init_worker,
    make_state,
)
from tidings.sources import DEFAULT_MAX_BYTES, read_sources
from tidings.sources.language import LanguageGate, LanguageStats, SideFile

DEFAULT_BATCH_SIZE = 32  # articles per worker task and per spaCy batch (bench/throughput.py)
DEFAULT_COMMIT_EVERY = WRITE_EVERY  # as `tidings code` (tidings/api.py)


@dataclass
class RunOptions:
    """How to run; every field has the default ``tidings run`` uses."""

    db: str | Path = "tidings.duckdb"
    processes: int = 0  # 0: every core
    batch_size: int = DEFAULT_BATCH_SIZE
    commit_every: int = DEFAULT_COMMIT_EVERY
    commit_seconds: float = 30.0
    resume: bool = False
    prefilter: bool = False
    languages: Sequence[str] = ("en",)
    detect_language: bool = True
    spanish_out: str | Path | None = None  # default: beside the store, <db>.es.jsonl
    model: str | None = None
    lexicon_dirs: Sequence[str | Path] = ()
    max_bytes: int | None = DEFAULT_MAX_BYTES
    progress: bool | None = None  # None: a bar on a terminal, plain lines otherwise
    dataset_hooks: bool = True  # de-duplicate and check watchlists (see hooks_seconds)
    hooks_seconds: float = 300.0  # at most this often (and at the end); 0: after every commit


@dataclass
class RunReport:
    run_id: str
    coded: int = 0  # articles committed by this run (pre-filtered ones included)
    prefiltered: int = 0
    events: int = 0
    asserted_events: int = 0
    quotes: int = 0
    errors: int = 0
    already_coded: int = 0  # skipped on resume: committed by an earlier run
    duplicates: int = 0  # same article id as one coded earlier in this run
    language: LanguageStats = field(default_factory=LanguageStats)
    seconds: float = 0.0
    interrupted: bool = False
    processes: int = 1

    @property
    def articles_per_second(self) -> float:
        return self.coded / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id, "coded": self.coded, "prefiltered": self.prefiltered,
            "events": self.events, "asserted_events": self.asserted_events,
            "quotes": self.quotes, "errors": self.errors, "already_coded": self.already_coded,
            "duplicates": self.duplicates, "language_kept": self.language.kept,
            "language_undetermined": self.language.undetermined,
            "language_skipped": dict(self.language.skipped),
            "spanish_set_aside": self.language.set_aside, "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.articles_per_second, 3),
            "interrupted": self.interrupted, "processes": self.processes,
        }  # fmt: skip


def default_processes() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


# ---------------------------------------------------------------------------------------------


class _Writer:
    """The one writer: buffers results and errors, commits them in batches."""

    def __init__(self, store: Any, run_id: str, options: RunOptions, report: RunReport,
                 progress: Progress) -> None:  # fmt: skip
        self.store = store
        self.run_id = run_id
        self.options = options
        self.report = report
        self.progress = progress
        self.results: list[ArticleResult] = []
        self.errors: list[SourceError] = []
        self.inflight_ids: set[str] = set()  # sent to a worker, not yet committed
        self._pending_ids: list[str] = []  # returned by a worker, not yet committed
        self.skipped_since_commit = 0
        self.last_commit = time.perf_counter()
        self.hook_failed = False
        self._unhooked: list[str] = []  # committed, not yet through the dataset hooks
        self.last_hooks = time.perf_counter()

    def add(self, outcome: ChunkOutcome, ids: Iterable[str]) -> None:
        self.results.extend(outcome.results)
        self.errors.extend(outcome.errors)
        self.report.prefiltered += outcome.prefiltered
        self._pending_ids.extend(ids)
        if (
            len(self.results) >= self.options.commit_every
            or time.perf_counter() - self.last_commit >= self.options.commit_seconds
        ):
            self.commit()

    def add_error(self, error: SourceError) -> None:
        self.errors.append(error)

    def commit(self, *, final: bool = False) -> None:
        """Write what is buffered; ``final`` (the run ends or is stopped): the dataset hooks
        run for everything committed since they last ran."""
        if not self.results and not self.errors and not self.skipped_since_commit:
            if final and self._unhooked:
                self._run_hooks()
                self.report.errors += self._record_errors(self.errors)  # a failed hook's
                self.errors = []
            return
        stored = self._write_results(self.results) if self.results else []
        written = len(stored)
        if self.options.dataset_hooks:
            self._unhooked.extend(r.article.id for r in stored)
            if final or time.perf_counter() - self.last_hooks >= self.options.hooks_seconds:
                self._run_hooks()
        new_errors = self._record_errors(self.errors)
        for result in stored:
            self.report.events += len(result.events)
            self.report.asserted_events += len(result.asserted_events)
            self.report.quotes += len(result.quotes)
        self.report.coded += written
        self.report.errors += new_errors
        self.progress.committed_batch(written, self.skipped_since_commit, len(self.errors))
        for article_id in self._pending_ids:
            self.inflight_ids.discard(article_id)
        self._pending_ids = []
        self.results = []
        self.errors = []
        self.skipped_since_commit = 0
        self.last_commit = time.perf_counter()

    def _run_hooks(self) -> None:
        if self._unhooked:
            self._after_ingest(self._unhooked)
            self._unhooked = []
        self.last_hooks = time.perf_counter()

    def _after_ingest(self, article_ids: list[str]) -> None:
        """The dataset layer's hooks, as ``tidings code`` runs them: syndication groups, event
        clusters and mentions (tidings.dedupe), then watchlists. A failure there is recorded
        once and does not stop coding (``tidings dedupe`` can catch the store up later)."""
        from tidings.api import _after_ingest

        try:
            _after_ingest(self.store, article_ids)
        except Exception as exc:  # noqa: BLE001 - coding goes on; the store can be re-deduped
            if not self.hook_failed:
                self.errors.append(SourceError(
                    "<dataset hooks>",
                    f"de-duplication/watchlists failed ({type(exc).__name__}: {exc}); the "
                    "articles are stored: run `tidings dedupe` once the cause is fixed",
                ))  # fmt: skip
            self.hook_failed = True

    def _write_results(self, results: list[ArticleResult]) -> list[ArticleResult]:
        """Write a batch; an article the store refuses becomes an error and the rest are
        written. Returns the results written."""
        from tidings.store.duckdb_store import StoreError

        pending = list(results)
        while pending:
            try:
                self.store.write_results(pending, self.run_id)
                return pending
            except StoreError as exc:
                culprit = exc.article_id
                if culprit is None or not any(r.article.id == culprit for r in pending):
                    if len(pending) == 1:
                        self._refuse(pending[0], exc)
                        return []
                    return [w for r in pending for w in self._write_results([r])]
                self._refuse(next(r for r in pending if r.article.id == culprit), exc)
                pending = [r for r in pending if r.article.id != culprit]
        return []

    def _refuse(self, result: ArticleResult, exc: Exception) -> None:
        article = result.article
        self.errors.append(SourceError(article.origin or article.id, f"cannot store: {exc}"))

    def _record_errors(self, errors: list[SourceError]) -> int:
        """Insert errors not already listed (same origin and message); how many were new."""
        if not errors:
            return 0
        con = self.store.con
        new = 0
        con.begin()
        try:
            for error in errors:
                seen = con.execute(
                    "SELECT 1 FROM errors WHERE origin = ? AND message = ? LIMIT 1",
                    [error.origin, error.message],
                ).fetchone()
                if seen is None:
                    con.execute(
                        'INSERT INTO errors (origin, message, run_id, "at") VALUES (?, ?, ?, ?)',
                        [error.origin, error.message, self.run_id, dt.datetime.now()],
                    )
                    new += 1
            con.commit()
        except BaseException:
            con.rollback()
            raise
        return new


def _already_done(store: Any, articles: list[Article], since: dt.datetime | None) -> set[str]:
    """Article ids (and origins) of ``articles`` that the store already holds.

    ``since=None`` (resume): anything committed, by origin or by id. Otherwise only ids
    committed by this run (duplicates within the run).
    """
    ids = [a.id for a in articles]
    if since is None:
        origins = [a.origin for a in articles if a.origin]
        rows = store.con.execute(
            "SELECT id, origin FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[])) "
            "OR origin IN (SELECT unnest(?::VARCHAR[]))",
            [ids, origins],
        ).fetchall()
        return {r[0] for r in rows} | {r[1] for r in rows if r[1]}
    rows = store.con.execute(
        "SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[])) AND coded_at >= ?",
        [ids, since],
    ).fetchall()
    return {r[0] for r in rows}


def _chunks(
    records: Iterable[Article | SourceError],
    writer: _Writer,
    store: Any,
    options: RunOptions,
    since: dt.datetime | None,
    report: RunReport,
    progress: Progress,
) -> Iterator[list[Article]]:
    """Chunks of articles still to code; errors go straight to the writer."""
    pending: list[Article] = []

    def flush() -> Iterator[list[Article]]:
        done = _already_done(store, pending, since)
        chunk: list[Article] = []
        for article in pending:
            if article.id in done or (article.origin and article.origin in done and since is None):
                if since is None:
                    report.already_coded += 1
                else:
                    report.duplicates += 1
                writer.skipped_since_commit += 1
                continue
            if article.id in writer.inflight_ids:
                report.duplicates += 1
                writer.skipped_since_commit += 1
                continue
            writer.inflight_ids.add(article.id)
            chunk.append(article)
            if len(chunk) >= options.batch_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk
        pending.clear()

    for record in records:
        if isinstance(record, SourceError):
            progress.saw(record.origin)
            writer.add_error(record)
            continue
        progress.saw(record.origin, len(record.text) + 100)
        pending.append(record)
        if len(pending) >= options.batch_size:
            yield from flush()
    if pending:
        yield from flush()


def run_local(paths: Sequence[str | os.PathLike[str]], options: RunOptions | None = None) -> RunReport:
    """Code every article under ``paths`` into ``options.db``; see the module docstring."""
    from tidings.store import open_store

    options = options or RunOptions()
    processes = options.processes or default_processes()
    started_wall = time.perf_counter()
    since = None if options.resume else dt.datetime.now()
    state = make_state(options.model, options.lexicon_dirs, options.prefilter) if processes == 1 else None
    if state is not None:
        state.coder.config.batch_size = options.batch_size
    coder_meta = state.coder if state is not None else _coder_meta(options)
    store = open_store(str(options.db))
    run_id = store.start_run(
        CODE_VERSION, coder_meta.lexicon_hash, coder_meta.model_name,
        {"runner": "local", "processes": processes, "batch_size": options.batch_size,
         "prefilter": options.prefilter, "languages": list(options.languages)},
    )  # fmt: skip
    report = RunReport(run_id=run_id, processes=processes)
    spanish = options.spanish_out
    if spanish is None and str(options.db) != ":memory:":
        spanish = Path(str(options.db) + ".es.jsonl")
    side = SideFile(spanish, resume=options.resume) if spanish and "es" not in options.languages else None
    gate = LanguageGate(options.languages, spanish_out=side, detect=options.detect_language)
    report.language = gate.stats
    progress = Progress(input_sizes(paths), enabled=options.progress)
    writer = _Writer(store, run_id, options, report, progress)
    if options.resume and options.dataset_hooks:
        _catch_up_dataset(store, writer)
    records = gate.filter(read_sources(list(paths), max_bytes=options.max_bytes))
    chunks = _chunks(records, writer, store, options, since, report, progress)
    pool = None
    try:
        if state is not None:
            for chunk in chunks:
                writer.add(code_chunk(state, chunk), (a.id for a in chunk))
        else:
            context = multiprocessing.get_context("spawn")
            pool = context.Pool(
                processes,
                initializer=init_worker,
                initargs=(options.model, [str(d) for d in options.lexicon_dirs],
                          options.prefilter, options.batch_size),
            )  # fmt: skip
            inflight: deque[tuple[Any, list[str]]] = deque()
            for chunk in chunks:
                inflight.append((pool.apply_async(code_chunk_in_pool, (chunk,)), [a.id for a in chunk]))
                while len(inflight) >= 2 * processes:
                    job, ids = inflight.popleft()
                    writer.add(job.get(), ids)
            while inflight:
                job, ids = inflight.popleft()
                writer.add(job.get(), ids)
        writer.commit(final=True)
    except (KeyboardInterrupt, RuntimeError, duckdb.Error) as exc:
        if not _is_interrupt(exc):
            raise
        report.interrupted = True
        # what the workers returned is kept; in-flight chunks are redone on resume
        writer.commit(final=True)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        progress.close()
        if side is not None:
            side.close()
        store.close()
        report.seconds = time.perf_counter() - started_wall
    return report


def _is_interrupt(exc: BaseException) -> bool:
    """Ctrl-C arrives as KeyboardInterrupt, or, when it lands while DuckDB runs a query, as
    DuckDB's interrupt error ("Query interrupted"): both mean the user stopped the run."""
    return isinstance(exc, (KeyboardInterrupt, duckdb.InterruptException)) or str(exc) == "Query interrupted"


def _catch_up_dataset(store: Any, writer: _Writer) -> None:
    """A run killed between a commit and its dataset hooks left articles without syndication
    groups; a resumed run skips those articles, so it runs the hooks for them first."""
    try:
        rows = store.con.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM article_groups)"
        ).fetchall()
    except Exception:  # noqa: BLE001 - a store without the dataset tables: nothing to catch up
        return
    ids = [r[0] for r in rows]
    for start in range(0, len(ids), 1000):
        writer._after_ingest(ids[start : start + 1000])


@dataclass
class _CoderMeta:
    lexicon_hash: str
    model_name: str


def _coder_meta(options: RunOptions) -> _CoderMeta:
    """The run id's inputs without loading the pipeline in the parent (workers load it)."""
    from tidings.lexicons.events import load_event_lexicon
    from tidings.nlp import default_model_name

    lexicon = load_event_lexicon(tuple(Path(d) for d in options.lexicon_dirs))
    name = options.model or default_model_name()
    try:
        import importlib.metadata as md

        import spacy

        meta = spacy.util.get_model_meta(spacy.util.get_package_path(name)) if spacy.util.is_package(name) else {}
        version = meta.get("version") or md.version(name.replace("_", "-"))
        label = f"{meta.get('lang', 'en')}_{meta.get('name', name)}-{version}"
    except Exception:  # noqa: BLE001 - a label only; the workers report real load errors
        label = name
    return _CoderMeta(lexicon.fingerprint, label)


__all__ = ["RunOptions", "RunReport", "default_processes", "run_local"]
