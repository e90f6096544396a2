"""`tidings evaluate SUITE`: score the coder on a gold set and regenerate docs/ACCURACY.md.

A thin shell over ``tidings.evaluate.harness``; the suites come from the registry
(``tidings.evaluate.registry``), so a new suite needs no change here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("evaluate")
@click.argument("suite", required=False)
@click.option("--limit", type=int, default=None,
              help="Score only the first N records (a quick look; does not write docs/ACCURACY.md "
                   "unless --write is given).")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The gold reference folder (default: ../shared/reference, or TIDINGS_SHARED).")
@click.option("--write/--no-write", default=None,
              help="Regenerate the suite's section of docs/ACCURACY.md (default: only for full "
                   "runs).")
@click.option("--accuracy-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The file to write (default: docs/ACCURACY.md of the checkout).")
@click.option("--list", "list_suites", is_flag=True, help="List the known suites and exit.")
def evaluate_command(suite, limit, data_dir, write, accuracy_file, list_suites) -> None:
    """Run an evaluation SUITE (or 'all'): precision/recall/F1 and per-category tables."""
    from rich.console import Console

    from tidings.evaluate import harness

    console = Console()
    err = Console(stderr=True)
    if list_suites or not suite:
        for name, found in sorted(harness.known_suites().items()):
            console.print(f"[bold]{name}[/bold]  {found.title}")
        console.print("all  every suite above")
        if not suite and not list_suites:
            err.print("[yellow]name a suite to run, e.g. `tidings evaluate plover-gsr`[/yellow]")
            sys.exit(2)
        return
    try:
        outcomes = harness.run(suite, limit=limit, data_dir=data_dir, write=write,
                               accuracy_file=accuracy_file, console=console)
    except harness.SuiteError as exc:
        err.print(f"[red]{exc}[/red]")
        sys.exit(2)
    failed = False
    for outcome in outcomes:
        if outcome.error:
            failed = True
            err.print(f"[red]{outcome.suite.name}: {outcome.error}[/red]")
        elif outcome.written:
            console.print(f"{outcome.suite.name}: wrote its section of {outcome.written} "
                          f"({outcome.seconds:.1f} s)")
        else:
            reason = "--no-write" if write is False else f"--limit {limit}" if limit else "off"
            console.print(f"{outcome.suite.name}: {outcome.seconds:.1f} s; docs not written "
                          f"({reason})")
    if failed:
        sys.exit(1)


def register(group: click.Group) -> None:
    group.add_command(evaluate_command)
