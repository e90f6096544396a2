"""One query over coded events, used three ways: the CLI, the Python API and the REST API.

    tidings query --actor MEX --target USA --root 12 --since 2025-08-01 --place Mexico
    tidings.query(actor="MEX", target="USA", root=12, since="2025-08-01", place="Mexico")
    GET /events?actor=MEX&target=USA&root=12&since=2025-08-01&place=Mexico

All three build an :class:`EventFilter` (a typed, validated filter object) and hand it to the
SQL builders below, so they return the same rows in the same order. The builders compose SQL
only from fixed fragments written in this file; every value a caller gives is bound as a
parameter (``?``), never pasted into the SQL text. Only asserted events are returned unless
``modality`` says otherwise (docs/ARCHITECTURE.md, "Conventions").

Matching rules (documented once here, shown in ``tidings query --help`` and the OpenAPI schema):

* ``actor`` / ``target`` / ``involving``: an actor code matches an actor whose country is that
  code or whose CAMEO code starts with it (``MEX`` matches ``MEX``, ``MEXGOV``, ``MEXMIL``;
  ``---COP`` matches police of any country). A country name (``Mexico``) is read as its ISO-3
  code; any other text matches the actor's name, case-insensitively.
* ``root``: CAMEO root codes (``12``, ``4`` = ``04``); ``code``: CAMEO code prefixes (``0431``).
* ``place``: a country (name or ISO code) matches events placed in that country; any other text
  matches the place name, case-insensitively.
* ``since`` / ``until``: the event date (first day of its period), inclusive.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tidings.records import MODALITIES

if TYPE_CHECKING:  # pragma: no cover
    import duckdb
    import pandas as pd
    import pyarrow as pa

    from tidings.store import Store


class QueryError(ValueError):
    """A query the caller can fix: the message names the parameter and what it accepts."""


# ---------------------------------------------------------------------------------------------
# the filter object

_CODE = re.compile(r"^[A-Za-z0-9-]{1,20}$")  # actor code shape: MEX, MEXGOV, ---COP, IGOUNO
_DIGITS = re.compile(r"^\d{1,4}$")
MAX_VALUE_CHARS = 200
MAX_VALUES = 50
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100


def _as_list(value: Any) -> list[Any] | None:
    """None, a value, a comma-separated string or a list of them -> a list (or None)."""
    if value is None:
        return None
    items = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
    out: list[Any] = []
    for item in items:
        if isinstance(item, str):
            out.extend(part.strip() for part in item.split(",") if part.strip())
        else:
            out.append(item)
    return out or None


def _checked_strings(values: list[Any] | None, what: str) -> list[str] | None:
    if values is None:
        return None
    if len(values) > MAX_VALUES:
        raise ValueError(f"at most {MAX_VALUES} values of {what}, got {len(values)}")
    out = []
    for value in values:
        text = str(value)
        if len(text) > MAX_VALUE_CHARS:
            raise ValueError(f"a value of {what} is longer than {MAX_VALUE_CHARS} characters")
        if "\x00" in text:
            raise ValueError(f"a value of {what} contains a NUL character")
        out.append(text)
    return out


class EventFilter(BaseModel):
    """Which events to return. Every field is optional; given fields are ANDed, and a field
    given several values (a list, or "MEX,USA") matches any of them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    actor: list[str] | None = Field(
        None, description="source actor: country or CAMEO code prefix (MEX, USAGOV, ---COP), "
        "or a country/actor name")
    target: list[str] | None = Field(None, description="target actor, matched like `actor`")
    involving: list[str] | None = Field(
        None, description="an actor on either side (source or target), matched like `actor`")
    both_directions: bool = Field(
        False, description="with actor and target: also return target -> actor events (the dyad "
        "in both directions)")
    root: list[str] | None = Field(
        None, description="CAMEO root code(s), two digits (12, or 4 for 04)")
    code: list[str] | None = Field(
        None, description="CAMEO event code prefix(es) (043, 0431)")
    quad_class: list[int] | None = Field(
        None, description="quad class(es): 1 verbal coop, 2 material coop, 3 verbal conflict, "
        "4 material conflict")
    since: dt.date | None = Field(None, description="event date on or after (YYYY-MM-DD)")
    until: dt.date | None = Field(None, description="event date on or before (YYYY-MM-DD)")
    place: list[str] | None = Field(
        None, description="event place: a country (name or ISO code) or a place name")
    modality: list[str] = Field(
        default_factory=lambda: ["asserted"],
        description=f"modalities to return: {', '.join(MODALITIES)}, or all (default asserted)")
    outlet: list[str] | None = Field(None, description="outlet name(s), exact")
    article_id: list[str] | None = Field(None, description="article id(s)")
    contains: str | None = Field(
        None, description="text the evidence sentence contains (case-insensitive)")
    min_confidence: float | None = Field(None, ge=0, le=1, description="confidence at least")
    cluster_id: list[str] | None = Field(
        None, description="de-duplicated event(s): every report of the same real-world event")
    min_independent: int | None = Field(
        None, ge=1, le=1000, description="reported by at least this many independent sources "
        "(syndicated copies count once)")

    # -- normalisation -------------------------------------------------------------------------

    @field_validator("actor", "target", "involving", "place", "outlet", "article_id", "cluster_id",
                     mode="before")
    @classmethod
    def _strings(cls, value: Any, info: Any) -> list[str] | None:
        return _checked_strings(_as_list(value), info.field_name)

    @field_validator("root", mode="before")
    @classmethod
    def _roots(cls, value: Any) -> list[str] | None:
        values = _checked_strings(_as_list(value), "root")
        if values is None:
            return None
        out = []
        for v in values:
            if not _DIGITS.match(v) or not 1 <= int(v) <= 20:
                raise ValueError(f"root must be a CAMEO root code 01-20 (e.g. 12 or 04), got {v!r}")
            out.append(f"{int(v):02d}")
        return out

    @field_validator("code", mode="before")
    @classmethod
    def _codes(cls, value: Any) -> list[str] | None:
        values = _checked_strings(_as_list(value), "code")
        if values is None:
            return None
        for v in values:
            if not _DIGITS.match(v):
                raise ValueError(f"code must be a CAMEO event code or prefix of 1-4 digits "
                                 f"(e.g. 043 or 0431), got {v!r}")
        return values

    @field_validator("quad_class", mode="before")
    @classmethod
    def _quads(cls, value: Any) -> list[int] | None:
        values = _as_list(value)
        if values is None:
            return None
        out = []
        for v in values:
            try:
                q = int(v)
            except (TypeError, ValueError):
                q = 0
            if q not in (1, 2, 3, 4) or isinstance(v, bool):
                raise ValueError(f"quad_class must be 1, 2, 3 or 4, got {v!r}")
            out.append(q)
        return out

    @field_validator("modality", mode="before")
    @classmethod
    def _modalities(cls, value: Any) -> list[str]:
        values = _as_list(value)
        if not values:
            return ["asserted"]
        names = [str(v).strip().lower() for v in values]
        if "all" in names:
            return list(MODALITIES)
        unknown = [n for n in names if n not in MODALITIES]
        if unknown:
            raise ValueError(f"unknown modality {unknown[0]!r}; use one of "
                             f"{', '.join(MODALITIES)} or all")
        return sorted(set(names), key=MODALITIES.index)

    @field_validator("contains", mode="before")
    @classmethod
    def _contains(cls, value: Any) -> str | None:
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise ValueError("contains takes one piece of text, not a list")  # noqa: TRY004 - pydantic reports ValueError
        values = _checked_strings([value], "contains")
        return values[0] if values else None

    @property
    def all_modalities(self) -> bool:
        return set(self.modality) == set(MODALITIES)


