"""Response shapes, for the OpenAPI schema (docs/SCHEMA.md, "REST API").

Routes build their JSON directly from DuckDB rows (fast for large pages); these models document
what they return and are what schemathesis checks the responses against.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from tidings.query import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, EventFilter


class PageParams(BaseModel):
    """Paging: ``limit`` rows per page; follow ``next`` (a link with a cursor) for the rest.
    Unknown parameters are refused (a misspelt filter must not silently return everything)."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE,
                       description=f"rows per page (1-{MAX_PAGE_SIZE})")
    cursor: str | None = Field(None, max_length=2000,
                               description="where the previous page ended: copy it from `next`")


class EventParams(EventFilter, PageParams):
    order: str = Field("asc", pattern="^(asc|desc)$",
                       description="asc: oldest first; desc: newest first (undated last)")


class EventRow(BaseModel):
    event_id: str
    article_id: str
    event_date: dt.date | None
    date_value: str | None
    date_precision: str | None
    source_actor_id: str | None
    source_name: str | None
    source_cameo: str | None
    source_country: str | None
    target_actor_id: str | None
    target_name: str | None
    target_cameo: str | None
    target_country: str | None
    cameo_code: str
    root_code: str | None
    quad_class: int | None
    goldstein: float | None
    plover_type: str | None
    plover_mode: str | None
    modality: str | None
    place_name: str | None
    place_country: str | None
    place_lat: float | None
    place_lon: float | None
    reported_by: str | None
    confidence: float | None
    sentence_index: int | None
    sentence_start: int | None
    sentence_end: int | None
    evidence_text: str | None
    trigger_start: int | None
    trigger_end: int | None
    trigger_text: str | None
    outlet: str | None
    published: dt.date | None
    url: str | None
    title: str | None
    cluster_id: str | None = Field(description="the de-duplicated event this report belongs to")
    n_mentions: int | None = Field(description="reports of that event")
    n_outlets: int | None = Field(description="distinct outlets reporting it")
    n_independent: int | None = Field(description="independent sources (syndication counted once)")


class Page(BaseModel):
    items: list[Any]
    next: str | None = Field(description="link to the next page, or null on the last page")
    limit: int


class EventPage(Page):
    items: list[EventRow]


class Highlight(BaseModel):
    start: int
    end: int


class Outlet(BaseModel):
    outlet: str | None
    article_id: str
    title: str | None
    url: str | None
    published: dt.date | None
    modality: str | None = None


class QuoteRow(BaseModel):
    quote_id: str
    article_id: str
    speaker_actor_id: str | None
    speaker_name: str | None
    speaker_cameo: str | None
    speaker_role: str | None
    speaker_affiliation: str | None
    text: str | None
    cue: str | None
    kind: str | None
    medium: str | None
    start: int | None
    end: int | None
    sentence_index: int | None
    outlet: str | None = None
    published: dt.date | None = None


class EventDetail(BaseModel):
    event: EventRow
    cues: list[str]
    rule: str | None
    highlight: Highlight | None = Field(
        description="the trigger's offsets inside `event.evidence_text`, when known")
    quotes: list[QuoteRow] = Field(description="the article's quotes, those of the evidence "
                                   "sentence's speakers and sentence first")
    outlets: list[Outlet] = Field(description="every report of this event (de-duplicated "
                                  "mentions when the store has them, else its own article)")


class DailyPoint(BaseModel):
    day: dt.date
    events: int
    goldstein_sum: float
    quad1: int
    quad2: int
    quad3: int
    quad4: int


class DailySeries(BaseModel):
    items: list[DailyPoint]


class Edge(BaseModel):
    source: str
    target: str
    events: int
    goldstein_sum: float
    cooperation: int
    conflict: int


class Network(BaseModel):
    items: list[Edge]


class PlacePoint(BaseModel):
    name: str | None
    country: str | None
    lat: float
    lon: float
    events: int
    goldstein_sum: float


class Places(BaseModel):
    items: list[PlacePoint]


class ArticleRow(BaseModel):
    id: str
    url: str | None
    outlet: str | None
    published: dt.date | None
    title: str | None
    language: str | None
    n_chars: int | None
    run_id: str | None
    text: str | None = Field(None, description="only with include_text=true")


class ArticlePage(Page):
    items: list[ArticleRow]


class ActorRow(BaseModel):
    article_id: str
    actor_id: str
    name: str | None
    cameo: str | None
    country: str | None
    sectors: list[str] | None
    kind: str | None
    role: str | None
    affiliation: str | None
    evidence: str | None


class ActorPage(Page):
    items: list[ActorRow]


class QuotePage(Page):
    items: list[QuoteRow]


class MentionPage(Page):
    items: list[dict[str, Any]]


class Problem(BaseModel):
    error: str = Field(description="what is wrong and how to fix it")


class IngestResult(BaseModel):
    run_id: str
    articles: list[dict[str, Any]]
    errors: list[dict[str, Any]]
