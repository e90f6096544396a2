"""From per-article events to a dataset: syndicated copies grouped, same-event reports merged.

Two problems, two mechanisms (docs/SCHEMA.md, "Dataset tables"):

1. **Syndication.** Wire copies and reprints are near-duplicate *articles*. Each article gets a
   MinHash signature (datasketch) over word shingles of its text; locality-sensitive banding
   (``article_bands``) finds candidate pairs in SQL, the signatures confirm them
   (estimated Jaccard, or containment for a trimmed copy), and the confirmed pairs
   (``article_links``) make connected components: the syndication groups (``article_groups``).
2. **Same real-world event.** Reports of one event by several articles (or twice in one
   article) are merged into an *event cluster* (``event_clusters``), one row per report in
   ``mentions``. Events are compared by source and target actor (CAMEO country, and role when
   both sides have one), CAMEO root code, a date window and the place when both sides know it.

Syndicated copies never count as independent confirmation: ``n_independent`` counts the
distinct outlets a cluster's reports *originate* from, crediting each syndicated copy to the
outlet of its group's earliest article (the wire), next to ``n_articles`` and ``n_outlets``.

Everything is a deterministic function of the stored articles: ``update_dedupe(store, ids)``
(run after each ingest) recomputes exactly the groups and event blocks that the given articles
touch, so it leaves the same tables as a full ``dedupe_store(store)``; re-ingesting an article
changes nothing. Clustering is greedy in a fixed order inside a *block* (same source country,
target country and root code): an event joins the earliest open cluster it is compatible with
on every member (complete linkage), which keeps a daily stream of clashes from chaining into
one cluster. A cluster's id derives from its first event (``seed_event_id``), so it stays put
as later reports join.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import math
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pyarrow as pa

from tidings.records import MODALITIES

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from tidings.store import Store

# ---------------------------------------------------------------------------------------------
# configuration


@dataclass(frozen=True)
class DedupeConfig:
    """How near is near.  Saved in ``dedupe_settings`` so that the per-ingest step and a full
    ``tidings dedupe`` always agree; change it with ``tidings dedupe --date-window ...``.

    ``bands`` x ``rows`` <= ``num_perm``: with 42 bands of 3 rows a pair at Jaccard 0.5 becomes a
    candidate with probability 0.996, one at 0.1 with 0.04 (candidates are then checked).
    """

    num_perm: int = 128
    shingle_size: int = 5  # words per shingle
    seed: int = 1
    bands: int = 42
    rows: int = 3
    jaccard_threshold: float = 0.5  # same story, lightly edited
    containment_threshold: float = 0.8  # a trimmed copy: most of the shorter text in the longer
    min_shingles: int = 20  # below this a text is too short to call anything a copy of it
    date_window_days: int = 2  # reports dated up to this many days apart can be one event

    def __post_init__(self) -> None:
        if self.bands * self.rows > self.num_perm:
            raise ValueError(
                f"dedupe config: bands x rows ({self.bands} x {self.rows}) exceeds num_perm "
                f"({self.num_perm}); lower bands or rows"
            )
        if not 0 < self.jaccard_threshold <= 1 or not 0 < self.containment_threshold <= 1:
            raise ValueError("dedupe config: thresholds must be in (0, 1]")
        if self.date_window_days < 0:
            raise ValueError("dedupe config: date_window_days must be >= 0")

    @property
    def signature_params(self) -> str:
        """What a stored signature depends on; signatures made otherwise are recomputed."""
        return f"perm={self.num_perm};k={self.shingle_size};seed={self.seed}"

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> DedupeConfig:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in json.loads(text).items() if k in known})


def load_config(store: Store) -> DedupeConfig:
    row = store.con.execute(
        "SELECT value FROM dedupe_settings WHERE name = ?", ["config"]
    ).fetchone()
    return DedupeConfig.from_json(row[0]) if row else DedupeConfig()


def save_config(store: Store, config: DedupeConfig) -> None:
    store.con.execute(
        "INSERT INTO dedupe_settings VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        ["config", config.to_json()],
    )


# ---------------------------------------------------------------------------------------------
# MinHash signatures

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = 5) -> list[bytes]:
    """Distinct k-word shingles of the lower-cased text (the whole text if it is shorter)."""
    words = _WORD.findall(text.casefold())
    if not words:
        return []
    if len(words) <= k:
        return [" ".join(words).encode("utf-8")]
    return list({" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)})


def signature(text: str, config: DedupeConfig) -> tuple[int, np.ndarray]:
    """(number of shingles, MinHash hash values as uint64) of an article text."""
    from datasketch import MinHash

    items = shingles(text, config.shingle_size)
    minhash = MinHash(num_perm=config.num_perm, seed=config.seed)
    if items:
        minhash.update_batch(items)
    return len(items), np.asarray(minhash.hashvalues, dtype=np.uint64)


def band_buckets(sig: np.ndarray, config: DedupeConfig) -> list[int]:
    """One 64-bit bucket per LSH band: articles sharing a bucket are candidate copies."""
    r = config.rows
    return [
        int.from_bytes(
            hashlib.blake2b(sig[b * r : (b + 1) * r].tobytes(), digest_size=8).digest(), "big"
        )
        for b in range(config.bands)
    ]


def similarity(sig_a: np.ndarray, n_a: int, sig_b: np.ndarray, n_b: int) -> tuple[float, float]:
    """(estimated Jaccard, estimated containment of the smaller shingle set in the larger)."""
    jaccard = float(np.mean(sig_a == sig_b))
    if n_a == 0 or n_b == 0:
        return jaccard, 0.0
    intersection = jaccard * (n_a + n_b) / (1.0 + jaccard)
    return jaccard, min(1.0, intersection / min(n_a, n_b))


def is_copy(jaccard: float, containment: float, n_a: int, n_b: int, config: DedupeConfig) -> bool:
    if min(n_a, n_b) < config.min_shingles:
        return jaccard >= max(config.jaccard_threshold, 0.9) and n_a > 0 and n_b > 0
    return jaccard >= config.jaccard_threshold or containment >= config.containment_threshold


# ---------------------------------------------------------------------------------------------
# event blocks: the SQL that decides which events may ever be compared


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

_EVENT_ROWS_SQL = f"""
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
_COARSE_PLACES = ("country", "region", "admin1")
_SAME_TOWN_KM = 25.0


