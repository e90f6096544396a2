"""Exports: Parquet (partitioned by date) read back by DuckDB and pandas, CSV, JSON Lines, and
GDELT 2.0-style TSVs with the documented columns in the documented order."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner
from dataset_fixtures import LATER, REPRINT, REWRITE, WIRE, WIRE_UPDATE, code_into, make_article

import tidings
from tidings.dedupe import update_dedupe
from tidings.export import (
    FORMATS,
    GDELT_EVENT_COLUMNS,
    GDELT_MENTION_COLUMNS,
    ExportError,
    export,
    gdelt_event_id,
)
from tidings.serialize import result_from_dict
from tidings.store import open_store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "export.duckdb"
    code_into(path, [WIRE, WIRE_UPDATE, REWRITE, REPRINT, LATER])
    return path


@pytest.fixture(scope="module")
def counts(db):
    with open_store(db, read_only=True) as store:
        return {
            name: store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for name, table in (("events", "events"), ("clusters", "event_clusters"),
                                ("mentions", "mentions"), ("articles", "articles"))
        }  # fmt: skip


# --- Parquet ------------------------------------------------------------------------------------


def test_parquet_is_partitioned_by_date_and_reads_back_in_duckdb_and_pandas(db, counts, tmp_path):
    out = tmp_path / "pq"
    result = tidings.export(out, format="parquet", db=db)  # the module is callable
    assert result.rows == counts
    partitions = sorted(p.name for p in (out / "clusters").iterdir())
    assert partitions and all(re.fullmatch(r"event_date=\d{4}-\d{2}-\d{2}", p) for p in partitions)
    assert "event_date=2025-03-03" in partitions and "event_date=2025-03-20" in partitions
    with open_store(db, read_only=True) as store:
        stored = store.con.execute(
            "SELECT cluster_id, CAST(event_date AS VARCHAR), n_mentions, n_independent FROM event_clusters"
        ).fetchall()
    for table in ("events", "clusters", "mentions"):
        # DuckDB: hive partitions give a DATE column back
        con = duckdb.connect()
        glob = str(out / table / "**" / "*.parquet")
        n, kind = con.execute(
            "SELECT count(*), any_value(typeof(event_date)) FROM read_parquet(?, hive_partitioning = true)",
            [glob],
        ).fetchone()
        assert (n, kind) == (counts[table], "DATE")
        # pandas (pyarrow) reads the partitioned folder as it is
        frame = pd.read_parquet(out / table)
        assert len(frame) == counts[table]
    back = (
        duckdb.connect()
        .execute(
            "SELECT cluster_id, CAST(event_date AS VARCHAR), n_mentions, n_independent "
            "FROM read_parquet(?, hive_partitioning = true)",
            [str(out / "clusters" / "**" / "*.parquet")],
        )
        .fetchall()
    )
    assert sorted(back) == sorted(stored)
    frame = pd.read_parquet(out / "clusters")
    assert sorted(zip(frame.cluster_id, frame.event_date.astype(str), strict=True)) == sorted(
        (c, d) for c, d, *_ in stored
    )
    events = pd.read_parquet(out / "events")
    assert {"cluster_id", "outlet", "syndication_group", "evidence_text", "cues"} <= set(
        events.columns
    )
    assert events.cluster_id.notna().all()
    articles = pd.read_parquet(out / "articles.parquet")
    assert len(articles) == counts["articles"] and "text" not in articles.columns
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["format"] == "parquet" and manifest["rows"] == counts and manifest["runs"]


def test_undated_rows_stay_readable_beside_the_partitions(tmp_path):
    dated = make_article(
        "Troops clashed at the border today.",
        [
            {
                "source": "USAMIL",
                "source_country": "USA",
                "target": "MEX",
                "target_country": "MEX",
                "code": "190",
            }
        ],
    )
    undated = make_article("Troops clashed somewhere once.", [
        {"source": "USAMIL", "source_country": "USA", "target": "MEX", "target_country": "MEX",
         "code": "190", "date": None, "precision": "unknown"}], published=None)  # fmt: skip
    with open_store(":memory:") as store:
        store.write_results([dated, undated])
        update_dedupe(store, [dated.article.id, undated.article.id])
        result = export(tmp_path / "out", format="parquet", db=store)
    assert result.rows["clusters"] == 2
    assert len(pd.read_parquet(tmp_path / "out" / "clusters")) == 1
    loose = pd.read_parquet(tmp_path / "out" / "clusters_undated.parquet")
    assert len(loose) == 1 and loose.event_date.isna().all()


# --- CSV and JSON Lines -------------------------------------------------------------------------


def test_csv_has_a_header_and_every_row(db, counts, tmp_path):
    result = export(tmp_path / "csv", format="csv", db=db)
    assert result.rows == counts
    with (tmp_path / "csv" / "clusters.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == counts["clusters"]
    assert {"cluster_id", "n_mentions", "n_articles", "n_outlets", "n_independent"} <= set(rows[0])
    events = pd.read_csv(tmp_path / "csv" / "events.csv", dtype=str, keep_default_na=False)
    assert len(events) == counts["events"]
    for column in (
        "cues",
        "source_sectors",
        "target_sectors",
    ):  # lists joined with |, never "[...]"
        assert not events[column].str.startswith("[").any()
    assert set(events.modality) <= {"asserted", "negated", "hypothetical", "future", "historical"}


def test_jsonl_articles_follow_the_contract_and_clusters_nest_mentions(db, counts, tmp_path):
    export(tmp_path / "j", format="jsonl", db=db)
    lines = (tmp_path / "j" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == counts["articles"]
    results = [result_from_dict(json.loads(line)) for line in lines]
    assert sum(len(r.events) for r in results) == counts["events"]
    assert all("text" not in json.loads(line) for line in lines)
    clusters = [
        json.loads(line) for line in (tmp_path / "j" / "clusters.jsonl").read_text().splitlines()
    ]
    assert len(clusters) == counts["clusters"]
    assert sum(len(c["mentions"]) for c in clusters) == counts["mentions"]
    assert all(len(c["mentions"]) == c["n_mentions"] for c in clusters)


# --- GDELT 2.0 style ----------------------------------------------------------------------------


def _documented_columns(heading: str) -> list[str]:
    """The column names listed in a table of docs/EXPORTS.md under ``heading``."""
    text = (ROOT / "docs" / "EXPORTS.md").read_text(encoding="utf-8")
    section = text.split(heading, 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    return [m.group(2) for m in re.finditer(r"^\| (\d+) \| `(\w+)` \|", section, re.MULTILINE)]


def test_gdelt_columns_are_the_documented_ones_in_order():
    assert len(GDELT_EVENT_COLUMNS) == 61 and len(GDELT_MENTION_COLUMNS) == 16
    assert _documented_columns("### GDELT events") == list(GDELT_EVENT_COLUMNS)
    assert _documented_columns("### GDELT mentions") == list(GDELT_MENTION_COLUMNS)


def test_gdelt_columns_match_the_field_notes():
    """Cross-check against the team's field notes (read at run time from the shared folder)."""
    from tidings.paths import reference_dir

    notes = reference_dir() / "FIELD-NOTES.md"
    if not notes.exists():
        pytest.skip(f"{notes} not present (shared reference folder not mounted)")
    text = notes.read_text(encoding="utf-8")
    assert "61 tab-separated columns" in text and "16 columns" in text
    checked = 0
    for first, last, names in re.findall(
        r"^\| (\d+)(?:–(\d+))? \| ([A-Za-z0-9_, ]+) \|", text, re.MULTILINE
    ):
        names = [n.strip() for n in names.split(",")]
        span = range(int(first), int(last or first) + 1)
        if len(names) == len(span):  # rows that name each column of their range
            assert [GDELT_EVENT_COLUMNS[i] for i in span] == names
            checked += len(names)
    assert checked >= 15  # GLOBALEVENTID, dates, IsRootEvent, codes, counts, tone, DATEADDED, URL
    mention_rows = text.split("**Mentions table**", 1)[1].split("\n\n", 2)[1]
    listed = []
    for cell in re.findall(r"^\| ([A-Za-z0-9/, ]+) \|", mention_rows, re.MULTILINE):
        for name in (n.strip() for n in cell.split(",")):
            if name == "Field":
                continue
            if "/" in name:  # Actor1/Actor2/ActionCharOffset
                *heads, tail = name.split("/")
                suffix = tail[len("Action") :] if tail.startswith("Action") else ""
                listed += [h + suffix for h in heads] + [tail]
            else:
                listed.append(name)
    assert listed == list(GDELT_MENTION_COLUMNS)


