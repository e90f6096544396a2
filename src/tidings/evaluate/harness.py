"""The evaluation harness behind ``tidings evaluate``: run a suite, print it, write its section.

A suite (``tidings.evaluate.registry.Suite``) returns a plain dict. The harness adds what every
suite needs and none should re-implement:

- scoring helpers (precision/recall/F1, per-class reports with a confusion matrix, span overlap),
- coding a list of gold sentences through the real coder (``code_sentences``), a failure in one
  sentence recorded and the rest coded,
- printing: a suite that returns ``summary`` (label/value rows) and ``tables`` (title, columns,
  rows) is printed as rich tables; any other suite is printed from its Markdown section,
- writing: the suite's section of docs/ACCURACY.md is regenerated through
  ``tidings.sections.write_section`` with the date and the code version (``CODE_VERSION`` plus the
  fingerprint of the event lexicons), so that every published figure says what produced it.

A partial run (``limit``) never writes unless asked to: a prefix must not overwrite the figures of
a full run.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tidings.evaluate.registry import Suite, discover
from tidings.paths import PACKAGE_DIR
from tidings.records import Article, ArticleResult

ALL = "all"
_NUMERIC = re.compile(r"[\d.,·–%/() ]*")
ACCURACY_FILE_NAME = "ACCURACY.md"


class SuiteError(Exception):
    """A suite could not be run (unknown name, gold data missing); the message says what to do."""


# ---- scoring ---------------------------------------------------------------------------------


def ratio(num: float, den: float) -> float | None:
    return num / den if den else None


def prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """Precision, recall and F1 from counts; None where a denominator is zero."""
    precision = ratio(tp, tp + fp)
    recall = ratio(tp, tp + fn)
    if precision is None or recall is None:
        f1 = None
    else:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def classification_report(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> dict[str, Any]:
    """Per-label P/R/F1, accuracy, macro-F1 over ``labels`` and the confusion counts.

    A prediction outside ``labels`` (e.g. "none" when the coder found nothing) is a miss for the
    gold label and a false positive for no label; macro-F1 averages the F1 of ``labels`` (a label
    with no gold and no prediction counts 0, so that a class can never be skipped by omission).
    """
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    confusion = Counter(zip(gold, predicted))
    per_label: dict[str, dict[str, Any]] = {}
    for label in labels:
        tp = confusion[(label, label)]
        fp = sum(n for (g, p), n in confusion.items() if p == label and g != label)
        fn = sum(n for (g, p), n in confusion.items() if g == label and p != label)
        per_label[label] = {**prf(tp, fp, fn), "support": tp + fn, "predicted": tp + fp}
    f1s = [row["f1"] or 0.0 for row in per_label.values()]
    correct = sum(1 for g, p in zip(gold, predicted) if g == p)
    return {
        "n": len(gold),
        "correct": correct,
        "accuracy": ratio(correct, len(gold)),
        "macro_f1": sum(f1s) / len(f1s) if f1s else None,
        "per_label": per_label,
        "confusion": {f"{g}\t{p}": n for (g, p), n in sorted(confusion.items())},
    }


def confusion_rows(
    report: Mapping[str, Any], gold_labels: Sequence[str], predicted_labels: Sequence[str]
) -> list[list[str]]:
    """The confusion counts as table rows: one row per gold label, one column per prediction."""
    counts: Counter[tuple[str, str]] = Counter()
    for key, n in report["confusion"].items():
        g, p = key.split("\t")
        counts[(g, p)] = n
    return [[g, *(str(counts[(g, p)] or "·") for p in predicted_labels)] for g in gold_labels]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Character spans (end exclusive) that share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


# ---- coding gold sentences -------------------------------------------------------------------


@dataclass
class Coded:
    """The coder's results for a list of texts, aligned with them (None where coding failed)."""

    results: list[ArticleResult | None]
    errors: list[str]
    seconds: float


