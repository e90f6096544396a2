"""`tidings watch add|list|remove|check` and `tidings alerts`: watchlists over event clusters.

    tidings watch add usa-mex --actor USA --target MEX --quad 4 --both-directions \\
        --webhook http://127.0.0.1:8765/hook
    tidings alerts --since 2025-08-01 --json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


def _open(db: str, *, read_only: bool = False):
    from tidings.store import StoreError, open_store

    if read_only and not Path(db).exists():
        click.echo(f"no store at {db}", err=True)
        sys.exit(1)
    try:
        return open_store(db, read_only=read_only)
    except StoreError as exc:  # e.g. a store older than this code, opened read-only
        click.echo(str(exc), err=True)
        sys.exit(1)


@click.group("watch")
def watch_group() -> None:
    """Saved queries checked after each ingest; matches become alerts."""


@watch_group.command("add")
@click.argument("name")
@click.option("--db", default="tidings.duckdb", show_default=True)
@click.option(
    "--actor", multiple=True, help="Source actor: country or CAMEO code prefix (USA, USAGOV)."
)
@click.option("--target", multiple=True, help="Target actor: country or CAMEO code prefix.")
@click.option("--both-directions", is_flag=True, help="Also match target -> actor ('between').")
@click.option("--root", multiple=True, help="CAMEO root code (01-20); repeat for several.")
@click.option(
    "--quad",
    multiple=True,
    type=click.IntRange(1, 4),
    help="Quad class: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict.",
)
@click.option(
    "--modality",
    multiple=True,
    default=("asserted",),
    show_default=True,
    help="Cluster modality to match; repeat for several.",
)
@click.option("--any-modality", is_flag=True, help="Match clusters of every modality.")
@click.option("--since", default=None, help="Only events dated on or after this day (YYYY-MM-DD).")
@click.option("--place-country", multiple=True, help="Only events placed in this country (ISO-3).")
@click.option(
    "--min-sources",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Independent sources needed (syndicated copies count once).",
)
@click.option("--webhook", default=None, help="POST each new alert as JSON to this http(s) URL.")
@click.option("--replace", is_flag=True, help="Replace a watchlist of the same name.")
def add_command(
    name,
    db,
    actor,
    target,
    both_directions,
    root,
    quad,
    modality,
    any_modality,
    since,
    place_country,
    min_sources,
    webhook,
    replace,
) -> None:
    """Save watchlist NAME (it is checked at the next ingest, or now with `tidings watch check`)."""
    from tidings.alerts import Watchlist, WatchlistError, add_watchlist

    try:
        watchlist = Watchlist.build(
            name,
            actor=actor or None,
            target=target or None,
            both_directions=both_directions,
            root=root or None,
            quad=quad or None,
            modality=None if any_modality else modality,
            since=since,
            place_country=place_country or None,
            min_independent=min_sources,
            webhook_url=webhook,
        )
        with _open(db) as store:
            add_watchlist(store, watchlist, replace=replace)
    except WatchlistError as exc:
        click.echo(f"cannot add watchlist: {exc}", err=True)
        sys.exit(2)
    click.echo(
        f"watchlist {watchlist.name}: {watchlist.describe()}"
        + (f" -> {watchlist.webhook_url}" if watchlist.webhook_url else "")
    )


@watch_group.command("list")
@click.option("--db", default="tidings.duckdb", show_default=True)
@click.option("--json", "as_json", is_flag=True)
def list_command(db: str, as_json: bool) -> None:
    """The saved watchlists."""
    from tidings.alerts import list_watchlists

    with _open(db, read_only=True) as store:
        watchlists = list_watchlists(store)
    for w in watchlists:
        if as_json:
            click.echo(json.dumps({"name": w.name, **w.definition(), "webhook_url": w.webhook_url}))
        else:
            click.echo(
                f"{w.name}: {w.describe()}" + (f" -> {w.webhook_url}" if w.webhook_url else "")
            )


@watch_group.command("remove")
@click.argument("name")
@click.option("--db", default="tidings.duckdb", show_default=True)
@click.option("--drop-alerts", is_flag=True, help="Also delete the alerts it raised.")
def remove_command(name: str, db: str, drop_alerts: bool) -> None:
    """Delete watchlist NAME."""
    from tidings.alerts import remove_watchlist

    with _open(db) as store:
        found = remove_watchlist(store, name, keep_alerts=not drop_alerts)
    if not found:
        click.echo(f"no watchlist called {name!r}", err=True)
        sys.exit(1)
    click.echo(f"removed watchlist {name}")


@watch_group.command("check")
@click.argument("names", nargs=-1)
@click.option("--db", default="tidings.duckdb", show_default=True)
@click.option("--no-deliver", is_flag=True, help="Write alerts but do not call webhooks.")
def check_command(names, db: str, no_deliver: bool) -> None:
    """Run the watchlists (all, or NAMES) over the stored event clusters now."""
    from tidings.alerts import check_watchlists

    with _open(db) as store:
        report = check_watchlists(store, list(names) or None, deliver=not no_deliver)
    click.echo(
        f"{len(report.new_alerts)} new alert(s); webhooks: {report.delivered} delivered, "
        f"{report.failed} failed"
    )
    for alert in report.new_alerts:
        click.echo(f"  {alert.watchlist}: {alert.payload['title']}")


@click.command("alerts")
@click.option("--db", default="tidings.duckdb", show_default=True)
@click.option("--since", default=None, help="Alerts raised on or after this date(-time).")
@click.option("--watchlist", multiple=True, help="Only this watchlist's alerts.")
@click.option(
    "--json", "as_json", is_flag=True, help="One JSON object per alert (what webhooks get)."
)
def alerts_command(db: str, since: str | None, watchlist, as_json: bool) -> None:
    """Alerts raised by the watchlists, newest first."""
    from tidings.alerts import WatchlistError, alerts_frame

    with _open(db, read_only=True) as store:
        try:
            frame = alerts_frame(store, watchlist=list(watchlist) or None, since=since)
        except WatchlistError as exc:
            click.echo(str(exc), err=True)
            sys.exit(2)
    for row in frame.itertuples():
        if as_json:
            click.echo(row.payload)
        else:
            click.echo(
                f"{str(row.created_at)[:19]}  {row.watchlist}  {row.title}  "
                f"[{row.n_mentions} mentions, {row.n_outlets} outlets, "
                f"{row.n_independent} independent]"
            )


def register(group: click.Group) -> None:
    group.add_command(watch_group)
    group.add_command(alerts_command)
