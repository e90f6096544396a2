"""The cluster runner: the same coder over a sharded corpus on Ray Data, writing Parquet.

    shards (files: CC-NEWS WARCs, JSONL parts) ──Ray Data──> ShardCoder actors (one spaCy each)
        └─> <out>/events/event_date=YYYY-MM-DD/<shard>-<part>-<n>.parquet   (hive partitions)
        └─> <out>/events_undated/<shard>-<part>.parquet                     (no event date)
        └─> <out>/_shards/<shard>.json                                     (stats + errors)

Why Ray Data (docs/SCALE.md has the comparison with PySpark): the coder is Python holding a
~200 MB spaCy pipeline; Ray runs Python actors natively, so each worker loads the pipeline once
and keeps it (Spark would run it in Python workers beside a JVM per executor, ~1 GB more per
worker, and needs Java); Ray is one ``pip install`` (no JVM, ~240 MB unpacked against ~450 MB
for PySpark), starts a local cluster in seconds, and the same code runs on a laptop, a
``ray start`` cluster or KubeRay.

A shard is one input file and one task. Each actor reads its shard itself (local path, or any
fsspec URL such as ``s3://`` for CC-NEWS on object storage) so input never passes through the
driver, codes it with :func:`tidings.runner.worker.code_chunk` in chunks, and writes the events
of every chunk as Parquet under deterministic file names. A shard is finished when its marker
``_shards/<key>.json`` exists (written last, atomically); a re-run skips finished shards and a
retried shard overwrites its own files, so a shard is never counted twice.

Layout and columns are those of ``tidings export --format parquet`` (docs/EXPORTS.md): the
store's ``events`` columns (docs/SCHEMA.md), then ``cluster_id``, ``outlet``, ``published``,
``url``, ``title``, ``syndication_group``, with ``event_date`` as the hive partition key; events
without a date go to ``events_undated/`` beside the tree. The two de-duplication columns are
null: de-duplication needs the whole corpus, not one shard.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import resource
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from tidings.records import Article, ArticleResult, SourceError
from tidings.runner.worker import WorkerState, code_chunk, make_state
from tidings.sources.language import LanguageGate

# After the events columns, in the order of tidings.export's events table. ``cluster_id`` and
# ``syndication_group`` come from cross-article de-duplication, which needs the whole corpus:
# a shard leaves them null (load the Parquet into a store and run `tidings dedupe` to fill them).
ARTICLE_FIELDS = pa.schema(
    [
        ("cluster_id", pa.string()), ("outlet", pa.string()), ("published", pa.date32()),
        ("url", pa.string()), ("title", pa.string()), ("syndication_group", pa.string()),
    ]
)  # fmt: skip
PARTITION = "event_date"


def events_schema() -> pa.Schema:
    from tidings.store.duckdb_store import EVENT_COLUMNS

    return pa.schema(list(EVENT_COLUMNS) + list(ARTICLE_FIELDS))


def events_table(results: Sequence[ArticleResult], run_id: str | None = None) -> pa.Table:
    """The events of ``results`` as one Arrow table in the exported column layout."""
    from tidings.store.duckdb_store import result_rows, rows_to_arrow

    rows = result_rows(results, run_id, dt.datetime.now())
    events = rows_to_arrow("events", rows["events"])
    by_id = {r.article.id: r.article for r in results}
    articles = [by_id[a] for a in events.column("article_id").to_pylist()]
    none = pa.nulls(len(articles), pa.string())
    extra = [
        none,
        pa.array([a.outlet for a in articles], pa.string()),
        pa.array([a.published for a in articles], pa.date32()),
        pa.array([a.url for a in articles], pa.string()),
        pa.array([a.title for a in articles], pa.string()),
        none,
    ]
    return pa.Table.from_arrays(list(events.columns) + extra, schema=events_schema())


def write_events_parquet(table: pa.Table, out: str | Path, basename: str) -> None:
    """Add ``table`` to ``<out>/events`` as hive partitions by ``event_date``; undated events
    go to ``<out>/events_undated/`` (as the exporter keeps them out of the partitioned tree:
    pandas cannot read a null partition)."""
    import pyarrow.compute as pc
    import pyarrow.dataset as pads
    import pyarrow.parquet as pq

    dated = table.filter(pc.is_valid(table[PARTITION]))
    undated = table.filter(pc.is_null(table[PARTITION]))
    if dated.num_rows:
        pads.write_dataset(
            dated,
            str(Path(out) / "events"),
            format="parquet",
            partitioning=pads.partitioning(pa.schema([(PARTITION, pa.date32())]), flavor="hive"),
            basename_template=f"{basename}-{{i}}.parquet",
            existing_data_behavior="overwrite_or_ignore",
        )
    if undated.num_rows:
        folder = Path(out) / "events_undated"
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(undated, folder / f"{basename}.parquet")


def shard_key(shard: str) -> str:
    name = Path(shard).name.replace(".", "_")[:40]
    return f"{name}-{hashlib.sha1(shard.encode()).hexdigest()[:10]}"


def _open_records(shard: str, max_bytes: int | None) -> Iterator[Article | SourceError]:
    """Records of one shard: a local path through read_sources, a URL through fsspec."""
    from tidings.sources import read_sources

    if "://" not in shard or shard.startswith("file://"):
        yield from read_sources([shard.removeprefix("file://")], max_bytes=max_bytes)
        return
    import fsspec  # installed with ray[data]

    from tidings.sources.warc import read_warc_stream

    if ".warc" not in shard:
        yield SourceError(shard, "only WARC shards are read from object storage; copy others locally")
        return
    with fsspec.open(shard, "rb") as fh:
        yield from read_warc_stream(fh, shard, max_bytes)


@dataclass
class ShardStats:
    shard: str
    articles: int = 0
    events: int = 0
    prefiltered: int = 0
    skipped_language: int = 0
    errors: list[list[str]] = field(default_factory=list)  # [origin, message]
    seconds: float = 0.0
    pid: int = 0
    peak_rss_mb: float = 0.0
    reused: bool = False


def code_shard(state: WorkerState, shard: str, out: str | Path, *, batch_size: int = 32,
               part_articles: int = 512, languages: Sequence[str] = ("en",),
               max_bytes: int | None = 10_000_000, resume: bool = True) -> ShardStats:  # fmt: skip
    """Code one shard into Parquet parts and its marker; a finished shard is not redone."""
    key = shard_key(shard)
    marker = Path(out) / "_shards" / f"{key}.json"
    if resume and marker.exists():
        stats = ShardStats(**json.loads(marker.read_text(encoding="utf-8")))
        stats.reused = True
        return stats
    started = time.perf_counter()
    stats = ShardStats(shard=shard, pid=os.getpid())
    gate = LanguageGate(languages)
    pending: list[ArticleResult] = []
    chunk: list[Article] = []
    part = 0

    def flush_part() -> None:
        nonlocal part
        if pending:
            write_events_parquet(events_table(pending), out, f"{key}-{part:05d}")
            part += 1
            pending.clear()

    def code(articles: list[Article]) -> None:
        outcome = code_chunk(state, articles)
        pending.extend(outcome.results)
        stats.articles += len(outcome.results)
        stats.prefiltered += outcome.prefiltered
        stats.events += sum(len(r.events) for r in outcome.results)
        stats.errors.extend([e.origin, e.message] for e in outcome.errors)
        if len(pending) >= part_articles:
            flush_part()

    for record in gate.filter(_open_records(shard, max_bytes)):
        if isinstance(record, SourceError):
            stats.errors.append([record.origin, record.message])
            continue
        chunk.append(record)
        if len(chunk) >= batch_size:
            code(chunk)
            chunk = []
    if chunk:
        code(chunk)
    flush_part()
    stats.skipped_language = gate.stats.skipped_total
    stats.seconds = time.perf_counter() - started
    stats.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    marker.parent.mkdir(parents=True, exist_ok=True)
    tmp = marker.with_suffix(".tmp")
    tmp.write_text(json.dumps(stats.__dict__), encoding="utf-8")
    tmp.replace(marker)
    return stats


class ShardCoder:
    """A Ray Data actor: loads the pipeline once, then codes one shard per call."""

    def __init__(self, out: str, options: dict[str, Any]) -> None:
        self.out = out
        self.options = dict(options)
        self.state = make_state(
            self.options.pop("model", None), (), self.options.pop("prefilter", False)
        )
        self.state.coder.config.batch_size = self.options.get("batch_size", 32)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        rows: dict[str, list[Any]] = {}
        for shard in batch["shard"]:
            stats = code_shard(self.state, str(shard), self.out, **self.options)
            for name, value in stats.__dict__.items():
                rows.setdefault(name, []).append(
                    json.dumps(value) if name == "errors" else value
                )
        return rows


@dataclass
class ClusterReport:
    shards: list[ShardStats]
    seconds: float
    workers: int

    @property
    def articles(self) -> int:
        return sum(s.articles for s in self.shards)

    @property
    def events(self) -> int:
        return sum(s.events for s in self.shards)

    @property
    def errors(self) -> list[list[str]]:
        return [e for s in self.shards for e in s.errors]

    def peak_rss_by_worker(self) -> dict[int, float]:
        peaks: dict[int, float] = {}
        for s in self.shards:
            if not s.reused:
                peaks[s.pid] = max(peaks.get(s.pid, 0.0), s.peak_rss_mb)
        return peaks


def run_cluster(
    shards: Sequence[str | os.PathLike[str]],
    out: str | Path,
    *,
    workers: int = 2,
    address: str | None = None,
    prefilter: bool = False,
    batch_size: int = 32,
    languages: Sequence[str] = ("en",),
    model: str | None = None,
    resume: bool = True,
) -> ClusterReport:
    """Code every shard on a Ray cluster (``address``; None starts a local one with ``workers``
    CPUs) with ``workers`` actors, writing the Parquet layout above under ``out``."""
    import ray
    import ray.data

    started = time.perf_counter()
    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            # workers import what the driver imports (a source checkout on PYTHONPATH too)
            env = {"PYTHONPATH": os.environ["PYTHONPATH"]} if os.environ.get("PYTHONPATH") else {}
            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False,
                     runtime_env={"env_vars": env} if env else None)  # fmt: skip
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    names = [str(s) for s in shards]
    dataset = ray.data.from_items([{"shard": s} for s in names], override_num_blocks=max(1, len(names)))
    options = {"batch_size": batch_size, "languages": list(languages), "resume": resume,
               "model": model, "prefilter": prefilter}  # fmt: skip
    rows = dataset.map_batches(
        ShardCoder,
        fn_constructor_kwargs={"out": str(out), "options": options},
        batch_size=1,
        # one shard at a time per actor: shards are coarse, so queueing several on one actor
        # would leave the others idle at the end
        compute=ray.data.ActorPoolStrategy(size=workers, max_tasks_in_flight_per_actor=1),
        num_cpus=1,
    ).take_all()
    stats = []
    for row in rows:
        fields = dict(row)
        fields["errors"] = json.loads(fields["errors"])
        stats.append(ShardStats(**fields))
    return ClusterReport(stats, time.perf_counter() - started, workers)


__all__ = [
    "ClusterReport",
    "ShardCoder",
    "ShardStats",
    "code_shard",
    "events_schema",
    "events_table",
    "run_cluster",
    "write_events_parquet",
]
