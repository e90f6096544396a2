"""Multi-CoPED English news sentences: quad class (0-4) and actor / recipient spans.

Gold: ``plover/cameo_multicoped_en.jsonl`` in the shared reference folder, the upstream *test*
split (``meta.split == "test"``; 450 sentences with a class, all with span annotation), read at
run time. Each sentence is coded on its own as an article published 2000-01-01.

**Class.** The dataset's five classes follow CAMEO roots by the upstream CAMEO_ConfliBERT
"PentaClass" scheme: 0 neutral (01-02 public statement, appeal), 1 verbal cooperation (03-05),
2 material cooperation (06-08), 3 verbal conflict (09-13 **and 16**, reduce relations), 4
material conflict (14-15, 17-20). The reference README names class 3 "CAMEO 09-13" and class 4
"14-20", names it says were inferred; the scheme itself puts 16 in class 3: in the sibling file
of the same annotation project (``cameo_conflibert_coder_rounds_en.jsonl``) every one of the 62
coder events with CAMEO root 16 carries penta class 3, and the gold here labels cut aid,
expelled diplomats and sanctions class 3. (It is also the Phoenix quad convention.) The section
shows the macro-F1 under the README's 09-13 / 14-20 reading beside it. The predicted class is the
root class of the sentence's first asserted event (reading order). **A sentence where the coder asserts no event
gets no class**: it is a miss for its gold class (recall) and a false positive for none of the
five; macro-F1 averages the five classes' F1. The coder codes statements and appeals (01, 02)
itself, so silence is not read as "neutral". For comparison the section also gives the reading in
which no event counts as class 0 (CAMEO 01 being the codebook's residual category).

**Spans.** Gold ACTOR and RECIPIENT spans (ACTOR_RECIPIENT counts as both; spans without offsets
are left out) against the chosen event's source and target. A predicted actor is a set of
mentions: its mentions inside the sentence (the event's own argument span when the coder records
one). A predicted actor is right when any of its mentions overlaps (shares a character with) a
gold span of the same role that no other predicted actor has taken; each gold span is matched at
most once. Precision is over predicted actors, recall over gold spans.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tidings.evaluate import harness
from tidings.evaluate.registry import Suite, data_path
from tidings.records import Actor, ArticleResult, Event, Span

GOLD_FILE = ("plover", "cameo_multicoped_en.jsonl")
SPLIT = "test"
PUBLISHED = "2000-01-01"
CLASSES = ("0", "1", "2", "3", "4")
CLASS_NAMES = {
    "0": "neutral (01-02)",
    "1": "verbal cooperation (03-05)",
    "2": "material cooperation (06-08)",
    "3": "verbal conflict (09-13, 16)",
    "4": "material conflict (14-15, 17-20)",
}
NONE = "none"
ROLES = {
    "ACTOR": ("actor",),
    "RECIPIENT": ("recipient",),
    "ACTOR_RECIPIENT": ("actor", "recipient"),
}


def load_records(
    data_dir: Path | None = None, limit: int | None = None, split: str = SPLIT
) -> list[dict]:
    """Records of ``split`` that carry a class label, in file order (a prefix with ``limit``)."""
    path = data_path(data_dir, *GOLD_FILE)
    records = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            record = json.loads(line)
            if record["meta"].get("split") != split or record["labels"].get("quad_class") is None:
                continue
            records.append(record)
            if limit is not None and len(records) >= limit:
                break
    return records


# CAMEO root -> PentaClass (the upstream annotation scheme; see the module docstring).
PENTA_CLASS = {
    **dict.fromkeys(("01", "02"), "0"),
    **dict.fromkeys(("03", "04", "05"), "1"),
    **dict.fromkeys(("06", "07", "08"), "2"),
    **dict.fromkeys(("09", "10", "11", "12", "13", "16"), "3"),
    **dict.fromkeys(("14", "15", "17", "18", "19", "20"), "4"),
}


def root_class(code: str, *, readme_ranges: bool = False) -> str:
    """CAMEO code -> the dataset's class (0-4) by its root; ``readme_ranges`` reads class 3 as
    09-13 and class 4 as 14-20, as the reference README names them."""
    root = code[:2]
    if root not in PENTA_CLASS:
        raise ValueError(f"not a CAMEO event code: {code!r}")
    if readme_ranges and root == "16":
        return "4"
    return PENTA_CLASS[root]


def chosen_event(result: ArticleResult | None) -> Event | None:
    """The first asserted event with a CAMEO code (events come in reading order)."""
    if result is None:
        return None
    for event in result.events:
        if event.asserted and event.cameo_code[:2].isdigit():
            return event
    return None


def actor_spans(actor: Actor | None, event: Event, argument: Span | None) -> list[tuple[int, int]]:
    if actor is None:
        return []
    if argument is not None:
        return [(argument.start, argument.end)]
    start, end = event.evidence.start, event.evidence.end
    return [(m.start, m.end) for m in actor.mentions if m.start < end and start < m.end]


def match_spans(
    predicted: list[list[tuple[int, int]]], gold: list[tuple[int, int]]
) -> tuple[int, int]:
    """(predicted actors matched, gold spans matched), each gold span taken at most once."""
    taken: set[int] = set()
    hits = 0
    for mentions in predicted:
        for g, span in enumerate(gold):
            if g not in taken and any(harness.overlaps(m, span) for m in mentions):
                taken.add(g)
                hits += 1
                break
    return hits, len(taken)


def run(limit: int | None = None, data_dir: Path | None = None) -> dict[str, Any]:
    records = load_records(data_dir, limit)
    coded = harness.code_sentences([r["text"] for r in records], published=PUBLISHED)
    gold: list[str] = []
    lenient: list[str] = []
    strict: list[str] = []
    readme: list[str] = []
    spans = {role: {"tp_pred": 0, "n_pred": 0, "tp_gold": 0, "n_gold": 0}
             for role in ("actor", "recipient")}
    span_records = 0
    per_record = []
    for record, result in zip(records, coded.results):
        event = chosen_event(result)
        predicted = root_class(event.cameo_code) if event else NONE
        gold.append(str(record["labels"]["quad_class"]))
        strict.append(predicted)
        lenient.append("0" if predicted == NONE else predicted)
        readme.append(root_class(event.cameo_code, readme_ranges=True) if event else NONE)
        per_record.append({"id": record["id"], "gold": gold[-1], "predicted": predicted,
                           "code": event.cameo_code if event else None})
        if not record["meta"].get("has_span_annotation") or record.get("spans") is None:
            continue
        span_records += 1
        gold_spans: dict[str, list[tuple[int, int]]] = {"actor": [], "recipient": []}
        for span in record["spans"]:
            if span.get("start") is None:
                continue
            for role in ROLES.get(span["label"], ()):
                gold_spans[role].append((span["start"], span["end"]))
        for role, actor, argument in (
            ("actor", event.source if event else None,
             event.evidence.source_span if event else None),
            ("recipient", event.target if event else None,
             event.evidence.target_span if event else None),
        ):
            mentions = actor_spans(actor, event, argument) if event else []
            predicted_units = [mentions] if mentions else []
            hit_pred, hit_gold = match_spans(predicted_units, gold_spans[role])
            tally = spans[role]
            tally["tp_pred"] += hit_pred
            tally["n_pred"] += len(predicted_units)
            tally["tp_gold"] += hit_gold
            tally["n_gold"] += len(gold_spans[role])

    results: dict[str, Any] = {
        "suite": "multicoped",
        "split": SPLIT,
        "records": len(records),
        "limit": limit,
        "coding_errors": coded.errors,
        "coding_seconds": round(coded.seconds, 2),
        "with_event": sum(1 for p in strict if p != NONE),
        "quad_class": harness.classification_report(gold, strict, CLASSES),
        "quad_class_none_as_0": harness.classification_report(gold, lenient, CLASSES),
        "quad_class_readme_ranges": harness.classification_report(gold, readme, CLASSES),
        "span_records": span_records,
        "spans": {role: _span_figures(t) for role, t in spans.items()},
        "per_record": per_record,
    }
    results["summary"] = _summary(results)
    results["tables"] = _tables(results)
    return results


def _span_figures(t: Mapping[str, int]) -> dict[str, Any]:
    precision = harness.ratio(t["tp_pred"], t["n_pred"])
    recall = harness.ratio(t["tp_gold"], t["n_gold"])
    f1 = (2 * precision * recall / (precision + recall)
          if precision is not None and recall is not None and precision + recall else
          (0.0 if precision is not None and recall is not None else None))
    return {**t, "precision": precision, "recall": recall, "f1": f1}


def _summary(results: Mapping[str, Any]) -> list[list[str]]:
    q, z, n = results["quad_class"], results["quad_class_none_as_0"], results["records"]
    rows = [
        ["sentences (test split)", str(n)],
        ["sentences with an asserted event", (f"{results['with_event']} "
         f"({harness.pct(harness.ratio(results['with_event'], n))})")],
        ["quad-class macro-F1", harness.num(q["macro_f1"])],
        ["quad-class accuracy", f"{harness.num(q['accuracy'])} ({q['correct']}/{n})"],
        ["quad-class macro-F1 if no event were read as class 0", harness.num(z["macro_f1"])],
        ["quad-class macro-F1 with the README's ranges (16 as class 4)",
         harness.num(results["quad_class_readme_ranges"]["macro_f1"])],
    ]
    for role in ("actor", "recipient"):
        f = results["spans"][role]
        rows.append([f"{role} span P / R / F1 (overlap; {f['n_gold']} gold spans)",
                     (f"{harness.num(f['precision'])} / {harness.num(f['recall'])} / "
                     f"{harness.num(f['f1'])}")])
    return rows


def _tables(results: Mapping[str, Any]) -> list[dict]:
    q, z = results["quad_class"], results["quad_class_none_as_0"]
    per_class = []
    for label in CLASSES:
        row, zero_row = q["per_label"][label], z["per_label"][label]
        per_class.append([f"{label} {CLASS_NAMES[label]}", row["support"], row["predicted"],
                          harness.num(row["precision"]), harness.num(row["recall"]),
                          harness.num(row["f1"]), harness.num(zero_row["f1"])])
    predicted_labels = [*CLASSES, NONE]
    return [
        harness.table("Per class (last column: F1 if no event were read as class 0)",
                      ["class", "gold", "predicted", "P", "R", "F1", "F1 none=0"], per_class),
        harness.table(
            "Confusion (rows: gold; columns: predicted; none = no asserted event)",
            ["gold \\ predicted", *predicted_labels],
            harness.confusion_rows(q, list(CLASSES), predicted_labels),
        ),
    ]


def markdown(results: Mapping[str, Any]) -> str:
    intro = (
        "Multi-CoPED English news sentences (upstream test split), five classes by CAMEO root "
        "as the upstream PentaClass scheme assigns them: 0 neutral (01-02), 1 verbal cooperation "
        "(03-05), 2 material cooperation (06-08), 3 verbal conflict (09-13 and 16, reduce "
        "relations), 4 material conflict (14-15, 17-20). The reference README names class 3 "
        "'09-13'; the scheme's own annotations (all 62 root-16 events of the sibling coder-rounds "
        "file are class 3) and this gold put 16 in class 3; the README reading is shown beside. "
        "Each sentence is coded alone; "
        "**the predicted class is the root class of its first asserted event**; a sentence with "
        "no asserted event gets no class (a miss for its gold class, a false positive for none; "
        "the coder codes 01/02 statements itself). Shown beside: the macro-F1 if no event were "
        "read as class 0. **Spans**: gold ACTOR / RECIPIENT "
        "spans (ACTOR_RECIPIENT counts as both) against the chosen event's source / target; a "
        "predicted actor is right when any of its mentions in the sentence overlaps an unmatched "
        "gold span of that role (precision over predicted actors, recall over gold spans)."
    )
    source = (
        "Data: Multi-CoPED (AIES 2022, doi:10.1145/3514094.3534178) via eventdata/ConfliBERT "
        "(GPL-3.0 "
        "repository; sentences excerpted from news), read from the shared reference folder at "
        "evaluation time."
    )
    partial = (f"\n\n**Partial run: first {results['limit']} test sentences only.**"
               if results.get("limit") else "")
    return f"{intro}{partial}\n\n{harness.markdown_tables(results)}\n\n{source}\n"


SUITES = (
    Suite(
        name="multicoped",
        title="Multi-CoPED: quad class and actor / recipient spans",
        run=run,
        markdown=markdown,
    ),
)
