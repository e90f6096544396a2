"""The server's hold on the store: one DuckDB connection, one cursor per request.

DuckDB runs many readers at once inside one process; each request gets its own cursor (a
connection to the same database instance) so requests never share a result set. Writes (only
``POST /ingest``) go through one lock: DuckDB allows one writer.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from tidings.query import QueryError, fetch_records
from tidings.store import Store, open_store


class Database:
    """The store the server reads (and, with a token, writes)."""

    def __init__(self, path: str | Path, *, writable: bool = False) -> None:
        self.path = str(path)
        self.writable = writable
        if not writable and self.path != ":memory:" and not Path(self.path).exists():
            raise QueryError(
                f"no database at {self.path}; code some articles first "
                f"(`tidings code PATH --db {self.path}` or `tidings sample --db {self.path}`)"
            )
        self.store: Store = open_store(self.path, read_only=not writable)
        self.write_lock = threading.Lock()
        self._tables = self._table_names()
        self._columns: dict[str, list[str]] = {}

    def ensure_open(self) -> None:
        """Reopen after ``close`` (an ASGI server may run the app's lifespan more than once)."""
        if self.store.closed:
            self.store = open_store(self.path, read_only=not self.writable)

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
        """Forget what was cached about the schema (after a write that may have migrated it)."""
        self._tables = self._table_names()
        self._columns = {}

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cur = self.store.con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def records(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        with self.cursor() as cur:
            return fetch_records(cur, sql, params)

    def close(self) -> None:
        self.store.close()