FILTER_FIELDS: tuple[str, ...] = tuple(EventFilter.model_fields)


def make_filter(where: EventFilter | None = None, **filters: Any) -> EventFilter:
    """An EventFilter from keyword arguments (``None`` = not given); errors say what to fix."""
    unknown = sorted(set(filters) - set(FILTER_FIELDS))
    if unknown:
        raise QueryError(f"unknown filter {unknown[0]!r}; known filters: {', '.join(FILTER_FIELDS)}")
    given = {k: v for k, v in filters.items() if v is not None}
    if where is not None:
        given = {**where.model_dump(exclude_unset=True), **given}
    try:
        return EventFilter(**given)
    except ValidationError as exc:
        raise QueryError(describe_validation_error(exc)) from None


def describe_validation_error(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "query") or "query"
        message = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        parts.append(f"{where}: {message}")
    return "; ".join(parts)


# ---------------------------------------------------------------------------------------------
# value resolution: fixed SQL per rule, values bound


@lru_cache(maxsize=4096)
def country_code(text: str) -> str | None:
    """ISO-3 code for a country name or ISO code ("Mexico", "MX", "MEX"), else None."""
    import pycountry

    try:
        return pycountry.countries.lookup(text.strip()).alpha_3
    except LookupError:
        return None


def _actor_clause(side: str, values: Sequence[str], params: list[Any], subset: bool = False) -> str:
    """``side`` is a fixed string ("source"/"target"); values are bound. ``subset``: a condition
    that matches some of these events and no others (see :func:`where_clause`)."""
    country, cameo, name = f"e.{side}_country", f"e.{side}_cameo", f"e.{side}_name"
    parts = []
    for value in values:
        code = value if _CODE.match(value) and value.upper() == value else country_code(value)
        if code and subset:  # one column compared, which DuckDB's scan can filter itself
            is_country = len(code) == 3 and code.isalpha()
            parts.append(f"{country} = ?" if is_country else f"starts_with({cameo}, ?)")
            params.append(code)
        elif code:
            parts.append(f"({country} = ? OR starts_with({cameo}, ?))")
            params.extend([code, code])
        else:
            parts.append(f"lower({name}) = lower(?)")
            params.append(value)
    return "(" + " OR ".join(parts) + ")"


