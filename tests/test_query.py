"""One query, three ways: `tidings query`, `tidings.query()` and `GET /events` give the same rows;
filters mean what docs say; values never reach the SQL text."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

import tidings
from tidings.cli import main
from tidings.paths import PACKAGE_DIR
from tidings.query import (
    EVENT_COLUMNS,
    FILTER_FIELDS,
    EventFilter,
    QueryError,
    cursor_after,
    daily_sql,
    events_sql,
    fetch_event_page,
    fetch_records,
    make_filter,
    network_sql,
    places_sql,
    records_from_frame,
    tune_connection,
)
from tidings.server import ServerConfig, create_app
from tidings.store import open_store

# ---------------------------------------------------------------------------------------------
# stores


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    """The bundled sample articles, coded for real."""
    db = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    summary = tidings.code_paths([PACKAGE_DIR / "samples"], db=db)
    assert summary.articles >= 6 and summary.asserted_events > 10
    return db


def _event(event_id, article_id, *, src, src_country, tgt, tgt_country, code, day, modality="asserted",
           place=None, place_country=None, lat=None, lon=None, goldstein=-4.0, quad=3):
    return {
        "event_id": event_id, "article_id": article_id, "source_actor_id": "A1",
        "source_name": f"{src} name", "source_cameo": src, "source_country": src_country,
        "target_actor_id": "A2", "target_name": f"{tgt} name", "target_cameo": tgt,
        "target_country": tgt_country, "cameo_code": code, "root_code": code[:2],
        "base_code": code[:3], "quad_class": quad, "goldstein": goldstein, "modality": modality,
        "event_date": day, "date_value": day.isoformat() if day else None,
        "date_precision": "day" if day else "unknown", "place_name": place,
        "place_country": place_country, "place_lat": lat, "place_lon": lon, "confidence": 0.9,
        "sentence_index": 0, "sentence_start": 0, "sentence_end": 40,
        "evidence_text": f"Evidence sentence of {event_id}.", "trigger_start": 0, "trigger_end": 8,
        "trigger_text": "Evidence",
    }


SYNTHETIC = [
    # the issue's example: MEX -> USA, root 12, on/after 2025-08-01, in Mexico
    _event("e1", "a1", src="MEXGOV", src_country="MEX", tgt="USAGOV", tgt_country="USA", code="120",
           day=dt.date(2025, 8, 3), place="Mexico City", place_country="MEX", lat=19.43, lon=-99.13),
    _event("e2", "a1", src="MEX", src_country="MEX", tgt="USA", tgt_country="USA", code="1211",
           day=dt.date(2025, 8, 9), place="Tijuana", place_country="MEX", lat=32.5, lon=-117.0),
    # too early
    _event("e3", "a2", src="MEXGOV", src_country="MEX", tgt="USA", tgt_country="USA", code="120",
           day=dt.date(2025, 7, 30), place="Mexico City", place_country="MEX", lat=19.43, lon=-99.13),
    # wrong place
    _event("e4", "a2", src="MEXGOV", src_country="MEX", tgt="USA", tgt_country="USA", code="120",
           day=dt.date(2025, 8, 4), place="Washington", place_country="USA", lat=38.9, lon=-77.0),
    # wrong root
    _event("e5", "a2", src="MEXGOV", src_country="MEX", tgt="USA", tgt_country="USA", code="043",
           day=dt.date(2025, 8, 5), place="Mexico City", place_country="MEX", lat=19.43, lon=-99.13,
           goldstein=2.8, quad=1),
    # not asserted
    _event("e6", "a3", src="MEXGOV", src_country="MEX", tgt="USA", tgt_country="USA", code="120",
           day=dt.date(2025, 8, 6), modality="negated", place="Mexico City", place_country="MEX"),
    # reverse direction
    _event("e7", "a3", src="USAGOV", src_country="USA", tgt="MEXGOV", tgt_country="MEX", code="128",
           day=dt.date(2025, 8, 7), place="Mexico City", place_country="MEX", lat=19.43, lon=-99.13),
    # undated, other dyad
    _event("e8", "a3", src="---COP", src_country=None, tgt="CAN", tgt_country="CAN", code="173",
           day=None, goldstein=-5.0, quad=4),
]


@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory) -> Path:
    """A store of hand-written rows whose right answers are known."""
    db = tmp_path_factory.mktemp("synthetic") / "synthetic.duckdb"
    with open_store(db) as store:
        for aid, outlet in (("a1", "Wire One"), ("a2", "Wire Two"), ("a3", "Daily Three")):
            store.con.execute("INSERT INTO articles (id, outlet, published, title, \"text\") "
                              "VALUES (?, ?, ?, ?, ?)",
                              [aid, outlet, dt.date(2025, 8, 10), f"title {aid}", f"text {aid}"])
        for row in SYNTHETIC:
            names = ", ".join(row)
            store.con.execute(f"INSERT INTO events ({names}) VALUES ({', '.join('?' * len(row))})",
                              list(row.values()))
        # two reports of one real-world event from independent sources, and a lone report
        for cluster, n_independent, events in (("k1", 2, ("e1", "e2")), ("k2", 1, ("e3",))):
            store.con.execute(
                "INSERT INTO event_clusters (cluster_id, block_key, seed_event_id, cameo_code, "
                "n_mentions, n_asserted, n_articles, n_outlets, n_independent, added_at, updated_at) "
                "VALUES (?, 'MEX|USA|12', ?, '120', ?, ?, ?, ?, ?, now(), now())",
                [cluster, events[0], len(events), len(events), 1, n_independent, n_independent])
            for event_id in events:
                store.con.execute("INSERT INTO mentions (event_id, cluster_id, article_id) "
                                  "VALUES (?, ?, 'a1')", [event_id, cluster])
    return db


def ids(frame) -> list[str]:
    return list(frame["event_id"])


# ---------------------------------------------------------------------------------------------
# one behaviour, three ways


def _cli_json(db: Path, args: list[str]) -> list[dict]:
    result = CliRunner().invoke(main, ["query", "--db", str(db), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _http_all_pages(client: TestClient, params: dict, page_size: int) -> list[dict]:
    rows, url = [], "/events"
    response = client.get(url, params={**params, "limit": page_size})
    while True:
        assert response.status_code == 200, response.text
        body = response.json()
        rows += body["items"]
        if body["next"] is None:
            return rows
        assert len(body["items"]) == page_size
        response = client.get(body["next"])


CASES = [
    ({}, []),
    ({"involving": "IDN", "modality": "all"}, ["--involving", "IDN", "--modality", "all"]),
    ({"actor": "IDN", "target": "VNM", "both_directions": True},
     ["--actor", "IDN", "--target", "VNM", "--both-directions"]),
    ({"root": ["11", "12"], "since": "2024-11-01"}, ["--root", "11", "--root", "12", "--since", "2024-11-01"]),
    ({"code": "0", "modality": "all", "outlet": "Meridian Wire"},
     ["--code", "0", "--modality", "all", "--outlet", "Meridian Wire"]),
    ({"quad_class": 4, "until": "2025-01-31"}, ["--quad-class", "4", "--until", "2025-01-31"]),
    ({"contains": "police"}, ["--contains", "police"]),
]


@pytest.mark.parametrize(("filters", "cli_args"), CASES)
def test_cli_python_and_http_return_identical_rows(sample_db, filters, cli_args):
    frame = tidings.query(sample_db, **filters)
    python_rows = records_from_frame(frame)
    cli_rows = _cli_json(sample_db, cli_args)
    with TestClient(create_app(ServerConfig(db=sample_db, token=""))) as client:
        http_rows = _http_all_pages(client, filters, page_size=3)
    assert list(frame.columns) == list(EVENT_COLUMNS)
    assert cli_rows == python_rows
    assert http_rows == python_rows
    if not filters:
        assert len(python_rows) > 10  # the sample corpus has asserted events; the check is not vacuous


def test_csv_and_table_formats_carry_the_same_events(sample_db):
    python_ids = ids(tidings.query(sample_db, involving="IDN"))
    result = CliRunner().invoke(main, ["query", "--db", str(sample_db), "--involving", "IDN",
                                       "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split(",") == list(EVENT_COLUMNS)
    assert [line.split(",")[0] for line in lines[1:]] == python_ids
    table = CliRunner().invoke(main, ["query", "--db", str(sample_db), "--involving", "IDN"])
    assert table.exit_code == 0 and f"{len(python_ids)} events" in table.output


# ---------------------------------------------------------------------------------------------
# what the filters mean


def test_the_issue_example_selects_exactly_the_matching_events(synthetic_db):
    frame = tidings.query(synthetic_db, actor="MEX", target="USA", root=12, since="2025-08-01",
                          place="Mexico")
    assert ids(frame) == ["e1", "e2"]  # e3 early, e4 in the US, e5 root 04, e6 negated, e7 reversed
    result = CliRunner().invoke(main, ["query", "--db", str(synthetic_db), "--actor", "MEX",
                                       "--target", "USA", "--root", "12", "--since", "2025-08-01",
                                       "--place", "Mexico", "--format", "json"])
    assert [r["event_id"] for r in json.loads(result.output)] == ["e1", "e2"]


def test_defaults_to_asserted_events(synthetic_db):
    assert "e6" not in ids(tidings.query(synthetic_db))
    assert "e6" in ids(tidings.query(synthetic_db, modality="all"))
    assert ids(tidings.query(synthetic_db, modality="negated")) == ["e6"]


def test_dyad_both_directions_and_actor_forms(synthetic_db):
    one_way = ids(tidings.query(synthetic_db, actor="USA", target="MEX"))
    both = ids(tidings.query(synthetic_db, actor="USA", target="MEX", both_directions=True))
    assert one_way == ["e7"]
    assert set(both) == {"e1", "e2", "e3", "e4", "e5", "e7"}
    # a country name is read as its ISO code; a CAMEO prefix matches the longer codes
    assert ids(tidings.query(synthetic_db, actor="Mexico", target="USA")) == ids(
        tidings.query(synthetic_db, actor="MEX", target="USA"))
    assert ids(tidings.query(synthetic_db, actor="MEXGOV", target="USA")) == ["e3", "e1", "e4", "e5"]
    assert ids(tidings.query(synthetic_db, actor="---COP")) == ["e8"]  # no country, CAMEO prefix
    assert ids(tidings.query(synthetic_db, involving="CAN")) == ["e8"]
    assert ids(tidings.query(synthetic_db, actor="mexgov name")) == ["e3", "e1", "e4", "e5"]


def test_clusters_and_independent_sources(synthetic_db):
    assert ids(tidings.query(synthetic_db, min_independent=2)) == ["e1", "e2"]
    assert ids(tidings.query(synthetic_db, cluster_id="k2")) == ["e3"]
    rows = records_from_frame(tidings.query(synthetic_db, actor="MEX", target="USA", root=12))
    by_id = {r["event_id"]: r for r in rows}
    assert by_id["e1"]["cluster_id"] == "k1" and by_id["e1"]["n_independent"] == 2
    assert by_id["e4"]["cluster_id"] is None  # a store where de-duplication has not seen it


def test_order_paging_and_undated_last(synthetic_db):
    asc = ids(tidings.query(synthetic_db))
    assert asc[-1] == "e8"  # undated last
    assert ids(tidings.query(synthetic_db, order="desc"))[-1] == "e8"
    assert ids(tidings.query(synthetic_db, limit=2, offset=1)) == asc[1:3]


@pytest.fixture(scope="module")
def paging_db(tmp_path_factory) -> Path:
    """240 events on few dates (many ties), some undated, some on the sentinel dates the sort
    key gives undated events (9999-12-31 ascending, 0001-01-01 descending), inserted out of id
    order; clusters with 0-3 independent sources, one event without a mention; MEXGOV actors
    without a country (an actor filter's cheap subset misses them)."""
    db = tmp_path_factory.mktemp("paging") / "paging.duckdb"
    with open_store(db) as store:
        con = store.con
        con.execute("INSERT INTO articles (id, outlet, published) "
                    "SELECT 'art' || i, 'Outlet ' || (i % 3), DATE '2025-01-01' FROM range(8) t(i)")
        con.execute(
            "INSERT INTO events (event_id, article_id, cameo_code, root_code, modality, "
            "event_date, date_value, source_country, source_cameo, target_country) "
            "SELECT printf('p%03d', i), 'art' || (i % 8), '120', '12', "
            "CASE WHEN i % 5 = 0 THEN 'negated' ELSE 'asserted' END, "
            "CASE WHEN i % 11 = 0 THEN NULL WHEN i % 13 = 0 THEN DATE '9999-12-31' "
            "     WHEN i % 17 = 0 THEN DATE '0001-01-01' "
            "     ELSE DATE '2025-01-01' + ((i * 7) % 9)::INTEGER END, NULL, "
            "CASE WHEN i % 2 = 1 THEN 'USA' WHEN i % 3 > 0 THEN 'MEX' END, "
            "CASE WHEN i % 2 = 0 THEN 'MEXGOV' ELSE 'USA' END, 'CAN' "
            "FROM range(240) t(i) ORDER BY hash(i)")
        con.execute(
            "INSERT INTO event_clusters (cluster_id, block_key, seed_event_id, cameo_code, "
            "n_mentions, n_asserted, n_articles, n_outlets, n_independent, added_at, updated_at) "
            "SELECT 'k' || i, 'b', printf('p%03d', i), '120', 1, 1, 1, 1, (i % 4)::INTEGER, "
            "now(), now() FROM range(120) t(i)")
        con.execute("INSERT INTO mentions (event_id, cluster_id, article_id) "
                    "SELECT printf('p%03d', i), 'k' || (i // 2), 'art' || (i % 8) "
                    "FROM range(239) t(i)")
    return db


PAGING_FILTERS = [{}, {"modality": "all"}, {"min_independent": 1}, {"min_independent": 3},
                  {"actor": "MEX", "min_independent": 2}, {"outlet": "Outlet 1"},
                  {"actor": "MEX"}, {"actor": "CAN", "target": "MEX", "both_directions": True},
                  {"cluster_id": ["k3", "k40"]}]


@pytest.mark.parametrize("filters", PAGING_FILTERS)
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_every_page_is_a_slice_of_the_full_order(paging_db, filters, order):
    """Pages (limit/offset and keyset) come out of the full, unpaged order exactly, whatever
    shortcut computes them (a date-only bound, candidates for min_independent)."""
    f = make_filter(**filters)
    with duckdb.connect(str(paging_db), read_only=True) as con:
        tune_connection(con)
        full = [r["event_id"] for r in fetch_records(con, *events_sql(f, order=order))]
        assert full, filters
        for limit in (0, 1, 2, 7, 50, 400):
            for offset in (0, 3, 120):
                sql, params = events_sql(f, limit=limit, offset=offset, order=order)
                got = [r["event_id"] for r in fetch_records(con, sql, params)]
                assert got == full[offset:offset + limit], (limit, offset)
        for size in (3, 50):
            seen, after = [], None
            while True:
                rows = fetch_event_page(con, f, limit=size, after=after, order=order)
                seen += [r["event_id"] for r in rows]
                if len(rows) < size:
                    break
                after = cursor_after(rows[-1], order)
            assert seen == full, size


def test_aggregates_use_the_same_filter(synthetic_db):
    con = duckdb.connect(str(synthetic_db), read_only=True)
    f = make_filter(actor="MEX", target="USA")
    daily = con.execute(*daily_sql(f)).fetchall()
    assert [(d.isoformat(), n) for d, n, *_ in daily] == [
        ("2025-07-30", 1), ("2025-08-03", 1), ("2025-08-04", 1), ("2025-08-05", 1), ("2025-08-09", 1)]
    day5 = next(r for r in daily if r[0] == dt.date(2025, 8, 5))
    assert day5[2] == pytest.approx(2.8) and day5[3] == 1  # Goldstein sum, quad 1 count
    edges = con.execute(*network_sql(make_filter(), level="country")).fetchall()
    assert ("MEX", "USA", 5) in [e[:3] for e in edges]
    assert ("---COP", "CAN", 1) in [e[:3] for e in edges]  # no country: the CAMEO code is the node
    places = con.execute(*places_sql(make_filter(place="Mexico"))).fetchall()
    assert {p[0] for p in places} == {"Mexico City", "Tijuana"}
    con.close()


# ---------------------------------------------------------------------------------------------
# errors and injection


def test_errors_name_the_parameter_and_the_fix(synthetic_db, tmp_path):
    with pytest.raises(QueryError, match="unknown filter 'actr'.*known filters: actor"):
        tidings.query(synthetic_db, actr="MEX")
    with pytest.raises(QueryError, match="root must be a CAMEO root code"):
        tidings.query(synthetic_db, root="twelve")
    with pytest.raises(QueryError, match="since"):
        tidings.query(synthetic_db, since="last week")
    with pytest.raises(QueryError, match="unknown modality 'maybe'"):
        tidings.query(synthetic_db, modality="maybe")
    with pytest.raises(QueryError, match="tidings code PATH"):
        tidings.query(tmp_path / "missing.duckdb")
    result = CliRunner().invoke(main, ["query", "--db", str(synthetic_db), "--root", "99"])
    assert result.exit_code != 0 and "root must be a CAMEO root code 01-20" in result.output


def test_polars_frames_when_polars_is_there(synthetic_db):
    try:
        import polars  # noqa: F401
    except ImportError:
        with pytest.raises(QueryError, match="pip install polars"):
            tidings.query(synthetic_db, frame="polars")
    else:
        frame = tidings.query(synthetic_db, frame="polars")
        assert records_from_frame(frame) == records_from_frame(tidings.query(synthetic_db))


INJECTIONS = [
    "x' OR '1'='1",
    "'; DROP TABLE events; --",
    "MEX\") OR 1=1 --",
    "%' UNION SELECT * FROM articles --",
    "' OR starts_with(source_cameo, '') OR '",
    "1; DELETE FROM events",
]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_strings_in_every_filter_are_harmless(synthetic_db, payload):
    before = len(tidings.query(synthetic_db, modality="all"))
    for name in FILTER_FIELDS:
        if name in ("both_directions", "min_confidence", "modality"):
            values = [payload]
        else:
            values = [payload, ["MEX", payload]]
        for value in values:
            try:
                f = make_filter(**{name: value})
            except QueryError as exc:  # typed fields refuse it, naming the field
                assert name in str(exc)
                continue
            for sql, params in (events_sql(f, limit=10), daily_sql(f), network_sql(f), places_sql(f)):
                assert payload not in sql and "DROP" not in sql and "DELETE" not in sql
                bound = [p for p in params if isinstance(p, str)]
                # lists may be comma-separated: every piece is bound as a value of its own
                assert payload in bound or all(
                    piece.strip() in bound for piece in payload.split(",") if piece.strip())
            rows = ids(tidings.query(synthetic_db, where=f))
            if name not in ("actor", "target", "involving", "place"):
                assert rows == [], (name, value)  # a string filter matched nothing
            elif isinstance(value, list):
                assert set(rows) <= {r["event_id"] for r in SYNTHETIC}
    assert len(tidings.query(synthetic_db, modality="all")) == before
    with TestClient(create_app(ServerConfig(db=synthetic_db, token=""))) as client:
        for name in FILTER_FIELDS:
            response = client.get("/events", params={name: payload})
            assert response.status_code in (200, 400, 422), (name, response.text)
            if response.status_code != 200:
                assert response.json()["error"]
        for path in ("/articles", "/actors", "/quotes"):
            for param in ("article_id", "outlet", "cameo", "contains", "speaker_name", "name"):
                response = client.get(path, params={param: payload})
                assert response.status_code in (200, 422), (path, param, response.text)
                if response.status_code == 200:
                    assert response.json()["items"] == []
        assert client.get(f"/events/{payload}").status_code == 404
    assert len(tidings.query(synthetic_db, modality="all")) == before


def test_filter_object_is_the_documented_one():
    f = EventFilter(actor="MEX,USA", root=4, quad_class="4", modality="all")
    assert f.actor == ["MEX", "USA"] and f.root == ["04"] and f.quad_class == [4]
    assert f.all_modalities
    assert EventFilter().modality == ["asserted"]
