"""The local runner: every core, one writer, language gate, pre-filter, resume."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from tidings.cli import main as cli
from tidings.paths import seed_dir
from tidings.prefilter import SKIP_WARNING, PreFilter, candidate_lemmas
from tidings.runner.local import RunOptions, run_local
from tidings.runner.progress import split_origin

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
corpus = sys.modules.setdefault("bench_corpus", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(corpus)  # type: ignore[union-attr]

SPANISH = (
    "El gobierno de México anunció el viernes nuevas medidas contra la violencia en la frontera "
    "norte, según informaron fuentes oficiales a la prensa local de la capital."
)
QUIET = (
    "Temperatures will stay mild through the weekend, with a light breeze in the evenings.\n\n"
    "Gardeners are advised to water young plants early, before the heat of the afternoon."
)


@pytest.fixture(scope="module")
def mixed_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    gen = list(corpus.generate_articles(24, seed=21, words=70))
    corpus.write_warc(root / "a.warc.gz", gen[:12])
    corpus.write_jsonl(root / "b.jsonl", gen[12:])
    extra = [
        {"id": "es-1", "text": SPANISH},
        {"text": QUIET},  # no id: the id is the hash of the text ...
        {"text": QUIET},  # ... so this second copy is a duplicate
        {"id": "bad"},  # no text: a recorded error
    ]
    (root / "c.jsonl").write_text("\n".join(json.dumps(e) for e in extra) + "\n", encoding="utf-8")
    return root


def store_rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_one_process_run_codes_routes_languages_and_records_errors(
    mixed_corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "one.duckdb"
    report = run_local([mixed_corpus], RunOptions(db=db, processes=1, batch_size=8, progress=False))
    assert report.coded == 25  # 24 generated + the quiet one; the duplicate is coded once
    assert report.duplicates == 1
    assert report.language.skipped == {"es": 1} and report.language.set_aside == 1
    assert report.errors == 1 and report.events > 50
    side = (Path(str(db) + ".es.jsonl")).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in side] == ["es-1"]
    (count,) = store_rows(db, "SELECT count(*) FROM articles")[0]
    assert count == 25
    # the dataset layer is kept current, as `tidings code` keeps it: ready for exports
    assert store_rows(db, "SELECT count(*) FROM article_groups")[0][0] == 25
    assert store_rows(db, "SELECT count(*) FROM mentions")[0][0] > 0
    errors = store_rows(db, "SELECT origin, message FROM errors")
    assert errors == [(f"{mixed_corpus / 'c.jsonl'}:4", 'line 4: no "text" field; every line needs the article text')]

    again = run_local([mixed_corpus], RunOptions(db=db, processes=1, resume=True, progress=False))
    assert again.coded == 0 and again.already_coded == 26  # 25 coded + the duplicate
    assert again.errors == 0  # the bad line is listed once, not twice
    assert store_rows(db, "SELECT count(*) FROM errors")[0][0] == 1


def test_two_processes_code_the_same_as_one(mixed_corpus: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "1.duckdb", tmp_path / "2.duckdb"
    run_local([mixed_corpus], RunOptions(db=one, processes=1, batch_size=4, progress=False))
    report = run_local([mixed_corpus], RunOptions(db=two, processes=2, batch_size=4, progress=False))
    assert report.processes == 2 and report.coded == 25
    sql = "SELECT event_id, cameo_code, source_cameo, target_cameo FROM events ORDER BY event_id"
    assert store_rows(one, sql) == store_rows(two, sql)


def test_dataset_hooks_run_at_their_pace_and_leave_the_same_tables(
    mixed_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """De-duplication runs over what was committed every ``hooks_seconds`` and when the run
    ends, not after each commit; the tables come out the same either way."""
    import tidings.api

    calls: list[int] = []
    real = tidings.api._after_ingest

    def counted(store, ids):
        calls.append(len(ids))
        return real(store, ids)

    monkeypatch.setattr(tidings.api, "_after_ingest", counted)
    snapshots = []
    for seconds in (0.0, 3600.0):
        calls.clear()
        db = tmp_path / f"hooks-{seconds:.0f}.duckdb"
        report = run_local([mixed_corpus], RunOptions(db=db, processes=1, batch_size=4,
                                                      commit_every=8, hooks_seconds=seconds,
                                                      progress=False))  # fmt: skip
        assert report.coded == 25
        if seconds:
            assert calls == [25]  # once, at the end, for every article of the run
        else:
            assert len(calls) >= 3 and sum(calls) == 25  # after each commit
        snapshots.append((
            store_rows(db, "SELECT e.event_id, m.cluster_id FROM events e "
                           "JOIN mentions m USING (event_id) ORDER BY 1"),
            store_rows(db, "SELECT * EXCLUDE (added_at, updated_at) FROM event_clusters ORDER BY 1"),
            store_rows(db, "SELECT article_id, group_size FROM article_groups ORDER BY 1"),
        ))  # fmt: skip
    assert snapshots[0] == snapshots[1] and snapshots[0][0]


def test_prefilter_skips_parsing_articles_without_a_trigger(mixed_corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "pf.duckdb"
    report = run_local([mixed_corpus], RunOptions(db=db, processes=1, prefilter=True, progress=False))
    assert report.coded == 25 and report.prefiltered >= 1
    rows = store_rows(db, "SELECT result_json FROM articles WHERE text LIKE 'Temperatures will%'")
    result = json.loads(rows[0][0])
    assert result["events"] == [] and SKIP_WARNING in json.dumps(result)


def test_prefilter_word_forms_and_the_seed_article() -> None:
    from tidings.api import get_coder

    prefilter = PreFilter.for_coder(get_coder())
    assert {"meet"} <= candidate_lemmas("met", prefilter.irregular)
    assert {"deny"} <= candidate_lemmas("denied")
    assert {"stop"} <= candidate_lemmas("stopped")
    assert prefilter.why("Troops shelled the town.") is not None
    assert prefilter.why(QUIET) is None
    for path in sorted(seed_dir().glob("*.txt")):
        assert prefilter.admits(path.read_text(encoding="utf-8")), path


def test_split_origin() -> None:
    assert split_origin("x/a.warc.gz@1234") == ("x/a.warc.gz", 1234)
    assert split_origin("b.jsonl:7") == ("b.jsonl", None)
    assert split_origin("feed.rss#3") == ("feed.rss", None)
    assert split_origin("plain.txt") == ("plain.txt", None)


def test_cli_run_reports_json(mixed_corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    result = CliRunner().invoke(
        cli, ["run", str(mixed_corpus / "b.jsonl"), "--db", str(db), "-p", "1", "--json", "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert report["coded"] == 12 and report["processes"] == 1


def test_ctrl_c_commits_what_is_done_and_resume_finishes(tmp_path: Path) -> None:
    gen = list(corpus.generate_articles(120, seed=22, words=40))
    corpus.write_jsonl(tmp_path / "c.jsonl", gen)
    db = tmp_path / "int.duckdb"
    cmd = [sys.executable, "-c", "from tidings.cli import main; main()", "run",
           str(tmp_path / "c.jsonl"), "--db", str(db), "-p", "1", "--batch-size", "4",
           "--commit-every", "8", "--no-progress"]  # fmt: skip
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env=dict(os.environ))
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith("tidings run: committed"):
            proc.send_signal(signal.SIGINT)
            break
    rest = proc.stderr.read()
    assert proc.wait(timeout=60) == 130, rest
    assert "run again with --resume" in rest
    (partial,) = store_rows(db, "SELECT count(*) FROM articles")[0]
    assert 0 < partial < 120
    resumed = run_local([tmp_path / "c.jsonl"], RunOptions(db=db, processes=1, resume=True, progress=False))
    assert resumed.already_coded == partial and resumed.coded == 120 - partial
    assert store_rows(db, "SELECT count(*) FROM articles")[0][0] == 120


def test_an_article_the_store_refuses_becomes_an_error_and_the_batch_is_written(tmp_path: Path) -> None:
    from tidings.records import Article, ArticleResult
    from tidings.runner.local import RunReport, _Writer
    from tidings.runner.progress import Progress
    from tidings.store import open_store
    from tidings.store.duckdb_store import StoreError

    store = open_store(tmp_path / "w.duckdb")
    real_write = store.write_results

    def refuse_b(results, run_id=None):
        if any(r.article.id == "b" for r in results):
            raise StoreError("article b: event id(s) x appear more than once", article_id="b")
        return real_write(results, run_id)

    store.write_results = refuse_b  # type: ignore[method-assign]
    report = RunReport(run_id="r")
    writer = _Writer(store, "r", RunOptions(), report, Progress({}, enabled=False))
    writer.results = [ArticleResult(article=Article(text=t, id=t, origin=f"f:{t}")) for t in "abc"]
    writer.commit()
    assert report.coded == 2 and report.errors == 1
    assert store.article_ids() == {"a", "c"}
    assert store.con.execute("SELECT origin, message FROM errors").fetchall() == [
        ("f:b", "cannot store: article b: event id(s) x appear more than once")
    ]
    store.close()
