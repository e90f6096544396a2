"""Coding runs: what each run produced, kept after a later run re-codes the same articles.

A run id is ``sha1(code version, lexicon hash, model)`` (``run_id_for``): the same code,
lexicons and model make the same run. The ``articles``/``events`` tables hold only the latest
coding of each article, so every write also records a compact snapshot of the article's events
under its run (``run_articles``, ``run_events``; written inside ``write_results``'
transaction). Re-writing an article in the same run replaces that run's snapshot of it (same
inputs, same output), so re-ingesting stays idempotent; a different run adds its own.

``compare_runs(store, a, b)`` pairs the events of every article both runs coded: first by event
id (same article, trigger, actors and code), then by trigger position, so a code or actor
change shows as *changed* rather than as one removal and one addition.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import duckdb
    import pandas as pd

    from tidings.store import Store

#: The fields a snapshot keeps and a comparison looks at (besides ids and positions).
COMPARED_FIELDS = (
    "source_cameo",
    "target_cameo",
    "cameo_code",
    "modality",
    "date_value",
    "place_name",
)
_SNAPSHOT_COLUMNS = (
    "event_id", "sentence_index", "trigger_start", *COMPARED_FIELDS, "evidence_text",
)  # fmt: skip


class RunNotFound(LookupError):
    """No run, or several runs, match the id (prefix) given."""


def record_run_snapshot(
    con: duckdb.DuckDBPyConnection, batch_table: str, run_id: str | None
) -> None:
    """Snapshot the just-written events of the articles in ``batch_table`` (a registered table
    with an ``id`` column) under ``run_id``. Called by ``Store.write_results`` inside its
    transaction; ``batch_table`` is a fixed internal name, never caller text."""
    if run_id is None:
        return
    where = f"article_id IN (SELECT id FROM {batch_table})"
    con.execute(f"DELETE FROM run_events WHERE run_id = ? AND {where}", [run_id])
    con.execute(f"DELETE FROM run_articles WHERE run_id = ? AND {where}", [run_id])
    con.execute(
        f"INSERT INTO run_articles SELECT ?, b.id, now()::TIMESTAMP, "
        f"(SELECT count(*) FROM events e WHERE e.article_id = b.id) FROM {batch_table} b",
        [run_id],
    )
    columns = ", ".join(_SNAPSHOT_COLUMNS)
    con.execute(
        f"INSERT INTO run_events (run_id, article_id, {columns}) "
        f"SELECT ?, article_id, {columns} FROM events WHERE {where}",
        [run_id],
    )


def resolve_run(store: Store, id_or_prefix: str) -> str:
    """The full run id for an id or a unique prefix of one."""
    rows = [
        r[0]
        for r in store.con.execute(
            "SELECT run_id FROM runs WHERE starts_with(run_id, ?) ORDER BY run_id LIMIT 6",
            [id_or_prefix],
        ).fetchall()
    ]
    if id_or_prefix in rows:
        return id_or_prefix
    if not rows:
        raise RunNotFound(
            f"no run id starts with {id_or_prefix!r}; list them with `tidings runs list`"
        )
    if len(rows) > 1:
        raise RunNotFound(
            f"run id prefix {id_or_prefix!r} matches several runs ({', '.join(rows[:5])}); "
            "give more characters"
        )
    return rows[0]


def runs_frame(store: Store) -> pd.DataFrame:
    """One row per run: id, when it started, code version, lexicon hash, model, articles and
    events it coded (its snapshot) and how many articles it is still the latest coding of."""
    return store.con.execute(
        """
        SELECT r.run_id, r.started_at, r.code_version, r.lexicon_hash, r.model,
               coalesce(ra.articles, 0)::BIGINT AS articles, coalesce(ra.events, 0)::BIGINT AS events,
               coalesce(cur.articles, 0)::BIGINT AS current_articles
        FROM runs r
        LEFT JOIN (SELECT run_id, count(*) AS articles, sum(n_events) AS events
                   FROM run_articles GROUP BY run_id) ra USING (run_id)
        LEFT JOIN (SELECT run_id, count(*) AS articles FROM articles GROUP BY run_id) cur USING (run_id)
        ORDER BY r.started_at, r.run_id
        """
    ).df()


@dataclass
class EventChange:
    """One difference between two runs' codings of an article."""

    article_id: str
    kind: str  # added, removed, changed
    before: dict[str, Any] | None  # the event in run A (None when added)
    after: dict[str, Any] | None  # the event in run B (None when removed)

    @property
    def fields(self) -> list[str]:
        """For a change: the compared fields that differ."""
        if self.before is None or self.after is None:
            return []
        return [f for f in COMPARED_FIELDS if self.before.get(f) != self.after.get(f)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "kind": self.kind,
            "fields": self.fields,
            "before": self.before,
            "after": self.after,
        }


