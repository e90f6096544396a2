"""Events and their aggregates: the list, one event with its evidence, the daily series of a
dyad, the actor network and the map's points. Every query is built by :mod:`tidings.query`."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import Field

from tidings.query import (
    FILTER_FIELDS,
    Cursor,
    EventFilter,
    QueryError,
    cursor_after,
    daily_sql,
    event_sql,
    fetch_event_page,
    network_sql,
    places_sql,
)
from tidings.server import models
from tidings.server.app import paged
from tidings.server.outlets import outlets_for
from tidings.server.sql import article_quotes_sql

router = APIRouter(tags=["events"])

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": models.Problem, "description": "a value the server cannot use; the message says how to fix it"},
    422: {"description": "a parameter of the wrong type or shape; `error` says which and how to fix it"},
}


def _filter(params: EventFilter, **override: Any) -> EventFilter:
    values = params.model_dump(include=set(FILTER_FIELDS))
    values.update(override)
    return EventFilter.model_validate(values)


@router.get("/events", response_model=None, responses={200: {"model": models.EventPage}, **ERRORS},
            summary="Events matching the filters, a page at a time")
def list_events(request: Request, params: Annotated[models.EventParams, Query()]) -> JSONResponse:
    """Same filters, rows and order as `tidings query` and `tidings.query()`."""
    db = request.app.state.db
    after = Cursor.decode(params.cursor) if params.cursor else None
    order: Literal["asc", "desc"] = "desc" if params.order == "desc" else "asc"
    serving = db.serving.table()  # None until the serving table of this version is built
    with db.cursor() as cur:
        if serving is not None:
            rows = db.serving.fetch_page(cur, serving, _filter(params), limit=params.limit + 1,
                                         after=after, order=order)
        else:
            rows = fetch_event_page(cur, _filter(params), limit=params.limit + 1, after=after,
                                    order=order)
    more = len(rows) > params.limit
    rows = rows[: params.limit]
    cursor = cursor_after(rows[-1], order).encode() if more and rows else None
    return paged(request, rows, params.limit, cursor)


@router.get("/events/{event_id}", response_model=None,
            responses={200: {"model": models.EventDetail}, 404: {"model": models.Problem}},
            summary="One event: its evidence sentence, quotes and outlets")
def get_event(
    request: Request, event_id: Annotated[str, Path(max_length=200)]
) -> JSONResponse:
    db = request.app.state.db
    rows = db.records(*event_sql(event_id))
    if not rows:
        return JSONResponse({"error": f"no event {event_id!r}; list events with GET /events"},
                            status_code=404)
    row = rows[0]
    cues, rule = row.pop("cues") or [], row.pop("rule")
    quotes = db.records(*article_quotes_sql(row["article_id"]))
    speakers = {row.get("source_actor_id"), row.get("target_actor_id")} - {None}

    def related(q: dict[str, Any]) -> bool:
        return q["sentence_index"] == row["sentence_index"] or q["speaker_actor_id"] in speakers

    quotes.sort(key=lambda q: (not related(q), q["start"] if q["start"] is not None else 0))
    return JSONResponse({
        "event": row,
        "cues": cues,
        "rule": rule,
        "highlight": highlight(row),
        "quotes": quotes,
        "outlets": outlets_for(db, row),
    })


def highlight(row: dict[str, Any]) -> dict[str, int] | None:
    """The trigger's offsets inside the evidence sentence, checked against its text."""
    text, trigger = row.get("evidence_text") or "", row.get("trigger_text")
    if not trigger:
        return None
    start = None
    if row.get("trigger_start") is not None and row.get("sentence_start") is not None:
        guess = row["trigger_start"] - row["sentence_start"]
        if text[guess: guess + len(trigger)] == trigger:
            start = guess
    if start is None:
        found = text.find(trigger)
        start = found if found >= 0 else None
    return None if start is None else {"start": start, "end": start + len(trigger)}


@router.get("/series/daily", response_model=None,
            responses={200: {"model": models.DailySeries}, **ERRORS},
            summary="Daily Goldstein sum and counts per quad class of the matching events")
def daily_series(request: Request, params: Annotated[EventFilter, Query()]) -> JSONResponse:
    """Events dated to the day only (one known only to its month would pile up on the 1st)."""
    db = request.app.state.db
    return JSONResponse({"items": db.records(*daily_sql(_filter(params),
                                                        serving=db.serving.table()))})


@router.get("/dyads/{source}/{target}/daily", response_model=None,
            responses={200: {"model": models.DailySeries}, **ERRORS},
            summary="Daily Goldstein sum and quad-class counts of a source/target pair")
def dyad_series(
    request: Request,
    source: Annotated[str, Path(max_length=200, description="source actor (MEX, USAGOV ...)")],
    target: Annotated[str, Path(max_length=200, description="target actor")],
    params: Annotated[EventFilter, Query()],
) -> JSONResponse:
    """`both_directions=true` adds target -> source events (the dyad both ways)."""
    if params.actor or params.target:
        raise QueryError("the dyad is given in the path (/dyads/SOURCE/TARGET/daily); "
                         "leave actor and target out of the query")
    f = _filter(params, actor=source, target=target)
    db = request.app.state.db
    return JSONResponse({"items": db.records(*daily_sql(f, serving=db.serving.table()))})


class NetworkParams(EventFilter):
    level: Literal["country", "actor"] = Field(
        "country", description="country: MEXGOV and MEXMIL count as MEX; actor: full CAMEO codes")
    limit: int = Field(200, ge=1, le=5000, description="busiest edges to return")


@router.get("/network", response_model=None, responses={200: {"model": models.Network}, **ERRORS},
            summary="Who acts on whom: edges with event counts and Goldstein sums")
def network(request: Request, params: Annotated[NetworkParams, Query()]) -> JSONResponse:
    db = request.app.state.db
    sql, args = network_sql(_filter(params), level=params.level, limit=params.limit,
                            serving=db.serving.table())
    return JSONResponse({"items": db.records(sql, args)})


class PlaceParams(EventFilter):
    limit: int = Field(1000, ge=1, le=10000, description="busiest places to return")


@router.get("/places", response_model=None, responses={200: {"model": models.Places}, **ERRORS},
            summary="Where the matching events happened: points with event counts")
def places(request: Request, params: Annotated[PlaceParams, Query()]) -> JSONResponse:
    db = request.app.state.db
    sql, args = places_sql(_filter(params), limit=params.limit, serving=db.serving.table())
    return JSONResponse({"items": db.records(sql, args)})
