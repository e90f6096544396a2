"""Same-event clustering: which events may be compared (blocks, in SQL) and how a block's
events are merged (greedy complete linkage in a fixed order), with each cluster's
representative fields and counts."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from tidings.records import MODALITIES

# -- blocks: the SQL that decides which events may ever be compared


def _head_sql(slot: str) -> str:
    # slot is "source" or "target" (fixed here, never from a caller)
    return (
        f"CASE WHEN e.{slot}_cameo IS NULL THEN '' "
        f"ELSE coalesce(e.{slot}_country, nullif(left(e.{slot}_cameo, 3), '---'), '---') END"
    )


def _unknown_sql(slot: str) -> str:
    # an actor we know nothing about ("---", no country, no role) can match anyone: never merged
    return (
        f"(e.{slot}_cameo IS NOT NULL AND e.{slot}_country IS NULL "
        f"AND left(e.{slot}_cameo, 3) = '---' AND length(e.{slot}_cameo) <= 3)"
    )


BLOCK_KEY_SQL = (
    f"CASE WHEN {_unknown_sql('source')} OR {_unknown_sql('target')} "
    "OR (e.source_cameo IS NULL AND e.target_cameo IS NULL) "
    "THEN 'single:' || e.event_id "
    f"ELSE {_head_sql('source')} || '|' || {_head_sql('target')} || '|' || coalesce(e.root_code, '') END"
)

EVENT_ROWS_SQL = f"""
SELECT e.event_id, e.article_id, {BLOCK_KEY_SQL} AS block_key,
       e.source_cameo, e.source_name, e.source_country,
       e.target_cameo, e.target_name, e.target_country,
       e.cameo_code, e.root_code, e.base_code, e.quad_class, e.goldstein, e.plover_type,
       e.event_date, e.date_value, e.date_precision,
       e.place_name, e.place_country, e.place_precision, e.place_lat, e.place_lon,
       e.place_geonameid, e.place_source, e.modality, e.confidence, e.sentence_index,
       -- in the lead paragraph (GDELT's IsRootEvent): the sentence starts before the first blank line
       e.sentence_start < coalesce(nullif(strpos(a."text", chr(10) || chr(10)), 0), length(a."text") + 1)
           AS in_lead,
       a.outlet, a.published, a.url, a.coded_at, g.group_id,
       coalesce(o.origin_outlet, a.outlet) AS origin_outlet
FROM events e
JOIN articles a ON a.id = e.article_id
LEFT JOIN article_groups g ON g.article_id = e.article_id
LEFT JOIN (
    -- a syndicated copy is credited to the outlet of its group's earliest article
    SELECT g2.group_id,
           first(a2.outlet ORDER BY a2.outlet IS NULL, a2.published NULLS LAST, a2.id) AS origin_outlet
    FROM article_groups g2 JOIN articles a2 ON a2.id = g2.article_id
    WHERE g2.group_size > 1
    GROUP BY g2.group_id
) o ON o.group_id = g.group_id
"""


# ---------------------------------------------------------------------------------------------
# clustering (pure Python over event rows)

_FINE_SPAN = {"day": 0, "week": 6}  # precisions that take part in the date window
_EVENT_PLACE_SOURCES = ("clause", "sentence")  # places read for the event itself
# places that never keep two reports apart: wide areas, and stand-ins (a street or venue the
# gazetteer lacks, placed at the town its story is about: not where the event was, to the town)
_COARSE_PLACES = ("country", "region", "admin1", "admin2", "approximate")
_SAME_TOWN_KM = 25.0


class _Place(NamedTuple):
    country: str | None
    geonameid: int | None
    precision: str | None
    lat: float | None
    lon: float | None


_PLACE_RANK = {"city": 0, "admin2": 1, "approximate": 2, "admin1": 3, "country": 4, "region": 5}
_MODALITY_RANK = {m: i for i, m in enumerate(MODALITIES)}


@dataclass
class _Event:
    row: dict[str, Any]
    source_role: str
    target_role: str
    source_head: str
    target_head: str
    start: dt.date | None
    span: int | None  # None: coarse date (month, year, unknown): merged only on an equal value
    place: _Place | None

    @property
    def id(self) -> str:
        return self.row["event_id"]


def _role(cameo: str | None) -> str:
    return (cameo or "")[3:6]


def _as_event(row: dict[str, Any]) -> _Event:
    start = row["event_date"]
    if isinstance(start, dt.datetime):
        start = start.date()
    precision = row["date_precision"]
    span = _FINE_SPAN.get(precision) if start is not None else None
    place = (
        None  # only a place read for this event compares; a dateline says where the reporter was
    )
    if row["place_source"] in _EVENT_PLACE_SOURCES and (
        row["place_country"] or row["place_geonameid"] is not None
    ):
        place = _Place(
            row["place_country"],
            row["place_geonameid"],
            row["place_precision"],
            row["place_lat"],
            row["place_lon"],
        )
    head = row["block_key"].split("|")
    return _Event(
        row=row,
        source_role=_role(row["source_cameo"]),
        target_role=_role(row["target_cameo"]),
        source_head=head[0] if len(head) == 3 else "",
        target_head=head[1] if len(head) == 3 else "",
        start=start,
        span=span,
        place=place,
    )


def _sort_key(e: _Event) -> tuple[Any, ...]:
    far = dt.date.max
    published = e.row["published"]
    if isinstance(published, dt.datetime):
        published = published.date()
    return (
        e.start or far,
        0 if e.span is not None else 1,
        published or far,
        e.row["article_id"],
        e.row["sentence_index"] if e.row["sentence_index"] is not None else -1,
        e.id,
    )


def _km(p: _Place, q: _Place) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (p.lat, p.lon, q.lat, q.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _places_compatible(p: _Place | None, q: _Place | None) -> bool:
    """Unknown places never separate reports; known ones must share the country and, when
    both name a town, be the same town (or within ``_SAME_TOWN_KM`` of each other)."""
    if p is None or q is None:
        return True
    if p.country and q.country and p.country != q.country:
        return False
    if p.precision in _COARSE_PLACES or q.precision in _COARSE_PLACES:
        return True
    if p.geonameid is not None and p.geonameid == q.geonameid:
        return True
    if None not in (p.lat, p.lon, q.lat, q.lon):
        return _km(p, q) <= _SAME_TOWN_KM
    return p.geonameid is None or q.geonameid is None


def _roles_compatible(roles: set[str], role: str, head: str) -> bool:
    if head == "---":  # no country: only the role says who it is, so it must agree
        return not roles or roles == {role}
    named = {r for r in roles if r}
    return not role or not named or named == {role}


@dataclass
class _Cluster:
    seed: _Event
    members: list[_Event] = field(default_factory=list)
    source_roles: set[str] = field(default_factory=set)
    target_roles: set[str] = field(default_factory=set)
    places: set[_Place] = field(default_factory=set)

    def accepts(self, e: _Event, window: int) -> bool:
        s = self.seed
        if (s.span is None) != (e.span is None):
            return False
        if s.span is None:
            if (s.row["date_value"], s.row["date_precision"]) != (
                e.row["date_value"],
                e.row["date_precision"],
            ):
                return False
        elif (e.start - s.start).days > s.span + window:
            return False
        if not _roles_compatible(self.source_roles, e.source_role, e.source_head):
            return False
        if not _roles_compatible(self.target_roles, e.target_role, e.target_head):
            return False
        return all(_places_compatible(p, e.place) for p in self.places)

    def add(self, e: _Event) -> None:
        self.members.append(e)
        self.source_roles.add(e.source_role)
        self.target_roles.add(e.target_role)
        if e.place is not None:
            self.places.add(e.place)


#: How far apart (days) a fine-dated cluster's seed and its latest member can be, beyond the
#: date window: the widest fine span (a week's six days).
MAX_FINE_SPAN = max(_FINE_SPAN.values())
_FAR = dt.date.max  # where undated events sort


class StaleClusters(ValueError):
    """The stored clusters do not cover an event before the cut: re-cluster the whole block."""


def cluster_block(
    rows: Iterable[dict[str, Any]],
    window_days: int,
    *,
    cut: dt.date | None = None,
    stored: Iterable[Sequence[str]] = (),
) -> list[list[dict[str, Any]]]:
    """Greedy complete-linkage clustering of the events of one block, in a fixed order.

    Returns the clusters as lists of event rows, each list in the order its events joined
    (the first is the seed).

    With ``cut`` (an incremental step: nothing in the block dated before ``cut`` changed),
    ``rows`` hold every event of the block dated on or after ``cut - (MAX_FINE_SPAN +
    window_days)`` or undated, plus all members of ``stored``: the member ids of every stored
    cluster with a member among those events. Because events are clustered in date order and
    never move once placed, the state before ``cut`` is the stored clusters cut down to their
    earlier members; only the events from ``cut`` on are placed again. The result is what
    clustering the whole block gives, for the clusters that can have changed (those returned).
    Raises StaleClusters when an event before ``cut`` is in no stored cluster.
    """
    events = sorted((_as_event(r) for r in rows), key=_sort_key)
    if events and events[0].row["block_key"].startswith("single:"):
        return [[e.row] for e in events]
    clusters: list[_Cluster] = []
    if cut is not None:
        clusters = _state_before(events, cut, stored)
        events = [e for e in events if (e.start or _FAR) >= cut]
    open_fine = [c for c in clusters if c.seed.span is not None]
    for e in events:
        if e.span is not None:
            open_fine = [
                c for c in open_fine if (e.start - c.seed.start).days <= c.seed.span + window_days
            ]
            candidates = open_fine
        else:
            candidates = [c for c in clusters if c.seed.span is None]
        target = next((c for c in candidates if c.accepts(e, window_days)), None)
        if target is None:
            target = _Cluster(seed=e)
            clusters.append(target)
            if e.span is not None:
                open_fine.append(target)
        target.add(e)
    return [[m.row for m in c.members] for c in clusters]


def _state_before(
    events: list[_Event], cut: dt.date, stored: Iterable[Sequence[str]]
) -> list[_Cluster]:
    """The clusters as they stood when the first event dated ``cut`` or later was placed: the
    stored clusters with their members before ``cut``, in the order their seeds were placed."""
    by_id = {e.id: e for e in events}
    placed: set[str] = set()
    clusters: list[_Cluster] = []
    for ids in stored:
        earlier = sorted(
            (by_id[i] for i in ids if i in by_id and (by_id[i].start or _FAR) < cut), key=_sort_key
        )
        if not earlier:
            continue  # seeded on or after the cut: placed again from scratch
        cluster = _Cluster(seed=earlier[0])
        for e in earlier:
            cluster.add(e)
        clusters.append(cluster)
        placed.update(e.id for e in earlier)
    if any((e.start or _FAR) < cut and e.id not in placed for e in events):
        raise StaleClusters("an event before the cut is in no stored cluster")
    clusters.sort(key=lambda c: _sort_key(c.seed))
    return clusters


def cluster_id_for(seed_event_id: str) -> str:
    return hashlib.sha1(f"cluster:{seed_event_id}".encode()).hexdigest()[:16]


def _norm_outlet(outlet: str | None) -> str | None:
    return " ".join(outlet.casefold().split()) if outlet else None


def independent_sources(articles: Iterable[tuple[str, str | None, str | None]]) -> int:
    """How many independent sources a set of (article_id, origin outlet, syndication group) holds.

    The origin outlet of a syndicated copy is the outlet of its group's earliest article (the
    wire), so a story carried by five papers is one source; otherwise it is the article's own
    outlet. Articles with no outlet count once per syndication group.
    """
    keys = set()
    for article_id, origin, group in articles:
        outlet = _norm_outlet(origin)
        keys.add(f"o:{outlet}" if outlet else (f"g:{group}" if group else f"a:{article_id}"))
    return len(keys)


def _mode(values: Iterable[Any], tiebreak=None) -> Any:
    present = [v for v in values if v is not None]
    if len(present) <= 1:  # most clusters have one report: no counting needed
        return present[0] if present else None
    counts = Counter(present)
    return min(counts, key=lambda v: (-counts[v], tiebreak(v) if tiebreak else 0, str(v)))


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _representatives(members: Sequence[dict[str, Any]]) -> tuple:
    """What a cluster of several reports says: its codes, the report whose date and the one
    whose place stand for it, its modality, its reports by article and the first of them."""
    seed = members[0]
    # representative codes: what the asserted reports say (all reports when none asserts), the
    # most frequent, then the most specific (longest)
    voters = [m for m in members if m["modality"] == "asserted"] or list(members)
    source_cameo = _mode((m["source_cameo"] for m in voters), lambda v: -len(v))
    target_cameo = _mode((m["target_cameo"] for m in voters), lambda v: -len(v))
    code = _mode((m["cameo_code"] for m in voters), lambda v: -len(v))
    coded = next(m for m in voters if m["cameo_code"] == code)
    fine = [m for m in members if m["date_precision"] in _FINE_SPAN and m["event_date"] is not None]
    dated = (
        min(
            fine,
            key=lambda m: (-sum(x["event_date"] == m["event_date"] for x in fine), m["event_date"]),
        )
        if fine
        else seed
    )
    placed = [m for m in members if m["place_name"] or m["place_country"]]
    place = (
        min(
            placed,
            key=lambda m: (
                m["place_source"]
                not in _EVENT_PLACE_SOURCES,  # a dateline only when nothing better
                _PLACE_RANK.get(m["place_precision"], 9),
                -sum(x["place_name"] == m["place_name"] for x in placed),
                m["place_name"] or "",
            ),
        )
        if placed
        else None
    )
    modalities = [m["modality"] for m in members]
    modality = (
        "asserted"
        if "asserted" in modalities
        else _mode(modalities, lambda v: _MODALITY_RANK.get(v, 99))
    )
    by_article: dict[str, dict[str, Any]] = {}
    for m in members:
        by_article.setdefault(m["article_id"], m)
    first = min(
        by_article.values(), key=lambda m: (_day(m["published"]) or dt.date.max, m["article_id"])
    )
    return source_cameo, target_cameo, code, coded, dated, place, modality, by_article, first


def summarise_cluster(
    members: Sequence[dict[str, Any]], now: dt.datetime
) -> tuple[dict, list[dict]]:
    """The cluster row (representative fields and counts) and its mention rows."""
    seed = members[0]
    cluster_id = cluster_id_for(seed["event_id"])
    if len(members) == 1:  # most clusters: every choice below is the one report's own
        source_cameo, target_cameo, code = seed["source_cameo"], seed["target_cameo"], seed["cameo_code"]
        source_name, target_name = seed["source_name"], seed["target_name"]
        coded = dated = first = seed
        place = seed if seed["place_name"] or seed["place_country"] else None
        modality = seed["modality"]
        by_article = {seed["article_id"]: seed}
    else:
        source_cameo, target_cameo, code, coded, dated, place, modality, by_article, first = (
            _representatives(members)
        )
        source_name = _mode(m["source_name"] for m in members if m["source_cameo"] == source_cameo)
        target_name = _mode(m["target_name"] for m in members if m["target_cameo"] == target_cameo)
    published = [_day(m["published"]) for m in by_article.values() if m["published"] is not None]
    coded_days = [_day(m["coded_at"]) for m in by_article.values() if m["coded_at"] is not None]
    cluster = {
        "cluster_id": cluster_id,
        "block_key": seed["block_key"],
        "seed_event_id": seed["event_id"],
        "source_cameo": source_cameo,
        "source_name": source_name,
        "source_country": _mode(m["source_country"] for m in members),
        "target_cameo": target_cameo,
        "target_name": target_name,
        "target_country": _mode(m["target_country"] for m in members),
        "cameo_code": code,
        "root_code": coded["root_code"],
        "base_code": coded["base_code"],
        "quad_class": coded["quad_class"],
        "goldstein": coded["goldstein"],
        "plover_type": coded["plover_type"],
        "event_date": _day(dated["event_date"]),
        "date_value": dated["date_value"],
        "date_precision": dated["date_precision"],
        "place_name": place["place_name"] if place else None,
        "place_country": place["place_country"] if place else None,
        "place_precision": place["place_precision"] if place else None,
        "place_lat": place["place_lat"] if place else None,
        "place_lon": place["place_lon"] if place else None,
        "place_geonameid": place["place_geonameid"] if place else None,
        "modality": modality,
        "confidence": max(float(m["confidence"] or 0.0) for m in members),
        "is_root_event": any(bool(m["in_lead"]) for m in members),
        "first_seen": min(published) if published else (min(coded_days) if coded_days else None),
        "first_article_id": first["article_id"],
        "source_url": first["url"],
        "n_mentions": len(members),
        "n_asserted": sum(m["modality"] == "asserted" for m in members),
        "n_articles": len(by_article),
        "n_outlets": len(
            {o for o in (_norm_outlet(m["outlet"]) for m in by_article.values()) if o}
        ),
        "n_independent": independent_sources(
            (a, m["origin_outlet"], m["group_id"]) for a, m in by_article.items()
        ),
        "added_at": now,
        "updated_at": now,
    }
    mentions = [
        {
            "event_id": m["event_id"],
            "cluster_id": cluster_id,
            "article_id": m["article_id"],
            "sentence_index": m["sentence_index"],
            "outlet": m["outlet"],
            "published": _day(m["published"]),
            "url": m["url"],
            "modality": m["modality"],
            "confidence": m["confidence"],
            "group_id": m["group_id"],
        }
        for m in members
    ]
    return cluster, mentions
