"""Which outlets reported an event.

With de-duplication (the ``mentions`` table), an event is one of several reports of the same
real-world event: every mention of its cluster is an outlet's report. Without it, the event's
own article is the only report. The store's schema decides, checked at request time.
"""

from __future__ import annotations

from typing import Any

from tidings.server.db import Database

_OWN_ARTICLE = (
    "SELECT a.outlet, a.id AS article_id, a.title, a.url, a.published, e.modality "
    "FROM events e JOIN articles a ON a.id = e.article_id WHERE e.event_id = ?"
)


def outlets_for(db: Database, event: dict[str, Any]) -> list[dict[str, Any]]:
    """Each report of the event: outlet, article, title, url, published, modality."""
    if db.has_table("mentions"):
        columns = set(db.columns("mentions"))
        if {"event_id", "cluster_id", "article_id"} <= columns:
            modality = "m.modality" if "modality" in columns else "NULL"
            # the cluster by primary key first: then one filtered scan, not a join of two
            cluster = event.get("cluster_id") or next(iter(db.records(
                "SELECT cluster_id FROM mentions WHERE event_id = ?", [event["event_id"]])), {}
            ).get("cluster_id")
            rows = db.records(
                f"SELECT a.outlet, a.id AS article_id, a.title, a.url, a.published, "
                f"{modality} AS modality FROM mentions m JOIN articles a ON a.id = m.article_id "
                "WHERE m.cluster_id = ? ORDER BY a.published NULLS LAST, a.outlet, a.id",
                [cluster],
            ) if cluster else []
            if rows:
                return _unique(rows)
    return db.records(_OWN_ARTICLE, [event["event_id"]])


def _unique(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen, out = set(), []
    for row in rows:
        if row["article_id"] not in seen:
            seen.add(row["article_id"])
            out.append(row)
    return out
