"""API latency under load: 50 concurrent clients against 1M synthetic events in DuckDB.

    python bench/api_load.py [--events 1000000] [--clients 50] [--requests 3000]

Builds a store with the real schema (migrations) and fills it with SQL alone (``range()`` and
``hash()``: 1M events in seconds), then starts ``tidings serve`` (read-only) on 127.0.0.1 and
runs ``--clients`` concurrent clients (asyncio streams, keep-alive HTTP/1.1) that cycle through the
endpoints below until ``--requests`` requests are done. Latency is wall time per request seen
by the client; p50 and p99 per endpoint go to docs/BENCHMARKS.md (goal: p99 < 500 ms).
Client and server share the machine: on a 2-core box the clients' own CPU time is included.
Only loopback addresses are used.

Two servers are measured with the same request sequence: ``--cache-mb 0`` (every request runs
its queries: the work itself) and the default one, which keeps answers per store version
(tidings.server.cache). Because a cache answers a repeated URL without any work, the requests
vary where real users vary them (changed after the cache was added; before, every endpoint
repeated one URL): the deep page starts at a cursor of a random event, the dyad list and the
dyad series take a random pair of the 20 countries, the event detail a random event, the
actor list a random country. The dashboard's own views (first page, the issue's example
filters, min_independent, network, places, first pages of articles, quotes and mentions) stay
one URL each, as every dashboard user asks for the same ones. The random choices come from a
fixed seed, so both servers get the same requests.

Each server is measured once it has started: it builds its serving table
(tidings.server.serving) before it answers, and the bench waits until its processes are idle.
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
from dataclasses import dataclass
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
    """One URL per endpoint (the fixed mix this bench ran before it varied its requests)."""
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


def varied_endpoints(db: Path, per_endpoint: int, seed: int = 20261127) -> dict[str, list[str]]:
    """``per_endpoint`` URLs per endpoint, varied where users vary them (see the docstring)."""
    import random

    import duckdb

    from tidings.query import Cursor

    rng = random.Random(seed)
    with duckdb.connect(str(db), read_only=True) as con:
        n = con.execute("SELECT count(*) FROM events").fetchone()[0]
        rowids = sorted(rng.sample(range(n), min(n, 2 * per_endpoint)))
        marks = ", ".join("?" * len(rowids))
        sampled = con.execute(f"SELECT event_id, event_date FROM events WHERE rowid IN ({marks})",
                              rowids).fetchall()
    rng.shuffle(sampled)
    details = [event_id for event_id, _ in sampled[:per_endpoint]]
    cursors = [Cursor(day, event_id).encode() for event_id, day in sampled[per_endpoint:]]

    def pair() -> tuple[str, str]:
        a, b = rng.sample(COUNTRIES, 2)
        return a, b

    fixed = endpoints(details[0], cursors[0])
    out: dict[str, list[str]] = {name: [url] * per_endpoint for name, url in fixed.items()}
    out["GET /events (deep page via cursor)"] = [f"/events?limit=100&cursor={c}" for c in cursors]
    out["GET /events?actor&target (dyad)"] = [
        "/events?actor={}&target={}&limit=100".format(*pair()) for _ in range(per_endpoint)]
    out["GET /events/{id}"] = [f"/events/{event_id}" for event_id in details]
    out["GET /dyads/USA/MEX/daily (both ways)"] = [
        "/dyads/{}/{}/daily?both_directions=true".format(*pair()) for _ in range(per_endpoint)]
    out["GET /actors?cameo=MEX"] = [f"/actors?cameo={rng.choice(COUNTRIES)}&limit=100"
                                   for _ in range(per_endpoint)]
    renamed = {"GET /events?actor&target (dyad)": "GET /events?actor&target (random dyad)",
               "GET /events (deep page via cursor)": "GET /events (deep page, random cursor)",
               "GET /events/{id}": "GET /events/{id} (random event)",
               "GET /dyads/USA/MEX/daily (both ways)": "GET /dyads/{a}/{b}/daily (random, both ways)",
               "GET /actors?cameo=MEX": "GET /actors?cameo= (random country)"}
    return {renamed.get(name, name): urls for name, urls in out.items()}


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


async def load(port: int, paths: dict[str, list[str]], clients: int, total: int) -> dict[str, list[float]]:
    """``total`` requests from ``clients`` clients; each endpoint's URLs are taken in turn."""
    names = list(paths)
    latencies: dict[str, list[float]] = {n: [] for n in names}
    taken = dict.fromkeys(names, 0)
    counter = iter(range(total))
    failures: list[str] = []

    async def client(worker: int) -> None:
        connection = Connection("127.0.0.1", port)
        try:
            for n in counter:
                name = names[(n + worker) % len(names)]
                urls = paths[name]
                url, taken[name] = urls[taken[name] % len(urls)], taken[name] + 1
                started = time.perf_counter()
                status, body = await connection.get(url)
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


