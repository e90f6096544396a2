"""Throughput: bare spaCy parse vs the full `tidings code` path, on the same texts, in one run.

    python bench/throughput.py [--repeat 3] [--copies 8]

Texts: the bundled sample articles and the founding article (read from ../shared/seed when it is
there), repeated to make a corpus. Both paths parse the same texts with the same pipeline and
batch size; the full path adds actors, quotes, events, dates and the DuckDB write. Each is run
``--repeat`` times, interleaved, and the best time of each is kept (the machine is shared and
noisy: interleaving and best-of keep the ratio honest). Writes docs/BENCHMARKS.md's throughput
section.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tidings.sections import write_section


def corpus(copies: int) -> list:
    from tidings.paths import PACKAGE_DIR, seed_dir
    from tidings.records import Article
    from tidings.sources import read_sources

    paths = [PACKAGE_DIR / "samples"]
    if seed_dir().exists():
        paths.append(seed_dir())
    base = [a for a in read_sources(paths) if isinstance(a, Article)]
    # Distinct ids per copy so the store writes every article (re-ingest is idempotent).
    return [Article(text=a.text, id=f"{a.id}-{n}", published=a.published, outlet=a.outlet) for n in range(copies) for a in base]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()

    from tidings.api import get_coder
    from tidings.coder import CODE_VERSION
    from tidings.store import open_store

    coder = get_coder()
    coder.config.batch_size = args.batch_size
    articles = corpus(args.copies)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    nlp = coder.nlp
    list(nlp.pipe(texts[:4]))  # warm up

    bare_times, full_times = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=args.batch_size):
            pass
        bare_times.append(time.perf_counter() - start)

        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(str(Path(tmp) / "bench.duckdb"))
            run_id = store.start_run(CODE_VERSION, coder.lexicon_hash, coder.model_name, {})
            start = time.perf_counter()
            results = list(coder.code_many(articles))
            store.write_results(results, run_id)
            full_times.append(time.perf_counter() - start)
            store.close()

    bare, full = min(bare_times), min(full_times)
    n = len(articles)
    ratio = bare / full
    rows = [
        ("articles", f"{n} ({words:,} words, {words // n} words/article)"),
        ("bare `nlp.pipe` (best of %d)" % args.repeat, f"{bare:.2f} s = {n / bare:.2f} articles/s = {words / bare:,.0f} words/s"),
        ("full `tidings code` path (best of %d)" % args.repeat, f"{full:.2f} s = {n / full:.2f} articles/s = {words / full:,.0f} words/s"),
        ("**full / bare throughput**", f"**{ratio:.3f}** (target ≥ 0.85)"),
        ("events / quotes coded", f"{sum(len(r.events) for r in results)} / {sum(len(r.quotes) for r in results)}"),
    ]
    body = "\n".join(
        [
            f"Measured {dt.date.today().isoformat()} on {platform.processor() or platform.machine()}, "
            f"Python {platform.python_version()}, model `{coder.model_name}`, 1 process, batch size "
            f"{args.batch_size}. Both paths parse the same texts with the same pipeline, interleaved "
            f"in one run; best of {args.repeat}. Full path = parse + actors + quotes + events + "
            "dates + DuckDB write.",
            "",
            "| measure | value |",
            "|---|---|",
            *[f"| {k} | {v} |" for k, v in rows],
        ]
    )
    write_section(ROOT / "docs" / "BENCHMARKS.md", "throughput", "Throughput: bare parse vs full coding path", body)
    print(body)


if __name__ == "__main__":
    main()
