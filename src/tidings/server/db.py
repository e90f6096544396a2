"""The server's hold on the store: one DuckDB database, one cursor per worker thread.

DuckDB runs many readers at once inside one process, and releases the GIL while a query runs.
Each thread of the server's pool keeps its own cursor (a connection to the same database
instance, with :func:`tidings.query.tune_connection`'s settings) and reuses it from request to
request, so requests never share a result set and none pays for setting one up. Writes (only
``POST /ingest``) go through one lock: DuckDB allows one writer.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from tidings.query import QueryError, fetch_records, tune_connection
from tidings.server.serving import Serving
from tidings.store import Store, open_store


class Database:
    """The store the server reads (and, with a token, writes)."""

    def __init__(self, path: str | Path, *, writable: bool = False, serving: bool = True,
                 threads: int | None = None) -> None:
        self.path = str(path)
        self.writable = writable
        if not writable and self.path != ":memory:" and not Path(self.path).exists():
            raise QueryError(
                f"no database at {self.path}; code some articles first "
                f"(`tidings code PATH --db {self.path}` or `tidings sample --db {self.path}`)"
            )
        self.threads = threads
        self.store: Store = self._open()
        self.write_lock = threading.Lock()
        self.version = 0  # moves on after every write (the response cache's key)
        self._local = threading.local()
        self._cursors: list[duckdb.DuckDBPyConnection] = []
        self._cursors_lock = threading.Lock()
        self._tables = self._table_names()
        self._columns: dict[str, list[str]] = {}
        self.serving = Serving(self, enabled=serving)

    def ensure_open(self) -> None:
        """Reopen after ``close`` (an ASGI server may run the app's lifespan more than once)."""
        if self.store.closed:
            self.store = self._open()
            self._local = threading.local()
            self.serving.reset()
        self.serving.wait()  # at start-up: the server answers once its serving table is built

    def _open(self) -> Store:
        store = open_store(self.path, read_only=not self.writable)
        if self.threads:  # DuckDB's worker threads for this database (a setting of the instance)
            store.con.execute(f"SET threads = {int(self.threads)}")  # an integer, not input
        return store

    def _table_names(self) -> set[str]:
        cur = self.store.con.cursor()
        try:
            rows = cur.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        finally:
            cur.close()
        return {r[0] for r in rows}

    def has_table(self, name: str) -> bool:
        """Whether the store has this table (tables of later migrations may be missing)."""
        return name in self._tables

    def columns(self, table: str) -> list[str]:
        """The table's columns, looked up once (the schema only changes through ``refresh``)."""
        if table not in self._columns:
            with self.cursor() as cur:
                rows = cur.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                    "ORDER BY ordinal_position",
                    [table],
                ).fetchall()
            self._columns[table] = [r[0] for r in rows]
        return self._columns[table]

    def refresh(self) -> None:
        """After a committed write: forget what was cached about the schema (the write may have
        migrated it) and move the store version on (answers kept for the old one are stale)."""
        self._tables = self._table_names()
        self._columns = {}
        self.version += 1
        self.serving.request()  # the serving table of the old version is stale

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """This thread's cursor; a fresh one (closed after) if this thread's is already in use."""
        local = self._local
        cur = getattr(local, "cursor", None)
        if cur is None or local.store is not self.store:
            cur = tune_connection(self.store.con.cursor())
            with self._cursors_lock:
                self._cursors.append(cur)
            local.cursor, local.store, local.busy = cur, self.store, False
        if local.busy:  # nested use in one thread: never share a pending result set
            extra = tune_connection(self.store.con.cursor())
            try:
                yield extra
            finally:
                extra.close()
            return
        local.busy = True
        try:
            yield cur
        finally:
            local.busy = False

    def records(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        with self.cursor() as cur:
            return fetch_records(cur, sql, params)

    def close(self) -> None:
        self.serving.close()
        with self._cursors_lock:
            cursors, self._cursors = self._cursors, []
        for cur in cursors:
            cur.close()
        self.store.close()