def _place_clause(values: Sequence[str], params: list[Any], subset: bool = False) -> str:
    parts = []
    for value in values:
        code = country_code(value)
        if code and subset:
            parts.append("e.place_country = ?")
            params.append(code)
        elif code:
            parts.append("(e.place_country = ? OR lower(e.place_name) = lower(?))")
            params.extend([code, value])
        else:
            parts.append("lower(e.place_name) = lower(?)")
            params.append(value)
    return "(" + " OR ".join(parts) + ")"


def _in(expr: str, values: Sequence[Any], params: list[Any]) -> str:
    params.extend(values)
    return f"{expr} IN ({', '.join('?' * len(values))})"


def where_clause(
    f: EventFilter, *, subset: bool = False, serving: bool = False
) -> tuple[list[str], list[Any], str]:
    """SQL conditions over ``events e``, their parameters, and the joins those conditions need
    (none: filters on the article's outlet and on de-duplication are semi-joins, so a condition
    never multiplies or drops rows and the events can be ranked on their own table).

    ``serving=True``: conditions over a serving table instead (``tidings.server.serving``:
    every event with the columns of :data:`EVENT_COLUMNS`, its article's outlet and its
    cluster's counts joined in), where the outlet, cluster and ``min_independent`` filters are
    plain column conditions. They select the same events: an event has at most one article,
    one mention and one cluster (each joined on its table's key).

    ``subset=True``: conditions that match only events the filter matches, cheaper to test (an
    actor code compared with the country column alone, or the CAMEO prefix alone; a country
    as place compared with the place's country alone). A page's date bound may come from them
    (:func:`_page_bound`).
    """
    clauses: list[str] = []
    params: list[Any] = []

    def actor(side: str, values: Sequence[str], into: list[Any]) -> str:
        return _actor_clause(side, values, into, subset)

    if f.actor and f.target and f.both_directions:
        fwd_p: list[Any] = []
        fwd = f"{actor('source', f.actor, fwd_p)} AND {actor('target', f.target, fwd_p)}"
        rev_p: list[Any] = []
        rev = f"{actor('source', f.target, rev_p)} AND {actor('target', f.actor, rev_p)}"
        clauses.append(f"(({fwd}) OR ({rev}))")
        params += fwd_p + rev_p
    else:
        if f.actor:
            clauses.append(actor("source", f.actor, params))
        if f.target:
            clauses.append(actor("target", f.target, params))
    if f.involving:
        clauses.append(f"({actor('source', f.involving, params)} OR "
                       f"{actor('target', f.involving, params)})")
    if f.root:
        clauses.append(_in("e.root_code", f.root, params))
    if f.code:
        clauses.append("(" + " OR ".join("starts_with(e.cameo_code, ?)" for _ in f.code) + ")")
        params.extend(f.code)
    if f.quad_class:
        clauses.append(_in("e.quad_class", f.quad_class, params))
    if f.since:
        clauses.append("e.event_date >= ?")
        params.append(f.since)
    if f.until:
        clauses.append("e.event_date <= ?")
        params.append(f.until)
    if f.place:
        clauses.append(_place_clause(f.place, params, subset))
    if not f.all_modalities:
        clauses.append(_in("e.modality", f.modality, params))
    if f.outlet and serving:
        clauses.append(_in("e.outlet", f.outlet, params))
    elif f.outlet:
        clauses.append(f"e.article_id IN (SELECT a.id FROM articles a WHERE "
                       f"{_in('a.outlet', f.outlet, params)})")
    if f.article_id:
        clauses.append(_in("e.article_id", f.article_id, params))
    if f.contains:
        clauses.append("contains(lower(e.evidence_text), lower(?))")
        params.append(f.contains)
    if f.min_confidence is not None:
        clauses.append("e.confidence >= ?")
        params.append(f.min_confidence)
    if f.cluster_id and serving:
        clauses.append(_in("e.cluster_id", f.cluster_id, params))
    elif f.cluster_id:
        clauses.append(f"e.event_id IN (SELECT m.event_id FROM mentions m WHERE "
                       f"{_in('m.cluster_id', f.cluster_id, params)})")
    if f.min_independent is not None:
        clauses.append("e.n_independent >= ?" if serving else _INDEPENDENT)
        params.append(f.min_independent)
    return clauses, params, ""


