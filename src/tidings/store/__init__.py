"""Where coded articles live: an embedded DuckDB store (see docs/SCHEMA.md).

The store reads and writes records; it never imports spaCy or any extractor.
"""

from tidings.store.duckdb_store import (
    EVENT_FILTERS,
    AmbiguousArticleId,
    Store,
    StoreError,
    open_store,
    run_id_for,
)

__all__ = [
    "EVENT_FILTERS",
    "AmbiguousArticleId",
    "Store",
    "StoreError",
    "open_store",
    "run_id_for",
]