class Server:
    """``tidings serve`` (read-only) on a free loopback port, for one measurement."""

    def __init__(self, db: Path, *args: str) -> None:
        import httpx

        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tidings.cli", "serve", "--db", str(db), "--host", "127.0.0.1",
             "--port", str(self.port), *args],
            env={**os.environ, "TIDINGS_API_TOKEN": ""},
        )
        self.serving: dict[str, object] = {}
        for _ in range(300):
            try:
                if httpx.get(f"{self.base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            self.stop()
            raise SystemExit("server did not start")
        # each worker builds its serving table (tidings.server.serving) before it answers; with
        # several workers one may answer while another still builds: wait until the server's
        # processes are idle (under 5% of a core over a second), then measure
        self.serving = httpx.get(f"{self.base}/health", timeout=10).json().get("serving") or {}
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            before = self.cpu_seconds()
            time.sleep(1.0)
            if not self.cpu_seconds() - before > 0.05:  # NaN (no psutil): no wait
                return
        self.stop()
        raise SystemExit("the server was still busy 10 minutes after it started")

    def cpu_seconds(self) -> float:
        """CPU time of the server process and its children (user + system); NaN without psutil."""
        try:
            import psutil
        except ImportError:
            return float("nan")
        root = psutil.Process(self.process.pid)
        return sum(sum(p.cpu_times()[:2]) for p in [root, *root.children(recursive=True)])

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


@dataclass
class Run:
    latencies: dict[str, list[float]]
    seconds: float
    server_cpu: float
    load: tuple[float, float]
    health: dict[str, object]

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())


def measure(server: Server, paths: dict[str, list[str]], clients: int, total: int) -> Run:
    import httpx

    for urls in paths.values():  # warm up each route once (DuckDB's buffers, the code paths)
        assert httpx.get(server.base + urls[-1], timeout=60).status_code == 200, urls[-1]
    load_before, cpu_before = os.getloadavg()[0], server.cpu_seconds()
    started = time.perf_counter()
    latencies = asyncio.run(load(server.port, paths, clients, total))
    elapsed = time.perf_counter() - started
    cpu = server.cpu_seconds() - cpu_before
    health = httpx.get(f"{server.base}/health").json()
    return Run(latencies, elapsed, cpu, (load_before, os.getloadavg()[0]), health)