# an event's mention (at most one: mentions.event_id is its key) in a cluster with enough
# independent sources; the semi-join form of "LEFT JOIN mentions, LEFT JOIN event_clusters,
# WHERE c.n_independent >= ?"
_INDEPENDENT = ("e.event_id IN (SELECT m.event_id FROM mentions m JOIN event_clusters c "
                "ON c.cluster_id = m.cluster_id WHERE c.n_independent >= ?)")

_JOIN_ARTICLES = " JOIN articles a ON a.id = e.article_id"
_JOIN_CLUSTERS = (" LEFT JOIN mentions m ON m.event_id = e.event_id"
                  " LEFT JOIN event_clusters c ON c.cluster_id = m.cluster_id")


def joins_for(*, articles: bool, clusters: bool) -> str:
    """Fixed join clauses: the article of each event, its mention and its cluster (tables of
    the de-duplication; every event has one mention, docs/SCHEMA.md)."""
    return (_JOIN_ARTICLES if articles else "") + (_JOIN_CLUSTERS if clusters else "")


# ---------------------------------------------------------------------------------------------
# event rows

EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "article_id", "event_date", "date_value", "date_precision",
    "source_actor_id", "source_name", "source_cameo", "source_country",
    "target_actor_id", "target_name", "target_cameo", "target_country",
    "cameo_code", "root_code", "quad_class", "goldstein", "plover_type", "plover_mode",
    "modality", "place_name", "place_country", "place_lat", "place_lon", "reported_by",
    "confidence", "sentence_index", "sentence_start", "sentence_end", "evidence_text",
    "trigger_start", "trigger_end", "trigger_text", "outlet", "published", "url", "title",
    "cluster_id", "n_mentions", "n_outlets", "n_independent",
)  # fmt: skip
_TABLE_OF = {"outlet": "a", "published": "a", "url": "a", "title": "a", "cluster_id": "m",
             "n_mentions": "c", "n_outlets": "c", "n_independent": "c"}
_SELECT = ", ".join(f"{_TABLE_OF.get(c, 'e')}.{c}" for c in EVENT_COLUMNS)
_FULL_ROWS = _JOIN_ARTICLES + _JOIN_CLUSTERS

Order = Literal["asc", "desc"]
_NULL_DATE = {"asc": "DATE '9999-12-31'", "desc": "DATE '0001-01-01'"}  # nulls last either way


