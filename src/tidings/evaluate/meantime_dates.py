"""Date resolution measured on MEANTIME English (TimeML DATE values against the creation time).

MEANTIME (Minard et al., LREC 2016; NewsReader project; CC BY 4.0) annotates 120 Wikinews
articles with TIMEX3 expressions normalised against each document's creation time. Its timexes
are annotated in the headline, the date line and the first four sentences of each article only,
so the end-to-end run reads that region. The gold file is read at evaluation time from the
shared reference folder (``reference/dates/meantime_en/meantime_en.jsonl``); nothing of it is
part of tidings.

Two settings, both scored by exact match of the TimeML value on the non-creation-time DATE
timexes (286 in the release), broken down by the granularity of the gold value:

- *gold spans*: each gold DATE span is read and resolved (value accuracy);
- *end to end*: tidings finds its own expressions in the raw text; detection precision and
  recall are by overlap, and a gold value counts as matched when an overlapping prediction has it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path
from typing import Any

from tidings.extract import dates
from tidings.paths import reference_dir

TYPES = ("day", "month", "year", "other")
ANNOTATED_LINES = 6  # headline, date line, first four sentences

# Figures measured for the field notes on the same 286 values (see FIELD-NOTES §1.7), shown beside
# ours for comparison.
BASELINES = (
    ("dateparser 1.5 alone, gold spans (defaults)", (76.7, 81.1, 82.1, 4.1), 59.8),
    ("HeidelTime 1.0.6 (news), end to end, own spans", (80.0, 83.8, 89.3, 46.6), 73.8),
)


def data_path(data_dir: Path | None = None) -> Path:
    base = Path(data_dir) if data_dir else reference_dir() / "dates" / "meantime_en"
    return base / "meantime_en.jsonl" if base.is_dir() else base


def load_documents(data_dir: Path | None = None, limit: int | None = None) -> list[dict]:
    path = data_path(data_dir)
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                docs.append(json.loads(line))
            if limit is not None and len(docs) >= limit:
                break
    return docs


def gold_type(value: str) -> str:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return "day"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return "month"
    if re.fullmatch(r"\d{4}", value):
        return "year"
    return "other"


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    return starts


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _tally() -> dict[str, dict[str, int]]:
    return {t: {"n": 0, "correct": 0} for t in TYPES}


def _finish(tally: dict[str, dict[str, int]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    n = correct = 0
    for t in TYPES:
        row = tally[t]
        n += row["n"]
        correct += row["correct"]
        out[t] = {**row, "accuracy": row["correct"] / row["n"] if row["n"] else None}
    out["all"] = {"n": n, "correct": correct, "accuracy": correct / n if n else None}
    return out


def _span_timex(
    text: str, s: int, e: int, anchor: dt.date, tense: str, tracker: dates.Focus
) -> dates.Timex:
    """Resolve the given span ``text[s:e]`` in its context.

    The expression found around the span is resolved; where the span is only part of it (gold
    "next year" inside "October of next year"), its value is cut to the span's own granularity.
    """
    expr = dates.expression_at(text, s, e)
    if expr is None:
        return dates.normalise(
            text[s:e], anchor, tense=tense, reference=tracker.reference, focus=tracker.focus
        )
    tx = dates.normalise(
        expr, anchor, tense=tense, reference=tracker.reference, focus=tracker.focus
    )
    if (expr.start, expr.end) != (s, e) and tx.value:
        alone = dates.normalise(
            text[s:e], anchor, tense=tense, reference=tracker.reference, focus=tracker.focus
        )
        cut = {"year": 4, "month": 7}.get(alone.precision)
        if cut and alone.kind != "dateparser" and re.match(r"\d{4}-\d{2}", tx.value):
            return dates.Timex(tx.value[:cut], alone.precision, text[s:e], tx.kind, tx.anaphoric)
    return tx


def evaluate(data_dir: Path | None = None, limit: int | None = None, *, show: bool = True) -> dict:
    """Score tidings' date resolution on MEANTIME English; print a table unless ``show`` is False.

    Returns ``{"gold_spans": {...}, "end_to_end": {...}, "errors": [...], ...}`` where each
    setting has per-type ``n``/``correct``/``accuracy`` (types day, month, year, other, all) and
    the end-to-end setting adds detection counts, precision and recall.
    """
    docs = load_documents(data_dir, limit)
    spans_tally, e2e_tally = _tally(), _tally()
    errors: list[dict[str, Any]] = []
    n_pred = tp_pred = n_gold_all = gold_all_found = n_gold_date = gold_date_found = 0
    matched_correct = 0
    t_spans = t_e2e = 0.0
    n_exprs = 0

    for doc in docs:
        text = doc["text"]
        anchor = dt.date.fromisoformat(doc["dct_iso"])
        starts = _line_starts(text)
        region_end = starts[ANNOTATED_LINES] - 1 if len(starts) > ANNOTATED_LINES else len(text)
        timexes = [t for t in doc["timexes"] if t.get("span")]
        creation = [tuple(t["span"]) for t in timexes if t.get("function") == "CREATION_TIME"]
        others = [t for t in timexes if t.get("function") != "CREATION_TIME"]
        gold_dates = sorted((t for t in others if t["type"] == "DATE"), key=lambda t: t["span"][0])

        # (a) gold spans, in reading order so that anaphora see the previous day
        t0 = time.perf_counter()
        tracker = dates.Focus()
        for t in gold_dates:
            s, e = t["span"]
            tense = dates.tense_at(text, s, e)
            tx = _span_timex(text, s, e, anchor, tense, tracker)
            tracker.update(tx)
            kind = gold_type(t["value"])
            spans_tally[kind]["n"] += 1
            if tx.value == t["value"]:
                spans_tally[kind]["correct"] += 1
            else:
                errors.append(
                    {"setting": "gold_spans", "doc": doc["id"], "dct": doc["dct_iso"],
                     "text": t["text"], "gold": t["value"], "predicted": tx.value,
                     "tense": tense}
                )  # fmt: skip
        t_spans += time.perf_counter() - t0

        # (b) end to end on the annotated region
        t0 = time.perf_counter()
        found = dates.timexes_in(text[:region_end], anchor)
        t_e2e += time.perf_counter() - t0
        # the creation time is the anchor, not something to find (where it is not annotated as
        # such, the date line is left out)
        skip = creation
        preds = [
            (expr, tx)
            for expr, tx in found
            if not any(_overlaps((expr.start, expr.end), c) for c in skip)
        ]
        n_exprs += len(found)
        n_pred += len(preds)
        for expr, _tx in preds:
            if any(_overlaps((expr.start, expr.end), tuple(g["span"])) for g in others):
                tp_pred += 1
        for g in others:
            if any(_overlaps((e.start, e.end), tuple(g["span"])) for e, _ in preds):
                gold_all_found += 1
        n_gold_all += len(others)
        for g in gold_dates:
            kind = gold_type(g["value"])
            n_gold_date += 1
            e2e_tally[kind]["n"] += 1
            hits = [tx for e, tx in preds if _overlaps((e.start, e.end), tuple(g["span"]))]
            if hits:
                gold_date_found += 1
            if any(tx.value == g["value"] for tx in hits):
                e2e_tally[kind]["correct"] += 1
                matched_correct += 1
            else:
                errors.append(
                    {"setting": "end_to_end", "doc": doc["id"], "dct": doc["dct_iso"],
                     "text": g["text"], "gold": g["value"],
                     "predicted": " | ".join(f"{e.text}={tx.value}" for e, tx in preds
                                             if _overlaps((e.start, e.end), tuple(g["span"])))
                     or None}
                )  # fmt: skip

    e2e = _finish(e2e_tally)
    e2e["detection"] = {
        "predicted": n_pred,
        "predicted_overlapping_gold": tp_pred,
        "precision": tp_pred / n_pred if n_pred else None,
        "gold_timexes": n_gold_all,
        "gold_timexes_found": gold_all_found,
        "recall_all_timexes": gold_all_found / n_gold_all if n_gold_all else None,
        "gold_dates": n_gold_date,
        "gold_dates_found": gold_date_found,
        "recall_dates": gold_date_found / n_gold_date if n_gold_date else None,
        "value_accuracy_on_found": matched_correct / gold_date_found if gold_date_found else None,
    }
    results = {
        "corpus": "MEANTIME English (NewsReader, CC BY 4.0)",
        "documents": len(docs),
        "gold_spans": _finish(spans_tally),
        "end_to_end": e2e,
        "seconds": {"gold_spans": round(t_spans, 3), "end_to_end": round(t_e2e, 3)},
        "expressions_end_to_end": n_exprs,
        "errors": errors,
    }
    if show:
        print_table(results)
    return results


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def _rows(results: dict) -> list[tuple[str, list[str]]]:
    rows = []
    for label, key in (
        ("tidings, gold spans", "gold_spans"),
        ("tidings, end to end", "end_to_end"),
    ):
        r = results[key]
        rows.append(
            (
                label,
                [
                    f"{_pct(r[t]['accuracy'])} ({r[t]['correct']}/{r[t]['n']})"
                    for t in (*TYPES, "all")
                ],
            )
        )
    return rows


def print_table(results: dict) -> None:
    header = ["Setting", *(f"{t.title()}" for t in TYPES), "All DATE"]
    rows = _rows(results)
    det = results["end_to_end"]["detection"]
    summary = (
        f"End-to-end detection: precision {_pct(det['precision'])} "
        f"({det['predicted_overlapping_gold']}/{det['predicted']} predictions overlap a gold timex), "
        f"recall {_pct(det['recall_dates'])} of gold DATEs ({det['gold_dates_found']}/"
        f"{det['gold_dates']}), {_pct(det['recall_all_timexes'])} of all gold timexes; "
        f"value accuracy on found DATEs {_pct(det['value_accuracy_on_found'])}. "
        f"Time: {results['seconds']['end_to_end']:.2f} s end to end for {results['documents']} documents."
    )
    try:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"Dates on {results['corpus']}: exact TimeML value match")
        for h in header:
            table.add_column(h)
        for label, cells in rows:
            table.add_row(label, *cells)
        for label, per_type, total in BASELINES:
            table.add_row(f"[dim]{label}[/dim]", *(f"[dim]{v:.1f}%[/dim]" for v in per_type),
                          f"[dim]{total:.1f}%[/dim]")  # fmt: skip
        console = Console()
        console.print(table)
        console.print(summary)
    except ImportError:  # pragma: no cover - rich is a dependency
        print(" | ".join(header))
        for label, cells in rows:
            print(" | ".join([label, *cells]))
        print(summary)


def markdown_section(results: dict) -> str:
    """The "Dates" section of docs/ACCURACY.md."""
    spans, e2e = results["gold_spans"], results["end_to_end"]
    det = e2e["detection"]

    def cell(r: dict, t: str) -> str:
        return f"{_pct(r[t]['accuracy'])}"

    n = {t: spans[t]["n"] for t in (*TYPES, "all")}
    lines = [
        "## Event dates (MEANTIME English)",
        "",
        (
            f"Exact match of the TimeML value on the {n['all']} DATE timexes of MEANTIME English "
            f"({results['documents']} Wikinews articles; creation times excluded), each resolved "
            "against its document's creation date. *Gold spans*: tidings reads each annotated "
            "span in its sentence. *End to end*: tidings finds its own expressions in the raw text "
            "(headline and first four sentences, the part MEANTIME annotates); a gold value counts "
            "when an overlapping expression has it."
        ),
        "",
        (
            f"| Setting | Day ({n['day']}) | Month ({n['month']}) | Year ({n['year']}) | "
            f"Other ({n['other']}) | All DATE |"
        ),
        "|---|---|---|---|---|---|",
        (
            f"| **tidings**, gold spans | {cell(spans, 'day')} | {cell(spans, 'month')} | "
            f"{cell(spans, 'year')} | {cell(spans, 'other')} | **{cell(spans, 'all')}** |"
        ),
        (
            f"| **tidings**, end to end | {cell(e2e, 'day')} | {cell(e2e, 'month')} | "
            f"{cell(e2e, 'year')} | {cell(e2e, 'other')} | **{cell(e2e, 'all')}** |"
        ),
    ]
    for label, per_type, total in BASELINES:
        lines.append(
            f"| {label} | " + " | ".join(f"{v:.1f}%" for v in per_type) + f" | {total:.1f}% |"
        )
    lines += [
        "",
        (
            f"End-to-end detection: {_pct(det['precision'])} of tidings' "
            f"{det['predicted']} expressions overlap a gold timex (any type); they find "
            f"{_pct(det['recall_dates'])} of the gold DATEs ({_pct(det['recall_all_timexes'])} of "
            f"all gold timexes), and resolve {_pct(det['value_accuracy_on_found'])} of the found "
            "DATEs exactly. 'Other' holds TimeML-specific values: ISO weeks (2008-W42), quarters "
            "(2009-Q3), seasons (2009-SP), decades (199), PAST_REF/PRESENT_REF/FUTURE_REF. "
            "Rule-based, no model: the whole end-to-end run takes a fraction of a second."
        ),
        "",
        (
            "Data: MEANTIME corpus (Minard, Speranza, Urizar, Altuna, van Erp, Schoen & van Son, "
            "LREC 2016), NewsReader project, CC BY 4.0; read from the shared reference folder at "
            "evaluation time. Baselines as measured in the project's field notes."
        ),
        "",
    ]
    return "\n".join(lines)


def _suite_run(limit: int | None = None, data_dir: Path | None = None) -> dict:
    """The registry's entry: ``data_dir`` is the reference folder (dates/meantime_en under it)."""
    return evaluate(Path(data_dir) / "dates" / "meantime_en" if data_dir else None, limit,
                    show=False)


def _suite_markdown(results: dict) -> str:
    return markdown_section(results).split("\n", 2)[2]  # the harness writes the heading


def _suites() -> tuple:
    from tidings.evaluate.registry import Suite

    return (Suite("meantime-dates", "Event dates (MEANTIME English)", _suite_run,
                  _suite_markdown),)


SUITES = _suites()


def main() -> None:  # pragma: no cover - manual entry point
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, default=None)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--errors", action="store_true", help="list the misses")
    args = ap.parse_args()
    results = evaluate(args.data_dir, args.limit)
    if args.errors:
        for err in results["errors"]:
            print(json.dumps(err, ensure_ascii=False))


if __name__ == "__main__":  # pragma: no cover
    main()
