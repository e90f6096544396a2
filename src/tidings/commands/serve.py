"""``tidings serve``: the REST API and the offline dashboard over one store."""

from __future__ import annotations

import os

import click

from tidings.query import QueryError


@click.command("serve")
@click.option("--db", default="tidings.duckdb", show_default=True, help="DuckDB store to serve.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (127.0.0.1: this machine only).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token", default=None, envvar="TIDINGS_API_TOKEN", show_envvar=True,
              help="Enable POST /ingest for requests bearing this token (opens the store "
                   "read-write). Without it the API is read-only.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes, each with its own read-only hold on the store (more "
                   "than 1 only without a token: DuckDB allows one writer).")
@click.option("--cache-mb", default=64.0, show_default=True, type=click.FloatRange(0),
              help="Memory per process for answers of the read routes, kept until the store "
                   "changes (0: none).")
@click.option("--serving-table/--no-serving-table", default=True, show_default=True,
              help="Keep an in-memory copy of the events in page order, built at start-up and "
                   "after each ingest (about 64 MB and 5 s per million events), so that pages "
                   "and aggregates do not rank the whole store per request. Leave it out when "
                   "the store's events do not fit in memory.")
def serve_command(db: str, host: str, port: int, token: str | None, workers: int,
                  cache_mb: float, serving_table: bool) -> None:
    """Serve the API (OpenAPI at /docs) and the dashboard (at /) over DB.

    The store is opened read-only unless a token is given; DuckDB then lets other readers
    open it too, but no writer: stop the server before `tidings code` writes to the same file,
    or ingest through POST /ingest with a token.
    """
    import uvicorn

    from tidings.server import ServerConfig, create_app
    from tidings.server.app import config_environment
    from tidings.store import StoreError

    if workers > 1 and token:
        raise click.ClickException("--workers > 1 serves read-only: DuckDB lets one process "
                                   "write, so leave out the token (or use --workers 1)")
    config = ServerConfig(db=db, token=token or "", cache_mb=cache_mb, serving=serving_table)
    try:
        app = create_app(config)
    except (QueryError, StoreError) as exc:
        raise click.ClickException(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - e.g. a file another process holds for writing
        raise click.ClickException(f"cannot open {db}: {exc}") from None
    mode = "read-write, POST /ingest enabled" if token else "read-only"
    click.echo(f"tidings: serving {db} ({mode}) at http://{host}:{port}/  (API docs: /docs)")
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    app.state.db.close()  # each worker opens the store itself (read-only: they share it)
    os.environ.update(config_environment(config))
    uvicorn.run("tidings.server.app:app_from_environment", factory=True, workers=workers,
                host=host, port=port, log_level="warning")


def register(group: click.Group) -> None:
    group.add_command(serve_command)
