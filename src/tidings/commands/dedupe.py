"""`tidings dedupe`: recompute syndication groups, event clusters and mentions from scratch.

`tidings code` keeps them current after each ingest; this command rebuilds them (after a
change of settings, or for a store written by other means) with the saved or given settings.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.command("dedupe")
@click.option(
    "--db", default="tidings.duckdb", show_default=True, help="DuckDB store to de-duplicate."
)
@click.option(
    "--date-window",
    type=click.IntRange(min=0),
    default=None,
    help="Days apart two reports of one event may be dated (saved for later ingests).",
)
@click.option(
    "--jaccard",
    type=click.FloatRange(0.01, 1.0),
    default=None,
    help="Estimated Jaccard similarity (5-word shingles) that makes two articles copies.",
)
@click.option(
    "--containment",
    type=click.FloatRange(0.01, 1.0),
    default=None,
    help="Share of the shorter article's shingles found in the longer that makes it a "
    "(trimmed) copy.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def dedupe_command(
    db: str,
    date_window: int | None,
    jaccard: float | None,
    containment: float | None,
    as_json: bool,
) -> None:
    """Group near-duplicate articles and merge reports of the same event (recompute all)."""
    from dataclasses import replace

    from tidings.dedupe import dedupe_store, load_config
    from tidings.store import open_store

    if not Path(db).exists():
        click.echo(
            f"no store at {db}; code articles first (`tidings code PATH --db {db}`)", err=True
        )
        sys.exit(1)
    with open_store(db) as store:
        config = load_config(store)
        changes = {
            k: v
            for k, v in (
                ("date_window_days", date_window),
                ("jaccard_threshold", jaccard),
                ("containment_threshold", containment),
            )
            if v is not None
        }
        config = replace(config, **changes)
        report = dedupe_store(store, config)
        counts = store.con.execute(
            "SELECT (SELECT count(*) FROM event_clusters), (SELECT count(*) FROM mentions), "
            "(SELECT count(*) FROM event_clusters WHERE n_mentions > 1), "
            "(SELECT count(DISTINCT group_id) FROM article_groups WHERE group_size > 1), "
            "(SELECT count(*) FROM article_groups WHERE group_size > 1)"
        ).fetchone()
    summary = {
        **report.as_dict(),
        "event_clusters": counts[0],
        "mentions": counts[1],
        "clusters_with_several_mentions": counts[2],
        "syndication_groups": counts[3],
        "syndicated_articles": counts[4],
        "settings": json.loads(config.to_json()),
    }
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    click.echo(
        f"{report.articles_hashed} articles hashed; {counts[4]} of them in {counts[3]} syndication "
        f"group(s) ({report.links} copy links)\n"
        f"{counts[1]} mentions -> {counts[0]} event clusters ({counts[2]} with several mentions); "
        f"date window {config.date_window_days} day(s); {report.seconds:.2f} s"
    )


def register(group: click.Group) -> None:
    group.add_command(dedupe_command)