def ms(values: list[float], q: float) -> str:
    return f"{percentile(values, q) * 1000:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--sequential", type=int, default=10,
                        help="requests per endpoint from one client first, no cache (the cost "
                             "of each request without queueing)")
    parser.add_argument("--workers", type=int, default=1, help="tidings serve --workers")
    parser.add_argument("--no-write", action="store_true", help="print only; leave the docs alone")
    args = parser.parse_args()

    import httpx

    uptime_before = _uptime()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        built = build_store(db, args.events)
        print(f"built {built['events']:,} events, {built['articles']:,} articles in "
              f"{built['seconds']:.1f} s")
        per_endpoint = args.requests // 13 + args.sequential + 1
        paths = varied_endpoints(db, per_endpoint)
        workers = ("--workers", str(args.workers))
        server = Server(db, "--cache-mb", "0", *workers)
        try:
            alone: dict[str, list[float]] = {name: [] for name in paths}
            with httpx.Client(base_url=server.base, timeout=60) as http:  # one client: the cost
                http.get(paths[next(iter(paths))][0])
                for i in range(args.sequential):
                    for name, urls in paths.items():
                        t0 = time.perf_counter()
                        assert http.get(urls[-1 - i]).status_code == 200
                        alone[name].append(time.perf_counter() - t0)
            uncached = measure(server, paths, args.clients, args.requests)
        finally:
            server.stop()
        serving = server.serving
        print(f"no cache: {uncached.requests / uncached.seconds:.0f} requests/s")
        server = Server(db, *workers)
        try:
            cached = measure(server, paths, args.clients, args.requests)
        finally:
            server.stop()
    uptime_after = _uptime()

    rows = []
    for name in paths:
        off, on = uncached.latencies[name], cached.latencies[name]
        distinct = len(set(paths[name][:len(on)]))
        rows.append(f"| `{name}` | {distinct} | {ms(alone[name], 0.5)} | {ms(off, 0.5)} | "
                    f"{ms(off, 0.99)} | {ms(on, 0.5)} | {ms(on, 0.99)} |")
    all_off = [v for vs in uncached.latencies.values() for v in vs]
    all_on = [v for vs in cached.latencies.values() for v in vs]
    rows.append(f"| **all** | | {ms([v for vs in alone.values() for v in vs], 0.5)} | "
                f"{ms(all_off, 0.5)} | {ms(all_off, 0.99)} | {ms(all_on, 0.5)} | "
                f"{ms(all_on, 0.99)} |")
    worst_off = max(percentile(v, 0.99) for v in uncached.latencies.values()) * 1000
    worst_on = max(percentile(v, 0.99) for v in cached.latencies.values()) * 1000
    cache = cached.health.get("cache") or {}
    hits, misses = cache.get("hits", 0), cache.get("misses", 0)  # type: ignore[union-attr]

    def described(run: Run, label: str) -> str:
        return (f"{label}: {run.requests:,} requests in {run.seconds:.1f} s "
                f"({run.requests / run.seconds:.0f} requests/s), server CPU "
                f"{run.server_cpu / run.requests * 1000:.1f} ms per request, 1-minute load "
                f"average {run.load[0]:.1f} before and {run.load[1]:.1f} after")

    body = "\n".join([
        (f"`python bench/api_load.py --events {args.events} --clients {args.clients} "
         f"--requests {args.requests}`: {built['events']:,} synthetic events "
         f"({built['articles']:,} articles, {built['quotes']:,} quotes, {built['actors']:,} actors, "
         f"{built['event_clusters']:,} event clusters) generated with SQL in "
         f"{built['seconds']:.1f} s; `tidings serve` (read-only, {args.workers} uvicorn "
         f"worker{'s' if args.workers > 1 else ''}) on 127.0.0.1, measured once its serving "
         f"table is built ({_serving(serving)}); {args.clients} concurrent "
         "keep-alive clients (asyncio streams) cycling through the endpoints, the same request "
         "sequence against a server without its response cache (`--cache-mb 0`: every request "
         "runs its queries) and one with it (the default: answers kept per store version). "
         "URLs vary per request where users vary them (random event, cursor, dyad, country; "
         "`distinct URLs` below). Latency as each client saw it, queueing included; clients "
         f"and server share {os.cpu_count()} cores ({platform.machine()}, Python "
         f"{platform.python_version()}) with other engineers' jobs (`uptime` before: "
         f"{uptime_before}; after: {uptime_after})."),
        "",
        f"- {described(uncached, 'No cache')}.",
        (f"- {described(cached, 'Default (cache)')}; cache hits {hits:,}, misses {misses:,}"
         + (" (the counters of the worker that answered `/health`; each worker keeps its own "
            "cache)." if args.workers > 1 else ".")),
        "",
        (f"| endpoint | distinct URLs | 1 client, no cache: p50 ms | {args.clients} clients, "
         "no cache: p50 ms | p99 ms | "
         f"{args.clients} clients, default: p50 ms | p99 ms |"),
        "|---|---|---|---|---|---|---|",
        *rows,
        "",
        (f"Goal p99 < 500 ms per endpoint: default server {'met' if worst_on < 500 else 'NOT met'} "
         f"(worst p99 {worst_on:.0f} ms); without the cache "
         f"{'met' if worst_off < 500 else 'NOT met'} (worst p99 {worst_off:.0f} ms)."),
    ])
    print(body)
    if not args.no_write:
        write_section(ROOT / "docs" / "BENCHMARKS.md", "api-load", "REST API under load", body)


def _serving(status: dict[str, object]) -> str:
    if not status.get("enabled"):
        return "none: serving tables disabled"
    if status.get("error"):
        return f"not built: {status['error']}"
    return f"{status.get('rows'):,} rows in {status.get('build_seconds')} s at start-up"


def _uptime() -> str:
    try:
        out = subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        one, five, fifteen = os.getloadavg()
        return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"
    return "load average" + out.split("load average", 1)[-1].rstrip()


if __name__ == "__main__":
    main()