class _Place(NamedTuple):
    country: str | None
    geonameid: int | None
    precision: str | None
    lat: float | None
    lon: float | None


_PLACE_RANK = {"city": 0, "admin1": 1, "country": 2, "region": 3}
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


def cluster_block(rows: Iterable[dict[str, Any]], window_days: int) -> list[list[dict[str, Any]]]:
    """Greedy complete-linkage clustering of the events of one block, in a fixed order.

    Returns the clusters as lists of event rows, each list in the order its events joined
    (the first is the seed).
    """
    events = sorted((_as_event(r) for r in rows), key=_sort_key)
    if events and events[0].row["block_key"].startswith("single:"):
        return [[e.row] for e in events]
    clusters: list[_Cluster] = []
    open_fine: list[_Cluster] = []
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
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], tiebreak(v) if tiebreak else 0, str(v)))


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def summarise_cluster(
    members: Sequence[dict[str, Any]], now: dt.datetime
) -> tuple[dict, list[dict]]:
    """The cluster row (representative fields and counts) and its mention rows."""
    seed = members[0]
    cluster_id = cluster_id_for(seed["event_id"])
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
    published = [_day(m["published"]) for m in by_article.values() if m["published"] is not None]
    coded_days = [_day(m["coded_at"]) for m in by_article.values() if m["coded_at"] is not None]
    cluster = {
        "cluster_id": cluster_id,
        "block_key": seed["block_key"],
        "seed_event_id": seed["event_id"],
        "source_cameo": source_cameo,
        "source_name": _mode(
            m["source_name"] for m in members if m["source_cameo"] == source_cameo
        ),
        "source_country": _mode(m["source_country"] for m in members),
        "target_cameo": target_cameo,
        "target_name": _mode(
            m["target_name"] for m in members if m["target_cameo"] == target_cameo
        ),
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


# ---------------------------------------------------------------------------------------------
# the store side

_S, _I, _F, _D, _B, _T = (
    pa.string(),
    pa.int64(),
    pa.float64(),
    pa.date32(),
    pa.bool_(),
    pa.timestamp("us"),
)
CLUSTER_SCHEMA = pa.schema(
    [
        ("cluster_id", _S), ("block_key", _S), ("seed_event_id", _S),
        ("source_cameo", _S), ("source_name", _S), ("source_country", _S),
        ("target_cameo", _S), ("target_name", _S), ("target_country", _S),
        ("cameo_code", _S), ("root_code", _S), ("base_code", _S), ("quad_class", _I),
        ("goldstein", _F), ("plover_type", _S), ("event_date", _D), ("date_value", _S),
        ("date_precision", _S), ("place_name", _S), ("place_country", _S),
        ("place_precision", _S), ("place_lat", _F), ("place_lon", _F), ("place_geonameid", _I),
        ("modality", _S), ("confidence", _F), ("is_root_event", _B), ("first_seen", _D),
        ("first_article_id", _S), ("source_url", _S), ("n_mentions", _I), ("n_asserted", _I),
        ("n_articles", _I), ("n_outlets", _I), ("n_independent", _I), ("added_at", _T),
        ("updated_at", _T),
    ]
)  # fmt: skip
MENTION_SCHEMA = pa.schema(
    [
        ("event_id", _S), ("cluster_id", _S), ("article_id", _S), ("sentence_index", _I),
        ("outlet", _S), ("published", _D), ("url", _S), ("modality", _S), ("confidence", _F),
        ("group_id", _S),
    ]
)  # fmt: skip


@dataclass
class DedupeReport:
    """What one dedupe step did (counts over the part of the store it recomputed)."""

    articles_hashed: int = 0
    links: int = 0  # confirmed copies found
    groups: int = 0  # syndication groups recomputed (singletons included)
    blocks: int = 0  # event blocks re-clustered
    clusters: int = 0
    mentions: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Ids:
    """A list of ids registered as a one-column Arrow table, so that SQL can use it in
    ``IN (SELECT id FROM name)`` without pasting any value into the SQL text."""

    _counter = 0

    def __init__(self, store: Store, ids: Iterable[str]) -> None:
        _Ids._counter += 1
        self.con = store.con
        self.name = f"_tidings_ids_{_Ids._counter}"
        self.table = pa.table({"id": pa.array(sorted(set(ids)), type=pa.string())})

    def __enter__(self) -> str:
        self.con.register(self.name, self.table)
        return self.name

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(Exception):  # already gone with a closed connection
            self.con.unregister(self.name)


def _insert(store: Store, table: str, schema: pa.Schema, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    arrow = pa.Table.from_pylist(rows, schema=schema)
    name = f"_tidings_rows_{table}"
    store.con.register(name, arrow)
    try:
        store.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {name}")
    finally:
        store.con.unregister(name)


def _hash_articles(
    store: Store, ids: list[str], config: DedupeConfig
) -> dict[str, tuple[int, np.ndarray]]:
    """Compute and store signatures and band buckets of these (present) articles."""
    signatures: dict[str, tuple[int, np.ndarray]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        with _Ids(store, chunk) as t:
            rows = store.con.execute(
                f'SELECT id, "text" FROM articles WHERE id IN (SELECT id FROM {t})'
            ).fetchall()
        for article_id, text in rows:
            signatures[article_id] = signature(text or "", config)
    with _Ids(store, signatures) as t:
        store.con.execute(f"DELETE FROM article_minhash WHERE article_id IN (SELECT id FROM {t})")
        store.con.execute(f"DELETE FROM article_bands WHERE article_id IN (SELECT id FROM {t})")
    params = config.signature_params
    minhash_rows = [
        {"article_id": a, "params": params, "n_shingles": n, "signature": sig.tolist()}
        for a, (n, sig) in signatures.items()
    ]
    _insert(
        store,
        "article_minhash",
        pa.schema(
            [
                ("article_id", _S),
                ("params", _S),
                ("n_shingles", _I),
                ("signature", pa.list_(pa.uint64())),
            ]
        ),
        minhash_rows,
    )
    band_rows = [
        {"article_id": a, "band": b, "bucket": bucket}
        for a, (n, sig) in signatures.items()
        if n > 0
        for b, bucket in enumerate(band_buckets(sig, config))
    ]
    _insert(
        store,
        "article_bands",
        pa.schema([("article_id", _S), ("band", _I), ("bucket", pa.uint64())]),
        band_rows,
    )
    return signatures


def _link_articles(store: Store, ids: list[str], config: DedupeConfig) -> int:
    """Find and store the confirmed copies of these articles (both directions are one link)."""
    with _Ids(store, ids) as t:
        store.con.execute(
            f"DELETE FROM article_links WHERE article_a IN (SELECT id FROM {t}) "
            f"OR article_b IN (SELECT id FROM {t})"
        )
        pairs = store.con.execute(
            f"""
            SELECT DISTINCT least(b1.article_id, b2.article_id), greatest(b1.article_id, b2.article_id)
            FROM article_bands b1 JOIN article_bands b2
              ON b1.band = b2.band AND b1.bucket = b2.bucket AND b1.article_id <> b2.article_id
            WHERE b1.article_id IN (SELECT id FROM {t})
            """
        ).fetchall()
    return _link_pairs(store, pairs, config)


def _components(edges: Iterable[tuple[str, str]], nodes: Iterable[str]) -> dict[str, str]:
    """node -> group id (the smallest article id of its connected component)."""
    parent: dict[str, str] = {n: n for n in nodes}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {n: find(n) for n in parent}


def _regroup(store: Store, seeds: set[str]) -> tuple[set[str], int]:
    """Recompute the syndication groups that contain ``seeds`` (before or after this change);
    returns every article whose group row was rewritten, and how many groups they now form."""
    con = store.con
    with _Ids(store, seeds) as t:
        old = {
            r[0]
            for r in con.execute(
                f"SELECT article_id FROM article_groups WHERE group_id IN "
                f"(SELECT group_id FROM article_groups WHERE article_id IN (SELECT id FROM {t}))"
            ).fetchall()
        }
    nodes = set(seeds) | old
    frontier = set(nodes)
    edges: set[tuple[str, str]] = set()
    while frontier:  # breadth-first over article_links
        with _Ids(store, frontier) as t:
            found = con.execute(
                f"SELECT article_a, article_b FROM article_links WHERE article_a IN (SELECT id FROM {t}) "
                f"OR article_b IN (SELECT id FROM {t})"
            ).fetchall()
        edges.update(found)
        reached = {x for e in found for x in e}
        frontier = reached - nodes
        nodes |= reached
    with _Ids(store, nodes) as t:
        present = {
            r[0]
            for r in con.execute(
                f"SELECT id FROM articles WHERE id IN (SELECT id FROM {t})"
            ).fetchall()
        }
        con.execute(f"DELETE FROM article_groups WHERE article_id IN (SELECT id FROM {t})")
    groups = _components((e for e in edges if e[0] in present and e[1] in present), present)
    sizes = Counter(groups.values())
    _insert(
        store,
        "article_groups",
        pa.schema([("article_id", _S), ("group_id", _S), ("group_size", _I)]),
        [
            {"article_id": a, "group_id": g, "group_size": sizes[g]}
            for a, g in sorted(groups.items())
        ],
    )
    return nodes, len(sizes)


def _recluster(store: Store, blocks: set[str] | None, config: DedupeConfig) -> tuple[int, int, int]:
    """Recompute the event clusters of ``blocks`` (all blocks when None): (blocks, clusters, mentions)."""
    con = store.con
    now = dt.datetime.now().replace(microsecond=0)
    if blocks is None:
        added = dict(con.execute("SELECT cluster_id, added_at FROM event_clusters").fetchall())
        cursor = con.execute(f"SELECT * FROM ({_EVENT_ROWS_SQL}) ORDER BY block_key")
        con_rows = cursor.fetchall()
        columns = [d[0] for d in cursor.description]
        con.execute("DELETE FROM mentions")
        con.execute("DELETE FROM event_clusters")
    else:
        if not blocks:
            return 0, 0, 0
        with _Ids(store, blocks) as t:
            added = dict(
                con.execute(
                    f"SELECT cluster_id, added_at FROM event_clusters WHERE block_key IN (SELECT id FROM {t})"
                ).fetchall()
            )
            cursor = con.execute(
                f"SELECT * FROM ({_EVENT_ROWS_SQL}) WHERE block_key IN (SELECT id FROM {t}) ORDER BY block_key"
            )
            con_rows = cursor.fetchall()
            columns = [d[0] for d in cursor.description]
            con.execute(
                f"DELETE FROM mentions WHERE cluster_id IN (SELECT cluster_id FROM event_clusters "
                f"WHERE block_key IN (SELECT id FROM {t}))"
            )
            con.execute(f"DELETE FROM event_clusters WHERE block_key IN (SELECT id FROM {t})")
    by_block: dict[str, list[dict[str, Any]]] = {}
    for values in con_rows:
        row = dict(zip(columns, values, strict=True))
        by_block.setdefault(row["block_key"], []).append(row)
    cluster_rows: list[dict[str, Any]] = []
    mention_rows: list[dict[str, Any]] = []
    for rows in by_block.values():
        for members in cluster_block(rows, config.date_window_days):
            cluster, mentions = summarise_cluster(members, now)
            cluster["added_at"] = added.get(cluster["cluster_id"], now)
            cluster_rows.append(cluster)
            mention_rows.extend(mentions)
    if mention_rows:
        with _Ids(store, (m["event_id"] for m in mention_rows)) as t:
            con.execute(f"DELETE FROM mentions WHERE event_id IN (SELECT id FROM {t})")
    _insert(store, "event_clusters", CLUSTER_SCHEMA, cluster_rows)
    _insert(store, "mentions", MENTION_SCHEMA, mention_rows)
    n_blocks = len(by_block) if blocks is None else len(blocks)
    return n_blocks, len(cluster_rows), len(mention_rows)


def _in_transaction(store: Store, work):
    con = store.con
    con.begin()
    try:
        result = work()
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return result


def update_dedupe(
    store: Store, article_ids: Iterable[str], config: DedupeConfig | None = None
) -> DedupeReport:
    """Bring groups, clusters and mentions up to date after ``article_ids`` were (re)written
    or deleted; run after each ingest. Leaves the same tables as a full ``dedupe_store``."""
    started = time.perf_counter()
    config = config or load_config(store)
    ids = sorted(set(article_ids))
    report = DedupeReport()
    if not ids:
        return report

    def work() -> None:
        con = store.con
        with _Ids(store, ids) as t:
            present = sorted(
                r[0]
                for r in con.execute(
                    f"SELECT id FROM articles WHERE id IN (SELECT id FROM {t})"
                ).fetchall()
            )
            gone = sorted(set(ids) - set(present))
            # blocks the articles were in before this write (their old events are gone already)
            blocks = {
                r[0]
                for r in con.execute(
                    f"SELECT DISTINCT c.block_key FROM mentions m JOIN event_clusters c USING (cluster_id) "
                    f"WHERE m.article_id IN (SELECT id FROM {t})"
                ).fetchall()
            }
        if gone:
            with _Ids(store, gone) as t:
                for table in ("article_minhash", "article_bands"):
                    con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT id FROM {t})")
                con.execute(
                    f"DELETE FROM article_links WHERE article_a IN (SELECT id FROM {t}) "
                    f"OR article_b IN (SELECT id FROM {t})"
                )
        report.articles_hashed = len(_hash_articles(store, present, config))
        report.links = _link_articles(store, present, config) if present else 0
        regrouped, report.groups = _regroup(store, set(ids))
        with _Ids(store, regrouped | set(ids)) as t:
            blocks.update(
                r[0]
                for r in con.execute(
                    f"SELECT DISTINCT c.block_key FROM mentions m JOIN event_clusters c USING (cluster_id) "
                    f"WHERE m.article_id IN (SELECT id FROM {t})"
                ).fetchall()
            )
            blocks.update(
                r[0]
                for r in con.execute(
                    f"SELECT DISTINCT {BLOCK_KEY_SQL} FROM events e WHERE e.article_id IN (SELECT id FROM {t})"
                ).fetchall()
            )
        report.blocks, report.clusters, report.mentions = _recluster(store, blocks, config)

    _in_transaction(store, work)
    report.seconds = time.perf_counter() - started
    return report


def dedupe_store(
    store: Store, config: DedupeConfig | None = None, *, save: bool = True
) -> DedupeReport:
    """Recompute every signature, syndication group, event cluster and mention from scratch.

    ``config`` (default: the saved one) is saved for later incremental steps unless ``save`` is
    False.
    """
    started = time.perf_counter()
    config = config or load_config(store)
    report = DedupeReport()

    def work() -> None:
        con = store.con
        if save:
            save_config(store, config)
        for table in ("article_minhash", "article_bands", "article_links", "article_groups"):
            con.execute(f"DELETE FROM {table}")
        ids = [r[0] for r in con.execute("SELECT id FROM articles ORDER BY id").fetchall()]
        report.articles_hashed = len(_hash_articles(store, ids, config))
        pairs = con.execute(
            """
            SELECT DISTINCT least(b1.article_id, b2.article_id), greatest(b1.article_id, b2.article_id)
            FROM article_bands b1 JOIN article_bands b2
              ON b1.band = b2.band AND b1.bucket = b2.bucket AND b1.article_id < b2.article_id
            """
        ).fetchall()
        report.links = _link_pairs(store, pairs, config)
        edges = con.execute("SELECT article_a, article_b FROM article_links").fetchall()
        groups = _components(edges, ids)
        sizes = Counter(groups.values())
        _insert(
            store,
            "article_groups",
            pa.schema([("article_id", _S), ("group_id", _S), ("group_size", _I)]),
            [
                {"article_id": a, "group_id": g, "group_size": sizes[g]}
                for a, g in sorted(groups.items())
            ],
        )
        report.groups = len(sizes)
        report.blocks, report.clusters, report.mentions = _recluster(store, None, config)

    _in_transaction(store, work)
    report.seconds = time.perf_counter() - started
    return report


def _link_pairs(store: Store, pairs: list[tuple[str, str]], config: DedupeConfig) -> int:
    if not pairs:
        return 0
    wanted = {a for pair in pairs for a in pair}
    with _Ids(store, wanted) as t:
        sigs = {
            a: (n, np.asarray(sig, dtype=np.uint64))
            for a, n, sig in store.con.execute(
                f"SELECT article_id, n_shingles, signature FROM article_minhash "
                f"WHERE article_id IN (SELECT id FROM {t})"
            ).fetchall()
        }
    links = []
    for a, b in pairs:
        if a not in sigs or b not in sigs:
            continue
        (na, sa), (nb, sb) = sigs[a], sigs[b]
        jaccard, containment = similarity(sa, na, sb, nb)
        if is_copy(jaccard, containment, na, nb, config):
            links.append(
                {"article_a": a, "article_b": b, "jaccard": jaccard, "containment": containment}
            )
    _insert(
        store,
        "article_links",
        pa.schema([("article_a", _S), ("article_b", _S), ("jaccard", _F), ("containment", _F)]),
        links,
    )
    return len(links)


def dedupe_is_current(store: Store) -> bool:
    """True when every stored event has its mention row and every article its group row."""
    row = store.con.execute(
        "SELECT (SELECT count(*) FROM events e WHERE NOT EXISTS "
        "  (SELECT 1 FROM mentions m WHERE m.event_id = e.event_id)) "
        "+ (SELECT count(*) FROM articles a WHERE NOT EXISTS "
        "  (SELECT 1 FROM article_groups g WHERE g.article_id = a.id))"
    ).fetchone()
    return bool(row) and row[0] == 0


# ---------------------------------------------------------------------------------------------
# readers (for the API, the exports and analysts)

_CLUSTER_FILTERS = {
    "cluster_id": "c.cluster_id",
    "source_cameo": "c.source_cameo",
    "source_country": "c.source_country",
    "target_cameo": "c.target_cameo",
    "target_country": "c.target_country",
    "cameo_code": "c.cameo_code",
    "root_code": "c.root_code",
    "quad_class": "c.quad_class",
    "modality": "c.modality",
    "place_country": "c.place_country",
}
_CLUSTER_RANGES = {
    "since": ("c.event_date", ">="),
    "until": ("c.event_date", "<="),
    "min_independent": ("c.n_independent", ">="),
    "min_outlets": ("c.n_outlets", ">="),
}
CLUSTER_FILTERS = tuple(sorted([*_CLUSTER_FILTERS, *_CLUSTER_RANGES]))


def clusters_frame(
    store: Store, *, limit: int | None = None, offset: int = 0, **filters: Any
) -> pd.DataFrame:
    """Event clusters as a DataFrame, newest events last; filters are bound as parameters.

    Equality filters (a value or a list meaning "any of"): ``CLUSTER_FILTERS`` naming a column;
    ranges: ``since``/``until`` (event date, inclusive), ``min_independent``, ``min_outlets``.
    """
    clauses: list[str] = []
    params: list[Any] = []
    for name, value in filters.items():
        if value is None:
            continue
        if name in _CLUSTER_FILTERS:
            values = list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]
            clauses.append(
                f"{_CLUSTER_FILTERS[name]} IN ({', '.join('?' * len(values))})"
                if values
                else "FALSE"
            )
            params.extend(values)
        elif name in _CLUSTER_RANGES:
            expr, op = _CLUSTER_RANGES[name]
            clauses.append(f"{expr} {op} ?")
            params.append(dt.date.fromisoformat(value) if isinstance(value, str) else value)
        else:
            raise TypeError(
                f"clusters_frame() got an unknown filter {name!r}; known filters: {', '.join(CLUSTER_FILTERS)}"
            )
    sql = "SELECT c.* FROM event_clusters c"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += " ORDER BY c.event_date NULLS LAST, c.cluster_id"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [int(limit), int(offset)]
    return store.con.execute(sql, params).df()


def mentions_frame(
    store: Store, *, cluster_id: str | Sequence[str] | None = None, article_id: str | None = None
) -> pd.DataFrame:
    """Mentions with their evidence sentence, trigger and article title, in reading order."""
    clauses: list[str] = []
    params: list[Any] = []
    if cluster_id is not None:
        values = [cluster_id] if isinstance(cluster_id, str) else list(cluster_id)
        clauses.append(f"m.cluster_id IN ({', '.join('?' * len(values))})" if values else "FALSE")
        params.extend(values)
    if article_id is not None:
        clauses.append("m.article_id = ?")
        params.append(article_id)
    sql = (
        "SELECT m.*, e.evidence_text, e.trigger_start, e.trigger_end, e.trigger_text, "
        "e.sentence_start, e.sentence_end, e.reported_by, a.title, g.group_size "
        "FROM mentions m JOIN events e USING (event_id) JOIN articles a ON a.id = m.article_id "
        "LEFT JOIN article_groups g ON g.article_id = m.article_id"
    )
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += (
        " ORDER BY m.cluster_id, m.published NULLS LAST, m.article_id, m.sentence_index, m.event_id"
    )
    return store.con.execute(sql, params).df()


def groups_frame(store: Store, *, min_size: int = 2) -> pd.DataFrame:
    """Syndication groups with at least ``min_size`` articles: one row per member article."""
    return store.con.execute(
        "SELECT g.group_id, g.group_size, a.id AS article_id, a.outlet, a.published, a.title, a.url "
        "FROM article_groups g JOIN articles a ON a.id = g.article_id WHERE g.group_size >= ? "
        "ORDER BY g.group_id, a.published NULLS LAST, a.id",
        [int(min_size)],
    ).df()
