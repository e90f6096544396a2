"""The cluster runner on a local 2-worker Ray cluster: same coder, hive-partitioned Parquet."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import duckdb
import pytest

ray = pytest.importorskip("ray", reason="the cluster engine is installed with the `cluster` extra")

from tidings.runner.cluster import events_schema, run_cluster
from tidings.runner.local import RunOptions, run_local

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
corpus = sys.modules.setdefault("bench_corpus", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(corpus)  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("shards")
    gen = list(corpus.generate_articles(32, seed=31, words=60))
    paths = []
    for n in range(4):
        path = root / f"part-{n}.jsonl"
        corpus.write_jsonl(path, gen[n * 8 : (n + 1) * 8])
        paths.append(path)
    bad = root / "part-4.warc.gz"
    corpus.write_warc(bad, gen[:2])
    bad.write_bytes(bad.read_bytes()[:-40])  # truncated: its error must be reported
    return [*paths, bad]


def test_two_workers_write_the_local_runners_events_as_partitioned_parquet(
    shards: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    try:
        report = run_cluster([str(p) for p in shards], out, workers=2)
    finally:
        ray.shutdown()
    assert report.articles == 32 + 1  # the truncated WARC still yields its first record
    assert len(report.peak_rss_by_worker()) == 2  # both actors worked
    assert all(mb > 50 for mb in report.peak_rss_by_worker().values())
    assert any("truncated record" in message for _, message in report.errors)

    partitions = sorted(p.name for p in (out / "events").iterdir())
    assert partitions and all(p.startswith("event_date=") for p in partitions)
    cluster = duckdb.sql(
        f"SELECT event_id, cameo_code, source_cameo, target_cameo, outlet, event_date "
        f"FROM read_parquet('{out}/events/**/*.parquet', hive_partitioning = true) ORDER BY event_id"
    ).fetchall()
    names = set(duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{out}/events/**/*.parquet')").df()["column_name"])
    assert set(events_schema().names) - {"event_date"} <= names

    db = tmp_path / "local.duckdb"
    run_local(shards[:4] + shards[4:], RunOptions(db=db, processes=1, progress=False))
    con = duckdb.connect(str(db), read_only=True)
    local = con.execute(
        "SELECT e.event_id, e.cameo_code, e.source_cameo, e.target_cameo, a.outlet, e.event_date "
        "FROM events e JOIN articles a ON a.id = e.article_id "
        "WHERE e.event_date IS NOT NULL ORDER BY e.event_id"
    ).fetchall()
    con.close()
    assert [r for r in cluster if r[5] is not None] == local

    # a second run finds every shard finished and codes nothing again
    try:
        again = run_cluster([str(p) for p in shards], out, workers=2)
    finally:
        ray.shutdown()
    assert all(s.reused for s in again.shards) and again.articles == report.articles
