"""Exports: the dataset as files others can load (docs/EXPORTS.md).

    tidings export --format parquet --out dataset/ --db tidings.duckdb
    tidings.export("dataset/", format="parquet", db="tidings.duckdb")

Formats:

* ``parquet``: ``events/``, ``clusters/`` and ``mentions/`` as Hive-partitioned datasets
  (``event_date=YYYY-MM-DD/part-0.parquet``; a mention goes with its cluster's date), plus
  ``articles.parquet``. Rows with no event date go to ``events_undated.parquet`` (and
  ``clusters_undated.parquet``, ``mentions_undated.parquet``): a null partition value breaks
  pandas' reader, so they are kept beside the partitioned tree rather than inside it.
* ``csv``: ``events.csv``, ``clusters.csv``, ``mentions.csv``, ``articles.csv`` with a header
  row; list columns joined with ``|``.
* ``jsonl``: ``articles.jsonl`` (the JSON contract of docs/SCHEMA.md, one article a line) and
  ``clusters.jsonl`` (one event cluster a line, its mentions nested).
* ``gdelt``: ``events.gdelt.tsv`` (61 columns) and ``mentions.gdelt.tsv`` (16 columns) in
  GDELT 2.0's column order, tab-separated, no header; one event row per cluster. Fields tidings
  cannot fill are empty (docs/EXPORTS.md lists them).

Every export also writes ``manifest.json`` (format, files, row counts, schema version, runs).
An export folder may be written again (its files are replaced); a folder that holds other
files at the names an export writes is refused rather than overwritten.

Nothing here pastes a value into SQL: rows are read with fixed queries and written with
pyarrow / the csv and json modules.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import shutil
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

if TYPE_CHECKING:  # pragma: no cover
    from tidings.store import Store

FORMATS = ("parquet", "csv", "jsonl", "gdelt")
MANIFEST = "manifest.json"

#: GDELT 2.0 event table ("export"), in order: 61 columns.
GDELT_EVENT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(
        f"{actor}{part}"
        for actor in ("Actor1", "Actor2")
        for part in (
            "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
            "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
        )
    ),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(
        f"{who}Geo_{part}"
        for who in ("Actor1", "Actor2", "Action")
        for part in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
    ),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

#: GDELT 2.0 mentions table, in order: 16 columns.
GDELT_MENTION_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
    "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone",
    "MentionDocTranslationInfo", "Extras",
)  # fmt: skip

assert len(GDELT_EVENT_COLUMNS) == 61 and len(GDELT_MENTION_COLUMNS) == 16


class ExportError(RuntimeError):
    """An export that cannot be written as asked; the message says what to do."""


@dataclass
class ExportResult:
    format: str
    out: Path
    files: list[Path] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "out": str(self.out),
            "files": [str(p.relative_to(self.out)) for p in self.files],
            "rows": dict(self.rows),
        }


# ---------------------------------------------------------------------------------------------
# the rows

_EVENTS_SQL = """
SELECT e.*, m.cluster_id, a.outlet, a.published, a.url, a.title, g.group_id AS syndication_group
FROM events e
JOIN articles a ON a.id = e.article_id
LEFT JOIN mentions m ON m.event_id = e.event_id
LEFT JOIN article_groups g ON g.article_id = e.article_id
ORDER BY e.event_date NULLS LAST, e.article_id, e.sentence_index, e.event_id
"""
_CLUSTERS_SQL = "SELECT * FROM event_clusters ORDER BY event_date NULLS LAST, cluster_id"
_MENTIONS_SQL = """
SELECT m.*, c.event_date
FROM mentions m JOIN event_clusters c USING (cluster_id)
ORDER BY c.event_date NULLS LAST, m.cluster_id, m.published NULLS LAST, m.article_id, m.sentence_index, m.event_id
"""
_ARTICLES_SQL = """
SELECT a.id, a.url, a.outlet, a.published, a.title, a."language", a.n_chars, a.origin,
       a.coded_at, a.run_id, g.group_id AS syndication_group, g.group_size AS syndication_size
