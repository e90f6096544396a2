"""The JSON output contract: one plain object per article (see docs/SCHEMA.md).

``article_result_to_dict`` is what ``tidings code --json``, the REST API and the JSONL export
write; ``result_from_dict`` reads it back (``tidings show``, the store, tests). The two are
exact inverses for everything the contract carries, so that a result can leave the process
and come back without losing its evidence.

Events and quotes carry a compact copy of their actors (``Actor.ref()``); the full actor
records live once in the article's ``actors`` list. On the way back, an event's or quote's
actor is resolved to the full record with the same id when the compact copy agrees with it,
and rebuilt from the compact copy otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from tidings.records import (
    Actor,
    Article,
    ArticleResult,
    Event,
    EventDate,
    Evidence,
    Place,
    Quote,
    Span,
)

SCHEMA_VERSION = 1  # bump when a field changes meaning or goes away; adding fields does not

# ---------------------------------------------------------------------------------------------
# records -> plain dicts


def _iso(value: dt.date | str | None) -> str | None:
    if value is None or isinstance(value, str):  # a source that kept an ISO string
        return value or None
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat()


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def span_to_dict(span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"start": int(span.start), "end": int(span.end), "text": span.text}


def actor_ref(actor: Actor | None) -> dict[str, Any] | None:
    """Compact actor object used inside events: id, name, cameo, country, sectors."""
    return None if actor is None else actor.ref()


def speaker_ref(actor: Actor | None) -> dict[str, Any] | None:
    """Compact actor object used inside quotes: the event form plus role and affiliation."""
    if actor is None:
        return None
    return {**actor.ref(), "role": actor.role, "affiliation": actor.affiliation}


def actor_to_dict(actor: Actor) -> dict[str, Any]:
    """The full actor record; mentions as ``[start, end, text]`` triples."""
    return {
        "id": actor.id,
        "name": actor.name,
        "cameo": actor.cameo,
        "country": actor.country,
        "sectors": list(actor.sectors),
        "kind": actor.kind,
        "role": actor.role,
        "affiliation": actor.affiliation,
        "evidence": actor.evidence,
        "mentions": [[int(m.start), int(m.end), m.text] for m in actor.mentions],
    }


def place_to_dict(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "name": place.name,
        "precision": place.precision,
        "country": place.country,
        "geonameid": None if place.geonameid is None else int(place.geonameid),
        "lat": _float(place.lat),
        "lon": _float(place.lon),
        "admin1": place.admin1,
        "source": place.source,
        "start": None if place.start is None else int(place.start),
        "end": None if place.end is None else int(place.end),
    }


def evidence_to_dict(ev: Evidence) -> dict[str, Any]:
    return {
        "sentence": int(ev.sentence),
        "start": int(ev.start),
        "end": int(ev.end),
        "text": ev.text,
        "trigger": span_to_dict(ev.trigger),
        "rule": ev.rule,
        "cues": list(ev.cues),
        "source_span": span_to_dict(ev.source_span),
        "target_span": span_to_dict(ev.target_span),
    }


def event_to_dict(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "source": actor_ref(event.source),
        "target": actor_ref(event.target),
        "cameo_code": str(event.cameo_code),
        "quad_class": int(event.quad_class),
        "goldstein": float(event.goldstein),
        "plover_type": event.plover_type,
        "plover_mode": event.plover_mode,
        "modality": event.modality,
        "date": event.date.value,
        "date_precision": event.date.precision,
        "date_text": event.date.text,
        "date_source": event.date.source,
        "place": place_to_dict(event.place),
        "reported_by": event.reported_by,
        "reporting_chain": list(event.reporting_chain),
        "confidence": float(event.confidence),
        "evidence": evidence_to_dict(event.evidence),
    }


def quote_to_dict(quote: Quote) -> dict[str, Any]:
    return {
        "id": quote.id,
        "speaker": speaker_ref(quote.speaker),
        "text": quote.text,
        "cue": quote.cue,
        "start": int(quote.start),
        "end": int(quote.end),
        "sentence": int(quote.sentence),
        "kind": quote.kind,
        "medium": quote.medium,
        "speaker_span": span_to_dict(quote.speaker_span),
        "cue_span": span_to_dict(quote.cue_span),
        "anonymous": bool(quote.anonymous),
        "reporting_chain": list(quote.reporting_chain),
        "speaker_title": quote.speaker_title,
    }


def article_result_to_dict(result: ArticleResult, *, include_text: bool = False) -> dict[str, Any]:
    """One JSON-serialisable object per article (dates as ISO strings).

    The article text and its ``origin`` (a local path or WARC record id) are left out by
    default: outputs are shared, and the text can be large and under copyright. Pass
    ``include_text=True`` to carry both.
    """
    article = result.article
    out: dict[str, Any] = {
        "id": article.id,
        "published": _iso(article.published),
        "outlet": article.outlet,
        "url": article.url,
        "title": article.title,
        "language": article.language,
        "events": [event_to_dict(e) for e in result.events],
        "quotes": [quote_to_dict(q) for q in result.quotes],
        "actors": [actor_to_dict(a) for a in result.actors],
        "places": [place_to_dict(p) for p in result.places],
        "warnings": list(result.warnings),
    }
    if include_text:
        out["text"] = article.text
        out["origin"] = article.origin
    return out


# ---------------------------------------------------------------------------------------------
# plain dicts -> records


class SchemaError(ValueError):
    """A dict that does not follow the JSON contract; the message names the field."""


def _get(d: Mapping[str, Any], key: str, where: str) -> Any:
    if not isinstance(d, Mapping):
        raise SchemaError(f"{where}: expected an object, got {type(d).__name__}")
    try:
        return d[key]
    except KeyError:
        raise SchemaError(f"{where}: missing field {key!r} (see docs/SCHEMA.md)") from None


def _date(value: Any, where: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise SchemaError(f"{where}: 'published' is not an ISO date: {value!r}") from None


def span_from_dict(d: Mapping[str, Any] | Sequence[Any] | None, where: str) -> Span | None:
    """Accepts ``{start, end, text}`` or a ``[start, end, text]`` triple."""
    if d is None:
        return None
    if isinstance(d, Mapping):
        return Span(
            int(_get(d, "start", where)), int(_get(d, "end", where)), _get(d, "text", where)
        )
    if isinstance(d, Sequence) and not isinstance(d, str) and len(d) == 3:
        return Span(int(d[0]), int(d[1]), str(d[2]))
    raise SchemaError(f"{where}: a span is {{start, end, text}} or [start, end, text], got {d!r}")


def actor_from_dict(d: Mapping[str, Any], where: str = "actor") -> Actor:
    """Full or compact actor object -> Actor (missing optional fields take their defaults)."""
    return Actor(
        id=_get(d, "id", where),
        name=_get(d, "name", where),
        cameo=_get(d, "cameo", where),
        country=d.get("country"),
        sectors=tuple(d.get("sectors") or ()),
        kind=d.get("kind") or "unknown",
        role=d.get("role"),
        affiliation=d.get("affiliation"),
        mentions=tuple(
            s
            for i, m in enumerate(d.get("mentions") or ())
            if (s := span_from_dict(m, f"{where}.mentions[{i}]")) is not None
        ),
        evidence=d.get("evidence"),
    )


def place_from_dict(d: Mapping[str, Any] | None, where: str = "place") -> Place | None:
    if d is None:
        return None
    return Place(
        name=_get(d, "name", where),
        precision=_get(d, "precision", where),
        country=d.get("country"),
        geonameid=d.get("geonameid"),
        lat=d.get("lat"),
        lon=d.get("lon"),
        admin1=d.get("admin1"),
        source=d.get("source") or "clause",
        start=d.get("start"),
        end=d.get("end"),
    )


def _resolve(
    ref: Mapping[str, Any] | None,
    actors: Mapping[str, Actor],
    where: str,
    extra: tuple[str, ...] = (),
) -> Actor | None:
    """The full actor the compact ref points to, or one rebuilt from the ref itself."""
    if ref is None:
        return None
    full = actors.get(_get(ref, "id", where))
    if full is not None:
        compact = {**full.ref(), **{k: getattr(full, k) for k in extra}}
        given = {k: ref.get(k) for k in compact}
        given["sectors"] = list(given.get("sectors") or ())
        if given == compact:
            return full
    return actor_from_dict(ref, where)


def _evidence_from_dict(d: Mapping[str, Any], where: str) -> Evidence:
    return Evidence(
        sentence=int(_get(d, "sentence", where)),
        start=int(_get(d, "start", where)),
        end=int(_get(d, "end", where)),
        text=_get(d, "text", where),
        trigger=span_from_dict(d.get("trigger"), f"{where}.trigger"),
        source_span=span_from_dict(d.get("source_span"), f"{where}.source_span"),
        target_span=span_from_dict(d.get("target_span"), f"{where}.target_span"),
        rule=d.get("rule"),
        cues=tuple(d.get("cues") or ()),
    )


def event_from_dict(
    d: Mapping[str, Any], article_id: str, actors: Mapping[str, Actor], where: str = "event"
) -> Event:
    return Event(
        id=_get(d, "id", where),
        article_id=article_id,
        source=_resolve(d.get("source"), actors, f"{where}.source"),
        target=_resolve(d.get("target"), actors, f"{where}.target"),
        cameo_code=str(_get(d, "cameo_code", where)),
        quad_class=int(_get(d, "quad_class", where)),
        goldstein=float(_get(d, "goldstein", where)),
        plover_type=d.get("plover_type"),
        plover_mode=d.get("plover_mode"),
        modality=_get(d, "modality", where),
        date=EventDate(
            value=d.get("date"),
            precision=d.get("date_precision") or "unknown",
            text=d.get("date_text"),
            source=d.get("date_source") or "publication",
        ),
        evidence=_evidence_from_dict(_get(d, "evidence", where), f"{where}.evidence"),
        reported_by=d.get("reported_by"),
        place=place_from_dict(d.get("place"), f"{where}.place"),
        confidence=float(d.get("confidence", 1.0)),
        reporting_chain=tuple(d.get("reporting_chain") or ()),
    )


def quote_from_dict(
    d: Mapping[str, Any], article_id: str, actors: Mapping[str, Actor], where: str = "quote"
) -> Quote:
    return Quote(
        id=_get(d, "id", where),
        article_id=article_id,
        speaker=_resolve(d.get("speaker"), actors, f"{where}.speaker", ("role", "affiliation")),
        text=_get(d, "text", where),
        cue=d.get("cue"),
        start=int(_get(d, "start", where)),
        end=int(_get(d, "end", where)),
        sentence=int(_get(d, "sentence", where)),
        kind=d.get("kind") or "direct",
        medium=d.get("medium"),
        speaker_span=span_from_dict(d.get("speaker_span"), f"{where}.speaker_span"),
        cue_span=span_from_dict(d.get("cue_span"), f"{where}.cue_span"),
        anonymous=bool(d.get("anonymous", False)),
        reporting_chain=tuple(d.get("reporting_chain") or ()),
        speaker_title=d.get("speaker_title"),
    )


def result_from_dict(
    d: Mapping[str, Any], *, text: str | None = None, origin: str | None = None
) -> ArticleResult:
    """Rebuild an ArticleResult from its JSON object.

    The contract leaves the article text out by default; pass ``text`` (and ``origin``) when
    the caller holds them elsewhere (the store keeps them in their own columns). A ``text``
    or ``origin`` inside ``d`` wins over the arguments.
    """
    article_id = _get(d, "id", "article")
    where = f"article {article_id}"
    article = Article(
        text=d.get("text") or text or "",
        id=article_id,
        published=_date(d.get("published"), where),
        outlet=d.get("outlet"),
        url=d.get("url"),
        title=d.get("title"),
        origin=d.get("origin") or origin,
        language=d.get("language"),
    )
    actors = [
        actor_from_dict(a, f"{where}: actors[{i}]") for i, a in enumerate(d.get("actors") or ())
    ]
    by_id = {a.id: a for a in actors}
    events = [
        event_from_dict(e, article_id, by_id, f"{where}: events[{i}]")
        for i, e in enumerate(d.get("events") or ())
    ]
    quotes = [
        quote_from_dict(q, article_id, by_id, f"{where}: quotes[{i}]")
        for i, q in enumerate(d.get("quotes") or ())
    ]
    places = [
        p
        for i, pd in enumerate(d.get("places") or ())
        if (p := place_from_dict(pd, f"{where}: places[{i}]")) is not None
    ]
    return ArticleResult(
        article=article,
        actors=actors,
        events=events,
        quotes=quotes,
        places=places,
        warnings=list(d.get("warnings") or ()),
    )
