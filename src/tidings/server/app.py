"""The FastAPI application: configuration, error handling, routers, the dashboard's files."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from tidings import __version__
from tidings.query import FILTER_FIELDS, QueryError
from tidings.server.cache import CacheMiddleware, ResponseCache
from tidings.server.db import Database

STATIC_DIR = Path(__file__).resolve().parent.parent / "web" / "static"
TOKEN_ENV = "TIDINGS_API_TOKEN"


class ApiProblem(Exception):
    """A request the server refuses: an HTTP status and a message that says what to do."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class ServerConfig:
    """What ``tidings serve`` (or a test) starts the API with.

    ``token``: enables ``POST /ingest`` (Bearer token) and opens the store read-write; without
    it the store is opened read-only and the API has no write route at all. ``None`` reads
    ``TIDINGS_API_TOKEN``; an empty string means no token even when the variable is set.
    ``cache_mb``: answers of the read routes kept per store version (:mod:`tidings.server.cache`);
    0 keeps none. ``threads``: DuckDB's threads in this process (None: DuckDB's default, one per
    core). 1 by default: a server's parallelism comes from its concurrent requests (and
    ``--workers``); a query split over several threads finishes sooner on an idle machine but
    costs about a third more CPU, which under load every other request waits for.
    ``serving``: build the serving table (:mod:`tidings.server.serving`). ``pool_threads``:
    requests that run at once (the size of the thread pool the routes run in; None: 2 per core).
    """

    db: str | Path = "tidings.duckdb"
    token: str | None = None
    cache_mb: float = 64.0
    threads: int | None = 1
    serving: bool = True
    pool_threads: int | None = None

    def resolved_token(self) -> str | None:
        token = os.environ.get(TOKEN_ENV) if self.token is None else self.token
        return token or None


def create_app(config: ServerConfig | str | Path = "tidings.duckdb") -> FastAPI:
    """The API over one store. Raises ``QueryError``/``StoreError`` when it cannot be opened."""
    if not isinstance(config, ServerConfig):
        config = ServerConfig(db=config)
    token = config.resolved_token()
    db = Database(config.db, writable=token is not None, serving=config.serving,
                  threads=config.threads)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        import anyio.to_thread

        # the routes run in anyio's thread pool (40 threads by default): as many at once as the
        # pool has threads; past a few per core they only take turns for the GIL with each other
        # and with the event loop (which answers cached requests), so the rest wait their turn
        anyio.to_thread.current_default_thread_limiter().total_tokens = config.pool_threads or max(
            2, 2 * (os.cpu_count() or 1))
        db.ensure_open()
        yield
        db.close()

    app = FastAPI(
        title="tidings",
        version=__version__,
        description=(
            "Political event data coded from news: who did what to whom, when, where, and "
            "according to whom. Read-only unless the server was started with a token. Lists "
            "are paged: follow `next` until it is null; there is no cap beyond the page size. "
            "Event filters are the same as `tidings query` and `tidings.query()`; only "
            "asserted events are returned unless `modality` says otherwise."
        ),
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.token = token
    app.state.cache = ResponseCache(int(max(0.0, config.cache_mb) * 1024 * 1024))
    app.add_middleware(CacheMiddleware, cache=app.state.cache, version=lambda: db.version)
    _add_error_handlers(app)

    from tidings.server.routes import events, feed, ingest, resources

    app.include_router(events.router)
    app.include_router(resources.router)
    app.include_router(feed.router)
    if token is not None:
        app.include_router(ingest.router)
    else:
        app.include_router(ingest.disabled_router)

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html")

    return app


_ENV_DB, _ENV_CACHE = "TIDINGS_SERVE_DB", "TIDINGS_SERVE_CACHE_MB"
_ENV_SERVING = "TIDINGS_SERVE_SERVING_TABLE"


def config_environment(config: ServerConfig) -> dict[str, str]:
    """A read-only configuration as environment variables, for worker processes."""
    if config.resolved_token() is not None:
        raise ValueError("worker processes serve read-only; the configuration has a token")
    return {_ENV_DB: str(config.db), _ENV_CACHE: str(config.cache_mb),
            _ENV_SERVING: "1" if config.serving else "0"}


def app_from_environment() -> FastAPI:
    """The app of one worker process of ``tidings serve --workers N`` (read-only; the store,
    cache size and serving table come from :func:`config_environment`'s variables)."""
    return create_app(ServerConfig(db=os.environ[_ENV_DB], token="",
                                   cache_mb=float(os.environ.get(_ENV_CACHE, "64")),
                                   serving=os.environ.get(_ENV_SERVING, "1") != "0"))


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=400)

    @app.exception_handler(ApiProblem)
    async def api_problem(request: Request, exc: ApiProblem) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse({"error": str(exc)}, status_code=exc.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        return JSONResponse(
            {"error": explain_validation(errors, request), "detail": _jsonable(errors)},
            status_code=422,
        )


def explain_validation(errors: Any, request: Request) -> str:
    """One readable sentence per problem, naming the parameter and what it accepts."""
    parts = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")]
        name = loc[0] if loc else "request"
        message = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        if err.get("type") == "extra_forbidden":
            known = _known_parameters(request)
            message = f"unknown parameter; this endpoint takes {', '.join(known)}"
        parts.append(f"{name}: {message}")
    return "; ".join(parts) or "invalid request"


def _known_parameters(request: Request) -> list[str]:
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    names: list[str] = []
    for param in getattr(dependant, "query_params", []) or []:
        annotation = getattr(param.field_info, "annotation", None)
        fields = getattr(annotation, "model_fields", None)
        names.extend(fields if fields else [param.alias])
    return names or list(FILTER_FIELDS)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items() if k != "ctx"}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def next_link(request: Request, cursor: str) -> str:
    """This request's path and query with ``cursor`` set: the next page, same filters."""
    pairs = [(k, v) for k, v in parse_qsl(request.url.query, keep_blank_values=True) if k != "cursor"]
    pairs.append(("cursor", cursor))
    return f"{request.url.path}?{urlencode(pairs)}"


def paged(request: Request, items: list[dict[str, Any]], limit: int, cursor: str | None) -> JSONResponse:
    headers = {"Link": f'<{next_link(request, cursor)}>; rel="next"'} if cursor else None
    body = {"items": items, "next": next_link(request, cursor) if cursor else None, "limit": limit}
    return JSONResponse(body, headers=headers)