FROM articles a LEFT JOIN article_groups g ON g.article_id = a.id
ORDER BY a.published NULLS LAST, a.id
"""
_ARTICLES_WITH_TEXT_SQL = _ARTICLES_SQL.replace(
    "a.n_chars, a.origin,", 'a.n_chars, a.origin, a."text",'
)

TABLES = {"events": _EVENTS_SQL, "clusters": _CLUSTERS_SQL, "mentions": _MENTIONS_SQL}


def _arrow(store: Store, sql: str) -> pa.Table:
    # a cursor of its own: a relation refuses to run while the connection has an unfinished result
    cursor = store.con.cursor()
    try:
        relation = cursor.sql(sql)  # fixed SQL of this module, no values in it
        for name in (
            "to_arrow_table",
            "arrow",
            "fetch_arrow_table",
        ):  # renamed across duckdb versions
            method = getattr(relation, name, None)
            if method is not None:
                table = method()
                return table if isinstance(table, pa.Table) else table.read_all()
    finally:
        cursor.close()
    raise ExportError("this duckdb has no Arrow export; upgrade duckdb (pip install -U duckdb)")


# ---------------------------------------------------------------------------------------------
# folder handling


def _prepare(out: Path, names: list[str]) -> None:
    """Make ``out`` ready: our own earlier export is replaced; anything else is left alone
    and, where it would be overwritten, refused."""
    out.mkdir(parents=True, exist_ok=True)
    ours = (out / MANIFEST).exists()
    clashes = [n for n in names if (out / n).exists()]
    if clashes and not ours:
        raise ExportError(
            f"{out} already holds {', '.join(clashes)} and is not a tidings export (no {MANIFEST}); "
            "export to an empty folder"
        )
    for name in clashes:
        path = out / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def _write_manifest(store: Store, result: ExportResult, started: dt.datetime) -> None:
    runs = [
        {"run_id": r[0], "code_version": r[1], "lexicon_hash": r[2], "model": r[3]}
        for r in store.con.execute(
            "SELECT run_id, code_version, lexicon_hash, model FROM runs "
            "WHERE run_id IN (SELECT DISTINCT run_id FROM articles) ORDER BY started_at, run_id"
        ).fetchall()
    ]
    manifest = {
        "tool": "tidings",
        "created_at": started.isoformat(timespec="seconds"),
        "store": store.path,
        "schema_version": store.schema_version,
        "runs": runs,
        **result.as_dict(),
    }
    (result.out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# writers


def _stream(cursor: Any, sql: str, counter: dict[str, int], key: str) -> pa.RecordBatchReader:
    """The rows of ``sql`` as Arrow record batches (never the whole table in memory), counting
    them into ``counter[key]`` as they pass."""
    relation = cursor.sql(sql)  # fixed SQL of this module, no values in it
    for name in ("to_arrow_reader", "fetch_arrow_reader", "fetch_record_batch", "record_batch"):
        method = getattr(relation, name, None)  # renamed across duckdb versions
        if method is not None:
            reader = method(100_000)
            break
    else:
        raise ExportError("this duckdb has no Arrow export; upgrade duckdb (pip install -U duckdb)")

    def batches():
        for batch in reader:
            counter[key] = counter.get(key, 0) + batch.num_rows
            yield batch

    return pa.RecordBatchReader.from_batches(reader.schema, batches())


def _write_parquet(store: Store, out: Path, result: ExportResult, include_text: bool) -> None:
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    _prepare(out, [*TABLES, *(f"{t}_undated.parquet" for t in TABLES), "articles.parquet"])
    partitioning = ds.partitioning(pa.schema([("event_date", pa.date32())]), flavor="hive")
    for name, sql in TABLES.items():
        (out / name).mkdir()
        result.rows[name] = 0
        # a cursor of its own: a relation refuses to run while the connection has an
        # unfinished result
        cursor = store.con.cursor()
        try:
            ds.write_dataset(
                _stream(
                    cursor, f"SELECT * FROM ({sql}) WHERE event_date IS NOT NULL", result.rows, name
                ),
                out / name,
                format="parquet",
                partitioning=partitioning,
                basename_template="part-{i}.parquet",
                existing_data_behavior="overwrite_or_ignore",
                max_partitions=1_000_000,  # one per day: the default (1,024) is under three years
            )
            undated = _arrow(store, f"SELECT * FROM ({sql}) WHERE event_date IS NULL")
        finally:
            cursor.close()
        result.files.extend(sorted((out / name).rglob("*.parquet")))
        if undated.num_rows:
            result.rows[name] += undated.num_rows
            path = out / f"{name}_undated.parquet"
            pq.write_table(undated, path)
            result.files.append(path)
    articles = _arrow(store, _ARTICLES_WITH_TEXT_SQL if include_text else _ARTICLES_SQL)
    result.rows["articles"] = articles.num_rows
    pq.write_table(articles, out / "articles.parquet")
    result.files.append(out / "articles.parquet")


def _csv_value(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return "|".join("" if v is None else str(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


def _iter_rows(con: Any, sql: str, batch: int = 5000) -> tuple[list[str], Iterator[tuple]]:
    """(column names, rows) of fixed SQL, fetched in batches from a connection or cursor."""
    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description]

    def rows() -> Iterator[tuple]:
        while chunk := cursor.fetchmany(batch):
            yield from chunk

    return columns, rows()


def _write_csv(store: Store, out: Path, result: ExportResult, include_text: bool) -> None:
    names = {**TABLES, "articles": _ARTICLES_WITH_TEXT_SQL if include_text else _ARTICLES_SQL}
    _prepare(out, [f"{n}.csv" for n in names])
    for name, sql in names.items():
        path = out / f"{name}.csv"
        columns, rows = _iter_rows(store.con, sql)
        n = 0
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([_csv_value(v) for v in row])
                n += 1
        result.rows[name] = n
        result.files.append(path)


def _json_value(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _write_jsonl(store: Store, out: Path, result: ExportResult, include_text: bool) -> None:
    from tidings.serialize import article_result_to_dict

    _prepare(out, ["articles.jsonl", "clusters.jsonl"])
    path = out / "articles.jsonl"
    n = 0
    with path.open("w", encoding="utf-8") as handle:
        for article in store.iter_results():
            record = article_result_to_dict(article, include_text=include_text)
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    result.rows["articles"] = n
    result.files.append(path)

    # clusters and mentions come in the same order (event date, cluster id): merge them as they
    # stream, on two cursors, instead of holding every mention in memory
    path = out / "clusters.jsonl"
    clusters_cursor, mentions_cursor = store.con.cursor(), store.con.cursor()
    n_clusters = n_mentions = 0
    try:
        columns, rows = _iter_rows(clusters_cursor, _CLUSTERS_SQL)
        mention_columns, mention_rows = _iter_rows(mentions_cursor, _MENTIONS_SQL)
        pending = next(mention_rows, None)
        with path.open("w", encoding="utf-8") as handle:
            for row in rows:
                record = {k: _json_value(v) for k, v in zip(columns, row, strict=True)}
                record["mentions"] = []
                while pending is not None:
                    mention = dict(zip(mention_columns, pending, strict=True))
                    if mention["cluster_id"] != record["cluster_id"]:
                        break
                    mention.pop("event_date")
                    record["mentions"].append({k: _json_value(v) for k, v in mention.items()})
                    pending = next(mention_rows, None)
                n_mentions += len(record["mentions"])
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                n_clusters += 1
    finally:
        clusters_cursor.close()
        mentions_cursor.close()
    result.rows["clusters"] = n_clusters
    result.rows["mentions"] = n_mentions
    result.files.append(path)


# -- GDELT 2.0 style -----------------------------------------------------------------------------


def gdelt_event_id(cluster_id: str) -> int:
    """GDELT's GLOBALEVENTID is an integer: the first 15 hex digits of the cluster id (60 bits),
    the same in the events and mentions files."""
    return int(cluster_id[:15], 16)


def _stamp(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y%m%d%H%M%S")
    return value.strftime("%Y%m%d") + "000000"


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:g}"
    return " ".join(str(value).split())  # no tabs or newlines inside a field


def _roles(cameo: str | None) -> list[str]:
    """CAMEO actor type codes after the country part: USAGOVLEG -> [GOV, LEG]."""
    code = cameo or ""
    return [code[i : i + 3] for i in range(3, min(len(code), 12), 3)]


def _geo_type(country: str | None, precision: str | None) -> str:
    """GDELT geo type: 1 country, 2 US state, 3 US city, 4 world city, 5 world ADM1."""
    if precision == "country":
        return "1"
    if precision == "admin1":
        return "2" if country == "USA" else "5"
    if precision == "city":
        return "3" if country == "USA" else "4"
    return ""


def _fraction_date(day: dt.date) -> str:
    return f"{day.year + (day.timetuple().tm_yday / 365):.4f}"


def gdelt_event_row(cluster: dict[str, Any]) -> list[str]:
    """One GDELT 2.0 event row (61 fields) from an ``event_clusters`` row."""
    day = cluster.get("event_date")
    if isinstance(day, dt.datetime):
        day = day.date()
    row: list[Any] = [
        gdelt_event_id(cluster["cluster_id"]),
        day.strftime("%Y%m%d") if day else "",
        day.strftime("%Y%m") if day else "",
        day.year if day else "",
        _fraction_date(day) if day else "",
    ]
    for slot in ("source", "target"):
        cameo = cluster.get(f"{slot}_cameo")
        roles = (_roles(cameo) + ["", "", ""])[:3]
        row += [
            cameo, cluster.get(f"{slot}_name"), cluster.get(f"{slot}_country"),
            "", "", "", "",  # known group, ethnic, religion 1 and 2: not coded
            *roles,
        ]  # fmt: skip
    row += [
        int(bool(cluster.get("is_root_event"))),
        cluster.get("cameo_code"), cluster.get("base_code"), cluster.get("root_code"),
        cluster.get("quad_class"), cluster.get("goldstein"),
        cluster.get("n_mentions"), cluster.get("n_outlets"), cluster.get("n_articles"),
        "",  # AvgTone: tidings does not score tone
    ]  # fmt: skip
    row += [""] * 16  # Actor1Geo_*, Actor2Geo_*: actors are not geolocated
    has_place = cluster.get("place_name") or cluster.get("place_lat") is not None
    row += [
        _geo_type(cluster.get("place_country"), cluster.get("place_precision"))
        if has_place
        else "",
        cluster.get("place_name"),
        "",  # ActionGeo_CountryCode: GDELT uses FIPS 10-4; our ISO-3 code is in the native exports
        "",  # ActionGeo_ADM1Code: FIPS-based
        "",  # ActionGeo_ADM2Code
        cluster.get("place_lat"),
        cluster.get("place_lon"),
        cluster.get("place_geonameid"),  # a GeoNames id, not GDELT's GNS/GNIS feature id
    ]
    row += [_stamp(cluster.get("added_at")), cluster.get("source_url")]
    return [_clean(v) for v in row]


def gdelt_mention_row(mention: dict[str, Any], cluster_added: dt.datetime | None) -> list[str]:
    """One GDELT 2.0 mention row (16 fields) from a mention with its evidence offsets."""
    published = mention.get("published")
    confidence = mention.get("confidence")
    row = [
        gdelt_event_id(mention["cluster_id"]),
        _stamp(cluster_added),
        _stamp(published if published is not None else mention.get("coded_at")),
        1,  # MentionType 1: web (every tidings source is a text document)
        mention.get("outlet"),
        mention.get("url") or mention.get("article_id"),
        (mention["sentence_index"] + 1) if mention.get("sentence_index") is not None else "",
        _offset(mention.get("source_start")),
        _offset(mention.get("target_start")),
        _offset(mention.get("trigger_start")),
        1,  # InRawText: every tidings event is read from the text itself
        round(float(confidence) * 100) if confidence is not None else "",
        mention.get("n_chars"),
        "", "", "",  # MentionDocTone, MentionDocTranslationInfo, Extras
    ]  # fmt: skip
    return [_clean(v) for v in row]


def _offset(value: Any) -> int:
    return -1 if value is None or (isinstance(value, float) and math.isnan(value)) else int(value)


_GDELT_MENTIONS_SQL = """
WITH spans AS (  -- source/target spans the coder recorded in the JSON contract
    SELECT unnest(CAST(json_extract(a.result_json, '$.events') AS JSON[])) AS ev
    FROM articles a
    WHERE a.id IN (SELECT article_id FROM mentions)
), span_offsets AS (
    SELECT ev ->> '$.id' AS event_id,
           TRY_CAST(ev ->> '$.evidence.source_span.start' AS INTEGER) AS source_start,
           TRY_CAST(ev ->> '$.evidence.target_span.start' AS INTEGER) AS target_start
    FROM spans
), actor_mentions AS (  -- otherwise: the actor's first mention inside the evidence sentence
    SELECT ac.article_id, ac.actor_id, TRY_CAST(json_extract(m, '$[0]') AS INTEGER) AS start
    FROM actors ac, unnest(CAST(ac.mentions AS JSON[])) AS t(m)
), sentence_offsets AS (
    SELECT e.event_id,
           min(am.start) FILTER (WHERE am.actor_id = e.source_actor_id) AS source_start,
           min(am.start) FILTER (WHERE am.actor_id = e.target_actor_id) AS target_start
    FROM events e
    JOIN actor_mentions am ON am.article_id = e.article_id
     AND am.start >= e.sentence_start AND am.start < e.sentence_end
    GROUP BY e.event_id
)
SELECT m.cluster_id, m.event_id, m.article_id, m.sentence_index, m.outlet, m.published, m.url,
       m.confidence, a.coded_at, a.n_chars, e.trigger_start,
       coalesce(so.source_start, se.source_start) AS source_start,
       coalesce(so.target_start, se.target_start) AS target_start
