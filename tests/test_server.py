"""The REST API: a valid OpenAPI schema that schemathesis cannot make fail, pages with no cap but
the page size, read-only unless a token is set, an Atom feed, errors that say what to do."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import duckdb
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

import tidings
from tidings.paths import PACKAGE_DIR
from tidings.query import records_from_frame
from tidings.server import ServerConfig, create_app
from tidings.server.cache import Entry, ResponseCache
from tidings.server.routes.feed import atom_feed
from tidings.store import open_store

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("server") / "sample.duckdb"
    summary = tidings.code_paths([PACKAGE_DIR / "samples"], db=db)
    assert summary.articles >= 6 and summary.asserted_events > 10, summary.errors
    return db


@pytest.fixture(scope="module")
def client(sample_db):
    with TestClient(create_app(ServerConfig(db=sample_db, token=""))) as c:
        yield c


def _all_pages(client: TestClient, path: str, params: dict) -> list[dict]:
    rows, response = [], client.get(path, params=params)
    while True:
        assert response.status_code == 200, response.text
        body = response.json()
        rows += body["items"]
        if body["next"] is None:
            return rows
        assert response.headers["link"].endswith('rel="next"')
        response = client.get(body["next"])


# ---------------------------------------------------------------------------------------------
# OpenAPI and schemathesis


@pytest.fixture(scope="module")
def api_schema(sample_db):
    app = create_app(ServerConfig(db=sample_db, token=""))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_openapi_schema_is_valid(api_schema, client):
    api_schema.validate()  # against the OpenAPI 3.x meta-schema; raises when invalid
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/events", "/events/{event_id}", "/dyads/{source}/{target}/daily", "/mentions",
                 "/articles", "/articles/{article_id}", "/actors", "/quotes", "/alerts.atom",
                 "/network", "/places", "/series/daily"):
        assert path in paths, path
    assert "/ingest" not in paths  # no write route without a token
    names = {p["name"] for p in paths["/events"]["get"]["parameters"]}
    assert {"actor", "target", "root", "since", "place", "modality", "limit", "cursor"} <= names


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_schemathesis_finds_no_server_errors(api_schema, mode):
    """Every operation, valid and invalid inputs, a bounded deterministic number of examples,
    in process (ASGI): no response may be a 5xx."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 12
    exercised = 0
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=8, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(checks=[not_a_server_error])

        try:
            check()
            exercised += 1
        except Unsatisfiable:  # no invalid input exists for a route without parameters
            assert mode == GenerationMode.NEGATIVE and not operation.query and not operation.path_parameters
    assert exercised >= 10


# ---------------------------------------------------------------------------------------------
# pages


def test_every_event_reachable_through_pages(client, sample_db):
    expected = records_from_frame(tidings.query(sample_db, modality="all"))
    assert len(expected) > 20
    assert _all_pages(client, "/events", {"modality": "all", "limit": 7}) == expected
    newest_first = _all_pages(client, "/events", {"modality": "all", "limit": 5, "order": "desc"})
    assert sorted(r["event_id"] for r in newest_first) == sorted(r["event_id"] for r in expected)
    first = client.get("/events", params={"limit": 1000}).json()
    assert first["next"] is None and len(first["items"]) == len(tidings.query(sample_db))
    assert client.get("/events", params={"limit": 1001}).status_code == 422  # the only cap


@pytest.mark.parametrize(("path", "table"), [("/articles", "articles"), ("/actors", "actors"),
                                             ("/quotes", "quotes"), ("/mentions", "mentions")])
def test_resources_page_through_every_row(client, sample_db, path, table):
    con = duckdb.connect(str(sample_db), read_only=True)
    if table not in {r[0] for r in con.execute("SHOW TABLES").fetchall()}:  # before dedupe existed
        con.close()
        response = client.get(path)
        assert response.status_code == 404 and "migrate" in response.json()["error"]
        return
    total = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    con.close()
    rows = _all_pages(client, path, {"limit": 4})
    assert len(rows) == total
    assert len({json.dumps(r, sort_keys=True) for r in rows}) == total  # no row twice
    if table != "mentions":
        assert total > 0