def test_gdelt_rows_put_each_value_in_its_column(db, tmp_path):
    result = export(tmp_path / "g", format="gdelt", db=db)
    events = [
        line.split("\t") for line in (tmp_path / "g" / "events.gdelt.tsv").read_text().splitlines()
    ]
    mentions = [
        line.split("\t")
        for line in (tmp_path / "g" / "mentions.gdelt.tsv").read_text().splitlines()
    ]
    assert len(events) == result.rows["events"] and len(mentions) == result.rows["mentions"]
    assert {len(r) for r in events} == {61} and {len(r) for r in mentions} == {16}
    col = {name: i for i, name in enumerate(GDELT_EVENT_COLUMNS)}
    mcol = {name: i for i, name in enumerate(GDELT_MENTION_COLUMNS)}
    with open_store(db, read_only=True) as store:
        clusters = {
            r["cluster_id"]: r
            for r in store.con.execute("SELECT * FROM event_clusters").df().to_dict("records")
        }
        texts = dict(store.con.execute('SELECT id, "text" FROM articles').fetchall())
        mention_rows = store.con.execute(
            "SELECT m.cluster_id, m.article_id, m.url, m.sentence_index, e.trigger_text "
            "FROM mentions m JOIN events e USING (event_id)"
        ).fetchall()
    by_gid = {gdelt_event_id(c): c for c in clusters}
    arrests = [
        r for r in events if r[col["EventCode"]] == "173" and r[col["SQLDATE"]] == "20250303"
    ]
    assert len(arrests) == 1
    row = arrests[0]
    cluster = clusters[by_gid[int(row[col["GLOBALEVENTID"]])]]
    assert (row[col["Actor1Code"]], row[col["Actor1CountryCode"]], row[col["Actor1Type1Code"]]) == (
        "CHLCOP",
        "CHL",
        "COP",
    )
    assert (row[col["Actor2Code"]], row[col["Actor2CountryCode"]]) == ("BOL", "BOL")
    assert (row[col["EventBaseCode"]], row[col["EventRootCode"]], row[col["QuadClass"]]) == (
        "173",
        "17",
        "4",
    )
    assert (row[col["MonthYear"]], row[col["Year"]]) == ("202503", "2025")
    assert float(row[col["GoldsteinScale"]]) == cluster["goldstein"]
    assert (row[col["NumMentions"]], row[col["NumSources"]], row[col["NumArticles"]]) == (
        "4",
        "3",
        "4",
    )
    assert row[col["SOURCEURL"]] == cluster["source_url"] and row[col["SOURCEURL"]].startswith(
        "https://andeswire"
    )
    assert re.fullmatch(r"\d{14}", row[col["DATEADDED"]])
    for empty in (
        "AvgTone",
        "Actor1Geo_Type",
        "ActionGeo_CountryCode",
        "ActionGeo_ADM1Code",
        "Actor1EthnicCode",
    ):
        assert row[col[empty]] == ""
    # mentions join to events, sentence ids are 1-based, the action offset points at the trigger
    gid = row[col["GLOBALEVENTID"]]
    mine = [m for m in mentions if m[mcol["GLOBALEVENTID"]] == gid]
    assert len(mine) == 4
    assert {m[mcol["MentionSourceName"]] for m in mine} == {
        "Andes Wire",
        "Pacific Courier",
        "Altiplano Times",
    }
    url_to_article = {url: (aid, sentence, trigger) for c, aid, url, sentence, trigger in mention_rows
                      if c == cluster["cluster_id"]}  # fmt: skip
    for m in mine:
        article_id, sentence, trigger = url_to_article[m[mcol["MentionIdentifier"]]]
        assert int(m[mcol["SentenceID"]]) == sentence + 1
        offset = int(m[mcol["ActionCharOffset"]])
        assert texts[article_id][offset:].startswith(trigger)
        actor_offset = int(m[mcol["Actor1CharOffset"]])
        assert actor_offset == -1 or texts[article_id][actor_offset:].startswith("Chilean")
        assert 10 <= int(m[mcol["Confidence"]]) <= 100
        assert int(m[mcol["MentionDocLen"]]) == len(texts[article_id])
    assert {m[mcol["GLOBALEVENTID"]] for m in mentions} <= {r[col["GLOBALEVENTID"]] for r in events}


