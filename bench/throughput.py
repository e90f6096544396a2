"""Throughput: bare spaCy parse vs the full `tidings code` path, on the same texts, in one run.

    python bench/throughput.py [--repeat 3] [--copies 24]

Texts: the bundled sample articles and the founding article (read from ../shared/seed when it is
there), repeated to make a corpus. Both paths parse the same texts with the same pipeline and
batch size; the full path adds actors, quotes, events, dates and the DuckDB write. Each is run
``--repeat`` times, interleaved, and the best time of each is kept (the machine is shared and
noisy: interleaving and best-of keep the ratio honest). 24 copies (168 articles, ~8 s a pass):
with 8, a pass took under 3 s and the part of a `tidings code` call that does not depend on its
size (opening the store, the run record, the last hooks, closing: ~0.1 s, also measured and
written) weighed 3 points of the ratio. Writes docs/BENCHMARKS.md's throughput section.

It then measures tidings at scale, in the same run (``--articles``, default 2,000; ``--skip-scale``
leaves it out): a corpus of team-written articles of about 600 words (bench/corpus.py) plus the
shared gold texts read at run time (the seed article, Multi-CoPED sentences grouped into
pseudo-articles), written as JSON Lines. On it: bare ``nlp.pipe`` words/s (before and after the
1-process runner runs; the ratio uses their mean); the local runner
(``tidings run``: read, language gate, code, DuckDB) in articles/s on 1 and 2 processes, with
the pre-filter off and on; a batch-size sweep; and the recall the pre-filter costs on the gold
sets. Writes docs/BENCHMARKS.md's ``scale`` section, with the machine's load average.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
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
    parser.add_argument("--copies", type=int, default=24)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--articles", type=int, default=2000, help="generated articles (scale)")
    parser.add_argument("--words", type=int, default=600, help="words per generated article")
    parser.add_argument("--sweep-articles", type=int, default=120)
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-ratio", action="store_true")
    args = parser.parse_args()
    if not args.skip_ratio:
        bare_vs_full(args)
    if not args.skip_scale:
        measure_scale(args)


def bare_vs_full(args: argparse.Namespace) -> None:

    from tidings.api import code_paths, get_coder
    from tidings.store import open_store

    coder = get_coder()
    coder.config.batch_size = args.batch_size
    articles = corpus(args.copies)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    nlp = coder.nlp
    list(nlp.pipe(texts[:4]))  # warm up

    bare_times, full_times = [], []
    with tempfile.TemporaryDirectory() as tmp:
        # The full path is `tidings code` itself: read JSON Lines, parse, extract, write DuckDB
        # and run the dataset hooks (de-duplication, watchlists).
        source = Path(tmp) / "corpus.jsonl"
        with source.open("w", encoding="utf-8") as fh:
            for a in articles:
                fh.write(json.dumps({"id": a.id, "text": a.text, "outlet": a.outlet,
                                     "published": a.published.isoformat() if a.published else None}) + "\n")
        # What one `tidings code` call costs whatever its size (opening the store, the run
        # record, the last dataset hooks, closing): the same path on the first article alone.
        single = Path(tmp) / "one.jsonl"
        single.write_text(source.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
        one_times = []
        for n in range(args.repeat):
            db = Path(tmp) / f"one{n}.duckdb"
            open_store(str(db)).close()
            start = time.perf_counter()
            code_paths([single], db=db, batch_size=args.batch_size)
            one_times.append(time.perf_counter() - start)
        for n in range(args.repeat):
            start = time.perf_counter()
            for _doc in nlp.pipe(texts, batch_size=args.batch_size):
                pass
            bare_times.append(time.perf_counter() - start)

            db = Path(tmp) / f"bench{n}.duckdb"
            open_store(str(db)).close()  # the schema exists, as in any store being added to
            start = time.perf_counter()
            summary = code_paths([source], db=db, batch_size=args.batch_size)
            full_times.append(time.perf_counter() - start)
            assert summary.articles == len(articles) and not summary.errors, summary.errors[:3]

    bare, full = min(bare_times), min(full_times)
    n = len(articles)
    ratio = bare / full
    rows = [
        ("articles", f"{n} ({words:,} words, {words // n} words/article)"),
        (f"bare `nlp.pipe` (best of {args.repeat})", f"{bare:.2f} s = {n / bare:.2f} articles/s = {words / bare:,.0f} words/s"),
        (f"full `tidings code` path (best of {args.repeat})", f"{full:.2f} s = {n / full:.2f} articles/s = {words / full:,.0f} words/s"),
        ("**full / bare throughput**", f"**{ratio:.3f}** (target ≥ 0.85)"),
        ("events / quotes coded", f"{summary.events} / {summary.quotes}"),
        ("one `tidings code` call on a single article (best of "
         f"{args.repeat}): the per-call part of the full path", f"{min(one_times):.3f} s"),
    ]
    body = "\n".join(
        [
            (f"Measured {dt.date.today().isoformat()} on {platform.processor() or platform.machine()}, "
            f"Python {platform.python_version()}, model `{coder.model_name}`, 1 process, batch size "
            f"{args.batch_size}, load average {load_average()}. Both paths parse the same texts with "
            f"the same pipeline, interleaved in one run; best of {args.repeat}. Full path = "
            "`tidings.code_paths` (what `tidings code` runs) on the texts as JSON Lines, into a store "
            "whose schema exists (creating it is a one-off, not throughput): reading, "
            "parse, actors, quotes, events, dates, places, the DuckDB writes and the dataset hooks "
            "(de-duplication, watchlists)."),
            "",
            "| measure | value |",
            "|---|---|",
            *[f"| {k} | {v} |" for k, v in rows],
        ]
    )
    write_section(ROOT / "docs" / "BENCHMARKS.md", "throughput", "Throughput: bare parse vs full coding path", body)
    print(body)


# ---------------------------------------------------------------------------------------------
# scale: the local runner on >= 2,000 articles of ~600 words


def load_average() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def scale_corpus(root: Path, n: int, words: int) -> tuple[Path, int, int]:
    """Generated + gold articles as one JSON Lines file; (path, articles, words)."""
    from corpus import generate_articles, gold_articles, write_jsonl

    articles = list(generate_articles(n, seed=2025, words=words)) + list(gold_articles())
    path = root / "corpus.jsonl"
    write_jsonl(path, articles)
    return path, len(articles), sum(a.words for a in articles)


def timed_run(path: Path, db: Path, **options: object):
    from tidings.runner.local import RunOptions, run_local

    if db.exists():
        db.unlink()
    start = time.perf_counter()
    report = run_local([path], RunOptions(db=db, progress=False, **options))  # type: ignore[arg-type]
    return report, time.perf_counter() - start


def overhead_breakdown(path: Path, root: Path) -> str:
    """ms/article on a subset: bare parse, + extractors, + runner (read, language, store), +
    dataset hooks (dedupe, watchlists); best of 2, interleaved."""
    from tidings.api import get_coder
    from tidings.records import Article

    with path.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    articles = [Article(text=r["text"], id=r["id"]) for r in records]
    coder = get_coder()
    coder.config.batch_size = 32
    best: dict[str, float] = {}

    def keep(name: str, seconds: float) -> None:
        best[name] = min(best.get(name, float("inf")), seconds * 1000 / len(articles))

    for _ in range(2):
        start = time.perf_counter()
        for _doc in coder.nlp.pipe((a.text for a in articles), batch_size=32):
            pass
        keep("parse", time.perf_counter() - start)
        start = time.perf_counter()
        for _result in coder.code_many(articles):
            pass
        keep("coder", time.perf_counter() - start)
        keep("runner, no dedupe", timed_run(path, root / "b.duckdb", processes=1, dataset_hooks=False)[1])
        keep("runner", timed_run(path, root / "b.duckdb", processes=1)[1])
    return (f"bare parse {best['parse']:.1f}; + extractors (`Coder.code_many`) {best['coder']:.1f}; "
            f"+ reading, language gate, DuckDB commits {best['runner, no dedupe']:.1f}; "
            f"+ dataset hooks (dedupe, watchlists) = full runner {best['runner']:.1f}")


def prefilter_recall() -> list[tuple[str, str]]:
    """What the pre-filter costs on the gold sets: tidings' own events lost, gold events lost."""
    import json

    from tidings.api import get_coder
    from tidings.paths import reference_dir, seed_dir
    from tidings.prefilter import PreFilter
    from tidings.records import Article

    coder = get_coder()
    prefilter = PreFilter.for_coder(coder)
    rows: list[tuple[str, str]] = []
    gold = reference_dir() / "plover" / "cameo_multicoped_en.jsonl"
    sets: list[tuple[str, list[tuple[str, int | None]]]] = []
    if gold.exists():
        test = []
        with gold.open(encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                if record["meta"].get("split") == "test":
                    quad = (record.get("labels") or {}).get("quad_class")
                    test.append((record["text"], quad))
        sets.append(("Multi-CoPED test split (each sentence an article)", test))
    seeds = [(p.read_text(encoding="utf-8"), None) for p in sorted(seed_dir().glob("*.txt"))]
    if seeds:
        sets.append(("seed article", seeds))
    for name, items in sets:
        texts = [t for t, _ in items]
        admitted = [prefilter.admits(t) for t in texts]
        results = list(coder.code_many(Article(text=t) for t in texts))
        events_all = sum(len(r.asserted_events) for r in results)
        events_kept = sum(len(r.asserted_events) for r, ok in zip(results, admitted, strict=True) if ok)
        lost = events_all - events_kept
        line = (f"{sum(admitted)}/{len(texts)} texts parsed; asserted events {events_kept} with vs "
                f"{events_all} without the pre-filter: recall cost {lost / events_all:.1%}"
                if events_all else f"{sum(admitted)}/{len(texts)} texts parsed; no events")
        gold_event = [ok for (_, quad), ok in zip(items, admitted, strict=True) if quad in (1, 2, 3, 4)]
        if gold_event:
            missed = gold_event.count(False)
            line += (f"; gold sentences with a CAMEO event (quad class 1-4) skipped: "
                     f"{missed}/{len(gold_event)} ({missed / len(gold_event):.1%})")
        rows.append((f"pre-filter recall, {name}", line))
    return rows


def measure_scale(args: argparse.Namespace) -> None:
    import json
    import tempfile

    from tidings.api import get_coder
    from tidings.sources.language import detect_language

    load_before = load_average()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path, n, words = scale_corpus(root, args.articles, args.words)
        print(f"scale corpus: {n} articles, {words:,} words; load {load_before}", flush=True)
        nlp = get_coder().nlp
        with path.open(encoding="utf-8") as fh:
            texts = [json.loads(line)["text"] for line in fh]
        list(nlp.pipe(texts[:8]))

        def bare_parse() -> float:
            start = time.perf_counter()
            for _doc in nlp.pipe(texts, batch_size=32):
                pass
            return time.perf_counter() - start

        bare_before = bare_parse()
        print(f"bare nlp.pipe: {bare_before:.1f} s", flush=True)
        start = time.perf_counter()
        for text in texts[:500]:
            detect_language(text)
        langid_ms = (time.perf_counter() - start) / min(500, len(texts)) * 1000

        runs = {}
        loads = {}
        for processes in (1, 2):
            for prefilter in (False, True):
                loads[(processes, prefilter)] = os.getloadavg()[0]
                report, seconds = timed_run(path, root / "run.duckdb", processes=processes,
                                            prefilter=prefilter, batch_size=32)
                runs[(processes, prefilter)] = (report, seconds)
                print(f"runner p={processes} prefilter={prefilter}: {seconds:.1f} s, "
                      f"{report.coded / seconds:.2f} articles/s", flush=True)
            if processes == 1:
                # the bare parse again, after the 1-process runs: the ratio compares the runner
                # with the mean of a bare parse before and after it, so a drift in the
                # machine's load over these minutes weighs on both sides alike
                bare_after = bare_parse()
                print(f"bare nlp.pipe again: {bare_after:.1f} s", flush=True)
        del texts
        bare = (bare_before + bare_after) / 2

        warc_path = root / "corpus.warc.gz"
        from corpus import generate_articles, gold_articles, write_warc

        write_warc(warc_path, [*generate_articles(args.articles, seed=2025, words=args.words),
                               *gold_articles()])  # fmt: skip
        loads["warc"] = os.getloadavg()[0]
        report, seconds = timed_run(warc_path, root / "run.duckdb", processes=2, batch_size=32)
        runs["warc"] = (report, seconds)
        print(f"runner p=2 WARC: {seconds:.1f} s, {report.coded / seconds:.2f} articles/s", flush=True)

        sweep_path = root / "sweep.jsonl"
        with path.open(encoding="utf-8") as src, sweep_path.open("w", encoding="utf-8") as dst:
            for i, line in enumerate(src):
                if i >= args.sweep_articles:
                    break
                dst.write(line)
        sweep = []
        for size in (8, 32, 128):
            report, seconds = timed_run(sweep_path, root / "sweep.duckdb", processes=1, batch_size=size)
            sweep.append(f"{size}: {report.coded / seconds:.2f}")
            print(f"batch {size}: {seconds:.1f} s", flush=True)
        breakdown = overhead_breakdown(sweep_path, root)
    recall_rows = prefilter_recall()
    load_after = load_average()

    def cell(processes: int, prefilter: bool) -> str:
        report, seconds = runs[(processes, prefilter)]
        skipped = f", {report.prefiltered} not parsed" if prefilter else ""
        return (f"{seconds:.1f} s = **{report.coded / seconds:.2f} articles/s** = "
                f"{words / seconds:,.0f} words/s ({report.events:,} events{skipped}; "
                f"load {loads[(processes, prefilter)]:.2f} at start)")

    one = runs[(1, False)][1]
    rows = [
        ("corpus", (f"{n:,} articles, {words:,} words ({words // n} words/article): {args.articles:,} "
                   "generated by bench/corpus.py + the shared gold texts (seed, Multi-CoPED)")),
        ("machine load average (1/5/15 min) before / after", f"{load_before} / {load_after}"),
        ("bare `nlp.pipe`, 1 process, batch 32 (mean of a run before and one after the 1-process runner runs)",
         (f"{bare:.1f} s = {n / bare:.2f} articles/s = **{words / bare:,.0f} words/s** (before "
          f"{bare_before:.1f} s, after {bare_after:.1f} s)")),
        ("runner, 1 process, pre-filter off", cell(1, False)),
        ("runner, 1 process, pre-filter on", cell(1, True)),
        ("runner, 2 processes, pre-filter off", cell(2, False)),
        ("runner, 2 processes, pre-filter on", cell(2, True)),
        (("runner, 2 processes, same corpus as one CC-NEWS-style WARC.gz (HTML pages: trafilatura "
         "in the reading process)"), (f"{runs['warc'][1]:.1f} s = **{runs['warc'][0].coded / runs['warc'][1]:.2f} "
                                    f"articles/s** ({runs['warc'][0].coded:,} articles)")),
        ("**runner (1 process) / bare parse**", (f"**{bare / one:.3f}** (target ≥ 0.85; against the "
                                                 f"bare run before {bare_before / one:.3f}, after "
                                                 f"{bare_after / one:.3f})")),
        ("2 processes / 1 process", f"{one / runs[(2, False)][1]:.2f}×"),
        ("language identification (English fast path, else langdetect; 1,500-char sample)", f"{langid_ms:.1f} ms/article"),
        (f"batch-size sweep, 1 process, {args.sweep_articles} articles (articles/s)", "; ".join(sweep)),
        ((f"where 1-process time goes, {args.sweep_articles} articles, best of 2, interleaved "
         "(ms/article)"), breakdown),
        *recall_rows,
    ]
    body = "\n".join(
        [
            (f"Measured {dt.date.today().isoformat()} on {platform.processor() or platform.machine()} "
            f"({os.cpu_count()} cores, shared with other engineers' jobs: see the load average), "
            f"Python {platform.python_version()}, model `{get_coder().model_name}`. The runner rows "
            "are `tidings run` end to end: read JSON Lines, language gate, (pre-filter), parse, "
            "extract, DuckDB commits; 2 processes = 2 spawned workers plus the reading/writing "
            "parent. All rows come from one run of `python bench/throughput.py`."),
            "",
            "| measure | value |",
            "|---|---|",
            *[f"| {k} | {v} |" for k, v in rows],
        ]
    )
    write_section(ROOT / "docs" / "BENCHMARKS.md", "scale", "Scale: the local runner on 2,000+ articles", body)
    print(body)


if __name__ == "__main__":
    main()