def code_sentences(
    texts: Sequence[str], *, published: str | dt.date = "2000-01-01", batch_size: int = 64
) -> Coded:
    """Code each text as one article, as ``tidings.code_text`` does, batched through nlp.pipe.

    A batch that fails is re-coded one text at a time so that one bad sentence costs only itself.
    """
    from tidings.api import get_coder
    from tidings.sources import parse_published

    coder = get_coder()
    date = parse_published(published)
    articles = [Article(text=t, published=date, id=f"gold-{i}") for i, t in enumerate(texts)]
    results: list[ArticleResult | None] = []
    errors: list[str] = []
    started = time.perf_counter()
    for start in range(0, len(articles), batch_size):
        batch = articles[start : start + batch_size]
        try:
            results.extend(coder.code_many(batch))
        except Exception:  # noqa: BLE001 - isolate the bad text, keep the others
            for article in batch:
                try:
                    results.append(coder.code(article))
                except Exception as exc:  # noqa: BLE001 - recorded, the run goes on
                    results.append(None)
                    errors.append(f"{article.id}: {type(exc).__name__}: {exc}")
    return Coded(results, errors, time.perf_counter() - started)


def code_version() -> dict[str, str]:
    """What produced the figures: code version, event-lexicon fingerprint, spaCy model."""
    from tidings.api import get_coder
    from tidings.coder import CODE_VERSION

    coder = get_coder()
    return {"code": CODE_VERSION, "lexicons": coder.lexicon_hash, "model": coder.model_name}


# ---- rendering -------------------------------------------------------------------------------


def pct(x: float | None, digits: int = 1) -> str:
    return "–" if x is None else f"{100 * x:.{digits}f}%"


def num(x: float | None, digits: int = 3) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def markdown_table(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    def cell(value: Any) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def table(
    title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], note: str = ""
) -> dict:
    """A table both the console and the Markdown section render (a plain, JSON-able dict)."""
    return {
        "title": title,
        "columns": [str(c) for c in columns],
        "rows": [[str(v) for v in row] for row in rows],
        "note": note,
    }


def markdown_tables(results: Mapping[str, Any]) -> str:
    """The summary and tables of a results dict as Markdown (what suites put in their section)."""
    parts = []
    if results.get("summary"):
        parts.append(markdown_table(["measure", "value"], results["summary"]))
    for t in results.get("tables", ()):
        block = f"**{t['title']}**\n\n" + markdown_table(t["columns"], t["rows"])
        if t.get("note"):
            block += f"\n\n{t['note']}"
        parts.append(block)
    return "\n\n".join(parts)


def print_results(suite: Suite, results: Mapping[str, Any], console=None) -> None:
    from rich import box
    from rich.console import Console
    from rich.markdown import Markdown
    from rich.table import Table

    console = console or Console()
    console.rule(f"[bold]{suite.title}[/bold] ({suite.name})")
    if "summary" not in results and "tables" not in results:
        console.print(Markdown(suite.markdown(dict(results))))
        return
    if results.get("summary"):
        summary = Table(show_header=False)
        summary.add_column("measure")
        summary.add_column("value", justify="right")
        for label, value in results["summary"]:
            summary.add_row(str(label), str(value))
        console.print(summary)
    for t in results.get("tables", ()):
        wide = len(t["columns"]) > 8  # confusion tables: compact, so they fit a terminal
        rich_table = Table(title=t["title"], box=box.SIMPLE_HEAD if wide else box.HEAVY_HEAD,
                           padding=(0, 1 if not wide else 0), pad_edge=not wide)
        for i, column in enumerate(t["columns"]):
            numeric = i > 0 and all(_NUMERIC.fullmatch(row[i]) for row in t["rows"] if len(row) > i)
            rich_table.add_column(column, justify="right" if numeric else "left", no_wrap=wide,
                                  min_width=4 if wide and i else None)
        for row in t["rows"]:
            rich_table.add_row(*row)
        options = console.options.update(max_width=10_000)
        needed = console.measure(rich_table, options=options).maximum
        if wide and needed > console.width:  # never cut a confusion table: print it wider
            Console(file=console.file, width=needed, no_color=console.no_color,
                    color_system=console.color_system).print(rich_table)
        else:
            console.print(rich_table)
        if t.get("note"):
            console.print(f"[dim]{t['note']}[/dim]")


