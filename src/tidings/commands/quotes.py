"""`tidings quotes`: who said what, by speaker or by organisation, from the store.

Mirrors ``tidings.quotes(speaker=..., org=..., db=...)``: each quote with its speaker (role,
affiliation), cue, kind, medium, reporting chain and the events it supports.
"""

from __future__ import annotations

import json
import sys

import click


@click.command("quotes")
@click.option("--speaker", default=None, help="Any part of the speaker's name (case-insensitive).")
@click.option("--org", default=None,
              help="Any part of an organisation's name: its people's quotes and its own.")
@click.option("--db", default="tidings.duckdb", show_default=True, help="DuckDB store to read.")
@click.option("--article", default=None, help="Only this article (id).")
@click.option("--kind", type=click.Choice(["direct", "partial", "indirect"]), default=None)
@click.option("--anonymous", "anonymous", flag_value=True, default=None,
              help="Only anonymous sources.")
@click.option("--limit", type=click.IntRange(min=1), default=None)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per quote.")
def quotes_command(speaker, org, db, article, kind, anonymous, limit, as_json) -> None:
    """Quotes from the store by speaker and/or organisation, with who reported them."""
    from tidings.api import quotes

    try:
        rows = quotes(speaker=speaker, org=org, db=db, article=article, kind=kind,
                      anonymous=anonymous, limit=limit)
    except FileNotFoundError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
        return
    _table(rows, speaker=speaker, org=org)


def _table(rows: list[dict], *, speaker: str | None, org: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    asked = " ".join(f"{k} {v!r}" for k, v in (("speaker", speaker), ("org", org)) if v)
    table = Table(title=f"quotes{' of ' + asked if asked else ''}: {len(rows)}", show_lines=True)
    for column in ("speaker", "quote", "cue / medium", "reported by", "article"):
        table.add_column(column, overflow="fold")
    for row in rows:
        who = row.get("speaker_name") or "[dim]unattributed[/dim]"
        details = ", ".join(x for x in (row.get("speaker_role"), row.get("speaker_affiliation")) if x)
        if details:
            who += f"\n[dim]{details}[/dim]"
        if row.get("anonymous"):
            who += "\n[dim](anonymous)[/dim]"
        quote = row.get("text") or ""
        if row.get("kind") != "indirect":
            quote = f"\u201c{quote}\u201d"
        chain = " \u2192 ".join(row.get("reporting_chain") or []) or "-"
        where = f"{row.get('outlet') or '-'} {row.get('published') or ''}\n[dim]{row.get('article_id')}[/dim]"
        table.add_row(who, quote, f"{row.get('cue') or '-'} / {row.get('medium') or '-'}", chain, where)
    Console().print(table)


def register(group: click.Group) -> None:
    group.add_command(quotes_command)
