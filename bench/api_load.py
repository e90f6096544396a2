"""API latency under load: 50 concurrent clients against 1M synthetic events in DuckDB.

    python bench/api_load.py [--events 1000000] [--clients 50] [--requests 3000]

Builds a store with the real schema (migrations) and fills it with SQL alone (``range()`` and
``hash()``: 1M events in seconds), then starts ``tidings serve`` (read-only) on 127.0.0.1 and
runs ``--clients`` concurrent clients (asyncio streams, keep-alive HTTP/1.1) that cycle through the
endpoints below until ``--requests`` requests are done. Latency is wall time per request seen
by the client; p50 and p99 per endpoint go to docs/BENCHMARKS.md (goal: p99 < 500 ms).
Client and server share the machine: on a 2-core box the clients' own CPU time is included.
Only loopback addresses are used.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tidings.sections import write_section

COUNTRIES = ["USA", "MEX", "CAN", "CHN", "RUS", "UKR", "IDN", "VNM", "IRN", "ISR", "TUR", "IRQ",
             "KEN", "NGA", "BRA", "ARG", "IND", "PAK", "FRA", "DEU"]
CODES = ["010", "020", "036", "040", "043", "057", "064", "073", "111", "112", "120", "128", "130",
         "138", "141", "150", "163", "173", "190", "193"]
PLACES = [("Mexico City", "MEX", 19.43, -99.13), ("Tijuana", "MEX", 32.53, -117.02),
          ("Washington", "USA", 38.9, -77.04), ("El Paso", "USA", 31.76, -106.49),
          ("Ottawa", "CAN", 45.42, -75.7), ("Beijing", "CHN", 39.9, 116.4),
          ("Kyiv", "UKR", 50.45, 30.52), ("Moscow", "RUS", 55.75, 37.62),
          ("Jakarta", "IDN", -6.2, 106.85), ("Hanoi", "VNM", 21.03, 105.85),
          ("Tehran", "IRN", 35.69, 51.39), ("Nairobi", "KEN", -1.29, 36.82),
          ("Lagos", "NGA", 6.52, 3.38), ("Brasilia", "BRA", -15.79, -47.88),
          ("New Delhi", "IND", 28.61, 77.21)]


def _list(values: list[str]) -> str:
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"  # constants of this file, not input


def build_store(path: Path, n_events: int) -> dict[str, float]:
    """A migrated store with n_events events, n_events/10 articles, quotes and actors."""
    from tidings.store import open_store

    n_articles = max(1, n_events // 10)
    started = time.perf_counter()
    store = open_store(path)
    con = store.con
    places = ", ".join(f"('{n}', '{c}', {lat}, {lon})" for n, c, lat, lon in PLACES)
    con.execute(f"CREATE TEMP TABLE places(name VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE); "
                f"INSERT INTO places VALUES {places}")
    con.execute(
        "INSERT INTO articles (id, url, outlet, published, title, \"text\", origin, n_chars, "
        "coded_at, run_id, result_json) "
        "SELECT printf('a%08d', i), 'https://news.example/' || i, 'Outlet ' || (i % 40), "
        "DATE '2024-01-01' + (i % 600)::INTEGER, 'Synthetic article ' || i, "
        "'Synthetic text of article ' || i, NULL, 30, now()::TIMESTAMP, 'bench', "
        "'{\"id\": \"a' || i || '\", \"events\": [], \"quotes\": [], \"actors\": []}' "
        f"FROM range({n_articles}) t(i)"
    )
    con.execute(
        f"""
        INSERT INTO events BY NAME
        WITH r AS (
            SELECT i, hash(i) AS h1, hash(i + 7919) AS h2, hash(i + 104729) AS h3 FROM range({n_events}) t(i)
        ), c AS (
            SELECT i, h1, h2, h3,
                   {_list(COUNTRIES)}[(h1 % {len(COUNTRIES)})::INTEGER + 1] AS src,
                   {_list(COUNTRIES)}[(h2 % {len(COUNTRIES)})::INTEGER + 1] AS tgt,
                   {_list(CODES)}[(h3 % {len(CODES)})::INTEGER + 1] AS code,
                   ['', 'GOV', 'MIL'][((h1 >> 8) % 3)::INTEGER + 1] AS src_sector,
                   ['', 'GOV', 'MIL'][((h2 >> 8) % 3)::INTEGER + 1] AS tgt_sector,
                   ((h3 >> 16) % {len(PLACES) * 2})::INTEGER + 1 AS place_slot
            FROM r
        )
        SELECT printf('e%09d', i) AS event_id, printf('a%08d', i // 10) AS article_id,
               'bench' AS run_id,
               'A1' AS source_actor_id, src || ' actor' AS source_name,
               src || src_sector AS source_cameo, src AS source_country,
               'A2' AS target_actor_id, tgt || ' actor' AS target_name,
               tgt || tgt_sector AS target_cameo, tgt AS target_country,
               code AS cameo_code, code[1:2] AS root_code, code[1:3] AS base_code,
               CASE WHEN code[1:2] IN ('01','02','03','04','05') THEN 1
                    WHEN code[1:2] IN ('06','07','08','09') THEN 2
                    WHEN code[1:2] IN ('10','11','12','13','14') THEN 3 ELSE 4 END AS quad_class,
               ((h1 % 200)::INTEGER - 100) / 10.0 AS goldstein,
               CASE WHEN (h2 >> 24) % 100 < 85 THEN 'asserted'
                    WHEN (h2 >> 24) % 100 < 92 THEN 'negated' ELSE 'future' END AS modality,
               DATE '2024-01-01' + ((h3 >> 32) % 600)::INTEGER AS event_date,
               strftime(DATE '2024-01-01' + ((h3 >> 32) % 600)::INTEGER, '%Y-%m-%d') AS date_value,
               'day' AS date_precision,
               p.name AS place_name, p.country AS place_country, p.lat AS place_lat,
               p.lon AS place_lon, 'city' AS place_precision, 'clause' AS place_source,
               0.9 AS confidence, (i % 10)::INTEGER AS sentence_index, 0 AS sentence_start,
               60 AS sentence_end,
               'Synthetic evidence sentence number ' || i || ' with a trigger.' AS evidence_text,
               0 AS trigger_start, 9 AS trigger_end, 'Synthetic' AS trigger_text
        FROM c LEFT JOIN (SELECT row_number() OVER () AS slot, * FROM places) p
             ON p.slot = c.place_slot
        """
    )
    con.execute(
        "INSERT INTO quotes (quote_id, article_id, speaker_actor_id, speaker_name, speaker_cameo, "
        "\"text\", cue, kind, \"start\", \"end\", sentence_index) "
        "SELECT printf('q%08d', i), printf('a%08d', i), 'A1', 'Speaker ' || (i % 500), "
        f"{_list(COUNTRIES)}[(i % {len(COUNTRIES)})::INTEGER + 1] || 'GOV', "
        "'Quoted words ' || i, 'said', 'direct', 10, 40, 1 "
        f"FROM range({n_articles}) t(i)"
    )
    con.execute(
        "INSERT INTO actors (article_id, actor_id, name, cameo, country, sectors, kind, mentions) "
        "SELECT printf('a%08d', i // 2), 'A' || (i % 2 + 1), 'Actor ' || i, "
        f"{_list(COUNTRIES)}[(i % {len(COUNTRIES)})::INTEGER + 1], "
        f"{_list(COUNTRIES)}[(i % {len(COUNTRIES)})::INTEGER + 1], [], 'country', '[]' "
        f"FROM range({n_articles * 2}) t(i)"
    )
    # de-duplication tables: events paired into clusters, one mention per event
    con.execute(
        "INSERT INTO event_clusters (cluster_id, block_key, seed_event_id, cameo_code, n_mentions, "
        "n_asserted, n_articles, n_outlets, n_independent, added_at, updated_at) "
        "SELECT printf('c%09d', i), 'bench', printf('e%09d', i * 2), '010', 2, 2, 2, 2, "
        f"1 + (i % 3)::INTEGER, now()::TIMESTAMP, now()::TIMESTAMP FROM range({(n_events + 1) // 2}) t(i)"
    )
    con.execute(
        "INSERT INTO mentions (event_id, cluster_id, article_id, outlet, modality) "
        "SELECT printf('e%09d', i), printf('c%09d', i // 2), printf('a%08d', i // 10), "
        f"'Outlet ' || ((i // 10) % 40), 'asserted' FROM range({n_events}) t(i)"
    )
    con.execute("CHECKPOINT")
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("events", "articles", "quotes", "actors", "mentions", "event_clusters")}
    store.close()
    return {"seconds": time.perf_counter() - started, **counts}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def endpoints(first_event: str, deep_cursor: str) -> dict[str, str]:
    return {
        "GET /events (first page, 100)": "/events?limit=100",
        "GET /events (deep page via cursor)": f"/events?limit=100&cursor={deep_cursor}",
        "GET /events?actor&target (dyad)": "/events?actor=USA&target=MEX&limit=100",
        "GET /events (issue example filters)":
            "/events?actor=MEX&target=USA&root=12&since=2025-01-01&place=Mexico&limit=100",
        "GET /events?min_independent=2": "/events?min_independent=2&limit=100",
        "GET /events/{id}": f"/events/{first_event}",
        "GET /dyads/USA/MEX/daily (both ways)": "/dyads/USA/MEX/daily?both_directions=true",
        "GET /network (60 edges)": "/network?limit=60",
        "GET /places": "/places?limit=1000",
        "GET /articles (100)": "/articles?limit=100",
        "GET /actors?cameo=MEX": "/actors?cameo=MEX&limit=100",
        "GET /quotes (100)": "/quotes?limit=100",
        "GET /mentions (100)": "/mentions?limit=100",
    }


class Connection:
    """A lean HTTP/1.1 keep-alive client (asyncio streams): the load generator shares the
    machine with the server, so it should spend as little CPU per request as it can."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        else:  # chunked
            body = b""
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                body += chunk[:-2]
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def load(port: int, paths: dict[str, str], clients: int, total: int) -> dict[str, list[float]]:
    names = list(paths)
    latencies: dict[str, list[float]] = {n: [] for n in names}
    counter = iter(range(total))
    failures: list[str] = []

    async def client(worker: int) -> None:
        connection = Connection("127.0.0.1", port)
        try:
            for n in counter:
                name = names[(n + worker) % len(names)]
                started = time.perf_counter()
                status, body = await connection.get(paths[name])
                latencies[name].append(time.perf_counter() - started)
                if status != 200:
                    failures.append(f"{name}: {status} {body[:200]!r}")
        finally:
            connection.close()

    await asyncio.gather(*(client(w) for w in range(clients)))
    if failures:
        raise SystemExit("requests failed:\n" + "\n".join(failures[:10]))
    return latencies


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--sequential", type=int, default=10,
                        help="requests per endpoint from one client first (cost without queueing)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave the docs alone")
    args = parser.parse_args()

    import httpx

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        built = build_store(db, args.events)
        print(f"built {built['events']:,} events, {built['articles']:,} articles in "
              f"{built['seconds']:.1f} s")
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "tidings.cli", "serve", "--db", str(db), "--host", "127.0.0.1",
             "--port", str(port)],
            env={**os.environ, "TIDINGS_API_TOKEN": ""},
        )
        try:
            for _ in range(300):
                try:
                    if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            else:
                raise SystemExit("server did not start")
            page = httpx.get(f"{base}/events", params={"limit": 1}).json()
            deep = httpx.get(f"{base}/events", params={"limit": 1000, "order": "desc"}).json()
            cursor = deep["next"].split("cursor=")[1]
            paths = endpoints(page["items"][0]["event_id"], cursor)
            for path in paths.values():  # warm up each route once
                assert httpx.get(base + path, timeout=60).status_code == 200, path
            alone: dict[str, list[float]] = {name: [] for name in paths}
            with httpx.Client(base_url=base, timeout=60) as http:  # one client: cost per request
                for _ in range(args.sequential):
                    for name, path in paths.items():
                        t0 = time.perf_counter()
                        http.get(path)
                        alone[name].append(time.perf_counter() - t0)
            load_before = os.getloadavg()[0]
            started = time.perf_counter()
            latencies = asyncio.run(load(port, paths, args.clients, args.requests))
            elapsed = time.perf_counter() - started
            load_after = os.getloadavg()[0]
        finally:
            server.terminate()
            server.wait(timeout=20)

    rows = []
    worst = 0.0
    for name, values in latencies.items():
        p50, p99 = percentile(values, 0.5) * 1000, percentile(values, 0.99) * 1000
        worst = max(worst, p99)
        solo = percentile(alone[name], 0.5) * 1000
        rows.append(f"| `{name}` | {solo:.0f} | {len(values)} | {p50:.0f} | {p99:.0f} |")
    all_values = [v for vs in latencies.values() for v in vs]
    solo_all = percentile([v for vs in alone.values() for v in vs], 0.5) * 1000
    rows.append(f"| **all** | {solo_all:.0f} | {len(all_values)} | "
                f"{percentile(all_values, 0.5) * 1000:.0f} | "
                f"{percentile(all_values, 0.99) * 1000:.0f} |")
    body = "\n".join([
        (f"`python bench/api_load.py --events {args.events} --clients {args.clients} "
        f"--requests {args.requests}`: {built['events']:,} synthetic events "
        f"({built['articles']:,} articles, {built['quotes']:,} quotes, {built['actors']:,} actors, "
        f"{built['event_clusters']:,} event clusters) "
        f"generated with SQL in {built['seconds']:.1f} s; `tidings serve` (read-only, one uvicorn "
        f"worker) on 127.0.0.1; {args.clients} concurrent keep-alive clients (asyncio streams) "
        f"cycling through the endpoints; {len(all_values):,} requests in {elapsed:.1f} s "
        f"({len(all_values) / elapsed:.0f} requests/s). Latency as each client saw it, "
        f"queueing included; clients and server share {os.cpu_count()} cores "
        f"({platform.machine()}, Python {platform.python_version()}); 1-minute load average "
        f"{load_before:.1f} before and {load_after:.1f} after the run (the machine is shared: "
        "other work ran beside it)."),
        "",
        f"| endpoint | 1 client: p50 ms | {args.clients} clients: requests | p50 ms | p99 ms |",
        "|---|---|---|---|---|",
        *rows,
        "",
        (f"Goal p99 < 500 ms per endpoint: {'met' if worst < 500 else 'NOT met'} "
        f"(worst p99 {worst:.0f} ms)."),
    ])
    print(body)
    if not args.no_write:
        write_section(ROOT / "docs" / "BENCHMARKS.md", "api-load", "REST API under load", body)


if __name__ == "__main__":
    main()
