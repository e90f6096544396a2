"""Readers of the dataset tables as DataFrames (for the API, the exports and analysts); every
filter value is bound as a parameter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from tidings.store import Store


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
