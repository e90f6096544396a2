"""De-duplication and export at store scale, on synthetic coded articles (no spaCy).

    python bench/dedupe.py [--articles 20000] [--events-per-article 5] [--batch 64]

Builds a file store of ``--articles`` hand-made results (random prose from a small vocabulary,
one in ten articles a syndicated copy of another, events among 40 countries x 20 root codes
over 90 days) and measures, in one run:

* the full recompute (``dedupe_store``: MinHash signatures, LSH candidates, copy links,
  syndication groups, event clusters and mentions);
* the incremental step ``tidings code`` runs after each ingest (``update_dedupe``) for one new
  batch of ``--batch`` articles written into the big store;
* a watchlist check and a Parquet export of the whole dataset.

Times are wall-clock seconds on a shared machine (the load average is reported); the figures
are for orders of magnitude, not for comparison across runs. Writes docs/BENCHMARKS.md's
``dedupe`` section.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tidings.sections import write_section  # noqa: E402

WORDS = (
    "minister border police court talks market harbour river election budget strike ceasefire "
    "convoy village province council drought harvest bridge railway summit protest embassy "
    "treaty customs fishing quota mine pipeline refinery tariff army navy patrol clinic school "
    "mayor governor senate rebels militia curfew refugees aid loan bank currency inflation"
).split()
COUNTRIES = [
    "USA", "MEX", "CAN", "BRA", "ARG", "CHL", "PER", "COL", "VEN", "BOL", "GBR", "FRA", "DEU",
    "ITA", "ESP", "POL", "UKR", "RUS", "TUR", "IRN", "IRQ", "SYR", "ISR", "EGY", "NGA", "ETH",
    "KEN", "ZAF", "IND", "PAK", "AFG", "CHN", "JPN", "KOR", "PRK", "IDN", "PHL", "VNM", "AUS", "NZL",
]  # fmt: skip
CODES = ["010", "020", "036", "042", "051", "061", "071", "080", "090", "100", "112", "120",
         "130", "141", "150", "163", "173", "182", "190", "200"]  # fmt: skip
ROLES = ["", "GOV", "MIL", "COP"]


def synthetic_results(n: int, events_per_article: int, seed: int = 7) -> list:
    from tidings import ontology
    from tidings.records import Actor, Article, ArticleResult, Event, EventDate, Evidence, Span

    rng = random.Random(seed)
    start = dt.date(2025, 1, 1)
    results = []
    for i in range(n):
        if results and rng.random() < 0.1:  # a syndicated copy of an earlier story
            original = rng.choice(results[-200:])
            text = "UPDATE " + original.article.text + f" Copy {i}."
            specs = [(e.source.cameo, e.target.cameo, e.cameo_code, e.date.value) for e in original.events]
        else:
            text = " ".join(rng.choice(WORDS) for _ in range(250)) + "."
            day = start + dt.timedelta(days=rng.randrange(90))
            specs = []
            for _ in range(events_per_article):
                a, b = rng.sample(COUNTRIES, 2)
                specs.append((a + rng.choice(ROLES), b + rng.choice(ROLES), rng.choice(CODES),
                              (day + dt.timedelta(days=rng.randrange(-1, 1))).isoformat()))  # fmt: skip
        article = Article(text=text, published=start + dt.timedelta(days=rng.randrange(90)),
                          outlet=f"Outlet {rng.randrange(300)}", url=f"https://example.org/{i}")  # fmt: skip
        aid = article.id
        actors: dict[str, Actor] = {}
        events = []
        for k, (src, tgt, code, day) in enumerate(specs):
            for cameo in (src, tgt):
                actors.setdefault(cameo, Actor(id=f"A{len(actors)}", name=cameo, cameo=cameo, country=cameo[:3]))
            s = k * 20
            events.append(Event(
                id=f"{aid}-{k}", article_id=aid, source=actors[src], target=actors[tgt],
                cameo_code=code, quad_class=ontology.quad_class(code), goldstein=ontology.goldstein(code),
                plover_type=None, plover_mode=None, modality="asserted",
                date=EventDate(day, "day"),
                evidence=Evidence(k, s, s + 20, text[s : s + 20], Span(s, s + 4, text[s : s + 4])),
            ))  # fmt: skip
        results.append(ArticleResult(article=article, actors=list(actors.values()), events=events))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--events-per-article", type=int, default=5)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()

    from tidings.alerts import Watchlist, add_watchlist, check_watchlists
    from tidings.dedupe import dedupe_store, update_dedupe
    from tidings.export import export
    from tidings.store import open_store

    results = synthetic_results(args.articles + args.batch, args.events_per_article)
    base, batch = results[: args.articles], results[args.articles :]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        with open_store(db) as store:
            t = time.perf_counter()
            for i in range(0, len(base), 500):
                store.write_results(base[i : i + 500])
            write_s = time.perf_counter() - t
            full = dedupe_store(store)
            events, clusters, groups = store.con.execute(
                "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM event_clusters), "
                "(SELECT count(DISTINCT group_id) FROM article_groups WHERE group_size > 1)"
            ).fetchone()
            t = time.perf_counter()
            store.write_results(batch)
            batch_write_s = time.perf_counter() - t
            step = update_dedupe(store, [r.article.id for r in batch])
            add_watchlist(store, Watchlist.build("bench", actor="USA", quad=4))
            t = time.perf_counter()
            alerts = len(check_watchlists(store).new_alerts)
            check_s = time.perf_counter() - t
            t = time.perf_counter()
            exported = export(Path(tmp) / "out", format="parquet", db=store)
            export_s = time.perf_counter() - t
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    body = (
        f"Synthetic store: {args.articles:,} articles, {events:,} events "
        f"({args.events_per_article} per original article; 1 in 10 articles a syndicated copy) -> "
        f"{clusters:,} event clusters, {groups:,} syndication groups. File store, "
        f"{os.cpu_count()} CPUs shared with other work (load average {load:.1f}); "
        f"{dt.date.today().isoformat()}, `python bench/dedupe.py --articles {args.articles}`.\n\n"
        "| step | seconds |\n|---|---|\n"
        f"| write the articles (batches of 500) | {write_s:.1f} |\n"
        f"| full recompute (`tidings dedupe`) | {full.seconds:.1f} |\n"
        f"| one ingest of {args.batch} new articles: write | {batch_write_s:.2f} |\n"
        f"| one ingest of {args.batch} new articles: incremental dedupe (`update_dedupe`) | {step.seconds:.2f} |\n"
        f"| watchlist check over all clusters ({alerts:,} new alerts) | {check_s:.2f} |\n"
        f"| Parquet export ({exported.rows['events']:,} events, {exported.rows['clusters']:,} clusters) | {export_s:.1f} |\n"
    )
    print(body)
    if not args.no_write:
        write_section(ROOT / "docs" / "BENCHMARKS.md", "dedupe", "De-duplication, alerts and export at store scale", body)


if __name__ == "__main__":
    main()