def test_quote_pages_are_the_exact_join_even_with_an_orphan(tmp_path):
    """Quotes are ranked before the join to their article; a quote whose article is gone must
    still be left out, as the plain join does, and no page may come out short."""
    db = tmp_path / "quotes.duckdb"
    with open_store(db) as store:
        store.con.execute("INSERT INTO articles (id, outlet, published) "
                          "SELECT 'a' || i, 'Wire', DATE '2025-01-01' FROM range(3) t(i)")
        store.con.execute("INSERT INTO quotes (quote_id, article_id, \"text\") "
                          "SELECT printf('q%02d', i), 'a' || (i % 4), 'words' FROM range(20) t(i)")
    with TestClient(create_app(ServerConfig(db=db, token="", cache_mb=0))) as c:
        for size in (1, 3, 4, 20):
            rows, body = [], c.get("/quotes", params={"limit": size}).json()
            while True:
                rows += body["items"]
                if body["next"] is None:
                    break
                assert len(body["items"]) == size  # a page that is not the last one is full
                body = c.get(body["next"]).json()
            assert [r["quote_id"] for r in rows] == [f"q{i:02d}" for i in range(20) if i % 4 != 3]
            assert all(r["outlet"] == "Wire" for r in rows)


def test_article_text_only_on_request(client):
    listed = client.get("/articles", params={"limit": 1}).json()["items"][0]
    assert "text" not in listed
    with_text = client.get("/articles", params={"limit": 1, "include_text": True}).json()["items"][0]
    assert len(with_text["text"]) > 100
    one = client.get(f"/articles/{listed['id']}").json()
    assert one["id"] == listed["id"] and "events" in one and "text" not in one
    assert client.get(f"/articles/{listed['id']}", params={"include_text": True}).json()["text"]


def test_event_detail_has_evidence_quotes_and_outlets(client, sample_db):
    frame = tidings.query(sample_db, contains="Vietnam")
    event_id = frame["event_id"].iloc[0]
    detail = client.get(f"/events/{event_id}").json()
    event = detail["event"]
    assert event["evidence_text"] == frame["evidence_text"].iloc[0]
    h = detail["highlight"]
    assert event["evidence_text"][h["start"]:h["end"]] == event["trigger_text"]
    assert detail["outlets"][0]["outlet"] == frame["outlet"].iloc[0]
    assert detail["quotes"] and all(q["article_id"] == event["article_id"] for q in detail["quotes"])
    missing = client.get("/events/nope")
    assert missing.status_code == 404 and "GET /events" in missing.json()["error"]


def test_dyad_series_sums_the_matching_events(client, sample_db):
    frame = tidings.query(sample_db, actor="IDN", target="VNM", both_directions=True)
    assert len(frame) >= 2
    series = client.get("/dyads/IDN/VNM/daily", params={"both_directions": True}).json()["items"]
    day = frame[frame["date_precision"] == "day"]
    assert sum(p["events"] for p in series) == len(day)
    assert sum(p["goldstein_sum"] for p in series) == pytest.approx(day["goldstein"].sum())
    for p in series:
        assert p["events"] == p["quad1"] + p["quad2"] + p["quad3"] + p["quad4"]
    one_way = client.get("/dyads/IDN/VNM/daily").json()["items"]
    assert sum(p["events"] for p in one_way) < sum(p["events"] for p in series)
    clash = client.get("/dyads/IDN/VNM/daily", params={"actor": "USA"})
    assert clash.status_code == 400 and "path" in clash.json()["error"]


