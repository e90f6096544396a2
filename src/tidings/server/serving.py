"""The server's serving table: every event, in page order, with what a page shows joined in.

A page of ``GET /events`` (:func:`tidings.query.events_sql`) ranks the matching events by
(event date, nulls last; event id) and joins its rows to their article, mention and cluster.
Over the store's tables that means, on every request that the response cache cannot answer,
ranking the whole ``events`` table and looking up each page row in three other tables (tens of
milliseconds at a million events). The serving table does that work once per store version:

* one row per event: the columns of :data:`tidings.query.EVENT_COLUMNS` (article columns from
  its article, ``cluster_id`` from its mention, the counts from its cluster: each joined on
  the other table's key, so at most one of each), and ``has_article``;
* ``pos_asc`` / ``pos_desc``: the event's place (1, 2, ...) in the ascending and descending
  page orders, with the sort keys ``key_asc`` / ``key_desc`` (exactly the expressions
  :mod:`tidings.query` orders by);
* rows stored in ascending order, in a compressed in-memory database attached to the store's
  DuckDB instance (the store stays read-only). DuckDB keeps min/max per stored segment, so a
  page -- ``pos > P ... ORDER BY pos LIMIT n`` -- skips the segments before the cursor and,
  once it has ``n`` rows, the ones after (top-n's dynamic filter): it reads a few thousand
  rows instead of a million, and joins nothing.

Filters are the same :func:`tidings.query.where_clause` conditions (``serving=True``: outlet,
cluster and independent-source filters are column conditions here, which select the same
events). A page then keeps the rows that have an article, as the store query's join does, so
every page is the one :func:`tidings.query.fetch_event_page` returns (tests/test_serving.py).

The table is built when the server starts (before it answers: about 5 s per million events
on one core, 64 MB of memory for the benchmark's million), and again, in a background thread,
whenever the store version moves on (``POST /ingest``,
:meth:`tidings.server.db.Database.refresh`); until the one for the current version is ready,
requests run the store queries as before. The store cannot change behind the server's back: a
read-only server holds DuckDB's shared lock, and a read-write one is the only writer.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import math
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import duckdb

from tidings.query import (
    EVENT_COLUMNS,
    Cursor,
    EventFilter,
    Order,
    QueryError,
    fetch_records,
    where_clause,
)

if TYPE_CHECKING:  # pragma: no cover
    from tidings.server.db import Database

log = logging.getLogger(__name__)

CATALOG = "tidings_serving"  # the attached in-memory database holding the serving tables

_TABLE_OF = {"outlet": "a", "published": "a", "url": "a", "title": "a", "cluster_id": "m",
             "n_mentions": "c", "n_outlets": "c", "n_independent": "c"}
_KEY_ASC = "coalesce(e.event_date, DATE '9999-12-31')"  # tidings.query._sort_key("asc")
_KEY_DESC = "coalesce(e.event_date, DATE '0001-01-01')"  # tidings.query._sort_key("desc")
_COLUMNS = ", ".join(EVENT_COLUMNS)
_MAX_POS = 2**62  # past every row: the cursor is after the last event
# table names, unique in the process: servers of one process over the same file share one
# DuckDB instance, and so the attached database
_NAMES = itertools.count(1)


def build_sql(table: str) -> str:
    """``CREATE TABLE`` of a serving table named ``table`` (a name of this module's making)."""
    select = ", ".join(f"{_TABLE_OF.get(c, 'e')}.{c}" for c in EVENT_COLUMNS)
    return (
        f"CREATE TABLE {table} AS SELECT "
        f"row_number() OVER (ORDER BY {_KEY_ASC} ASC, e.event_id ASC) AS pos_asc, "
        f"row_number() OVER (ORDER BY {_KEY_DESC} DESC, e.event_id ASC) AS pos_desc, "
        f"{_KEY_ASC} AS key_asc, {_KEY_DESC} AS key_desc, a.id IS NOT NULL AS has_article, "
        f"{select} "
        "FROM events e LEFT JOIN articles a ON a.id = e.article_id "
        "LEFT JOIN mentions m ON m.event_id = e.event_id "
        "LEFT JOIN event_clusters c ON c.cluster_id = m.cluster_id "
        "ORDER BY pos_asc"
    )


def days_sql(table: str) -> str:
    """``CREATE TABLE`` of the table of sort keys of ``table``: each key's first position in
    either order (a few hundred rows: one per date)."""
    return (f"CREATE TABLE {table}_keys AS "
            f"SELECT 'asc' AS page_order, key_asc AS key, min(pos_asc) AS first FROM {table} "
            "GROUP BY key_asc UNION ALL "
            f"SELECT 'desc', key_desc, min(pos_desc) FROM {table} GROUP BY key_desc")


def _first_after_sql(table: str, order: Order) -> str:
    """The position of the first event after a cursor (date, event id) in ``order``: the next
    event of the cursor's date (read from the few stored segments whose key range holds the
    date), else the first event of the next date (from the table of keys)."""
    pos, key, later = (("pos_asc", "key_asc", ">") if order == "asc"
                       else ("pos_desc", "key_desc", "<"))
    return (f"SELECT coalesce(least((SELECT min({pos}) FROM {table} WHERE {key} = ? AND "
            f"event_id > ?), (SELECT min(first) FROM {table}_keys WHERE page_order = ? AND "
            f"key {later} ?)), {_MAX_POS})")


def page_sql(table: str, f: EventFilter, *, limit: int, first: int, end: int, order: Order,
             columns: bool = True) -> tuple[str, list[Any]]:
    """The first ``limit`` events matching ``f`` at positions ``first`` to ``end - 1``, in
    order: their columns and ``has_article`` (the store query ranks first and joins the
    article after), or (``columns=False``) their positions alone."""
    pos = "pos_asc" if order == "asc" else "pos_desc"
    clauses, params, _ = where_clause(f, serving=True)
    clauses = [*clauses, f"e.{pos} >= ?", f"e.{pos} < ?"]
    select = f"{_COLUMNS}, e.has_article" if columns else f"e.{pos} AS pos"
    sql = (f"SELECT {select} FROM {table} e WHERE {' AND '.join(clauses)} "
           f"ORDER BY e.{pos} LIMIT ?")
    return sql, [*params, int(first), int(end), int(limit)]


_FIRST_WINDOW = 4096  # positions the first window of a page spans
_MAX_GROWTH = 16  # a window at most this many times the one before


def _next_window(window: int, found: int, need: int) -> int:
    """The span of the next window: enough for ``need`` more rows at the density the windows
    so far had (``found`` rows in ``window`` positions, at least twice as many positions)."""
    if found <= 0:
        return window * _MAX_GROWTH
    wanted = math.ceil(1.5 * need * window / found)
    return max(2 * window, min(wanted, _MAX_GROWTH * window))


@dataclass(frozen=True)
class Built:
    """A serving table and the store version it shows."""

    version: int
    table: str
    rows: int
    seconds: float


class Serving:
    """The current serving table of one :class:`~tidings.server.db.Database`, rebuilt in the
    background when the store version moves on. ``enabled=False``: never built (every request
    runs the store queries)."""

    def __init__(self, db: Database, *, enabled: bool = True) -> None:
        self.db = db
        self.enabled = enabled
        self.current: Built | None = None
        self.error: str | None = None
        self._lock = threading.Lock()
        self._building: int | None = None  # the version a running build is for
        self._thread: threading.Thread | None = None
        self._attached_to: object | None = None
        self._old: list[str] = []
        self._cursor: duckdb.DuckDBPyConnection | None = None  # the running build's
        self._closed = False

    # -- use ------------------------------------------------------------------------------------

    def table(self) -> str | None:
        """The serving table of the store's current version, or None (not built yet, being
        rebuilt, or disabled); asks for a build when there is none for this version."""
        built = self.current
        if built is not None and built.version == self.db.version:
            return built.table
        self.request()
        return None

    def fetch_page(self, con: duckdb.DuckDBPyConnection, table: str, f: EventFilter, *,
                   limit: int, after: Cursor | None = None, order: Order = "asc"
                   ) -> list[dict[str, Any]]:
        """What :func:`tidings.query.fetch_event_page` returns, read from ``table``."""
        if order not in ("asc", "desc"):
            raise QueryError(f"order must be asc or desc, got {order!r}")
        if int(limit) <= 0:
            return []
        built = self.current
        last = built.rows if built is not None and built.table == table else _MAX_POS - 1
        first = 1
        if after is not None:
            row = con.execute(_first_after_sql(table, order),
                              [after.date, after.event_id, order, after.date]).fetchone()
            first = int(row[0]) if row and row[0] is not None else _MAX_POS
        # the positions the page spans: windows of positions, each read with a range filter
        # (DuckDB skips every stored segment outside it), positions only (cheap), until
        # ``limit`` matches are found or the table ends; then the page's rows, read once
        start, found = first, 0
        window, seen = _FIRST_WINDOW, 0
        while found < limit and first <= last:
            end = first + window if first + window <= last else last + 1
            sql, params = page_sql(table, f, limit=limit - found, first=first, end=end,
                                   order=order, columns=False)
            hits = con.execute(sql, params).fetchall()
            found += len(hits)
            if found >= limit:
                end = int(hits[-1][0]) + 1
            seen += end - first
            first = end
            window = _next_window(seen, found, limit - found)
        if not found:
            return []
        ranked = fetch_records(con, *page_sql(table, f, limit=limit, first=start, end=first,
                                              order=order))
        return [row for row in ranked if row.pop("has_article")]

    # -- building -------------------------------------------------------------------------------

    def request(self) -> None:
        """Start a build for the store's current version unless one runs or is current."""
        if not self.enabled:
            return
        with self._lock:
            version = self.db.version
            if self._closed or self._building is not None or (
                    self.current and self.current.version == version):
                return
            self._building = version
            self._thread = threading.Thread(target=self._run, args=(version,),
                                            name="tidings-serving", daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> Built | None:
        """Build for the current version (if needed) and wait for it; the table or None."""
        self.request()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        built = self.current
        return built if built is not None and built.version == self.db.version else None

    def _run(self, version: int) -> None:
        try:
            built = self._build(version)
        except Exception as exc:  # noqa: BLE001 - the store queries still answer every request
            if not self._closed:
                self.error = f"{type(exc).__name__}: {exc}"
                log.warning("serving table not built (requests read the store tables): %s", exc)
            built = None
        with self._lock:
            self._building = None
            if built is not None:
                previous, self.current = self.current, built
                if previous is not None:
                    self._old.append(previous.table)
        if built is not None:
            self._drop_old()
            if built.version != self.db.version:  # the store moved on meanwhile
                self.request()

    def _build(self, version: int) -> Built:
        started = time.perf_counter()
        table = f"{CATALOG}.events_{next(_NAMES)}"
        with self._lock:
            if self._closed:
                raise RuntimeError("the server is closing")
            cur = self._cursor = self.db.store.con.cursor()
        try:
            self._attach(cur)
            cur.execute(build_sql(table))
            cur.execute(days_sql(table))
            self._checkpoint(cur)
            rows = cur.execute(f"SELECT count(*) FROM {table}").fetchone()
        finally:
            with self._lock:
                self._cursor = None
            cur.close()
        return Built(version, table, int(rows[0]) if rows else 0, time.perf_counter() - started)

    @staticmethod
    def _checkpoint(cur: duckdb.DuckDBPyConnection, tries: int = 50) -> bool:
        """Compress the new table's segments (a checkpoint of the serving database). DuckDB
        refuses while another transaction writes there (a request's reads of the previous
        table can count): try again for a few seconds, else leave it uncompressed (correct,
        but larger and slower to filter)."""
        for _ in range(tries):
            try:
                cur.execute(f"CHECKPOINT {CATALOG}")
            except duckdb.Error:
                time.sleep(0.1)
                continue
            return True
        log.warning("serving table left uncompressed: the serving database stayed busy")
        return False

    def _attach(self, cur: duckdb.DuckDBPyConnection) -> None:
        store = self.db.store
        if self._attached_to is store:
            return
        errors = []
        for options in ("(COMPRESS, READ_WRITE)", "(READ_WRITE)", ""):  # older duckdb: fewer
            try:
                cur.execute(f"ATTACH IF NOT EXISTS ':memory:' AS {CATALOG} {options}")
            except duckdb.Error as exc:
                errors.append(str(exc))
                continue
            self._attached_to = store
            return
        raise RuntimeError("cannot attach an in-memory database: " + "; ".join(errors))

    def _drop_old(self) -> None:
        """Drop tables two generations old (a request may still read the previous one)."""
        with self._lock:
            stale, self._old = self._old[:-1], self._old[-1:]
        if not stale or self._closed:
            return
        cur = self.db.store.con.cursor()
        try:
            for table in stale:
                cur.execute(f"DROP TABLE IF EXISTS {table}_keys")
                cur.execute(f"DROP TABLE IF EXISTS {table}")
        finally:
            cur.close()

    def reset(self) -> None:
        """Forget the tables (the store was closed and opened again: a new DuckDB instance)."""
        with self._lock:
            self.current, self._old, self._attached_to = None, [], None
            self._closed = False

    def close(self) -> None:
        """Stop a running build (before the store closes) and build no more."""
        with self._lock:
            self._closed = True
            cur, thread = self._cursor, self._thread
        if cur is not None:
            with contextlib.suppress(duckdb.Error):
                cur.interrupt()
        if thread is not None:
            thread.join()

    def status(self) -> dict[str, Any]:
        built = self.current
        return {
            "enabled": self.enabled,
            "ready": built is not None and built.version == self.db.version,
            "version": built.version if built else None,
            "rows": built.rows if built else None,
            "build_seconds": round(built.seconds, 3) if built else None,
            "error": self.error,
        }