def encode_cursor(values: Sequence[Any]) -> str:
    """An opaque page token holding the sort key of a page's last row."""
    raw = json.dumps([json_value(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(token: str, size: int) -> list[Any]:
    """The values :func:`encode_cursor` packed; ``QueryError`` for anything else."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        values = json.loads(raw)
    except (ValueError, TypeError, UnicodeDecodeError):
        values = None
    if not isinstance(values, list) or len(values) != size or not all(
        isinstance(v, (str, int)) and not isinstance(v, bool) for v in values
    ):
        raise QueryError(
            "cursor: not a cursor this server wrote; use the `next` link of the previous "
            "page as it is, or leave cursor out to start from the first page"
        )
    return values


@dataclass(frozen=True)
class Cursor:
    """Where a page of events ended: the sort key of its last row (keyset pagination, so a
    deep page costs what the first one does)."""

    date: dt.date
    event_id: str

    def encode(self) -> str:
        return encode_cursor([self.date, self.event_id])

    @classmethod
    def decode(cls, token: str) -> Cursor:
        day, event_id = decode_cursor(token, 2)
        try:
            return cls(dt.date.fromisoformat(str(day)), str(event_id))
        except ValueError:
            raise QueryError("cursor: not a cursor of an events page; use the `next` link of "
                             "the previous page as it is") from None


def _sort_key(order: Order) -> str:
    return f"coalesce(e.event_date, {_NULL_DATE[order]})"


def events_sql(
    f: EventFilter,
    *,
    limit: int | None = None,
    offset: int = 0,
    after: Cursor | None = None,
    order: Order = "asc",
) -> tuple[str, list[Any]]:
    """SQL and parameters for the events matching ``f``, in a stable order (event date, nulls
    last, then event id), one page when ``limit`` is given.

    A page is ranked over ``events`` alone (every filter is a condition on its rows, see
    :func:`where_clause`), on row ids and sort keys only, and only its rows are then read in
    full and joined to their article, mention and cluster (see :func:`_page_bound` for why the
    ranking is cheap).
    """
    if order not in _NULL_DATE:
        raise QueryError(f"order must be asc or desc, got {order!r}")
    clauses, params, _ = where_clause(f)
    if limit is None:
        if offset:
            raise QueryError("offset needs a limit")
        if after is not None:
            clauses, params = _after(clauses, params, after, order)
        key, direction = _sort_key(order), ("ASC" if order == "asc" else "DESC")
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        order_by = f" ORDER BY {key} {direction}, e.event_id ASC"
        return f"SELECT {_SELECT} FROM events e{_FULL_ROWS}{where}{order_by}", params
    return _page_sql(clauses, params, limit=int(limit), offset=int(offset), order=order,
                     after=after, bound_by=where_clause(f, subset=True)[:2])


def _page_sql(
    clauses: list[str], params: list[Any], *, limit: int, offset: int, order: Order,
    after: Cursor | None = None, independent: int | None = None, page_limit: int = 0,
    bound_by: tuple[list[str], list[Any]] | None = None,
) -> tuple[str, list[Any]]:
    """One page of the events matching ``clauses``: ranked on (rowid, sort key, id) alone,
    bounded by :func:`_page_bound`, then read in full and joined (late materialisation: the
    joins read a page's rows by key instead of whole tables). With ``independent``, the ranked
    rows are candidates and the page is the first ``page_limit`` of them whose cluster has that
    many independent sources (:func:`fetch_event_page`). ``bound_by``: clauses that select
    some of the rows ``clauses`` select and no others, cheaper to test, for the date bound."""
    key = _sort_key(order)
    direction = "ASC" if order == "asc" else "DESC"
    bound_clauses, bound_params = bound_by or (clauses, params)
    if after is not None:
        # the bound may come from fewer rows than the page's (a subset's n-th key is no
        # smaller): the rows of later dates, which needs no event id, the costly column
        cmp = ">" if order == "asc" else "<"
        bound_clauses = [*bound_clauses, f"{key} {cmp} ?"]
        bound_params = [*bound_params, after.date]
        clauses, params = _after(clauses, params, after, order)
    rank_params = list(params)
    if limit > 0:
        bound, more_params = _page_bound(bound_clauses, bound_params, limit + offset, order)
        clauses = [*clauses, bound]
        rank_params += more_params
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    rank = (f"SELECT e.rowid AS rid, {key} AS k, e.event_id FROM events e{where} "
            f"ORDER BY {key} {direction}, e.event_id ASC LIMIT ? OFFSET ?")
    rank_params += [limit, offset]
    page_order = f" ORDER BY p.k {direction}, p.event_id ASC"
    if independent is None:
        ctes = f"WITH page AS ({rank}) "
    else:
        ctes = (f"WITH candidates AS ({rank}), page AS (SELECT p.* FROM candidates p "
                "JOIN mentions m ON m.event_id = p.event_id JOIN event_clusters c ON "
                f"c.cluster_id = m.cluster_id WHERE c.n_independent >= ?{page_order} LIMIT ?) ")
        rank_params += [independent, int(page_limit)]
    sql = f"{ctes}SELECT {_SELECT} FROM page p JOIN events e ON e.rowid = p.rid{_PAGE_JOINS}{page_order}"
    return sql, rank_params


_CANDIDATE_FACTOR, _CANDIDATE_SLACK = 4, 16


def _after(clauses: list[str], params: list[Any], after: Cursor, order: Order) -> tuple[list[str], list[Any]]:
    """The keyset condition: events after ``after`` in this order."""
    key, cmp = _sort_key(order), (">" if order == "asc" else "<")
    return ([*clauses, f"({key} {cmp} ? OR ({key} = ? AND e.event_id > ?))"],
            [*params, after.date, after.date, after.event_id])


_PAGE_JOINS = (" JOIN articles a ON a.id = e.article_id"
               " LEFT JOIN mentions m ON m.event_id = p.event_id"
               " LEFT JOIN event_clusters c ON c.cluster_id = m.cluster_id")


def _page_bound(clauses: list[str], params: list[Any], n: int, order: Order) -> tuple[str, list[Any]]:
    """A condition that keeps the first ``n`` matching events (and the others of the same
    date): the sort key is at most (asc) the key of the n-th match by date alone.

    Ranking by (date, event id) has to read and compare the id of every matching row; ranking by
    the date column alone lets DuckDB's top-n skip rows past its running bound as it scans, and
    then only the few events up to the n-th date are ranked by (date, id). The key is
    ``coalesce(event_date, sentinel)``, which orders like ``event_date NULLS LAST``, so the
    n-th key by date is the n-th key. Fewer than ``n`` matches: no bound (the sentinel). The
    clauses may select fewer rows than the page's (never more): the bound is then looser, never
    wrong.
    """
    key = _sort_key(order)
    direction, cmp = ("ASC", "<=") if order == "asc" else ("DESC", ">=")
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    sql = (f"{key} {cmp} coalesce((SELECT {key} FROM events e{where} "
           f"ORDER BY e.event_date {direction} NULLS LAST LIMIT 1 OFFSET ?), {_NULL_DATE[order]})")
    return sql, [*params, n - 1]


def event_sql(event_id: str) -> tuple[str, list[Any]]:
    """One event by id (any modality), with the article columns and its modality cues and rule."""
    sql = f"SELECT {_SELECT}, e.cues, e.rule FROM events e{_FULL_ROWS} WHERE e.event_id = ?"
    return sql, [event_id]


def cursor_after(row: dict[str, Any], order: Order = "asc") -> Cursor:
    """The cursor that continues after ``row`` (a record of this module's event columns)."""
    day = row.get("event_date")
    if day is None:
        day = dt.date(9999, 12, 31) if order == "asc" else dt.date(1, 1, 1)
    elif isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return Cursor(day, row["event_id"])


# ---------------------------------------------------------------------------------------------
# aggregates: the dashboard's timeline, network and map, over the same filter


def _source(serving: str | None) -> tuple[str, bool]:
    """The table aggregates read: ``events``, or a serving table the server built (a fixed
    name of its own, never a caller's value: :mod:`tidings.server.serving`)."""
    if serving is None:
        return "events", False
    if not re.fullmatch(r"[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*", serving):
        raise ValueError(f"not a serving table name: {serving!r}")
    return serving, True


def daily_sql(f: EventFilter, *, serving: str | None = None) -> tuple[str, list[Any]]:
    """Per day: event count, Goldstein sum and counts per quad class, for events dated to the
    day (an event known only to the month or year would pile up on the 1st). ``serving``: the
    same answer from a serving table (:func:`where_clause`)."""
    table, on_serving = _source(serving)
    clauses, params, join = where_clause(f, serving=on_serving)
    clauses += ["e.event_date IS NOT NULL", "e.date_precision = 'day'"]
    sql = (
        "SELECT e.event_date AS day, count(*) AS events, "
        "round(sum(e.goldstein), 3) AS goldstein_sum, "
        "count(*) FILTER (WHERE e.quad_class = 1) AS quad1, "
        "count(*) FILTER (WHERE e.quad_class = 2) AS quad2, "
        "count(*) FILTER (WHERE e.quad_class = 3) AS quad3, "
        "count(*) FILTER (WHERE e.quad_class = 4) AS quad4 "
        f"FROM {table} e{join} WHERE {' AND '.join(clauses)} GROUP BY e.event_date ORDER BY day"
    )
    return sql, params


Level = Literal["country", "actor"]
_NODE = {
    "country": "coalesce(e.{side}_country, e.{side}_cameo)",
    "actor": "e.{side}_cameo",
}


def network_sql(
    f: EventFilter, *, level: Level = "country", limit: int = 200, serving: str | None = None
) -> tuple[str, list[Any]]:
    """Edges source -> target with event counts and Goldstein sums, the busiest first.

    ``level=country`` joins MEXGOV and MEXMIL into MEX (actors without a country keep their
    CAMEO code, e.g. ``---COP``); ``level=actor`` keeps full CAMEO codes.
    """
    if level not in _NODE:
        raise QueryError(f"level must be country or actor, got {level!r}")
    table, on_serving = _source(serving)
    clauses, params, join = where_clause(f, serving=on_serving)
    src, tgt = _NODE[level].format(side="source"), _NODE[level].format(side="target")
    clauses += [f"{src} IS NOT NULL", f"{tgt} IS NOT NULL"]
    sql = (
        f"SELECT {src} AS source, {tgt} AS target, count(*) AS events, "
        "round(sum(e.goldstein), 3) AS goldstein_sum, "
        "count(*) FILTER (WHERE e.quad_class IN (1, 2)) AS cooperation, "
        "count(*) FILTER (WHERE e.quad_class IN (3, 4)) AS conflict "
        f"FROM {table} e{join} WHERE {' AND '.join(clauses)} GROUP BY ALL "
        "ORDER BY events DESC, source, target LIMIT ?"
    )
    return sql, [*params, int(limit)]


def places_sql(
    f: EventFilter, *, limit: int = 1000, serving: str | None = None
) -> tuple[str, list[Any]]:
    """Event locations with counts (the map's points), the busiest first."""
    table, on_serving = _source(serving)
    clauses, params, join = where_clause(f, serving=on_serving)
    clauses += ["e.place_lat IS NOT NULL", "e.place_lon IS NOT NULL"]
    sql = (
        "SELECT e.place_name AS name, e.place_country AS country, e.place_lat AS lat, "
        "e.place_lon AS lon, count(*) AS events, round(sum(e.goldstein), 3) AS goldstein_sum "
        f"FROM {table} e{join} WHERE {' AND '.join(clauses)} GROUP BY ALL "
        "ORDER BY events DESC, name, lat, lon LIMIT ?"
    )
    return sql, [*params, int(limit)]


# ---------------------------------------------------------------------------------------------
# running it


_AS_IS = frozenset({str, int, bool})


def json_value(value: Any) -> Any:
    """A value as JSON writes it: dates ISO, NaN/NaT null, numpy scalars plain."""
    if value is None or type(value) in _AS_IS:  # most values: returned as they are, at once
        return value
    if isinstance(value, (dt.datetime,)):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        return json_value(value.item())  # numpy scalar
    if hasattr(value, "isoformat"):  # pandas Timestamp
        return json_value(value.to_pydatetime())
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    return value


# Session settings for the queries of this module (DuckDB keeps them per connection):
# - late materialisation for top-n up to a page of MAX_PAGE_SIZE + 1 rows (DuckDB's default,
#   50 rows, would sort whole rows of a million-row table for a 100-row page);
# - a join with at most that many rows on one side becomes an IN filter on the other table's
#   scan (a page's 101 article ids are looked up, not the whole articles table hashed).
# They change plans, never results.
_SESSION_SETTINGS = (
    ("late_materialization_max_rows", 2 * (MAX_PAGE_SIZE + 1)),
    ("dynamic_or_filter_threshold", 2 * (MAX_PAGE_SIZE + 1)),
)


def tune_connection(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Apply this module's session settings to ``con`` (a connection or cursor); returns it."""
    import duckdb

    for name, value in _SESSION_SETTINGS:
        with contextlib.suppress(duckdb.Error):  # an older duckdb without it: plans as before
            con.execute(f"SET {name} = {int(value)}")  # fixed names and integers, no input
    return con


def fetch_records(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (what the CLI's --format json and the REST API return)."""
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [{n: json_value(v) for n, v in zip(names, row, strict=True)} for row in cur.fetchall()]


def records_from_frame(frame: Any) -> list[dict[str, Any]]:
    """A pandas or polars frame of query rows as JSON-ready dicts, typed like the SQL rows
    (integers stay integers where pandas had to use floats for missing values)."""
    if hasattr(frame, "to_dicts"):  # polars
        rows = frame.to_dicts()
    else:
        rows = frame.to_dict(orient="records")
    out = []
    for row in rows:
        rec = {k: json_value(v) for k, v in row.items()}
        for k in _INT_COLUMNS & rec.keys():
            if isinstance(rec[k], float):
                rec[k] = int(rec[k])
        out.append(rec)
    return out


_INT_COLUMNS = frozenset({"n_mentions", "n_outlets", "n_independent", "quad_class", "sentence_index", "sentence_start", "sentence_end",
                          "trigger_start", "trigger_end", "events", "quad1", "quad2", "quad3",
                          "quad4", "cooperation", "conflict"})


def open_read_only(db: str | Path) -> Store:
    """The store at ``db`` opened read-only, with a clear error if it is missing or old."""
    from tidings.store import open_store

    path = Path(db)
    if str(db) != ":memory:" and not path.exists():
        raise QueryError(f"no database at {db}; code some articles first "
                         f"(`tidings code PATH --db {db}` or `tidings sample --db {db}`)")
    return open_store(str(db), read_only=True)


def _arrow(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> pa.Table:
    relation = con.sql(sql, params=params)
    for name in ("to_arrow_table", "arrow"):  # the method's name changed across duckdb versions
        if hasattr(relation, name):
            return getattr(relation, name)()
    raise RuntimeError("this duckdb cannot return Arrow tables; upgrade duckdb")


def query(
    db: str | Path | Store | duckdb.DuckDBPyConnection = "tidings.duckdb",
    where: EventFilter | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    order: Order = "asc",
    frame: Literal["pandas", "polars"] = "pandas",
    **filters: Any,
) -> pd.DataFrame:
    """Events matching the filters, as a pandas DataFrame (or polars with ``frame="polars"``).

    ``db`` is a DuckDB path (opened read-only), an open ``Store`` or a DuckDB connection.
    Filters are the fields of :class:`EventFilter` (``actor``, ``target``, ``involving``,
    ``both_directions``, ``root``, ``code``, ``quad_class``, ``since``, ``until``, ``place``,
    ``modality`` (default ``"asserted"``; ``"all"`` for every modality), ``outlet``,
    ``article_id``, ``contains``, ``min_confidence``); a list means "any of".
    Columns: :data:`EVENT_COLUMNS`. Same rows, same order as ``tidings query`` and
    ``GET /events``.

        >>> tidings.query("events.duckdb", actor="MEX", target="USA", root=12, since="2025-08-01")
    """
    f = make_filter(where, **filters)
    if limit is not None and not (isinstance(limit, int) and limit >= 0):
        raise QueryError(f"limit must be a non-negative integer, got {limit!r}")
    if not isinstance(offset, int) or offset < 0:
        raise QueryError(f"offset must be a non-negative integer, got {offset!r}")
    if frame not in ("pandas", "polars"):
        raise QueryError(f"frame must be pandas or polars, got {frame!r}")
    if frame == "polars":
        try:
            import polars as pl
        except ImportError:
            raise QueryError("frame='polars' needs polars: pip install polars") from None
    sql, params = events_sql(f, limit=limit, offset=offset, order=order)
    with _connection(db) as con:
        table = _arrow(con, sql, params)
    if frame == "polars":
        return pl.from_arrow(table)  # type: ignore[return-value]
    return table.to_pandas()


class _connection:
    """A connection for one call: borrowed when given, opened read-only (and closed) for a path."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self.store: Store | None = None

    def __enter__(self) -> duckdb.DuckDBPyConnection:
        if hasattr(self.db, "execute") and hasattr(self.db, "cursor"):
            return tune_connection(self.db.cursor())
        if hasattr(self.db, "con"):
            return tune_connection(self.db.con.cursor())
        self.store = open_read_only(self.db)
        return tune_connection(self.store.con.cursor())

    def __exit__(self, *exc: object) -> None:
        if self.store is not None:
            self.store.close()


def fetch_event_page(
    con: duckdb.DuckDBPyConnection, f: EventFilter, *, limit: int, after: Cursor | None = None,
    order: Order = "asc",
) -> list[dict[str, Any]]:
    """The rows of ``events_sql(f, limit=limit, after=after, order=order)``, as records.

    ``min_independent`` is a semi-join over every mention and cluster, paid on every row the
    other filters keep. So the page is first looked for among the next ``4 * limit + 16`` events
    by the other filters (their clusters read by key): if ``limit`` of them qualify, they are
    the page, since candidates and page share one order. Otherwise (the last page, or a
    threshold few clusters reach) the exact query runs.
    """
    limit = int(limit)
    if f.min_independent is not None and limit > 0:
        others = f.model_copy(update={"min_independent": None})
        clauses, params, _ = where_clause(others)
        sql, args = _page_sql(clauses, params, limit=limit * _CANDIDATE_FACTOR + _CANDIDATE_SLACK,
                              offset=0, order=order, after=after, independent=f.min_independent,
                              page_limit=limit, bound_by=where_clause(others, subset=True)[:2])
        rows = fetch_records(con, sql, args)
        if len(rows) == limit:
            return rows
    return fetch_records(con, *events_sql(f, limit=limit, after=after, order=order))


def iter_pages(
    con: duckdb.DuckDBPyConnection, f: EventFilter, *, page_size: int = DEFAULT_PAGE_SIZE,
    order: Order = "asc",
) -> Iterable[list[dict[str, Any]]]:
    """Every matching event, one keyset page at a time (exports, long lists)."""
    after: Cursor | None = None
    while True:
        rows = fetch_event_page(con, f, limit=page_size, after=after, order=order)
        if not rows:
            return
        yield rows
        if len(rows) < page_size:
            return
        after = cursor_after(rows[-1], order)


class _CallableModule(type(json)):  # type: ignore[misc]
    """``tidings.query`` is both this module and the function: ``tidings.query(...)`` calls
    :func:`query`, and ``tidings.query.EventFilter`` still reaches the module's names."""

    def __call__(self, *args: Any, **kwargs: Any) -> pd.DataFrame:
        return query(*args, **kwargs)


import sys as _sys

_sys.modules[__name__].__class__ = _CallableModule
