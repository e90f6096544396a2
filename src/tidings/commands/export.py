"""`tidings export`: the dataset as Parquet, CSV, JSON Lines or GDELT 2.0-style TSV files."""

from __future__ import annotations

import json
import sys

import click

# tidings.export.FORMATS, written out so that loading the CLI does not import pyarrow
FORMATS = ("parquet", "csv", "jsonl", "gdelt")


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="parquet",
    show_default=True,
    help="parquet (partitioned by event date), csv, jsonl, or gdelt (61/16-column TSVs).",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder to write (created; an earlier tidings export there is replaced).",
)
@click.option("--db", default="tidings.duckdb", show_default=True, help="DuckDB store to read.")
@click.option(
    "--include-text",
    is_flag=True,
    help="Also export article texts (often under copyright; left out by default).",
)
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
def export_command(fmt: str, out: str, db: str, include_text: bool, as_json: bool) -> None:
    """Write events, event clusters, mentions and articles to OUT (see docs/EXPORTS.md)."""
    from tidings.export import ExportError, export

    try:
        result = export(out, format=fmt, db=db, include_text=include_text)
    except ExportError as exc:
        click.echo(f"cannot export: {exc}", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2))
        return
    counts = ", ".join(f"{n} {name}" for name, n in result.rows.items())
    click.echo(f"wrote {len(result.files)} file(s) to {result.out} ({fmt}): {counts}")


def register(group: click.Group) -> None:
    group.add_command(export_command)
