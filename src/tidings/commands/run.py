"""``tidings run``: code a corpus on every core, resumably (tidings.runner.local)."""

from __future__ import annotations

import json
import sys

import click


@click.command("run")
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default="tidings.duckdb", show_default=True, help="DuckDB file to write.")
@click.option("--processes", "-p", default=0, show_default=True, type=click.IntRange(min=0),
              help="Worker processes; 0 = every core.")
@click.option("--batch-size", default=None, type=click.IntRange(min=1),
              help="Articles per worker task and spaCy batch (default 32).")
@click.option("--commit-every", default=None, type=click.IntRange(min=1),
              help="Articles per store transaction (default 256).")
@click.option("--resume", is_flag=True,
              help="Skip what the store already holds (after Ctrl-C, kill or a crash).")
@click.option("--prefilter/--no-prefilter", default=False, show_default=True,
              help="Skip parsing articles with no possible event trigger (see docs/SCALE.md).")
@click.option("--language", "languages", multiple=True, default=("en",), show_default=True,
              help="Languages to code; others are skipped and counted.")
@click.option("--spanish-out", type=click.Path(dir_okay=False), default=None,
              help="Where Spanish articles are set aside (default: DB + .es.jsonl).")
@click.option("--model", default=None, help="spaCy pipeline (or TIDINGS_MODEL).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar (default: on a terminal; plain lines otherwise).")
@click.option("--dedupe/--no-dedupe", default=True, show_default=True,
              help="De-duplicate and check watchlists over what was committed (as `tidings "
                   "code`), every --hooks-every seconds and when the run ends.")
@click.option("--hooks-every", default=300.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds between de-duplication passes during a run (0: after every "
                   "commit). Alerts of watchlists come at this pace.")
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
def run_command(paths, db, processes, batch_size, commit_every, resume, prefilter, languages,
                spanish_out, model, progress, dedupe, hooks_every, as_json) -> None:  # fmt: skip
    """Code articles (WARC, RSS/Atom, JSONL, HTML, text, folders, feed URLs) on every core.

    Interrupted (Ctrl-C, kill -9, a crash)? Run the same command with --resume: nothing
    committed is coded again and nothing uncommitted is lost.
    """
    from rich.console import Console
    from rich.table import Table

    from tidings.runner.local import DEFAULT_BATCH_SIZE, DEFAULT_COMMIT_EVERY, RunOptions, run_local

    options = RunOptions(
        db=db, processes=processes, batch_size=batch_size or DEFAULT_BATCH_SIZE,
        commit_every=commit_every or DEFAULT_COMMIT_EVERY, resume=resume, prefilter=prefilter,
        languages=tuple(languages), spanish_out=spanish_out, model=model, progress=progress,
        dataset_hooks=dedupe, hooks_seconds=hooks_every,
    )  # fmt: skip
    report = run_local(list(paths), options)
    if as_json:
        click.echo(json.dumps(report.as_dict()))
    else:
        table = Table(title="tidings run", show_header=False)
        table.add_row("articles coded", str(report.coded))
        if prefilter:
            table.add_row("of which pre-filtered (not parsed)", str(report.prefiltered))
        table.add_row("events (asserted / all)", f"{report.asserted_events} / {report.events}")
        table.add_row("quotes", str(report.quotes))
        table.add_row("errors recorded", str(report.errors))
        table.add_row("already coded (resume)", str(report.already_coded))
        table.add_row("duplicates", str(report.duplicates))
        skipped = ", ".join(f"{k} {v}" for k, v in report.language.skipped.most_common())
        table.add_row("other languages skipped", skipped or "0")
        table.add_row("Spanish set aside", str(report.language.set_aside))
        table.add_row("processes", str(report.processes))
        table.add_row("time", f"{report.seconds:.1f} s ({report.articles_per_second:.2f} articles/s)")
        table.add_row("database", str(db))
        Console(stderr=True).print(table)
    if report.interrupted:
        click.echo(f"interrupted: run again with --resume to continue ({db})", err=True)
        sys.exit(130)


def register(group: click.Group) -> None:
    group.add_command(run_command)
