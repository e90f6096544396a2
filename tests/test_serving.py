"""The server's serving table (tidings.server.serving) answers exactly what the store queries
answer: the same pages (any filter, order, page size or cursor), the same aggregates; it is
rebuilt when the store changes, and requests read the store until the new one is ready."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tidings.query import (
    Cursor,
    cursor_after,
    daily_sql,
    events_sql,
    fetch_event_page,
    fetch_records,
    make_filter,
    network_sql,
    places_sql,
)
from tidings.server import ServerConfig, create_app
from tidings.server import serving as serving_module
from tidings.server.db import Database
from tidings.store import open_store


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    """300 events on few dates (many ties), undated ones and ones on the sort key's sentinel
    dates, inserted out of order; one event whose article is missing (pages rank it, then drop
    it), events without a mention, clusters with 0-3 independent sources, three outlets,
    places, actors with and without a country."""
    db = tmp_path_factory.mktemp("serving") / "serving.duckdb"
    with open_store(db) as store:
        con = store.con
        con.execute("INSERT INTO articles (id, outlet, published, title, url) "
                    "SELECT 'art' || i, 'Outlet ' || (i % 3), DATE '2025-01-01' + i::INTEGER, "
                    "'Title ' || i, 'https://x.example/' || i FROM range(8) t(i)")
        con.execute(
            "INSERT INTO events (event_id, article_id, cameo_code, root_code, quad_class, "
            "goldstein, modality, event_date, date_value, date_precision, source_country, "
            "source_cameo, source_name, target_country, target_cameo, place_name, "
            "place_country, place_lat, place_lon, evidence_text, confidence) "
            "SELECT printf('s%03d', i), CASE WHEN i = 7 THEN 'missing' ELSE 'art' || (i % 8) END, "
            "['120', '043', '190', '0431'][(i % 4) + 1], ['12', '04', '19', '04'][(i % 4) + 1], "
            "[3, 1, 4, 1][(i % 4) + 1], (i % 7) - 3.5, "
            "CASE WHEN i % 5 = 0 THEN 'negated' WHEN i % 23 = 0 THEN 'future' ELSE 'asserted' END, "
            "CASE WHEN i % 11 = 0 THEN NULL WHEN i % 13 = 0 THEN DATE '9999-12-31' "
            "     WHEN i % 17 = 0 THEN DATE '0001-01-01' "
            "     ELSE DATE '2025-01-01' + ((i * 7) % 9)::INTEGER END, NULL, "
            "CASE WHEN i % 3 = 0 THEN 'month' ELSE 'day' END, "
            "CASE WHEN i % 2 = 1 THEN 'USA' WHEN i % 3 > 0 THEN 'MEX' END, "
            "CASE WHEN i % 2 = 0 THEN 'MEXGOV' ELSE 'USA' END, 'Name ' || (i % 5), "
            "CASE WHEN i % 4 = 0 THEN 'CAN' ELSE 'MEX' END, "
            "CASE WHEN i % 4 = 0 THEN 'CANMIL' ELSE 'MEX' END, "
            "['Mexico City', 'Ottawa', NULL][(i % 3) + 1], ['MEX', 'CAN', NULL][(i % 3) + 1], "
            "[19.4, 45.4, NULL][(i % 3) + 1], [-99.1, -75.7, NULL][(i % 3) + 1], "
            "'Evidence ' || CASE WHEN i % 6 = 0 THEN 'police ' ELSE '' END || i, "
            "(i % 10) / 10.0 "
            "FROM range(300) t(i) ORDER BY hash(i)")
        con.execute(
            "INSERT INTO event_clusters (cluster_id, block_key, seed_event_id, cameo_code, "
            "n_mentions, n_asserted, n_articles, n_outlets, n_independent, added_at, updated_at) "
            "SELECT 'k' || i, 'b', printf('s%03d', i), '120', 2, 1, 1, 1, (i % 4)::INTEGER, "
            "now(), now() FROM range(150) t(i)")
        con.execute("INSERT INTO mentions (event_id, cluster_id, article_id) "
                    "SELECT printf('s%03d', i), 'k' || (i // 2), 'art' || (i % 8) "
                    "FROM range(290) t(i)")
    return db


@pytest.fixture(scope="module")
def db(store_path) -> Database:
    database = Database(store_path)
    assert database.serving.wait(timeout=60) is not None, database.serving.status()
    yield database
    database.close()


FILTERS = [
    {}, {"modality": "all"}, {"modality": ["negated", "future"]}, {"min_independent": 1},
    {"min_independent": 3}, {"actor": "MEX", "min_independent": 2}, {"outlet": "Outlet 1"},
    {"outlet": ["Outlet 0", "Outlet 2"], "modality": "all"}, {"actor": "MEX"},
    {"actor": "USA", "target": "MEX"}, {"actor": "CAN", "target": "MEX", "both_directions": True},
    {"involving": "CAN"}, {"actor": "Name 3"}, {"cluster_id": ["k3", "k40", "k149"]},
    {"root": "4"}, {"code": "043"}, {"quad_class": [3, 4]}, {"since": "2025-01-04"},
    {"until": "2025-01-03", "modality": "all"}, {"place": "Mexico"}, {"place": "ottawa"},
    {"contains": "police"}, {"min_confidence": 0.5}, {"article_id": ["art1", "missing"]},
    {"actor": "USA", "target": "XYZ"},
]


def _pages(fetch, f, size, order):
    seen, after = [], None
    while True:
        rows = fetch(f, size, after, order)
        seen += rows
        if len(rows) < size:
            return seen
        after = cursor_after(rows[-1], order)


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_pages_equal_the_store_query(db, filters, order, monkeypatch):
    """Every page, walked with its cursors, is the store query's page, row for row and value
    for value, with small windows too (the window search over several windows)."""
    f = make_filter(**filters)
    table = db.serving.table()
    assert table is not None
    with db.cursor() as cur:
        full = fetch_records(cur, *events_sql(f, order=order))

        def plain(f, size, after, order):
            return fetch_event_page(cur, f, limit=size, after=after, order=order)

        def served(f, size, after, order):
            return db.serving.fetch_page(cur, table, f, limit=size, after=after, order=order)

        for size in (7, 400):
            assert _pages(served, f, size, order) == _pages(plain, f, size, order), size
        monkeypatch.setattr(serving_module, "_FIRST_WINDOW", 1)  # many windows to a page
        for size in (60,):
            assert _pages(served, f, size, order) == _pages(plain, f, size, order), size
        assert served(f, len(full) + 1, None, order) == full  # one page: every row
        # cursors that no page wrote: dates and ids between, before and after the rows
        rng = random.Random(7)
        days = [dt.date(1, 1, 1), dt.date(2024, 12, 31), dt.date(2025, 1, 4),
                dt.date(2025, 1, 20), dt.date(9999, 12, 31)]
        for _ in range(6):
            after = Cursor(rng.choice(days), rng.choice(["", "s", "s150", "s150x", "z"]))
            for size in (1, 20):
                assert served(f, size, after, order) == plain(f, size, after, order), after


@pytest.mark.parametrize("filters", FILTERS)
def test_aggregates_equal_the_store_query(db, filters):
    f = make_filter(**filters)
    table = db.serving.table()
    with db.cursor() as cur:
        for build in (daily_sql, places_sql, network_sql):
            assert (fetch_records(cur, *build(f, serving=table))
                    == fetch_records(cur, *build(f))), build.__name__
        assert (fetch_records(cur, *network_sql(f, level="actor", serving=table))
                == fetch_records(cur, *network_sql(f, level="actor")))


def test_serving_table_names_are_checked():
    with pytest.raises(ValueError):
        daily_sql(make_filter(), serving="events; DROP TABLE events")


def test_stale_after_a_write_then_rebuilt(tmp_path):
    """After a committed write the table of the old version is not used (requests read the
    store) until the one of the new version is built; then it has the new rows."""
    path = tmp_path / "stale.duckdb"
    with open_store(path) as store:
        store.con.execute("INSERT INTO articles (id, outlet) VALUES ('a1', 'Wire')")
        store.con.execute("INSERT INTO events (event_id, article_id, cameo_code, modality, "
                          "event_date) VALUES ('e1', 'a1', '120', 'asserted', DATE '2025-02-01')")
    db = Database(path, writable=True)
    try:
        first = db.serving.wait(timeout=60)
        assert first is not None and first.rows == 1
        f = make_filter()
        with db.write_lock:
            db.store.con.execute("INSERT INTO events (event_id, article_id, cameo_code, modality, "
                                 "event_date) VALUES ('e0', 'a1', '043', 'asserted', "
                                 "DATE '2025-01-01')")
            db.serving.enabled = False  # hold the rebuild back to see the stale state
            db.refresh()
        assert db.serving.table() is None  # the old version's table is not served
        assert db.serving.status()["ready"] is False
        with db.cursor() as cur:
            assert [r["event_id"] for r in fetch_event_page(cur, f, limit=10)] == ["e0", "e1"]
        db.serving.enabled = True
        second = db.serving.wait(timeout=60)
        assert second is not None and second.version == db.version and second.rows == 2
        assert second.table != first.table
        with db.cursor() as cur:
            rows = db.serving.fetch_page(cur, second.table, f, limit=10)
        assert [r["event_id"] for r in rows] == ["e0", "e1"]
    finally:
        db.close()


def test_api_answers_the_same_with_and_without_the_serving_table(store_path):
    urls = ["/events?limit=7", "/events?limit=5&order=desc&modality=all",
            "/events?actor=MEX&target=CAN&both_directions=true&limit=4",
            "/events?min_independent=2&limit=3", "/events?outlet=Outlet%201&limit=6",
            "/series/daily?modality=all", "/dyads/MEX/CAN/daily?both_directions=true",
            "/network?limit=20", "/places?min_independent=1"]
    answers = {}
    for enabled in (True, False):
        app = create_app(ServerConfig(db=store_path, token="", cache_mb=0))
        app.state.db.serving.enabled = enabled
        with TestClient(app) as client:
            if enabled:
                assert app.state.db.serving.wait(timeout=60) is not None
                assert client.get("/health").json()["serving"]["ready"] is True
            got = {}
            for url in urls:
                pages, next_url = [], url
                while next_url:
                    response = client.get(next_url)
                    assert response.status_code == 200, response.text
                    body = response.json()
                    pages.append(body.get("items"))
                    next_url = body.get("next")
                got[url] = pages
            answers[enabled] = got
    assert answers[True] == answers[False]


def test_pool_and_duckdb_threads_are_set(store_path):
    """2 pool threads per core unless configured; DuckDB 1 thread per server process."""
    import anyio.to_thread

    app = create_app(ServerConfig(db=store_path, token="", cache_mb=0, pool_threads=3))
    with TestClient(app) as client:
        tokens = client.portal.call(
            lambda: anyio.to_thread.current_default_thread_limiter().total_tokens)
        assert tokens == 3
        with app.state.db.cursor() as cur:
            assert cur.execute("SELECT current_setting('threads')").fetchone()[0] == 1


def test_worker_processes_keep_the_serving_table_setting(tmp_path, monkeypatch):
    """``tidings serve --workers N --no-serving-table``: each worker reads the setting from
    its environment, so none of them builds the in-memory copy."""
    from tidings.server.app import app_from_environment, config_environment
    from tidings.store import open_store

    db = tmp_path / "workers.duckdb"
    open_store(db).close()
    for value in (False, True):
        environment = config_environment(ServerConfig(db=str(db), token="", serving=value))
        for name, setting in environment.items():
            monkeypatch.setenv(name, setting)
        app = app_from_environment()
        try:
            assert app.state.db.serving.enabled is value
        finally:
            app.state.db.close()
