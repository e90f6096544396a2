"""Articles, actors, quotes and mentions, a keyset page at a time; health and summary."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import Field

from tidings.server import models, sql
from tidings.server.app import paged
from tidings.server.db import Database

router = APIRouter()

_PAGE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": models.Problem, "description": "a bad cursor or value; the message says how to fix it"},
    422: {"description": "a parameter of the wrong type or shape; `error` says which and how to fix it"},
}


def _page(request: Request, select: sql.Select, params: models.PageParams) -> JSONResponse:
    db: Database = request.app.state.db
    late = select.late_page(params.limit, params.cursor)
    rows = db.records(*late) if late else []
    if not late or not select.late_page_complete(rows, params.limit):
        rows = db.records(*select.page(params.limit, params.cursor))
    more = len(rows) > params.limit
    rows = rows[: params.limit]
    cursor = select.next_cursor(rows[-1]) if more and rows else None
    return paged(request, rows, params.limit, cursor)


class ArticleParams(models.PageParams):
    outlet: str | None = Field(None, max_length=200, description="outlet name, exact")
    since: dt.date | None = Field(None, description="published on or after")
    until: dt.date | None = Field(None, description="published on or before")
    contains: str | None = Field(None, max_length=200, description="text in the title")
    include_text: bool = Field(False, description="include the article text (long, and "
                               "often under copyright: left out unless asked)")


@router.get("/articles", tags=["articles"], response_model=None,
            responses={200: {"model": models.ArticlePage}, **_PAGE_ERRORS},
            summary="Coded articles, by id")
def list_articles(request: Request, params: Annotated[ArticleParams, Query()]) -> JSONResponse:
    select = sql.articles(outlet=params.outlet, since=params.since, until=params.until,
                          contains=params.contains, include_text=params.include_text)
    return _page(request, select, params)


@router.get("/articles/{article_id}", tags=["articles"], response_model=None,
            responses={200: {"description": "the article's JSON contract (docs/SCHEMA.md)"},
                       404: {"model": models.Problem}, 422: _PAGE_ERRORS[422]},
            summary="One article as the JSON contract: events, quotes, actors, places")
def get_article(
    request: Request,
    article_id: Annotated[str, Path(max_length=200)],
    include_text: Annotated[bool, Query(description="include the article text")] = False,
) -> JSONResponse:
    db: Database = request.app.state.db
    rows = db.records('SELECT result_json, "text", origin FROM articles WHERE id = ?', [article_id])
    if not rows:
        return JSONResponse({"error": f"no article {article_id!r}; list them with GET /articles"},
                            status_code=404)
    body = json.loads(rows[0]["result_json"])
    if include_text:
        body["text"] = rows[0]["text"]
    return JSONResponse(body)


class ActorParams(models.PageParams):
    article_id: str | None = Field(None, max_length=200)
    cameo: str | None = Field(None, max_length=200, description="CAMEO code prefix (MEX, MEXGOV, ---COP)")
    country: str | None = Field(None, max_length=200, description="ISO-3 or PLOVER code")
    name: str | None = Field(None, max_length=200, description="name, case-insensitive")
    kind: str | None = Field(None, max_length=200,
                        description="person, organisation, country, group, media, unknown")


@router.get("/actors", tags=["actors"], response_model=None,
            responses={200: {"model": models.ActorPage}, **_PAGE_ERRORS},
            summary="Actors as coded in each article")
def list_actors(request: Request, params: Annotated[ActorParams, Query()]) -> JSONResponse:
    select = sql.actors(article_id=params.article_id, cameo=params.cameo, country=params.country,
                        name=params.name, kind=params.kind)
    return _page(request, select, params)


class QuoteParams(models.PageParams):
    article_id: str | None = Field(None, max_length=200)
    speaker_cameo: str | None = Field(None, max_length=200, description="CAMEO code prefix")
    speaker_name: str | None = Field(None, max_length=200, description="case-insensitive")
    kind: str | None = Field(None, max_length=200, description="direct, partial, indirect")
    contains: str | None = Field(None, max_length=200, description="text in the quote")


@router.get("/quotes", tags=["quotes"], response_model=None,
            responses={200: {"model": models.QuotePage}, **_PAGE_ERRORS},
            summary="Quotations with their speakers")
def list_quotes(request: Request, params: Annotated[QuoteParams, Query()]) -> JSONResponse:
    select = sql.quotes(article_id=params.article_id, speaker_cameo=params.speaker_cameo,
                        speaker_name=params.speaker_name, kind=params.kind,
                        contains=params.contains)
    return _page(request, select, params)


class MentionParams(models.PageParams):
    cluster_id: str | None = Field(None, max_length=200, description="a de-duplicated event")
    event_id: str | None = Field(None, max_length=200)
    article_id: str | None = Field(None, max_length=200)
    outlet: str | None = Field(None, max_length=200)


@router.get("/mentions", tags=["mentions"], response_model=None,
            responses={200: {"model": models.MentionPage}, 404: {"model": models.Problem},
                       **_PAGE_ERRORS},
            summary="Reports of de-duplicated events: article, sentence, outlet, modality")
def list_mentions(request: Request, params: Annotated[MentionParams, Query()]) -> JSONResponse:
    db: Database = request.app.state.db
    if not db.has_table("mentions"):
        return JSONResponse(
            {"error": "this store has no mentions table (it was coded before de-duplication "
                      "existed); open it once read-write with this tidings to migrate it, "
                      "then re-run de-duplication"},
            status_code=404,
        )
    columns = db.columns("mentions")
    keys = [k for k in ("mention_id", "cluster_id", "event_id", "article_id") if k in columns]
    keys = ["m.mention_id"] if "mention_id" in columns else [f"m.{k}" for k in keys]
    select = sql.Select("m.*", "mentions m", keys)
    for name in ("cluster_id", "event_id", "article_id", "outlet"):
        if name in columns:
            select.eq(f"m.{name}", getattr(params, name))
        elif getattr(params, name) is not None:
            return JSONResponse({"error": f"{name}: this store's mentions have no {name}"},
                                status_code=400)
    return _page(request, select, params)


@router.get("/health", tags=["meta"], summary="Is the API up, and over which store")
def health(request: Request) -> dict[str, Any]:
    db: Database = request.app.state.db
    with db.cursor() as cur:
        version = cur.execute("SELECT max(version) FROM schema_migrations").fetchone()
    cache = request.app.state.cache
    return {
        "status": "ok",
        "read_only": not db.writable,
        "ingest": request.app.state.token is not None,
        "schema_version": int(version[0]) if version and version[0] is not None else 0,
        "store_version": db.version,
        "cache": {"max_bytes": cache.max_bytes, "entries": len(cache), "hits": cache.hits,
                  "misses": cache.misses},
        "serving": db.serving.status(),
    }


@router.get("/summary", tags=["meta"], summary="Counts for the dashboard's header")
def summary(request: Request) -> dict[str, Any]:
    db: Database = request.app.state.db
    with db.cursor() as cur:
        articles = cur.execute("SELECT count(*), count(DISTINCT outlet) FROM articles").fetchone()
        by_modality = dict(cur.execute(
            "SELECT modality, count(*) FROM events GROUP BY modality ORDER BY modality").fetchall())
        first, last = cur.execute(
            "SELECT min(event_date), max(event_date) FROM events WHERE modality = ?",
            ["asserted"]).fetchone() or (None, None)
        quotes = cur.execute("SELECT count(*) FROM quotes").fetchone()
    return {
        "articles": articles[0] if articles else 0,
        "outlets": articles[1] if articles else 0,
        "events_by_modality": by_modality,
        "quotes": quotes[0] if quotes else 0,
        "first_event_date": first.isoformat() if first else None,
        "last_event_date": last.isoformat() if last else None,
        "mentions": db.has_table("mentions"),
    }
