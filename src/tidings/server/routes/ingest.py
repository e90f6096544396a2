"""``POST /ingest``: code articles sent over HTTP and store them. Exists only with a token.

Bodies: ``text/plain`` (one article; the same optional header lines as a text file: ``date
YYYY-MM-DD``, ``outlet:``, ``url:``, ``title:``), or JSON Lines (``application/x-ndjson``,
``application/jsonl``: one ``{"id","url","outlet","published","title","text"}`` per line), or
``application/json`` (one such object or a list of them). A bad line is reported with its line
number and the others are coded: one bad document never stops a batch.
"""

from __future__ import annotations

import hmac
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from tidings.records import Article
from tidings.server import models
from tidings.server.app import ApiProblem
from tidings.server.db import Database
from tidings.sources import article_from_record, parse_text
from tidings.sources.base import parse_published

router = APIRouter(tags=["ingest"])
disabled_router = APIRouter()
bearer = HTTPBearer(auto_error=False, description="the token the server was started with")
MAX_BODY_BYTES = 20 * 1024 * 1024
JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines",
               "application/jsonlines")

DISABLED = ("ingest is disabled: this server is read-only. Start it with a token to enable "
            "POST /ingest (`tidings serve --token TOKEN`, or set TIDINGS_API_TOKEN)")


@disabled_router.post("/ingest", include_in_schema=False)
def ingest_disabled() -> JSONResponse:
    return JSONResponse({"error": DISABLED}, status_code=404)


def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> None:
    expected: str = request.app.state.token
    if credentials is None:
        raise ApiProblem(401, "POST /ingest needs the server's token: send the header "
                                 "`Authorization: Bearer TOKEN`")
    if not hmac.compare_digest(credentials.credentials.encode(), expected.encode()):
        raise ApiProblem(403, "wrong token for POST /ingest; use the token the server was "
                                 "started with (--token or TIDINGS_API_TOKEN)")


@router.post(
    "/ingest",
    response_model=None,
    responses={
        200: {"model": models.IngestResult},
        400: {"model": models.Problem}, 401: {"model": models.Problem},
        403: {"model": models.Problem}, 413: {"model": models.Problem},
        415: {"model": models.Problem},
    },
    openapi_extra={"requestBody": {"required": True, "content": {
        "text/plain": {"schema": {"type": "string"}},
        "application/x-ndjson": {"schema": {"type": "string"}},
        "application/json": {"schema": {}},
    }}},
    summary="Code articles and store them (needs the server's token)",
)
async def ingest(
    request: Request,
    _auth: Annotated[None, Depends(require_token)],
    published: Annotated[str | None, Query(max_length=40, description="text/plain: publication date")] = None,
    outlet: Annotated[str | None, Query(max_length=200, description="text/plain: outlet")] = None,
    url: Annotated[str | None, Query(max_length=2000, description="text/plain: url")] = None,
    title: Annotated[str | None, Query(max_length=500, description="text/plain: headline")] = None,
) -> JSONResponse:
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise ApiProblem(413, f"body is {len(body):,} bytes; send at most {MAX_BODY_BYTES:,} "
                                 "bytes per request (split a JSON Lines batch)")
    kind = request.headers.get("content-type", "text/plain").split(";")[0].strip().lower()
    articles, errors = parse_body(body, kind, {
        "published": published, "outlet": outlet, "url": url, "title": title})
    from starlette.concurrency import run_in_threadpool

    result = await run_in_threadpool(code_and_store, request.app.state.db, articles)
    result["errors"] = errors + result["errors"]
    return JSONResponse(result)


def parse_body(body: bytes, kind: str, fields: dict[str, str | None]) -> tuple[list[Article], list[dict[str, Any]]]:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiProblem(400, f"body is not UTF-8 (byte {exc.start}); send UTF-8 text") from None
    errors: list[dict[str, Any]] = []
    articles: list[Article] = []
    if kind == "text/plain":
        try:
            article = parse_text(text, origin="POST /ingest")
            given = {k: v for k, v in fields.items() if v}
            if "published" in given:
                given["published"] = parse_published(given["published"])
            if given:
                article = Article(**{**_article_fields(article), **given, "id": ""})
        except ValueError as exc:
            raise ApiProblem(400, f"cannot read the article: {exc}") from None
        return [article], errors
    if kind in JSONL_TYPES:
        records = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    records.append((number, json.loads(line)))
                except json.JSONDecodeError as exc:
                    errors.append({"line": number, "message": f"not JSON: {exc.msg}"})
    elif kind == "application/json":
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ApiProblem(400, f"body is not JSON: {exc.msg} at character {exc.pos}") from None
        records = list(enumerate(value if isinstance(value, list) else [value], 1))
    else:
        raise ApiProblem(415, f"cannot ingest {kind!r}; send text/plain (one article), "
                                 "application/x-ndjson (JSON Lines) or application/json")
    for number, record in records:
        try:
            articles.append(article_from_record(record, origin=f"POST /ingest #{number}"))
        except ValueError as exc:
            errors.append({"line": number, "message": str(exc)})
    return articles, errors


def _article_fields(article: Article) -> dict[str, Any]:
    return {k: getattr(article, k) for k in Article.__dataclass_fields__}


def code_and_store(db: Database, articles: list[Article]) -> dict[str, Any]:
    """Code the articles, write them in one batch (the one writer holds the lock), then update
    event clusters and check watchlists as `tidings code` does."""
    from tidings.api import get_coder
    from tidings.coder import CODE_VERSION
    from tidings.store import StoreError, open_store

    coder = get_coder()
    out: dict[str, Any] = {"run_id": None, "articles": [], "errors": []}
    results = []
    for article in articles:
        try:
            results.append(coder.code(article))
        except Exception as exc:  # noqa: BLE001 - reported per document, the batch goes on
            out["errors"].append({"id": article.id, "message":
                                  f"coding failed: {type(exc).__name__}: {exc}"})
    try:
        with db.write_lock, open_store(db.path) as store:
            out["run_id"] = store.start_run(CODE_VERSION, coder.lexicon_hash, coder.model_name,
                                            {"via": "POST /ingest"})
            try:
                store.write_results(results, out["run_id"])
            except StoreError as exc:
                bad = exc.article_id
                if bad is None:
                    raise ApiProblem(400, str(exc)) from None
                out["errors"].append({"id": bad, "message": str(exc)})
                results = [r for r in results if r.article.id != bad]
                store.write_results(results, out["run_id"])
            if results:
                # the same dataset hooks as `tidings code`: de-duplication, then watchlists
                from tidings.api import _after_ingest

                _after_ingest(store, [r.article.id for r in results])
    finally:
        db.refresh()  # whatever was committed: the store version moves on (kept answers are stale)
    out["articles"] = [
        {"id": r.article.id, "outlet": r.article.outlet, "events": len(r.events),
         "asserted_events": len(r.asserted_events), "quotes": len(r.quotes)}
        for r in results
    ]
    return out
