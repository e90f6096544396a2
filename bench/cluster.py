"""Cluster runner scaling: the same sharded corpus on a local Ray cluster with 1 and 2 workers.

    python bench/cluster.py [--articles 2000] [--shards 32] [--words 600]

The corpus is team-written (bench/corpus.py), split into ``--shards`` JSON Lines shards. Each
configuration starts a fresh local Ray cluster with as many CPUs as workers, codes every shard
into a fresh Parquet folder (tidings.runner.cluster.run_cluster) and shuts the cluster down.
Times are wall clock for ``run_cluster`` after ``ray.init`` (actor start-up, the spaCy load in
each actor, coding and Parquet writes included); peak memory is each worker process's maximum
resident set size (``getrusage``), reported by the worker itself. Writes docs/BENCHMARKS.md's
``cluster`` section, with the machine's load average (the machine is shared).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tidings.sections import write_section


def load_average() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def write_shards(root: Path, articles: int, shards: int, words: int) -> tuple[list[str], int]:
    from corpus import generate_articles, write_jsonl

    generated = list(generate_articles(articles, seed=4242, words=words))
    paths = []
    for n in range(shards):
        path = root / f"shard-{n:03d}.jsonl"
        write_jsonl(path, generated[n::shards])
        paths.append(str(path))
    return paths, sum(a.words for a in generated)


def one_config(shards: list[str], out: Path, workers: int) -> tuple[float, object]:
    import ray

    from tidings.runner.cluster import run_cluster

    ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
    try:
        start = time.perf_counter()
        report = run_cluster(shards, out, workers=workers, resume=False)
        return time.perf_counter() - start, report
    finally:
        ray.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--shards", type=int, default=32)
    parser.add_argument("--words", type=int, default=600)
    args = parser.parse_args()

    load_before = load_average()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shards, words = write_shards(root, args.articles, args.shards, args.words)
        for workers in (1, 2):
            seconds, report = one_config(shards, root / f"out-{workers}", workers)
            results[workers] = (seconds, report)
            print(f"{workers} worker(s): {seconds:.1f} s, {report.articles} articles", flush=True)
    load_after = load_average()

    rows = [
        ("corpus", f"{args.articles} generated articles, {words:,} words, in {args.shards} JSON Lines shards"),
        ("machine load average (1/5/15 min) before / after", f"{load_before} / {load_after}"),
    ]
    for workers, (seconds, report) in results.items():
        peaks = sorted(report.peak_rss_by_worker().values())
        rows.append(
            (
                f"{workers} worker{'s' if workers > 1 else ''}",
                f"{seconds:.1f} s = **{report.articles / seconds:.2f} articles/s** "
                f"({report.events:,} events); peak memory per worker: "
                + ", ".join(f"{mb:,.0f} MB" for mb in peaks),
            )
        )
    speedup = results[1][0] / results[2][0]
    rows.append(("**2 workers / 1 worker**", f"**{speedup:.2f}×** (target ≥ 1.8)"))
    body = "\n".join(
        [
            (f"Measured {dt.date.today().isoformat()} on {platform.processor() or platform.machine()} "
            f"({os.cpu_count()} cores, shared), Python {platform.python_version()}, Ray Data local "
            "cluster with as many CPUs as workers, one shard per task, one actor (one spaCy "
            "pipeline) per worker. Wall time includes actor start-up and the pipeline load in "
            "each actor, so small corpora understate the speed-up. From `python bench/cluster.py`."),
            "",
            "| measure | value |",
            "|---|---|",
            *[f"| {k} | {v} |" for k, v in rows],
        ]
    )
    write_section(ROOT / "docs" / "BENCHMARKS.md", "cluster", "Cluster: Ray Data, 1 vs 2 local workers", body)
    print(body)


if __name__ == "__main__":
    main()
