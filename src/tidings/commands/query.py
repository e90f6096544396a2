"""``tidings query``: events matching filters, as a table, CSV or JSON.

The command line face of :func:`tidings.query.query`; ``GET /events`` is the HTTP one. All three
share one filter object and one SQL builder, so the same filters give the same rows.
"""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

import click

from tidings.query import EVENT_COLUMNS, QueryError, query, records_from_frame
from tidings.records import MODALITIES

TABLE_COLUMNS = ("event_date", "source_cameo", "cameo_code", "target_cameo", "modality",
                 "place_name", "outlet", "evidence_text")


@click.command("query")
@click.option("--db", default="tidings.duckdb", show_default=True, help="DuckDB store to read.")
@click.option("--actor", multiple=True, help="Source actor: country or CAMEO prefix (MEX, "
              "USAGOV, ---COP) or a name. Repeat or comma-separate for any of several.")
@click.option("--target", multiple=True, help="Target actor, matched like --actor.")
@click.option("--involving", multiple=True, help="An actor on either side.")
@click.option("--both-directions", is_flag=True,
              help="With --actor and --target: the dyad both ways.")
@click.option("--root", multiple=True, help="CAMEO root code (12, or 4 for 04).")
@click.option("--code", multiple=True, help="CAMEO event code prefix (043, 0431).")
@click.option("--quad-class", multiple=True, type=click.IntRange(1, 4),
              help="1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict.")
@click.option("--since", help="Event date on or after (YYYY-MM-DD).")
@click.option("--until", help="Event date on or before (YYYY-MM-DD).")
@click.option("--place", multiple=True, help="Country (name or ISO code) or place name.")
@click.option("--modality", default="asserted", show_default=True,
              help=f"{', '.join(MODALITIES)} or all (comma-separate several).")
@click.option("--outlet", multiple=True, help="Outlet name, exact.")
@click.option("--article-id", multiple=True, help="Article id.")
@click.option("--contains", help="Text the evidence sentence contains.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), help="Confidence at least.")
@click.option("--limit", type=click.IntRange(min=0), help="At most this many rows.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many rows.")
@click.option("--order", type=click.Choice(["asc", "desc"]), default="asc", show_default=True,
              help="By event date (undated last).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
def query_command(db: str, limit: int | None, offset: int, order: str, fmt: str,
                  **filters: Any) -> None:
    """Events matching the filters (asserted only unless --modality says otherwise).

    \b
    tidings query --actor MEX --target USA --root 12 --since 2025-08-01 --place Mexico
    tidings query --involving USA --modality all --format csv > usa.csv
    """
    given = {k: (list(v) if isinstance(v, tuple) else v) for k, v in filters.items()}
    given = {k: v for k, v in given.items() if v not in (None, [], False)}
    try:
        frame = query(db, limit=limit, offset=offset, order=order, **given)  # type: ignore[arg-type]
    except QueryError as exc:
        raise click.UsageError(str(exc)) from None
    records = records_from_frame(frame)
    if fmt == "json":
        write_json(records)
    elif fmt == "csv":
        write_csv(records)
    else:
        write_table(records)


def write_json(records: list[dict[str, Any]]) -> None:
    """A JSON array, one event per line (same objects as the items of ``GET /events``)."""
    out = sys.stdout
    out.write("[")
    for i, rec in enumerate(records):
        out.write(("\n" if i == 0 else ",\n") + json.dumps(rec, ensure_ascii=False))
    out.write("\n]\n" if records else "]\n")


def write_csv(records: list[dict[str, Any]]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=list(EVENT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)


def write_table(records: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(records)} events", show_lines=False)
    for column in TABLE_COLUMNS:
        wide = column == "evidence_text"
        table.add_column(column.replace("_", " "), no_wrap=not wide, overflow="fold",
                         min_width=30 if wide else None)
    for rec in records:
        cells = ["" if rec.get(c) is None else str(rec[c]) for c in TABLE_COLUMNS]
        cells[-1] = cells[-1] if len(cells[-1]) <= 160 else cells[-1][:157] + "..."
        table.add_row(*cells)
    Console().print(table)


def register(group: click.Group) -> None:
    group.add_command(query_command)
