"""The store side of de-duplication: signatures, copy links, syndication groups and event
clusters written to DuckDB; the incremental step run after each ingest and the full
recompute, which leave the same rows."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from tidings.dedupe.config import DedupeConfig, load_config, save_config
from tidings.dedupe.events import (
    BLOCK_KEY_SQL,
    EVENT_ROWS_SQL,
    MAX_FINE_SPAN,
    StaleClusters,
    cluster_block,
    cluster_id_for,
    summarise_cluster,
)
from tidings.dedupe.minhash import band_buckets, is_copy, signature, similarity

if TYPE_CHECKING:  # pragma: no cover
    from tidings.store import Store

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


class _Table:
    """An Arrow table registered under a name of its own for the queries of a ``with`` block,
    so that SQL can read values without any being pasted into the SQL text."""

    _counter = 0

    def __init__(self, store: Store, table: pa.Table) -> None:
        _Table._counter += 1
        self.con = store.con
        self.name = f"_tidings_rows_{_Table._counter}"
        self.table = table

    def __enter__(self) -> str:
        self.con.register(self.name, self.table)
        return self.name

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(Exception):  # already gone with a closed connection
            self.con.unregister(self.name)


def _ids_table(ids: Iterable[str]) -> pa.Table:
    return pa.table({"id": pa.array(sorted(set(ids)), type=pa.string())})


class _Ids(_Table):
    """A list of ids as a one-column table, for ``IN (SELECT id FROM name)``."""

    def __init__(self, store: Store, ids: Iterable[str]) -> None:
        super().__init__(store, _ids_table(ids))


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


#: Events loaded at once by a full recompute (blocks are never split): bounds its memory.
CHUNK_EVENTS = 200_000


def _event_rows(store: Store, where: str, table: pa.Table) -> dict[str, list[dict[str, Any]]]:
    """Event rows (EVENT_ROWS_SQL) by block, for ``where`` over ``r`` (the rows) and ``t`` (the
    registered ``table``)."""
    con = store.con
    with _Table(store, table) as t:
        cursor = con.execute(f"SELECT r.* FROM ({EVENT_ROWS_SQL}) r WHERE {where.format(t=t)}")
        columns = [d[0] for d in cursor.description]
        by_block: dict[str, list[dict[str, Any]]] = {}
        for values in cursor.fetchall():
            row = dict(zip(columns, values, strict=True))
            by_block.setdefault(row["block_key"], []).append(row)
    return by_block


def _write_clusters(
    store: Store,
    clusterings: Iterable[list[dict[str, Any]]],
    now: dt.datetime,
    *,
    added: dict[str, Any],
    previous: dict[str, frozenset[str]] | None = None,
    dirty: frozenset[str] = frozenset(),
) -> tuple[int, int]:
    """Store clusters (lists of member rows, seed first) and their mentions: (clusters,
    mentions) given.

    Full recompute (``previous`` None): the old clusters are already gone and every cluster
    is written. Incremental step: ``previous`` maps the stored clusters that may have changed
    to their member events; a cluster found again with the same members, none of them from an
    article that changed (``dirty``: re-coded, deleted or regrouped), is left as stored, and
    the other ``previous`` clusters are replaced.
    """
    con = store.con
    cluster_rows: list[dict[str, Any]] = []
    mention_rows: list[dict[str, Any]] = []
    n_clusters = n_mentions = 0
    unchanged: set[str] = set()
    for members in clusterings:
        n_clusters += 1
        n_mentions += len(members)
        if previous is not None:
            cluster_id = cluster_id_for(members[0]["event_id"])
            stored = previous.get(cluster_id)
            if (
                stored is not None
                and stored == frozenset(m["event_id"] for m in members)
                and not any(m["article_id"] in dirty for m in members)
            ):
                unchanged.add(cluster_id)
                continue
        cluster, mentions = summarise_cluster(members, now)
        cluster["added_at"] = added.get(cluster["cluster_id"], now)
        cluster_rows.append(cluster)
        mention_rows.extend(mentions)
    if previous is not None:
        replaced = [c for c in previous if c not in unchanged]
        if replaced:
            with _Ids(store, replaced) as t:
                con.execute(f"DELETE FROM mentions WHERE cluster_id IN (SELECT id FROM {t})")
                con.execute(f"DELETE FROM event_clusters WHERE cluster_id IN (SELECT id FROM {t})")
    if mention_rows:
        with _Ids(store, (m["event_id"] for m in mention_rows)) as t:
            con.execute(f"DELETE FROM mentions WHERE event_id IN (SELECT id FROM {t})")
    _insert(store, "event_clusters", CLUSTER_SCHEMA, cluster_rows)
    _insert(store, "mentions", MENTION_SCHEMA, mention_rows)
    return n_clusters, n_mentions


def _recluster_all(store: Store, config: DedupeConfig) -> tuple[int, int, int]:
    """Recompute every event cluster, in chunks of about ``CHUNK_EVENTS`` events (blocks are
    never split): (blocks, clusters, mentions)."""
    con = store.con
    now = dt.datetime.now().replace(microsecond=0)
    added = dict(con.execute("SELECT cluster_id, added_at FROM event_clusters").fetchall())
    sizes = con.execute(
        f"SELECT {BLOCK_KEY_SQL} AS block_key, count(*) FROM events e GROUP BY ALL ORDER BY 1"
    ).fetchall()
    con.execute("DELETE FROM mentions")
    con.execute("DELETE FROM event_clusters")
    chunks: list[list[str]] = [[]]
    load = 0
    for key, n in sizes:
        if chunks[-1] and load + n > CHUNK_EVENTS:
            chunks.append([])
            load = 0
        chunks[-1].append(key)
        load += n
    n_clusters = n_mentions = 0
    for chunk in chunks:
        by_block = _event_rows(store, "r.block_key IN (SELECT id FROM {t})", _ids_table(chunk))
        c, m = _write_clusters(
            store,
            (members for rows in by_block.values()
             for members in cluster_block(rows, config.date_window_days)),
            now,
            added=added,
        )  # fmt: skip
        n_clusters, n_mentions = n_clusters + c, n_mentions + m
    return len(sizes), n_clusters, n_mentions


def _cuts(store: Store, dirty: frozenset[str], reach: int) -> dict[str, dt.date]:
    """The blocks the changed articles (``dirty``) are in, now or before this write, each with
    the earliest date from which its clusters can change: the dates of those articles' events
    now, and, for their events before this write (gone from ``events``, still in ``mentions``),
    the date of the stored cluster they were in less ``reach`` days (a cluster's members lie
    within ``reach`` days of its date). Undated events sort last (``date.max``)."""
    con = store.con
    cuts: dict[str, dt.date] = {}

    def lower(block: str, day: dt.date | None) -> None:
        day = day or dt.date.max
        cuts[block] = min(cuts.get(block, dt.date.max), day)

    with _Ids(store, dirty) as t:
        for block, day in con.execute(
            f"SELECT {BLOCK_KEY_SQL}, min(e.event_date) FROM events e "
            f"WHERE e.article_id IN (SELECT id FROM {t}) GROUP BY 1"
        ).fetchall():
            lower(block, day)
        for block, day in con.execute(
            f"SELECT c.block_key, min(c.event_date) FROM event_clusters c WHERE c.cluster_id IN "
            f"(SELECT cluster_id FROM mentions WHERE article_id IN (SELECT id FROM {t})) GROUP BY 1"
        ).fetchall():
            lower(block, _days_before(day, reach) if day is not None else None)
    return cuts


def _days_before(day: dt.date, days: int) -> dt.date:
    return day - dt.timedelta(days=days) if (day - dt.date.min).days > days else dt.date.min


def _recluster_changed(
    store: Store, config: DedupeConfig, dirty: frozenset[str]
) -> tuple[int, int, int]:
    """Recompute, after an ingest, the clusters that the changed articles (``dirty``: re-coded,
    deleted or regrouped) can have changed: (blocks, clusters, mentions) recomputed.

    A block (source, target, root) keeps growing for as long as the store lives; re-clustering
    all of it after every commit made each commit slower than the last. Clustering goes in
    date order and never moves a placed event, so only the events from the earliest changed
    date on are placed again (``cluster_block`` with a cut), continuing from the stored
    clusters; the result is what a full recompute gives."""
    con = store.con
    now = dt.datetime.now().replace(microsecond=0)
    reach = MAX_FINE_SPAN + config.date_window_days
    cuts = _cuts(store, dirty, reach)
    if not cuts:
        return 0, 0, 0
    windows = pa.table({
        "block_key": pa.array(list(cuts), type=pa.string()),
        "load_from": pa.array([_days_before(c, reach) for c in cuts.values()], type=pa.date32()),
    })  # fmt: skip
    by_block = _event_rows(
        store,
        "r.block_key IN (SELECT block_key FROM {t}) AND (r.event_date IS NULL OR r.event_date >= "
        "(SELECT w.load_from FROM {t} w WHERE w.block_key = r.block_key))",
        windows,
    )
    loaded = {row["event_id"] for rows in by_block.values() for row in rows}
    # the stored clusters these events (or the changed articles' old events) are in, whole
    previous: dict[str, frozenset[str]] = {}
    added: dict[str, Any] = {}
    block_of: dict[str, str] = {}
    with _Ids(store, loaded) as t_events, _Ids(store, dirty) as t_dirty:
        for cluster_id, block, added_at, members in con.execute(
            "SELECT c.cluster_id, c.block_key, c.added_at, list(m.event_id) "
            "FROM event_clusters c JOIN mentions m USING (cluster_id) WHERE c.cluster_id IN ("
            f"SELECT cluster_id FROM mentions WHERE event_id IN (SELECT id FROM {t_events}) "
            f"OR article_id IN (SELECT id FROM {t_dirty})) GROUP BY ALL"
        ).fetchall():
            previous[cluster_id] = frozenset(members)
            added[cluster_id] = added_at
            block_of[cluster_id] = block
    missing = {i for members in previous.values() for i in members} - loaded
    if missing:  # earlier members of clusters that reach into the window
        for block, rows in _event_rows(
            store, "r.event_id IN (SELECT id FROM {t})", _ids_table(missing)
        ).items():
            by_block.setdefault(block, []).extend(rows)
    stored: dict[str, list[frozenset[str]]] = {}
    for cluster_id, members in previous.items():
        stored.setdefault(block_of[cluster_id], []).append(members)
    clusterings: list[list[dict[str, Any]]] = []
    stale: set[str] = set()
    for block, rows in by_block.items():
        try:
            clusterings.extend(
                cluster_block(
                    rows, config.date_window_days, cut=cuts[block],
                    stored=stored.get(block, ()),
                )
            )  # fmt: skip
        except StaleClusters:
            stale.add(block)
    if stale:  # clusters missing (a failed hook earlier): these blocks whole, as a full recompute
        with _Ids(store, stale) as t:
            for cluster_id, added_at, members in con.execute(
                "SELECT c.cluster_id, c.added_at, list(m.event_id) FILTER (WHERE m.event_id IS NOT NULL) "
                "FROM event_clusters c LEFT JOIN mentions m USING (cluster_id) "
                f"WHERE c.block_key IN (SELECT id FROM {t}) GROUP BY ALL"
            ).fetchall():
                previous[cluster_id] = frozenset(members or ())
                added[cluster_id] = added_at
        for rows in _event_rows(store, "r.block_key IN (SELECT id FROM {t})", _ids_table(stale)).values():
            clusterings.extend(cluster_block(rows, config.date_window_days))
    n_clusters, n_mentions = _write_clusters(
        store, clusterings, now, added=added, previous=previous, dirty=dirty
    )
    return len(cuts), n_clusters, n_mentions


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
    if config is None:
        config = load_config(store)
        if not store.con.execute("SELECT count(*) FROM dedupe_settings").fetchone()[0]:
            save_config(store, config)  # pin the settings this store's signatures are made with
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
        if gone:
            with _Ids(store, gone) as t:
                for table in ("article_minhash", "article_bands"):
                    con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT id FROM {t})")
                con.execute(
                    f"DELETE FROM article_links WHERE article_a IN (SELECT id FROM {t}) "
                    f"OR article_b IN (SELECT id FROM {t})"
                )
        # signatures stored by an older hashing scheme would never share a band with new
        # ones: recompute them first (their copy links still stand)
        stale = {
            r[0]
            for r in con.execute(
                "SELECT article_id FROM article_minhash WHERE params <> ?", [config.signature_params]
            ).fetchall()
        }
        report.articles_hashed = len(_hash_articles(store, sorted(stale | set(present)), config))
        report.links = _link_articles(store, present, config) if present else 0
        regrouped, report.groups = _regroup(store, set(ids))
        # the blocks to re-cluster are those the changed articles' events are in, now and in
        # the stored mentions of their old events (see ``_cuts``)
        report.blocks, report.clusters, report.mentions = _recluster_changed(
            store, config, frozenset(regrouped | set(ids))
        )

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
        report.blocks, report.clusters, report.mentions = _recluster_all(store, config)

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