# --- errors and the CLI -------------------------------------------------------------------------


def test_export_refuses_what_it_should(db, tmp_path):
    with pytest.raises(ExportError, match="unknown export format"):
        export(tmp_path / "x", format="xlsx", db=db)
    with pytest.raises(ExportError, match="no store"):
        export(tmp_path / "x", db=tmp_path / "missing.duckdb")
    foreign = tmp_path / "foreign"
    (foreign / "events").mkdir(parents=True)
    (foreign / "events" / "mine.txt").write_text("keep me")
    with pytest.raises(ExportError, match="not a tidings export"):
        export(foreign, format="parquet", db=db)
    assert (foreign / "events" / "mine.txt").read_text() == "keep me"
    with open_store(":memory:") as store:  # events without clusters: dedupe has not run
        store.write_results(
            [make_article("A clash.", [{"source": "USA", "source_country": "USA", "code": "190"}])]
        )
        with pytest.raises(ExportError, match="tidings dedupe"):
            export(tmp_path / "stale", db=store)


def test_export_command_writes_each_format(db, tmp_path):
    from tidings.cli import main
    from tidings.commands.export import FORMATS as CLI_FORMATS

    assert CLI_FORMATS == FORMATS
    runner = CliRunner()
    for fmt in FORMATS:
        result = runner.invoke(
            main,
            ["export", "--format", fmt, "--out", str(tmp_path / fmt), "--db", str(db), "--json"],
        )
        assert result.exit_code == 0, result.output
        written = json.loads(result.output)
        assert written["format"] == fmt and written["files"]
        assert all((tmp_path / fmt / f).exists() for f in written["files"])
    again = runner.invoke(
        main, ["export", "--format", "csv", "--out", str(tmp_path / "csv"), "--db", str(db)]
    )
    assert again.exit_code == 0 and "wrote 4 file(s)" in again.output
