"""The command line end to end: code a folder with good and bad documents, show, JSON contract."""

from __future__ import annotations

import json

import duckdb
from click.testing import CliRunner

from tidings.cli import main

GOOD = """date 2025-03-14
outlet: Test Wire

Canada condemned Iran on Friday over the execution of two activists.

"This is an outrage," said Canadian Foreign Minister Mary Lane.
"""


def _corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "legacy.txt").write_bytes("date 2025-03-14\nFrance condemned Iran \xe9 Paris.".encode("cp1252"))
    (folder / "huge.txt").write_text("word " * 4_200_000, encoding="utf-8")  # ~21 MB
    (folder / "menu.html").write_text("<html><body><nav><a href='/'>Home</a> <a href='/x'>About</a></nav></body></html>")
    (folder / "feed.jsonl").write_text(
        json.dumps({"id": "j1", "outlet": "Wire", "published": "2025-03-13", "text": "Japan sent aid to Nepal."})
        + "\n{broken json\n",
        encoding="utf-8",
    )
    return folder


def test_code_folder_with_bad_inputs_keeps_going(tmp_path):
    folder = _corpus(tmp_path)
    db = tmp_path / "t.duckdb"
    out = tmp_path / "out.jsonl"
    runner = CliRunner()
    result = runner.invoke(main, ["code", str(folder), "--db", str(db), "--json", str(out)])
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(db), read_only=True)
    coded = {row[0] for row in con.execute("select origin from articles").fetchall()}
    errors = dict(con.execute("select origin, message from errors").fetchall())
    con.close()
    assert any(o.endswith("good.txt") for o in coded)
    assert any(o.endswith("legacy.txt") for o in coded)  # legacy encoding is decoded, not lost
    assert any("feed.jsonl" in o for o in coded)
    messages = " | ".join(f"{k}: {v}" for k, v in errors.items())
    for name, words in [("empty.txt", "empty"), ("binary.txt", "binary"), ("huge.txt", "MB"),
                        ("menu.html", "no article text"), ("feed.jsonl", "line 2")]:
        assert any(name in origin and words in message for origin, message in errors.items()), messages
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == len(coded)
    good = next(r for r in records if r["outlet"] == "Test Wire")
    for key in ("id", "published", "outlet", "events", "quotes", "actors"):
        assert key in good
    event = next(e for e in good["events"] if e["cameo_code"].startswith("11"))
    for key in ("source", "target", "cameo_code", "quad_class", "goldstein", "plover_type", "modality",
                "date", "reported_by", "evidence"):
        assert key in event
    assert event["source"]["cameo"] == "CAN" and event["target"]["cameo"] == "IRN"
    for key in ("name", "cameo", "country", "sectors"):
        assert key in event["source"]
    for key in ("sentence", "start", "end", "text"):
        assert key in event["evidence"]
    quote = good["quotes"][0]
    assert quote["speaker"]["name"].endswith("Lane") and quote["speaker"]["cameo"] == "CANGOV"
    for key in ("speaker", "text", "cue", "start", "end"):
        assert key in quote


def test_show_by_path_and_by_id(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    db = tmp_path / "t.duckdb"
    runner = CliRunner()
    assert runner.invoke(main, ["code", str(path), "--db", str(db)]).exit_code == 0
    shown = runner.invoke(main, ["show", str(path), "--db", str(db)])
    assert shown.exit_code == 0, shown.output
    assert "condemned" in shown.output and "CAN" in shown.output
    con = duckdb.connect(str(db), read_only=True)
    [(article_id,)] = con.execute("select id from articles").fetchall()
    con.close()
    by_id = runner.invoke(main, ["show", article_id[:8], "--db", str(db)])
    assert by_id.exit_code == 0 and "Lane" in by_id.output


def test_show_unknown_article_is_a_clear_error(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["show", "nope", "--db", str(tmp_path / "missing.duckdb")])
    assert result.exit_code == 1
    assert "no coded article" in result.output


def test_reingest_is_idempotent(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    db = tmp_path / "t.duckdb"
    runner = CliRunner()
    for _ in range(2):
        assert runner.invoke(main, ["code", str(path), "--db", str(db)]).exit_code == 0
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*) from articles").fetchone()[0] == 1
    events = con.execute("select count(*) from events").fetchone()[0]
    con.close()
    assert events >= 1


def test_an_article_the_store_refuses_is_an_error_and_the_batch_is_kept(tmp_path, monkeypatch):
    from tidings.api import code_paths
    from tidings.store import StoreError
    from tidings.store.duckdb_store import Store

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b.txt").write_text("date 2025-03-14\n\nJapan sent aid to Nepal on Friday.\n", encoding="utf-8")
    original = Store.write_results

    def refusing(self, results, run_id=None):
        if any("Nepal" in r.article.text for r in results):
            raise StoreError("duplicate event id", article_id="b")
        return original(self, results, run_id)

    monkeypatch.setattr(Store, "write_results", refusing)
    db = tmp_path / "t.duckdb"
    summary = code_paths([folder], db=db)
    assert [e.origin for e in summary.errors if "not stored" in e.message] == [str(folder / "b.txt")]
    con = duckdb.connect(str(db), read_only=True)
    origins = [row[0] for row in con.execute("select origin from articles").fetchall()]
    con.close()
    assert origins == [str(folder / "a.txt")]
