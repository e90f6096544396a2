"""PLOVER gold-standard records (the CAMEO manual's examples, hand-coded in PLOVER): event type,
actor and recipient.

Gold: ``plover/plover_gsr_cameo_manual.jsonl`` in the shared reference folder (322 records, one
event each, CC BY-SA 4.0, read at run time). Each sentence is coded on its own as an article
published 2000-01-01, exactly as ``tidings.code_text`` codes it.

**Which predicted event is compared.** The first asserted event of the sentence (reading order:
sentence, then trigger offset) that has a PLOVER type. CAMEO 01/02 (statements, appeals) have no
PLOVER type and are passed over; a sentence with no such event is wrong on every measure. No
other choice is made: the coder's own reading order decides, never the gold.

**Event type**: accuracy, per-type precision/recall/F1, and the confusion table.

**Actor and recipient**: the chosen event's source (target) is compared with the gold ``actors``
(``recipients``) list; it is right when it matches *any* gold entry:

- *country*: the PLOVER country of the predicted actor equals the gold code. The gold uses three
  CAMEO-era country codes (JAP, ITL, VTN: read as JPN, ITA, VNM) and codes every international
  organisation IGO, as PLOVER 0.5b1 did (so gold IGO accepts IGO, UNO and EUR);
- *country + sector*: as above, and where the gold gives a PLOVER sector (the first three letters
  of its sector cell: ``CVLalb`` is CVL; ``CIV`` is read as CVL), that sector is among the
  predicted actor's sectors. Gold cells that are not PLOVER sectors (``***``, religion codes such
  as MOS) ask for the country only.

Actor accuracy counts every record with a gold actor; recipient accuracy every record with a gold
recipient. A missing event or a missing target is wrong.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tidings.evaluate import harness
from tidings.evaluate.registry import Suite, data_path
from tidings.records import Actor, ArticleResult, Event

GOLD_FILE = ("plover", "plover_gsr_cameo_manual.jsonl")
PUBLISHED = "2000-01-01"
NONE = "none"
EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE",
    "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN",
    "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT",
)  # fmt: skip
PLOVER_SECTORS = frozenset({
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS",
    "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC",
})  # fmt: skip
# CAMEO-era country codes in the gold, read as ISO-3.
GOLD_COUNTRY_ALIASES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
GOLD_SECTOR_ALIASES = {"CIV": "CVL"}
INTERNATIONAL_ORGANISATIONS = frozenset({"IGO", "UNO", "EUR"})


def load_records(data_dir: Path | None = None, limit: int | None = None) -> list[dict]:
    path = data_path(data_dir, *GOLD_FILE)
    records = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                records.append(json.loads(line))
            if limit is not None and len(records) >= limit:
                break
    return records


def chosen_event(result: ArticleResult | None) -> Event | None:
    """The first asserted event with a PLOVER type (events come in reading order)."""
    if result is None:
        return None
    for event in result.events:
        if event.asserted and event.plover_type:
            return event
    return None


def _gold_country(code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().upper()
    return GOLD_COUNTRY_ALIASES.get(code, code)


def _gold_sector(sector: str | None) -> str | None:
    if not sector:
        return None
    head = GOLD_SECTOR_ALIASES.get(sector[:3].upper(), sector[:3].upper())
    return head if head in PLOVER_SECTORS else None


def country_matches(actor: Actor | None, gold: Mapping[str, Any]) -> bool:
    if actor is None or not actor.country:
        return False
    want = _gold_country(gold.get("code"))
    have = actor.country.upper()
    if want == "IGO":
        return have in INTERNATIONAL_ORGANISATIONS
    return have == want


def actor_matches(actor: Actor | None, gold: Mapping[str, Any]) -> bool:
    """Country as above, and the gold's PLOVER sector (if it names one) among the actor's."""
    if not country_matches(actor, gold):
        return False
    sector = _gold_sector(gold.get("sector"))
    return sector is None or sector in {s.upper() for s in actor.sectors}


def _side(actor: Actor | None, golds: Sequence[Mapping[str, Any]]) -> tuple[bool, bool]:
    return (
        any(country_matches(actor, g) for g in golds),
        any(actor_matches(actor, g) for g in golds),
    )


def run(limit: int | None = None, data_dir: Path | None = None) -> dict[str, Any]:
    records = load_records(data_dir, limit)
    coded = harness.code_sentences([r["text"] for r in records], published=PUBLISHED)
    gold_types: list[str] = []
    predicted_types: list[str] = []
    sides = {"actor": Counter(), "recipient": Counter()}
    per_record = []
    for record, result in zip(records, coded.results):
        labels = record["labels"]
        event = chosen_event(result)
        predicted = event.plover_type if event else NONE
        gold_types.append(labels["event"])
        predicted_types.append(predicted)
        row = {"id": record["id"], "gold": labels["event"], "predicted": predicted,
               "trigger": event.evidence.trigger.text if event and event.evidence.trigger else None,
               "code": event.cameo_code if event else None}
        for side, key, actor in (
            ("actor", "actors", event.source if event else None),
            ("recipient", "recipients", event.target if event else None),
        ):
            golds = labels.get(key) or []
            if not golds:
                continue
            country_ok, full_ok = _side(actor, golds)
            sides[side]["n"] += 1
            sides[side]["country"] += country_ok
            sides[side]["country_sector"] += full_ok
            if event is not None:
                sides[side]["n_with_event"] += 1
                sides[side]["country_with_event"] += country_ok
                sides[side]["country_sector_with_event"] += full_ok
            row[side] = {"predicted": [actor.country, list(actor.sectors)] if actor else None,
                         "country": country_ok, "country_sector": full_ok}
        per_record.append(row)

    report = harness.classification_report(gold_types, predicted_types, EVENT_TYPES)
    results: dict[str, Any] = {
        "suite": "plover-gsr",
        "records": len(records),
        "limit": limit,
        "coding_errors": coded.errors,
        "coding_seconds": round(coded.seconds, 2),
        "event_type": report,
        "with_event": sum(1 for p in predicted_types if p != NONE),
        "actor": _side_figures(sides["actor"]),
        "recipient": _side_figures(sides["recipient"]),
        "per_record": per_record,
    }
    results["summary"] = _summary(results)
    results["tables"] = _tables(results, gold_types, predicted_types)
    return results


def _side_figures(c: Counter) -> dict[str, Any]:
    return {
        "n": c["n"],
        "country": harness.ratio(c["country"], c["n"]),
        "country_sector": harness.ratio(c["country_sector"], c["n"]),
        "country_correct": c["country"],
        "country_sector_correct": c["country_sector"],
        "n_with_event": c["n_with_event"],
        "country_with_event": harness.ratio(c["country_with_event"], c["n_with_event"]),
        "country_sector_with_event": harness.ratio(c["country_sector_with_event"],
                                                   c["n_with_event"]),
    }


def _summary(results: Mapping[str, Any]) -> list[list[str]]:
    et, n = results["event_type"], results["records"]
    rows = [
        ["records", str(n)],
        ["sentences with a chosen event",
         f"{results['with_event']} ({harness.pct(harness.ratio(results['with_event'], n))})"],
        ["event-type accuracy", f"{harness.num(et['accuracy'])} ({et['correct']}/{et['n']})"],
        ["event-type macro-F1 (16 types)", harness.num(et["macro_f1"])],
    ]  # fmt: skip
    for side in ("actor", "recipient"):
        f = results[side]
        rows.append([f"{side}: country accuracy (n={f['n']})", harness.num(f["country"])])
        rows.append([f"{side}: country + sector accuracy", harness.num(f["country_sector"])])
        rows.append([f"{side}: country + sector, where an event was chosen (n={f['n_with_event']})",
                     harness.num(f["country_sector_with_event"])])
    return rows


def _tables(results: Mapping[str, Any], gold: list[str], predicted: list[str]) -> list[dict]:
    report = results["event_type"]
    per_type = []
    for label in EVENT_TYPES:
        row = report["per_label"][label]
        per_type.append([label, row["support"], row["predicted"], row["tp"],
                         harness.num(row["precision"]), harness.num(row["recall"]),
                         harness.num(row["f1"])])
    present = [t for t in EVENT_TYPES if t in set(gold)]
    predicted_labels = [t for t in EVENT_TYPES if t in set(predicted)] + (
        [NONE] if NONE in predicted else [])
    heads = [p[:4] if p != NONE else NONE for p in predicted_labels]
    return [
        harness.table("Per event type", ["type", "gold", "predicted", "correct", "P", "R", "F1"],
                      per_type),
        harness.table(
            "Confusion (rows: gold; columns: predicted, first four letters; none = no event)",
            ["gold \\ predicted", *heads],
            harness.confusion_rows(report, present, predicted_labels),
        ),
    ]


def markdown(results: Mapping[str, Any]) -> str:
    intro = (
        "The PLOVER gold-standard records: the CAMEO manual's example sentences, hand-coded in "
        "PLOVER 0.5b1 (one event each; types renamed to current PLOVER). Each sentence is coded "
        "alone as an article published 2000-01-01. **The compared event** is the first asserted "
        "event (reading order) with a PLOVER type; a sentence with none is wrong on every "
        "measure. **Actor / recipient**: the chosen event's source / target matches when its "
        "PLOVER country equals a gold entry's code (gold JAP, ITL, VTN read as JPN, ITA, VNM; gold "
        "IGO accepts IGO, UNO, EUR) and, where that entry names a PLOVER sector (first three "
        "letters; CIV read as CVL), the sector is among the actor's sectors. Denominators: every "
        "record with a gold actor (recipient)."
    )
    source = (
        "Data: PLOVER gold-standard records (openeventdata/PLOVER, CC BY-SA 4.0), read from the "
        "shared reference folder at evaluation time."
    )
    partial = (f"\n\n**Partial run: first {results['limit']} records only.**"
               if results.get("limit") else "")
    return f"{intro}{partial}\n\n{harness.markdown_tables(results)}\n\n{source}\n"


SUITES = (
    Suite(
        name="plover-gsr",
        title="PLOVER gold-standard records: event type, actor, recipient",
        run=run,
        markdown=markdown,
    ),
)