FROM mentions m
JOIN events e USING (event_id)
JOIN articles a ON a.id = m.article_id
LEFT JOIN span_offsets so ON so.event_id = m.event_id
LEFT JOIN sentence_offsets se ON se.event_id = m.event_id
ORDER BY m.cluster_id, m.published NULLS LAST, m.article_id, m.sentence_index, m.event_id
"""


def _write_gdelt(store: Store, out: Path, result: ExportResult, include_text: bool) -> None:
    _prepare(out, ["events.gdelt.tsv", "mentions.gdelt.tsv"])
    added: dict[str, dt.datetime] = {}
    path = out / "events.gdelt.tsv"
    columns, rows = _iter_rows(store.con, _CLUSTERS_SQL)
    n = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        for row in rows:
            cluster = dict(zip(columns, row, strict=True))
            added[cluster["cluster_id"]] = cluster["added_at"]
            handle.write("\t".join(gdelt_event_row(cluster)) + "\n")
            n += 1
    result.rows["events"] = n
    result.files.append(path)
    path = out / "mentions.gdelt.tsv"
    columns, rows = _iter_rows(store.con, _GDELT_MENTIONS_SQL)
    n = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        for row in rows:
            mention = dict(zip(columns, row, strict=True))
            handle.write(
                "\t".join(gdelt_mention_row(mention, added.get(mention["cluster_id"]))) + "\n"
            )
            n += 1
    result.rows["mentions"] = n
    result.files.append(path)


_WRITERS = {
    "parquet": _write_parquet,
    "csv": _write_csv,
    "jsonl": _write_jsonl,
    "gdelt": _write_gdelt,
}


# ---------------------------------------------------------------------------------------------
# the entry point


def export(
    out: str | Path,
    *,
    format: str = "parquet",
    db: str | Path | Store = "tidings.duckdb",
    include_text: bool = False,
) -> ExportResult:
    """Write the dataset in ``db`` to the folder ``out`` as ``format`` (parquet, csv, jsonl,
    gdelt); returns the files written and row counts. ``db`` may be a path or an open Store.

    Article texts are left out unless ``include_text`` (they are usually under copyright).
    The store must be de-duplicated (``tidings code`` does it; ``tidings dedupe`` recomputes).
    """
    from tidings.dedupe import dedupe_is_current
    from tidings.store import Store, open_store

    if format not in FORMATS:
        raise ExportError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    own = not isinstance(db, Store)
    if own and not Path(db).exists():
        raise ExportError(f"no store at {db}; code articles first (`tidings code PATH --db {db}`)")
    store = open_store(db, read_only=True) if own else db
    try:
        if not dedupe_is_current(store):
            raise ExportError(
                f"the event clusters in {store.path} are out of date (some events have no "
                f"mention row); run `tidings dedupe --db {store.path}` first"
            )
        started = dt.datetime.now()
        result = ExportResult(format=format, out=Path(out))
        _WRITERS[format](store, Path(out), result, include_text)
        _write_manifest(store, result, started)
        return result
    finally:
        if own:
            store.close()


class _CallableModule(types.ModuleType):
    """``tidings.export`` is both this module and its function: ``tidings.export(out, ...)``."""

    def __call__(self, *args: Any, **kwargs: Any) -> ExportResult:
        return export(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
