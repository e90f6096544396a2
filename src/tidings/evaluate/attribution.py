"""Who said it: quotes and speakers scored on the team-written attribution set.

``data/attribution.jsonl`` holds short passages written by the tidings team (original text,
invented people and organisations beside a few real institutions), one per line::

    {"id", "tags", "text", "outlet",
     "quotes":   [{"text", "speaker" | null, "kind", "anonymous", "n"}],
     "indirect": [{"cue", "speaker", "content", "anonymous"}],
     "chains":   {"quote start": ["reporter", ..., "speaker"]}}     (optional)

A gold quote is the content between one pair of quotation marks (``n``: which occurrence of the
text); ``speaker`` is null where nobody in the passage said the words (scare quotes, signs,
slogans) and the quote must stay unattributed. Titles and code names in quotation marks are not
quotes and are not listed. The first 106 passages were written before the extractor was tuned; 25
more (tag ``round-2``) after its first round and 20 (tag ``round-3``) after its second, each
batch scored once before its failures were studied (``HISTORY``). The rules are not keyed to the
set's sentences.

Scores:

- *direct quotes*: tidings' direct and partial quotes against the gold spans, matched one to one
  when their character spans overlap with Jaccard >= 0.5 (precision, recall; exact-span rate);
- *speaker accuracy*: on matched quotes, the speaker is right (an unattributed gold quote must be
  unattributed); names match when one is a word-suffix of the other after cutting post-modifiers
  ("a source close to the minister" ~ "source"), so "Okonjo" matches "Adaeze Okonjo" but
  "prime minister" does not match "source close to the prime minister";
- *anonymous*: gold anonymous sources flagged anonymous, and named speakers wrongly flagged;
- *indirect speech*: gold reported-speech attributions found (same cue word, content overlapping)
  and their speakers right; the set does not list every indirect attribution, so no precision;
- *reporting chains*: where the gold gives one, tidings' chain ends with it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "attribution.jsonl"
JACCARD = 0.5
FLOORS = {"precision": 0.95, "recall": 0.90, "speaker_accuracy": 0.90}
# Measured while the set was written (see ``markdown``): the first 106 passages with the quote
# extractor of the core coder, before any tuning; the 25 round-2 passages with the attribution
# extractor after its first round, before their failures were looked at.
HISTORY = {
    "first_items": 106, "first_precision": "97.4% (111/114)", "first_recall": "99.1% (111/112)",
    "first_speaker": "73.0% (81/111)", "second_items": 25, "second_speaker": "83.3% (20/24)",
    "second_pr": "100% (24/24)", "third_items": 20, "third_speaker": "90.5% (19/21)",
    "third_precision": "100% (21/21)", "third_recall": "95.5% (21/22)",
}
_CUT_WORDS = {
    "with", "of", "for", "at", "from", "familiar", "close", "who", "which", "that", "in", "on",
    "to", "by", "and",
}
_LEADING = {"the", "a", "an", "one", "two", "three", "some", "several", "mr", "mrs", "ms", "dr"}


def load_items(path: Path | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    items = []
    with Path(path or DATA).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                items.append(json.loads(line))
            if limit is not None and len(items) >= limit:
                break
    return items


def gold_span(text: str, quote: str, n: int = 0) -> tuple[int, int]:
    """Offsets of the ``n``-th occurrence of ``quote`` in ``text``."""
    start = -1
    for _ in range(n + 1):
        start = text.find(quote, start + 1)
        if start < 0:
            raise ValueError(f"gold quote not in its passage: {quote!r}")
    return start, start + len(quote)


def _words(name: str) -> list[str]:
    name = name.replace("\u2019", "'").lower()
    name = re.sub(r"'s\b", "", name)
    return [w for w in re.findall(r"[\w'.-]+", name) if w not in (".",)]


def _core(name: str) -> list[str]:
    """The name up to its first post-modifier, without leading determiners and numerals."""
    words = _words(name)
    while words and words[0] in _LEADING:
        words = words[1:]
    for i, word in enumerate(words):
        if word in _CUT_WORDS and i > 0:
            return words[:i]
    return words


def names_match(predicted: str | None, gold: str | None) -> bool:
    """Same speaker: both none, or one core name a word-suffix of the other."""
    if predicted is None or gold is None:
        return predicted is None and gold is None
    p, g = _core(predicted), _core(gold)
    if not p or not g:
        return False
    short, long = (p, g) if len(p) <= len(g) else (g, p)
    return long[-len(short):] == short


def _jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    exact: int = 0
    speaker_right: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


def _speaker_name(quote: Any) -> str | None:
    return quote.speaker.name if quote.speaker is not None else None


def score_item(item: dict[str, Any], quotes: Iterable[Any], totals: dict[str, Any]) -> None:
    """Add one passage's comparison to ``totals`` (see ``evaluate``)."""
    text = item["text"]
    quotes = list(quotes)
    direct = [q for q in quotes if q.kind != "indirect"]
    indirect = [q for q in quotes if q.kind == "indirect"]
    t: Tally = totals["direct"]
    t.gold += len(item["quotes"])
    t.predicted += len(direct)
    unused = list(direct)
    for gold in item["quotes"]:
        span = gold_span(text, gold["text"], gold.get("n", 0))
        best = max(unused, key=lambda q: _jaccard(span, (q.start, q.end)), default=None)
        if best is None or _jaccard(span, (best.start, best.end)) < JACCARD:
            t.errors.append({"item": item["id"], "error": "missed", "gold": gold["text"]})
            continue
        unused.remove(best)
        t.matched += 1
        t.exact += (best.start, best.end) == span
        name = _speaker_name(best)
        if names_match(name, gold["speaker"]):
            t.speaker_right += 1
        else:
            t.errors.append({"item": item["id"], "error": "speaker", "quote": gold["text"][:60],
                             "gold": gold["speaker"], "predicted": name})
        kind_tally = totals["kind"]
        kind_tally["n"] += 1
        kind_tally["right"] += best.kind == gold.get("kind", "direct")
        anon = totals["anonymous"]
        flagged = bool(getattr(best, "anonymous", False))
        if gold.get("anonymous"):
            anon["gold"] += 1
            anon["flagged"] += flagged
        elif gold["speaker"] is not None:
            anon["named"] += 1
            anon["false_flags"] += flagged
    for extra in unused:
        t.errors.append({"item": item["id"], "error": "spurious", "predicted": extra.text[:60],
                         "speaker": _speaker_name(extra)})

    it: Tally = totals["indirect"]
    it.gold += len(item["indirect"])
    it.predicted += len(indirect)
    for gold in item["indirect"]:
        c_start = text.find(gold["content"])
        span = (c_start, c_start + len(gold["content"]))
        hits = [
            q for q in indirect
            if (q.cue or "").lower() == gold["cue"].lower() and _jaccard(span, (q.start, q.end)) > 0
        ]
        if not hits:
            it.errors.append({"item": item["id"], "error": "missed", "cue": gold["cue"],
                              "gold": gold["content"][:60]})
            continue
        best = max(hits, key=lambda q: _jaccard(span, (q.start, q.end)))
        it.matched += 1
        if names_match(_speaker_name(best), gold["speaker"]):
            it.speaker_right += 1
        else:
            it.errors.append({"item": item["id"], "error": "speaker", "cue": gold["cue"],
                              "gold": gold["speaker"], "predicted": _speaker_name(best)})
        anon = totals["anonymous"]
        flagged = bool(getattr(best, "anonymous", False))
        if gold.get("anonymous"):
            anon["gold"] += 1
            anon["flagged"] += flagged
        else:
            anon["named"] += 1
            anon["false_flags"] += flagged

    for start, chain in (item.get("chains") or {}).items():
        totals["chains"]["n"] += 1
        found = next((q for q in direct if text[q.start:q.end].startswith(start)), None)
        got = list(getattr(found, "reporting_chain", ()) or ()) if found else []
        if len(got) >= len(chain) and all(
            names_match(p, g) for p, g in zip(got[-len(chain):], chain, strict=True)
        ):
            totals["chains"]["right"] += 1
        else:
            totals["errors_chain"].append({"item": item["id"], "gold": chain, "predicted": got})


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def evaluate(data: Path | None = None, limit: int | None = None, *, show: bool = False) -> dict[str, Any]:
    """Code every passage with the default coder and score it; returns plain figures."""
    from tidings.api import get_coder
    from tidings.records import Article

    items = load_items(data, limit)
    coder = get_coder()
    articles = [Article(text=i["text"], outlet=i.get("outlet")) for i in items]
    totals: dict[str, Any] = {
        "direct": Tally(), "indirect": Tally(), "kind": {"n": 0, "right": 0},
        "anonymous": {"gold": 0, "flagged": 0, "named": 0, "false_flags": 0},
        "chains": {"n": 0, "right": 0}, "errors_chain": [],
    }
    for item, result in zip(items, coder.code_many(articles), strict=True):
        score_item(item, result.quotes, totals)
    d: Tally = totals["direct"]
    ind: Tally = totals["indirect"]
    anon = totals["anonymous"]
    results = {
        "passages": len(items),
        "direct": {
            "gold": d.gold, "predicted": d.predicted, "matched": d.matched, "exact": d.exact,
            "precision": _ratio(d.matched, d.predicted), "recall": _ratio(d.matched, d.gold),
            "speaker_accuracy": _ratio(d.speaker_right, d.matched),
            "speaker_right": d.speaker_right,
            "kind_accuracy": _ratio(totals["kind"]["right"], totals["kind"]["n"]),
        },
        "indirect": {
            "gold": ind.gold, "predicted": ind.predicted, "matched": ind.matched,
            "recall": _ratio(ind.matched, ind.gold),
            "speaker_accuracy": _ratio(ind.speaker_right, ind.matched),
            "speaker_right": ind.speaker_right,
        },
        "anonymous": {**anon, "recall": _ratio(anon["flagged"], anon["gold"]),
                      "false_flag_rate": _ratio(anon["false_flags"], anon["named"])},
        "chains": {**totals["chains"], "accuracy": _ratio(totals["chains"]["right"], totals["chains"]["n"])},
        "errors": d.errors + ind.errors + totals["errors_chain"],
    }
    if show:
        print(markdown(results))
    return results


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def markdown(results: dict[str, Any]) -> str:
    """The body of the attribution section of docs/ACCURACY.md."""
    d, ind, anon, ch = results["direct"], results["indirect"], results["anonymous"], results["chains"]
    lines = [
        (
            f"The team-written attribution set (`src/tidings/evaluate/data/attribution.jsonl`, "
            f"{results['passages']} original passages: post-posed speakers, 'according to', nested "
            "quotes, quotes across paragraphs, anonymous sources, scare quotes and slogans that must "
            "stay unattributed, titles in quotation marks that are not quotes), coded end to end "
            "by the default pipeline."
        ),
        "",
        "| measure | value | floor |",
        "|---|---|---|",
        (f"| direct-quote precision (Jaccard >= {JACCARD}) | **{_pct(d['precision'])}** "
        f"({d['matched']}/{d['predicted']}) | {FLOORS['precision']:.2f} |"),
        (f"| direct-quote recall | **{_pct(d['recall'])}** ({d['matched']}/{d['gold']}) | "
        f"{FLOORS['recall']:.2f} |"),
        f"| exact quote spans, of matched | {_pct(_ratio(d['exact'], d['matched']))} | |",
        (f"| speaker accuracy, matched quotes | **{_pct(d['speaker_accuracy'])}** "
        f"({d['speaker_right']}/{d['matched']}) | {FLOORS['speaker_accuracy']:.2f} |"),
        f"| direct / partial kind right | {_pct(d['kind_accuracy'])} | |",
        f"| indirect speech found (cue + content) | {_pct(ind['recall'])} ({ind['matched']}/{ind['gold']}) | |",
        (f"| indirect speech, speaker right | {_pct(ind['speaker_accuracy'])} "
        f"({ind['speaker_right']}/{ind['matched']}) | |"),
        f"| anonymous sources flagged | {_pct(anon['recall'])} ({anon['flagged']}/{anon['gold']}) | |",
        (f"| named speakers wrongly flagged anonymous | {_pct(anon['false_flag_rate'])} "
        f"({anon['false_flags']}/{anon['named']}) | |"),
        f"| reporting chains right | {_pct(ch['accuracy'])} ({ch['right']}/{ch['n']}) | |",
        "",
        (
            "How far to trust these figures: the rules were tuned on this set (none is keyed to "
            "one of its sentences), so the figures above are in-sample. Before tuning, "
            f"{HISTORY['first_items']} passages were written and scored with the extractor then "
            f"in place: precision {HISTORY['first_precision']}, recall {HISTORY['first_recall']}, "
            f"speaker accuracy {HISTORY['first_speaker']}. After the first round, "
            f"{HISTORY['second_items']} further passages (tag `round-2`) were written and scored "
            f"once before their failures were looked at: speaker accuracy "
            f"{HISTORY['second_speaker']}, precision and recall {HISTORY['second_pr']}. After "
            f"the second round, {HISTORY['third_items']} more (tag `round-3`), scored the same "
            f"way: speaker accuracy {HISTORY['third_speaker']}, precision "
            f"{HISTORY['third_precision']}, recall {HISTORY['third_recall']}. Those out-of-sample "
            "figures are the better guide to unseen text."
        ),
        "",
        (
            "For scale (different data, not comparable one to one): textacy's direct-quote "
            "extractor measures P 0.98, R 0.71 on the PolNeAR test split (project field notes)."
        ),
        "",
    ]
    return "\n".join(lines)


def _suite_run(limit: int | None = None, data_dir: Path | None = None) -> dict[str, Any]:
    """Registry entry; the set ships with tidings, so ``data_dir`` is not used."""
    return evaluate(None, limit)


def _suites() -> tuple:
    from tidings.evaluate.registry import Suite

    return (Suite("attribution", "Quotes and speakers (team-written attribution set)", _suite_run,
                  markdown),)


SUITES = _suites()


def main() -> None:  # pragma: no cover - manual entry point
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--errors", action="store_true", help="list the misses")
    args = ap.parse_args()
    results = evaluate(None, args.limit, show=True)
    if args.errors:
        for err in results["errors"]:
            print(json.dumps(err, ensure_ascii=False))


if __name__ == "__main__":  # pragma: no cover
    main()
