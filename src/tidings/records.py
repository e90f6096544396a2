"""The vocabulary every layer of tidings speaks.

Plain frozen dataclasses, no behaviour beyond small derived properties and ``to_dict``.
Every coded field carries its evidence: character offsets into the article text and the
sentence it came from, so that any record can be audited against the source.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import asdict, dataclass, field
from typing import Any

# Modality labels, in the order a reader meets them. Only ASSERTED events count as events
# by default; the others are kept, labelled, so that analysts can audit what was dropped.
ASSERTED = "asserted"
NEGATED = "negated"
HYPOTHETICAL = "hypothetical"
FUTURE = "future"
HISTORICAL = "historical"
MODALITIES = (ASSERTED, NEGATED, HYPOTHETICAL, FUTURE, HISTORICAL)

# Date precisions, coarsest last.
DATE_PRECISIONS = ("day", "week", "month", "year", "unknown")


def normalise_text(text: str) -> str:
    """Whitespace-collapsed text: the basis of stable article ids."""
    return re.sub(r"\s+", " ", text).strip()


def evolve(record: Any, **changes: Any) -> Any:
    """``dataclasses.replace`` for the frozen records below that have no ``__post_init__``
    (every one but Article): a copy with ``changes``. ``replace`` re-runs ``__init__`` through
    every field by name, which the extractors paid for on every event and place."""
    fields = type(record).__dataclass_fields__
    unknown = changes.keys() - fields.keys()
    if unknown:
        raise TypeError(f"{type(record).__name__} has no field(s) {sorted(unknown)}")
    if hasattr(record, "__post_init__"):
        raise TypeError(f"{type(record).__name__} checks its fields: use dataclasses.replace")
    copy = object.__new__(type(record))
    copy.__dict__.update(record.__dict__)
    copy.__dict__.update(changes)
    return copy


def article_id_for(text: str) -> str:
    """Stable id from the normalised text, so re-ingesting an article is idempotent."""
    return hashlib.sha1(normalise_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """One news article as read from a source, before any NLP."""

    text: str
    id: str = ""
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    origin: str | None = None  # file path, WARC record id ...: where we read it
    language: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", article_id_for(self.text))


@dataclass(frozen=True)
class Span:
    """A stretch of the article text, by character offsets (end exclusive)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Actor:
    """An entity of the article, clustered over all its mentions and coded once.

    ``cameo`` is the CAMEO actor code (e.g. USAGOV, MEXGOV, NGO, ---CRM); ``country`` is
    ISO-3166 alpha-3 or a PLOVER international code (IGO, NGO, ...) or None when unknown;
    ``sectors`` are PLOVER sector codes, primary first.
    """

    id: str
    name: str
    cameo: str
    country: str | None
    sectors: tuple[str, ...] = ()
    kind: str = "unknown"  # person, organisation, country, group, media, unknown
    role: str | None = None  # title or role word ("president", "director")
    affiliation: str | None = None  # organisation the actor speaks for
    mentions: tuple[Span, ...] = ()
    evidence: str | None = None  # what decided the code ("apposition: the director of ...")

    def ref(self) -> dict[str, Any]:
        """The compact actor object used inside events and quotes."""
        return {
            "id": self.id,
            "name": self.name,
            "cameo": self.cameo,
            "country": self.country,
            "sectors": list(self.sectors),
        }


@dataclass(frozen=True)
class EventDate:
    """When an event happened, read from its own clause where possible."""

    value: str | None  # ISO date (YYYY-MM-DD), or YYYY-MM / YYYY / YYYY-Www by precision
    precision: str  # one of DATE_PRECISIONS
    text: str | None = None  # the expression it came from ("on Friday")
    source: str = "publication"  # clause, sentence, publication, historical, none


@dataclass(frozen=True)
class Place:
    """Where an event happened, resolved offline to GeoNames."""

    name: str
    precision: str  # city, admin1, country, region
    country: str | None = None  # ISO-3
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    source: str = "clause"  # clause, sentence, dateline, focus
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Evidence:
    """Where in the article an event or quote was read."""

    sentence: int  # 0-based sentence index in the article
    start: int  # sentence start offset in the article text
    end: int  # sentence end offset
    text: str  # the sentence text
    trigger: Span | None = None
    source_span: Span | None = None
    target_span: Span | None = None
    rule: str | None = None  # lexicon entry that fired, "file:line"
    cues: tuple[str, ...] = ()  # modality cues that decided the label


@dataclass(frozen=True)
class Event:
    id: str
    article_id: str
    source: Actor | None
    target: Actor | None
    cameo_code: str
    quad_class: int
    goldstein: float
    plover_type: str | None
    plover_mode: str | None
    modality: str
    date: EventDate
    evidence: Evidence
    reported_by: str | None = None
    place: Place | None = None
    confidence: float = 1.0
    # outermost first: the article's outlet, ..., reported_by (the innermost reporter)
    reporting_chain: tuple[str, ...] = ()

    @property
    def root(self) -> str:
        return self.cameo_code[:2]

    @property
    def asserted(self) -> bool:
        return self.modality == ASSERTED


@dataclass(frozen=True)
class Quote:
    id: str
    article_id: str
    speaker: Actor | None
    text: str
    cue: str | None
    start: int  # offsets of the quoted content in the article text
    end: int
    sentence: int
    kind: str = "direct"  # direct, partial, indirect
    medium: str | None = None  # news conference, Bluesky, statement ...
    speaker_span: Span | None = None
    cue_span: Span | None = None  # where the cue was read ("said", "according to")
    anonymous: bool = False  # an unnamed source ("officials said", "a person familiar with ...")
    # outermost first: the article's outlet, the reporters in between, the speaker
    reporting_chain: tuple[str, ...] = ()
    speaker_title: str | None = None  # the speaker's fullest description in the article


@dataclass
class ArticleResult:
    """Everything coded from one article."""

    article: Article
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def asserted_events(self) -> list[Event]:
        return [e for e in self.events if e.asserted]

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of docs/SCHEMA.md (one object per article)."""
        from tidings.serialize import article_result_to_dict

        return article_result_to_dict(self)


@dataclass(frozen=True)
class SourceError:
    """A document that could not be read; recorded, never raised through a batch."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


def as_plain(obj: Any) -> Any:
    """dataclass -> plain JSON-friendly structure (dates as ISO strings)."""
    if hasattr(obj, "__dataclass_fields__"):
        obj = asdict(obj)
    if isinstance(obj, dict):
        return {k: as_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [as_plain(v) for v in obj]
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    return obj