def stamp(results: Mapping[str, Any], version: Mapping[str, str], seconds: float) -> str:
    """The provenance line under every section."""
    n = results.get("records")
    size = f"{n} record{'' if n == 1 else 's'}; " if n is not None else ""
    return (
        f"_Measured {dt.date.today().isoformat()} by `tidings evaluate` with tidings "
        f"{version['code']} (event lexicons {version['lexicons']}, spaCy model "
        f"{version['model']}); {size}{seconds:.1f} s._"
    )


# ---- running ---------------------------------------------------------------------------------


def default_accuracy_file() -> Path:
    """docs/ACCURACY.md of the source checkout (editable install), else of the working directory."""
    root = PACKAGE_DIR.parents[1]
    if (root / "pyproject.toml").exists() and (root / "docs").is_dir():
        return root / "docs" / ACCURACY_FILE_NAME
    return Path.cwd() / "docs" / ACCURACY_FILE_NAME


def known_suites() -> dict[str, Suite]:
    """Every suite the registry finds (the one place the harness asks it)."""
    return discover()


def select(name: str, suites: Mapping[str, Suite] | None = None) -> list[Suite]:
    suites = dict(suites if suites is not None else known_suites())
    if name == ALL:
        return [suites[k] for k in sorted(suites)]
    if name not in suites:
        known = ", ".join(sorted(suites)) or "(none)"
        raise SuiteError(f"unknown evaluation suite {name!r}; known suites: {known}, or 'all'")
    return [suites[name]]


@dataclass
class Outcome:
    suite: Suite
    results: dict[str, Any] | None
    seconds: float
    written: Path | None = None
    error: str | None = None


def run_suite(
    suite: Suite,
    *,
    limit: int | None = None,
    data_dir: Path | None = None,
    write: bool | None = None,
    accuracy_file: Path | None = None,
    console=None,
    show: bool = True,
) -> Outcome:
    """Run one suite, print it, and (full runs, or ``write=True``) regenerate its section.

    ``write=None`` means: write when the run is complete (no ``limit``). Missing gold data and
    suite failures come back as ``Outcome.error`` so that ``all`` goes on with the next suite.
    """
    if limit is not None and limit < 1:
        raise SuiteError("--limit must be a positive number of records")
    started = time.perf_counter()
    try:
        results = suite.run(limit=limit, data_dir=Path(data_dir) if data_dir else None)
    except FileNotFoundError as exc:
        missing = exc.filename or exc
        return Outcome(suite, None, time.perf_counter() - started, error=(
            f"gold data not found ({missing}); put shared/reference beside the checkout, set "
            "TIDINGS_SHARED, or pass --data DIR (the reference folder)"))
    seconds = time.perf_counter() - started
    if show:
        print_results(suite, results, console)
    should_write = (limit is None) if write is None else write
    written = None
    if should_write:
        from tidings.sections import write_section

        body = suite.markdown(results).rstrip()
        body += "\n\n" + stamp(results, code_version(), seconds) + "\n"
        written = Path(accuracy_file or default_accuracy_file())
        write_section(written, suite.name, suite.title, body)
    return Outcome(suite, results, seconds, written)


def run(
    name: str,
    *,
    limit: int | None = None,
    data_dir: Path | None = None,
    write: bool | None = None,
    accuracy_file: Path | None = None,
    console=None,
    show: bool = True,
) -> list[Outcome]:
    """Run the named suite, or every suite for ``all`` (each independently of the others)."""
    return [
        run_suite(s, limit=limit, data_dir=data_dir, write=write, accuracy_file=accuracy_file,
                  console=console, show=show)
        for s in select(name)
    ]