def test_errors_say_what_to_fix(client):
    r = client.get("/events", params={"actr": "MEX"})
    assert r.status_code == 422
    assert "actr: unknown parameter" in r.json()["error"] and "actor" in r.json()["error"]
    r = client.get("/events", params={"since": "yesterday"})
    assert r.status_code == 422 and r.json()["error"].startswith("since:")
    r = client.get("/events", params={"cursor": "not-a-cursor"})
    assert r.status_code == 400 and "next" in r.json()["error"]
    r = client.get("/articles", params={"cursor": "bm9wZQ"})
    assert r.status_code == 400 and "cursor" in r.json()["error"]


# ---------------------------------------------------------------------------------------------
# read-only, ingest, alerts


def test_read_only_without_a_token(client, sample_db):
    health = client.get("/health").json()
    assert health["read_only"] is True and health["ingest"] is False
    r = client.post("/ingest", content="Canada condemned Iran.", headers={"content-type": "text/plain"})
    assert r.status_code == 404 and "--token" in r.json()["error"]
    with pytest.raises(duckdb.Error, match="read-only"):
        client.app.state.db.store.con.execute("DELETE FROM events")


ARTICLE = """date 2025-08-08
outlet: Team Test Wire

Mexico condemned the United States on Friday over the deportation flights.
"""


def test_ingest_needs_the_token_and_codes_what_it_gets(tmp_path, monkeypatch):
    db = tmp_path / "ingest.duckdb"
    open_store(db).close()
    monkeypatch.setenv("TIDINGS_API_TOKEN", "s3cret")
    with TestClient(create_app(ServerConfig(db=db))) as c:
        health = c.get("/health").json()
        assert {k: health[k] for k in ("status", "read_only", "ingest")} == {
            "status": "ok", "read_only": False, "ingest": True}
        # answers are kept per store version: asked twice, the second comes from the cache ...
        before = [c.get("/events", params={"actor": "MEX"}) for _ in range(2)]
        assert [r.headers["x-tidings-cache"] for r in before] == ["miss", "hit"]
        assert before[0].json() == before[1].json() and before[0].json()["items"] == []
        assert c.post("/ingest", content=ARTICLE).status_code == 401
        assert c.post("/ingest", content=ARTICLE, headers={"Authorization": "Bearer nope"}).status_code == 403
        auth = {"Authorization": "Bearer s3cret"}
        r = c.post("/ingest", content=ARTICLE, headers={**auth, "content-type": "text/plain"})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["articles"][0]["outlet"] == "Team Test Wire" and body["articles"][0]["events"] >= 1
        mentions = c.get("/mentions", params={"article_id": body["articles"][0]["id"]}).json()
        assert len(mentions["items"]) == body["articles"][0]["events"]  # de-duplication ran
        # ... until an ingest commits: then the same request is answered from the new store
        after = c.get("/events", params={"actor": "MEX"})
        assert after.headers["x-tidings-cache"] == "miss"
        assert any(e["outlet"] == "Team Test Wire" for e in after.json()["items"])
        assert c.get("/health").json()["store_version"] == health["store_version"] + 1
        lines = "\n".join([
            json.dumps({"id": "j1", "outlet": "Line Wire", "published": "2025-08-09",
                        "text": "Japan sent aid to Nepal after the floods."}),
            "{broken json",
            json.dumps({"id": "j3", "outlet": "Line Wire"}),
        ])
        r = c.post("/ingest", content=lines, headers={**auth, "content-type": "application/x-ndjson"})
        assert r.status_code == 200, r.text
        assert [a["id"] for a in r.json()["articles"]] == ["j1"]
        assert {e["line"] for e in r.json()["errors"]} == {2, 3}
        r = c.post("/ingest", content=b"\x00\x01", headers={**auth, "content-type": "image/png"})
        assert r.status_code == 415 and "text/plain" in r.json()["error"]
    monkeypatch.delenv("TIDINGS_API_TOKEN")
    with TestClient(create_app(ServerConfig(db=db))) as c:  # no token: read-only again
        assert c.get("/health").json()["read_only"] is True
        assert c.get("/articles", params={"outlet": "Line Wire"}).json()["items"][0]["id"] == "j1"