@dataclass
class RunComparison:
    run_a: str
    run_b: str
    articles_compared: int = 0
    only_in_a: list[str] = field(default_factory=list)  # article ids coded by A only
    only_in_b: list[str] = field(default_factory=list)
    unchanged: int = 0  # events equal in both
    changes: list[EventChange] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(c.kind == kind for c in self.changes)

    @property
    def by_article(self) -> dict[str, list[EventChange]]:
        out: dict[str, list[EventChange]] = defaultdict(list)
        for change in self.changes:
            out[change.article_id].append(change)
        return dict(out)

    def summary(self) -> dict[str, Any]:
        return {
            "run_a": self.run_a,
            "run_b": self.run_b,
            "articles_compared": self.articles_compared,
            "articles_only_in_a": len(self.only_in_a),
            "articles_only_in_b": len(self.only_in_b),
            "events_unchanged": self.unchanged,
            "events_added": self.count("added"),
            "events_removed": self.count("removed"),
            "events_changed": self.count("changed"),
            "articles_with_changes": len(self.by_article),
        }


def _pair(article_id: str, a: list[dict], b: list[dict]) -> tuple[int, list[EventChange]]:
    unchanged = 0
    changes: list[EventChange] = []
    b_by_id = {e["event_id"]: e for e in b}
    left_a, left_b = [], dict(b_by_id)
    for event in a:
        other = left_b.pop(event["event_id"], None)
        if other is None:
            left_a.append(event)
        elif all(event.get(f) == other.get(f) for f in COMPARED_FIELDS):
            unchanged += 1
        else:
            changes.append(EventChange(article_id, "changed", event, other))
    # same trigger, different actors or code: one event re-coded, not one lost and one found
    by_trigger: dict[Any, list[dict]] = defaultdict(list)
    for event in sorted(left_b.values(), key=_order):
        by_trigger[event["trigger_start"]].append(event)
    for event in sorted(left_a, key=_order):
        candidates = (
            by_trigger.get(event["trigger_start"]) if event["trigger_start"] is not None else None
        )
        if candidates:
            changes.append(EventChange(article_id, "changed", event, candidates.pop(0)))
        else:
            changes.append(EventChange(article_id, "removed", event, None))
    for events in by_trigger.values():
        changes.extend(EventChange(article_id, "added", None, e) for e in events)
    return unchanged, changes


def _order(event: dict[str, Any]) -> tuple:
    return (
        event["sentence_index"] if event["sentence_index"] is not None else -1,
        event["trigger_start"] if event["trigger_start"] is not None else -1,
        tuple(str(event.get(f) or "") for f in COMPARED_FIELDS),
        event["event_id"],
    )


def _snapshot(store: Store, run_id: str) -> dict[str, list[dict[str, Any]]]:
    cursor = store.con.execute(
        f"SELECT article_id, {', '.join(_SNAPSHOT_COLUMNS)} FROM run_events WHERE run_id = ? "
        "ORDER BY article_id, sentence_index, trigger_start, event_id",
        [run_id],
    )
    columns = [d[0] for d in cursor.description]
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in cursor.fetchall():
        record = dict(zip(columns, row, strict=True))
        out[record.pop("article_id")].append(record)
    return out


def _articles(store: Store, run_id: str) -> set[str]:
    return {
        r[0]
        for r in store.con.execute(
            "SELECT article_id FROM run_articles WHERE run_id = ?", [run_id]
        ).fetchall()
    }


def compare_runs(store: Store, run_a: str, run_b: str) -> RunComparison:
    """Events added, removed and changed from run A to run B, article by article, over the
    articles both runs coded (ids may be unique prefixes)."""
    run_a, run_b = resolve_run(store, run_a), resolve_run(store, run_b)
    articles_a, articles_b = _articles(store, run_a), _articles(store, run_b)
    events_a, events_b = _snapshot(store, run_a), _snapshot(store, run_b)
    both = sorted(articles_a & articles_b)
    comparison = RunComparison(
        run_a=run_a,
        run_b=run_b,
        articles_compared=len(both),
        only_in_a=sorted(articles_a - articles_b),
        only_in_b=sorted(articles_b - articles_a),
    )
    for article_id in both:
        unchanged, changes = _pair(
            article_id, events_a.get(article_id, []), events_b.get(article_id, [])
        )
        comparison.unchanged += unchanged
        comparison.changes.extend(changes)
    return comparison
