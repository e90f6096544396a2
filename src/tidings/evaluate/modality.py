"""Modality measured on a team-written set: is each event asserted, negated, hypothetical, future?

``data/modality.jsonl`` holds sentences written by the tidings team for this purpose (original,
invented or paraphrased news style; no corpus text). Each line names one event trigger of its
sentence and the gold modality of that event::

    {"id": "denial-01", "category": "denial", "topic": "conflict", "text": "...",
     "trigger": "striking", "modality": "negated"}

``category`` says what the line tests (negation, conditional, modal, future, denial, question,
hedged, asserted controls); the gold label is one of ``tidings.records.MODALITIES``. A sentence
may appear on several lines with different triggers ("denied" asserted, "striking" negated).

Two splits: the lines without ``split`` (*dev*) were written before the rules were tuned and the
rules were then improved while looking at them; the lines with ``"split": "heldout"`` were
written after that tuning and scored once, never tuned on, so their figure is the honest one.

Two readings are scored:

* **predicate** (the headline figure): the sentence is parsed, the trigger token is found, and
  :func:`tidings.extract.modality.read_modality` labels it. This isolates modality from actor and
  event coding: every line is scored.
* **end to end**: the sentence is coded by the full coder; the events whose trigger is that token
  give the label (an asserted one wins when several do). A trigger with no event is counted as
  *not coded*; per-class figures are over the coded ones, and coverage is reported.

The set was written before the rules were tuned on it, and rules are general (cue words, parse
relations), never keyed to its sentences. It is small: treat figures as a regression floor and a
map of what is handled, not as an estimate of accuracy on news at large.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tidings.evaluate.registry import Suite
from tidings.records import ASSERTED, FUTURE, HYPOTHETICAL, MODALITIES, NEGATED

DATA_FILE = Path(__file__).resolve().parent / "data" / "modality.jsonl"
LABELS = (ASSERTED, NEGATED, HYPOTHETICAL, FUTURE)  # the gold set uses these four
PUBLISHED = dt.date(2024, 5, 17)  # any fixed date: modality does not depend on it
DEV, HELDOUT = "dev", "heldout"
STANCE_CUE = "stance"  # events.py marks the asserted stance it derives from an event
CATEGORY_ORDER = ("negation", "conditional", "modal", "future", "denial", "question", "hedged",
                  "asserted")


class ModalitySetError(ValueError):
    """A malformed line of the modality set (names the file and line)."""


def load_items(path: Path | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """The gold lines, validated: each needs text, trigger (a word of the text) and a label."""
    path = Path(path) if path else DATA_FILE
    if path.is_dir():
        path = path / "modality.jsonl"
    items: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ModalitySetError(f"{path}:{lineno}: not JSON ({exc.msg})") from exc
            for key in ("id", "text", "trigger", "modality", "category"):
                if not isinstance(item.get(key), str) or not item[key]:
                    raise ModalitySetError(f"{path}:{lineno}: missing or empty field {key!r}")
            if item["modality"] not in MODALITIES:
                raise ModalitySetError(
                    f"{path}:{lineno}: modality {item['modality']!r} is not one of {MODALITIES}")
            items.append(item)
            if limit is not None and len(items) >= limit:
                break
    return items


def _trigger_token(doc, trigger: str):
    """The first token whose text is the trigger word (case-insensitive)."""
    want = trigger.lower()
    for token in doc:
        if token.lower_ == want:
            return token
    return None


def _prf(confusion: Mapping[tuple[str, str], int], labels: tuple[str, ...]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for label in labels:
        tp = confusion.get((label, label), 0)
        predicted = sum(n for (g, p), n in confusion.items() if p == label)
        gold = sum(n for (g, p), n in confusion.items() if g == label)
        precision = tp / predicted if predicted else None
        recall = tp / gold if gold else None
        f1 = (2 * precision * recall / (precision + recall)
              if precision and recall else (0.0 if predicted and gold else None))
        out[label] = {"gold": gold, "predicted": predicted, "correct": tp,
                      "precision": precision, "recall": recall, "f1": f1}
    return out


def _split_summary(confusion: Mapping[tuple[str, str], int]) -> dict[str, Any]:
    n = sum(confusion.values())
    correct = sum(k for (g, p), k in confusion.items() if g == p)
    return {"n": n, "correct": correct, "accuracy": correct / n if n else None,
            "per_class": _prf(confusion, LABELS)}


def evaluate(data_dir: Path | None = None, limit: int | None = None, *, coder=None
             ) -> dict[str, Any]:
    """Score both readings on the set; returns plain data (see ``markdown_section``)."""
    from tidings.api import get_coder
    from tidings.extract.modality import read_modality
    from tidings.records import Article

    coder = coder or get_coder()
    items = load_items(data_dir, limit)
    texts = sorted({item["text"] for item in items})
    docs = dict(zip(texts, coder.nlp.pipe(texts), strict=True))
    results: dict[str, Any] = {"n": len(items), "sentences": len(texts), "model": coder.model_name}
    confusion: Counter[tuple[str, str]] = Counter()
    split_confusion: dict[str, Counter[tuple[str, str]]] = {}
    e2e_confusion: Counter[tuple[str, str]] = Counter()
    by_category: dict[str, Counter[str]] = {}
    not_coded = 0
    errors = []
    coded_cache: dict[str, Any] = {}
    for item in items:
        doc = docs[item["text"]]
        gold = item["modality"]
        token = _trigger_token(doc, item["trigger"])
        if token is None:
            raise ModalitySetError(f"{item['id']}: trigger {item['trigger']!r} not in its text")
        reading = read_modality(token, coder.events_lexicon)
        predicted = reading.label
        confusion[(gold, predicted)] += 1
        split_confusion.setdefault(item.get("split", DEV), Counter())[(gold, predicted)] += 1
        tally = by_category.setdefault(item["category"], Counter())
        tally["n"] += 1
        tally["correct"] += predicted == gold
        if item["text"] not in coded_cache:
            article = Article(text=item["text"], published=PUBLISHED)
            coded_cache[item["text"]] = coder.code_doc(doc, article)
        events = [e for e in coded_cache[item["text"]].events
                  if e.evidence.trigger is not None and e.evidence.trigger.start == token.idx]
        # A stance event ("will not meet" -> an asserted refusal) is derived from the event at
        # the same trigger; the event itself is what carries the trigger's modality.
        events = [e for e in events if STANCE_CUE not in e.evidence.cues] or events
        e2e = None
        if events:
            labels = Counter(e.modality for e in events)
            e2e = labels.most_common(1)[0][0]
            e2e_confusion[(gold, e2e)] += 1
        else:
            not_coded += 1
        if predicted != gold or (e2e is not None and e2e != gold):
            errors.append({"id": item["id"], "text": item["text"], "trigger": item["trigger"],
                           "gold": gold, "predicted": predicted, "end_to_end": e2e,
                           "cues": list(reading.cues)})
    correct = sum(n for (g, p), n in confusion.items() if g == p)
    results["predicate"] = {
        "accuracy": correct / len(items) if items else None,
        "correct": correct,
        "per_class": _prf(confusion, LABELS),
        "confusion": {f"{g}|{p}": n for (g, p), n in sorted(confusion.items())},
        "by_category": {c: {"n": t["n"], "correct": t["correct"],
                            "accuracy": t["correct"] / t["n"]} for c, t in by_category.items()},
        "by_split": {name: _split_summary(c) for name, c in sorted(split_confusion.items())},
    }
    coded = sum(e2e_confusion.values())
    e2e_correct = sum(n for (g, p), n in e2e_confusion.items() if g == p)
    results["end_to_end"] = {
        "coded": coded,
        "not_coded": not_coded,
        "accuracy_on_coded": e2e_correct / coded if coded else None,
        "correct": e2e_correct,
        "per_class": _prf(e2e_confusion, LABELS),
    }
    results["errors"] = errors
    return results


def _p(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def markdown_section(results: Mapping[str, Any]) -> str:
    """The body of the "Modality" section of docs/ACCURACY.md."""
    pred, e2e = results["predicate"], results["end_to_end"]
    lines = [
        (f"Team-written set `src/tidings/evaluate/data/modality.jsonl`: {results['n']} event "
         f"triggers in {results['sentences']} sentences written by the tidings team (original "
         "news-style sentences across outlets and topics). Gold: the trigger word and its "
         "modality. The *dev* lines were written before the rules were tuned, and the rules were "
         "then improved on them (general cue words and parse relations, never their sentences); "
         "the *held-out* lines were written after that and scored once: their figure is the "
         f"estimate to quote. Model `{results['model']}`."),
        "",
        (f"**Per predicate** (`read_modality` on the gold trigger): accuracy "
         f"**{_p(pred['accuracy'])}** ({pred['correct']}/{results['n']}) over all lines."),
        "",
        "| split | lines | accuracy | " + " | ".join(f"{lb} P / R" for lb in LABELS) + " |",
        "|---|---|---|" + "---|" * len(LABELS),
    ]
    for name, split in pred.get("by_split", {}).items():
        label = {DEV: "dev (written first, then tuned on)",
                 HELDOUT: "held out (written after tuning, never tuned on)"}.get(name, name)
        cells = [f"{_p(split['per_class'][lb]['precision'])} / {_p(split['per_class'][lb]['recall'])}"
                 for lb in LABELS]
        lines.append(f"| {label} | {split['n']} | **{_p(split['accuracy'])}** | " + " | ".join(cells) + " |")
    lines += [
        "",
        "All lines, per class:",
        "",
        "| class | gold | predicted | precision | recall | F1 |",
        "|---|---|---|---|---|---|",
    ]
    for label in LABELS:
        m = pred["per_class"][label]
        lines.append(f"| {label} | {m['gold']} | {m['predicted']} | {_p(m['precision'])} "
                     f"| {_p(m['recall'])} | {_p(m['f1'])} |")
    predicted_labels = sorted({k.split("|")[1] for k in pred["confusion"]} | set(LABELS),
                              key=lambda x: (x not in LABELS, LABELS.index(x) if x in LABELS else 0, x))
    lines += ["", "Confusion (rows gold, columns predicted):", "",
              "| gold \\ predicted | " + " | ".join(predicted_labels) + " |",
              "|---|" + "---|" * len(predicted_labels)]
    for gold in LABELS:
        cells = [str(pred["confusion"].get(f"{gold}|{p}", 0)) for p in predicted_labels]
        lines.append(f"| {gold} | " + " | ".join(cells) + " |")
    lines += ["", "By what the line tests:", "", "| category | lines | accuracy |", "|---|---|---|"]
    cats = pred["by_category"]
    for cat in sorted(cats, key=lambda c: (CATEGORY_ORDER.index(c) if c in CATEGORY_ORDER else 99, c)):
        lines.append(f"| {cat} | {cats[cat]['n']} | {_p(cats[cat]['accuracy'])} |")
    lines += [
        "",
        (f"**End to end** (the full coder; the event at the trigger): {e2e['coded']} of "
         f"{results['n']} triggers coded as events (the rest lack a lexicon pattern or an actor), "
         f"and {_p(e2e['accuracy_on_coded'])} of those carry the gold modality. Per class on the "
         "coded ones: " + ", ".join(
             f"{label} P {_p(e2e['per_class'][label]['precision'])} / "
             f"R {_p(e2e['per_class'][label]['recall'])}" for label in LABELS) + "."),
        "",
        ("Labels: hedged reports (\"reportedly\", \"allegedly\", \"is said to\") and allegations "
         "are *hypothetical* (cue recorded in `evidence.cues`); denials negate the denied act "
         "(the denial itself stays asserted); yes/no and embedded questions (\"whether\") are "
         "hypothetical, while wh-questions (\"why did X expel Y?\") presuppose the act."),
        "",
    ]
    return "\n".join(lines)


def print_table(results: Mapping[str, Any]) -> None:
    print(markdown_section(results))


def run(limit: int | None = None, data_dir: Path | None = None) -> dict[str, Any]:
    """The suite entry point. ``data_dir`` is the harness's reference folder: the set is ours and
    ships with the package, so a folder is used only when it holds a ``modality.jsonl``."""
    own = Path(data_dir) / "modality.jsonl" if data_dir else None
    return evaluate(own if own is not None and own.exists() else None, limit)


SUITES = (Suite(name="modality", title="Modality (team-written set)", run=run,
                markdown=markdown_section),)


def main() -> None:  # pragma: no cover - manual entry point
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", action="store_true", help="list the misses")
    ap.add_argument("--write", action="store_true", help="regenerate the docs/ACCURACY.md section")
    args = ap.parse_args()
    results = run()
    print_table(results)
    if args.errors:
        for err in results["errors"]:
            print(json.dumps(err, ensure_ascii=False))
    if args.write:
        from tidings.sections import write_section

        write_section(Path("docs/ACCURACY.md"), "modality", SUITES[0].title,
                      markdown_section(results))


if __name__ == "__main__":  # pragma: no cover
    main()
