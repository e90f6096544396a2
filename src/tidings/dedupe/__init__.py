"""From per-article events to a dataset: syndicated copies grouped, same-event reports merged.

Two problems, two mechanisms (docs/SCHEMA.md, "Dataset tables"):

1. **Syndication.** Wire copies and reprints are near-duplicate *articles*. Each article gets a
   MinHash signature (``minhash.py``) over word shingles of its text; locality-sensitive banding
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

Modules: ``config`` (settings), ``minhash`` (signatures, bands, similarity), ``events`` (blocks and
the clustering), ``store`` (the tables: ``update_dedupe``, ``dedupe_store``), ``frames`` (readers).

Everything is a deterministic function of the stored articles: ``update_dedupe(store, ids)``
(run after each ingest) recomputes exactly the groups and event blocks that the given articles
touch, so it leaves the same tables as a full ``dedupe_store(store)``; re-ingesting an article
changes nothing. Clustering is greedy in a fixed order inside a *block* (same source country,
target country and root code): an event joins the earliest open cluster it is compatible with
on every member (complete linkage), which keeps a daily stream of clashes from chaining into
one cluster. A cluster's id derives from its first event (``seed_event_id``), so it stays put
as later reports join.
"""

from tidings.dedupe.config import DedupeConfig, load_config, save_config
from tidings.dedupe.events import (
    BLOCK_KEY_SQL,
    cluster_block,
    cluster_id_for,
    independent_sources,
    summarise_cluster,
)
from tidings.dedupe.frames import CLUSTER_FILTERS, clusters_frame, groups_frame, mentions_frame
from tidings.dedupe.minhash import band_buckets, is_copy, shingles, signature, similarity
from tidings.dedupe.store import DedupeReport, dedupe_is_current, dedupe_store, update_dedupe

__all__ = [
    "BLOCK_KEY_SQL",
    "CLUSTER_FILTERS",
    "DedupeConfig",
    "DedupeReport",
    "band_buckets",
    "cluster_block",
    "cluster_id_for",
    "clusters_frame",
    "dedupe_is_current",
    "dedupe_store",
    "groups_frame",
    "independent_sources",
    "is_copy",
    "load_config",
    "mentions_frame",
    "save_config",
    "shingles",
    "signature",
    "similarity",
    "summarise_cluster",
    "update_dedupe",
]
