"""The REST API and the dashboard, served by FastAPI (``tidings serve``).

Read-only by default: the store is opened with a read-only DuckDB connection and every route is
a GET. ``POST /ingest`` exists only when a token is configured (``--token`` or
``TIDINGS_API_TOKEN``); the store is then opened read-write so that ingested articles can be
written. Every event route goes through :mod:`tidings.query`, the same code the CLI and the
Python API use.
"""

from tidings.server.app import ServerConfig, create_app

__all__ = ["ServerConfig", "create_app"]
