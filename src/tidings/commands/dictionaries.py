"""`tidings dictionaries ...`: PETRARCH/TABARI dictionaries (docs/PETRARCH-DICTIONARIES.md).

* ``tidings dictionaries check DIR`` reads a dictionary set and reports what it holds, every
  malformed line as ``file:line: problem``, and what tidings' own lexicon format cannot express
  when the set is plugged in beside tidings' lexicons; exit status 1 when a line is malformed.
* ``tidings dictionaries code DIR PATH...`` codes articles with the dictionaries alone
  (PETRARCH-1 style coder over spaCy parses) and prints one event per line.

To use dictionaries beside tidings' own lexicons in the main coder, use the Python API:
``tidings.api.get_coder(dictionaries=DIR)`` (``CoderConfig.dictionaries``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

PRESETS = ("auto", "validation", "production")


def _load(directory: Path, preset: str, strict: bool):
    from tidings.lexicons.petrarch import load_dictionaries

    names = {p.name for p in directory.iterdir()} if directory.is_dir() else set()
    chosen = None if preset == "auto" else preset
    if chosen is None and "CAMEO.2.0.txt" in names and "PETR.Validate.verbs.txt" in names:
        chosen = "production"  # both sets side by side (the reference folder): the real one
    return load_dictionaries(directory, preset=chosen, strict=strict)


@click.group("dictionaries")
def dictionaries_group() -> None:
    """PETRARCH/TABARI dictionaries: check them, code with them."""


@dictionaries_group.command("check")
@click.argument("directory", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--preset",
    type=click.Choice(PRESETS),
    default="auto",
    help="Which files of a folder to read (validation: PETR.Validate.*; production: Phoenix.* + CAMEO.2.0.txt).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def check_command(directory: Path, preset: str, as_json: bool) -> None:
    """Load DIRECTORY and report counts, malformed lines (file:line) and conversion limits."""
    from tidings.lexicons.petrarch.plugin import convert

    try:
        d = _load(directory, preset, strict=False)
    except (ValueError, FileNotFoundError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="tidings-dict-check-") as tmp:
        conversion = convert(d, tmp)
    report = {
        "files": {k: [str(p) for p in v] for k, v in d.files.items()},
        "counts": d.summary(),
        "errors": [
            {"file": e.file, "line": e.line, "message": e.message, "text": e.text}
            for e in d.warnings
        ],
        "lexicon_conversion": conversion.summary(),
    }
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for kind, files in report["files"].items():
            click.echo(f"{kind}: {', '.join(Path(f).name for f in files)}")
        for key, value in report["counts"].items():
            click.echo(f"  {key}: {value}")
        if d.warnings:
            click.echo(f"{len(d.warnings)} malformed line(s):")
            for e in d.warnings:
                click.echo(f"  {e.location}: {e.message}: {e.text}")
        conv = report["lexicon_conversion"]
        click.echo(
            "as tidings lexicon files: " + ", ".join(f"{k} {v}" for k, v in conv["rows"].items())
        )
        if conv["not_expressible"]:
            click.echo("not expressible in tidings' lexicon format:")
            for reason, n in sorted(conv["not_expressible"].items(), key=lambda kv: -kv[1]):
                click.echo(f"  {n:6d}  {reason}")
    if d.warnings:
        sys.exit(1)


@dictionaries_group.command("code")
@click.argument("directory", type=click.Path(exists=True, path_type=Path))
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--preset", type=click.Choice(PRESETS), default="auto", help="As for `check`.")
@click.option(
    "--date",
    "date_",
    default=None,
    help="Date for date-restricted actors (YYYY-MM-DD); default: the article's.",
)
@click.option(
    "--require-dyad/--no-require-dyad",
    default=True,
    help="Drop events with an unidentified side (---).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per event.")
@click.option(
    "--model", default=None, help="spaCy pipeline (default: TIDINGS_MODEL or en_core_web_sm)."
)
def code_command(
    directory: Path,
    paths: tuple[Path, ...],
    preset: str,
    date_: str | None,
    require_dyad: bool,
    as_json: bool,
    model: str | None,
) -> None:
    """Code the articles in PATHS with the dictionaries in DIRECTORY and print the events."""
    from tidings.lexicons.petrarch.coder import CoderOptions, PetrarchCoder
    from tidings.records import SourceError
    from tidings.sources import read_sources

    try:
        d = _load(directory, preset, strict=False)
    except (ValueError, FileNotFoundError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    if d.warnings:
        first = d.warnings[0]
        click.echo(
            f"warning: {len(d.warnings)} malformed line(s) skipped or repaired, first "
            f"{first.location}: {first.message} (details: `tidings dictionaries check`)",
            err=True,
        )
    coder = PetrarchCoder(d, options=CoderOptions(require_dyad=require_dyad), model=model)
    problems = 0
    for item in read_sources(list(paths)):
        if isinstance(item, SourceError):
            problems += 1
            click.echo(f"skipped {item.origin}: {item.message}", err=True)
            continue
        try:
            story = coder.code_story(item.text, date_ or item.published)
        except Exception as exc:  # noqa: BLE001 - one bad article never stops the batch
            problems += 1
            click.echo(f"failed {item.origin or item.id}: {type(exc).__name__}: {exc}", err=True)
            continue
        if story.discard_rule:
            click.echo(
                f"{item.origin or item.id}: story discarded ({story.discard_rule})", err=True
            )
        for e in story.events:
            if as_json:
                click.echo(
                    json.dumps(
                        {
                            "article": item.id,
                            "origin": item.origin,
                            "sentence": e.sentence,
                            "source": e.source,
                            "target": e.target,
                            "code": e.code,
                            "verb": e.verb,
                            "rule": e.rule,
                            "source_text": e.source_text,
                            "target_text": e.target_text,
                        },
                        ensure_ascii=False,
                    )
                )
            else:
                click.echo(
                    f"{item.origin or item.id}\t{e.sentence}\t{e.source}\t{e.target}\t{e.code}\t"
                    f"{e.verb}\t{e.rule}"
                )
    if problems:
        sys.exit(1)


def register(group: click.Group) -> None:
    group.add_command(dictionaries_group)
