"""`tidings runs list` and `tidings runs compare RUN_A RUN_B`: what each coding run produced."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


def _open(db: str):
    from tidings.store import StoreError, open_store

    if not Path(db).exists():
        click.echo(f"no store at {db}", err=True)
        sys.exit(1)
    try:
        return open_store(db, read_only=True)
    except StoreError as exc:  # e.g. a store older than this code
        click.echo(str(exc), err=True)
        sys.exit(1)


@click.group("runs")
def runs_group() -> None:
    """Coding runs: an immutable id per code version + lexicon hash + model."""


@runs_group.command("list")
@click.option("--db", default="tidings.duckdb", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per run.")
def list_command(db: str, as_json: bool) -> None:
    """Every run: when it started, what it was made of, how many articles and events it coded."""
    from tidings.store.runs import runs_frame

    with _open(db) as store:
        frame = runs_frame(store)
    if as_json:
        for record in frame.to_dict(orient="records"):
            record["started_at"] = str(record["started_at"])
            click.echo(json.dumps(record, default=str))
        return
    if frame.empty:
        click.echo("no runs yet")
        return
    for r in frame.itertuples():
        click.echo(
            f"{r.run_id}  {str(r.started_at)[:19]}  code {r.code_version}  lexicons "
            f"{str(r.lexicon_hash)[:10]}  model {r.model}  {r.articles} articles, {r.events} events "
            f"(latest coding of {r.current_articles})"
        )


@runs_group.command("compare")
@click.argument("run_a")
@click.argument("run_b")
@click.option("--db", default="tidings.duckdb", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Summary and every change as JSON.")
@click.option(
    "--limit",
    type=int,
    default=50,
    show_default=True,
    help="Changes to list in the text output (all with --json).",
)
def compare_command(run_a: str, run_b: str, db: str, as_json: bool, limit: int) -> None:
    """Events added, removed and changed from RUN_A to RUN_B, by article (ids or prefixes)."""
    from tidings.store.runs import RunNotFound, compare_runs

    with _open(db) as store:
        try:
            comparison = compare_runs(store, run_a, run_b)
        except RunNotFound as exc:
            click.echo(str(exc), err=True)
            sys.exit(1)
    summary = comparison.summary()
    if as_json:
        click.echo(
            json.dumps(
                {**summary, "changes": [c.as_dict() for c in comparison.changes]},
                default=str,
                indent=2,
            )
        )
        return
    click.echo(
        f"{summary['run_a']} -> {summary['run_b']}: {summary['articles_compared']} articles coded "
        f"by both ({summary['articles_only_in_a']} only by A, {summary['articles_only_in_b']} only "
        f"by B)\nevents: {summary['events_added']} added, {summary['events_removed']} removed, "
        f"{summary['events_changed']} changed, {summary['events_unchanged']} unchanged"
    )
    shown = 0
    for article_id, changes in comparison.by_article.items():
        if shown >= limit:
            click.echo(f"... {len(comparison.changes) - shown} more (use --json)")
            break
        click.echo(f"article {article_id}")
        for change in changes:
            if shown >= limit:
                break
            shown += 1
            before, after = change.before, change.after
            if change.kind == "changed":
                diffs = ", ".join(f"{f}: {before.get(f)} -> {after.get(f)}" for f in change.fields)
                click.echo(f"  ~ s{before['sentence_index']} {diffs}")
            else:
                e = after if change.kind == "added" else before
                mark = "+" if change.kind == "added" else "-"
                click.echo(
                    f"  {mark} s{e['sentence_index']} {e['source_cameo']} {e['cameo_code']} "
                    f"{e['target_cameo']} ({e['modality']})"
                )


def register(group: click.Group) -> None:
    group.add_command(runs_group)