def test_response_cache_is_bounded_and_per_store_version():
    cache = ResponseCache(max_bytes=8 * 1000)
    for i in range(20):  # 20 bodies of ~900 bytes: at most 8 kB are kept, the newest
        cache.put(0, (f"/events/{i}", b""), Entry((), b"x" * 900))
    kept = [i for i in range(20) if cache.get(0, (f"/events/{i}", b"")) is not None]
    assert kept and kept == list(range(20 - len(kept), 20)) and len(kept) <= 8
    cache.put(0, ("/big", b""), Entry((), b"x" * 2000))  # over an eighth of the room: not kept
    assert cache.get(0, ("/big", b"")) is None
    assert cache.get(1, (f"/events/{kept[-1]}", b"")) is None  # the store moved on
    assert len(cache) == 0
    cache.put(0, ("/late", b""), Entry((), b"old"))  # computed over the old store: dropped
    assert cache.get(1, ("/late", b"")) is None
    assert ResponseCache(0).max_bytes == 0


def test_several_workers_only_read_only(sample_db):
    from click.testing import CliRunner

    from tidings.cli import main

    result = CliRunner().invoke(main, ["serve", "--db", str(sample_db), "--workers", "2",
                                       "--token", "s3cret"])
    assert result.exit_code != 0 and "read-only" in result.output


def test_alerts_feed_is_atom(client):
    response = client.get("/alerts.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed" and feed.find(f"{ATOM}id") is not None
    assert feed.find(f"{ATOM}updated") is not None
    assert feed.findall(f"{ATOM}entry") == []  # no watchlist has fired on the samples


def test_atom_entries_escape_what_they_carry():
    alert = {"alert_id": "al1", "watchlist": "usa-mex <conflict> & more", "cluster_id": "c1",
             "created_at": "2025-08-09T12:00:00", "title": "MEX 120 reject USA \x07on 2025-08-09",
             "summary": "Mexico rejected the plan (Wire One, Wire Two)",
             "link": "https://example.org/a", "quad_class": 3}
    feed = ET.fromstring(atom_feed([alert], base="http://127.0.0.1:8000/", store="x.duckdb"))
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "[usa-mex <conflict> & more] MEX 120 reject USA on 2025-08-09"
    assert entry.find(f"{ATOM}updated").text == "2025-08-09T12:00:00Z"
    assert entry.find(f"{ATOM}link").get("href") == "https://example.org/a"
    assert "summary: Mexico rejected the plan" in entry.find(f"{ATOM}content").text
    assert feed.find(f"{ATOM}updated").text == "2025-08-09T12:00:00Z"


def test_alerts_in_the_store_reach_the_feed(sample_db, tmp_path):
    db = tmp_path / "alerts.duckdb"
    db.write_bytes(Path(sample_db).read_bytes())
    with open_store(db) as store:
        tables = {r[0] for r in store.con.execute("SHOW TABLES").fetchall()}
        if "alerts" not in tables:  # a store schema from before watchlists: the feed stays empty
            has_alerts = False
        else:
            has_alerts = True
            payload = {"title": "Indonesia (IDN) 057 sign formal agreement Vietnam (VNM)",
                       "cluster": {"source_cameo": "IDN", "target_cameo": "VNM"},
                       "mentions": [{"outlet": "Meridian Wire", "evidence_text": "They signed."}]}
            store.con.execute(
                "INSERT INTO alerts (alert_id, watchlist, cluster_id, event_ids, created_at, payload) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                ["al1", "idn-vnm", "c1", ["e1"], dt.datetime(2025, 8, 9, 12, 0), json.dumps(payload)])
    with TestClient(create_app(ServerConfig(db=db, token=""))) as c:
        entries = ET.fromstring(c.get("/alerts.atom").content).findall(f"{ATOM}entry")
    assert len(entries) == (1 if has_alerts else 0)
    if has_alerts:
        assert entries[0].find(f"{ATOM}title").text.startswith("[idn-vnm] Indonesia (IDN) 057")
        assert "Meridian Wire" in entries[0].find(f"{ATOM}content").text
