"""Accuracy floors on the public gold sets: the figures may rise, never silently fall.

Each suite runs exactly as `tidings evaluate` runs it, on its full fixed data (the coding is fast:
a few seconds per suite on one core), and the floors sit just under what was measured when they
were last raised (docs/ACCURACY.md has the full tables). Deterministic: same data, same model,
same lexicons, same figures. Skipped only when the shared gold data is not beside the checkout.
Nothing here is timed.
"""

from __future__ import annotations

import pytest

from tidings.paths import reference_dir, seed_dir

GSR = reference_dir() / "plover" / "plover_gsr_cameo_manual.jsonl"
MULTICOPED = reference_dir() / "plover" / "cameo_multicoped_en.jsonl"
CODER_ROUNDS = reference_dir() / "plover" / "cameo_conflibert_coder_rounds_en.jsonl"
MEANTIME = reference_dir() / "dates" / "meantime_en" / "meantime_en.jsonl"
SEED = seed_dir() / "000_efc33bd0dc2ac6e5.txt"


def needs(path):
    return pytest.mark.skipif(not path.exists(), reason=f"gold data not found: {path}")


@pytest.fixture(scope="module")
def gsr():
    from tidings.evaluate import plover_gsr

    return plover_gsr.run()


@pytest.fixture(scope="module")
def multicoped():
    from tidings.evaluate import multicoped

    return multicoped.run()


@needs(GSR)
def test_plover_gsr_event_type(gsr):
    assert gsr["records"] == 322 and not gsr["coding_errors"]
    assert gsr["event_type"]["accuracy"] >= 0.75
    assert gsr["event_type"]["macro_f1"] >= 0.75


@needs(GSR)
def test_plover_gsr_actor_and_recipient(gsr):
    assert gsr["actor"]["n"] == 321 and gsr["recipient"]["n"] == 288
    assert gsr["actor"]["country"] >= 0.59
    assert gsr["actor"]["country_sector"] >= 0.52
    assert gsr["recipient"]["country"] >= 0.38
    assert gsr["recipient"]["country_sector"] >= 0.32


@needs(MULTICOPED)
def test_multicoped_quad_class(multicoped):
    assert multicoped["records"] == 450 and not multicoped["coding_errors"]
    assert multicoped["quad_class"]["macro_f1"] >= 0.78
    assert multicoped["quad_class"]["accuracy"] >= 0.72
    for label in ("1", "3", "4"):  # the classes with most support each hold their own
        assert multicoped["quad_class"]["per_label"][label]["f1"] >= 0.74, label


@needs(CODER_ROUNDS)
def test_multicoped_class_mapping_is_the_annotation_schemes():
    """The root -> class table agrees with every (cameo_root, penta) pair the same project's
    coders produced (the scheme, not the reference README's inferred names, puts 16 in 3)."""
    import json
    from collections import Counter

    from tidings.evaluate.multicoped import PENTA_CLASS

    pairs: Counter = Counter()
    with CODER_ROUNDS.open(encoding="utf-8") as fh:
        for line in fh:
            for annotation in json.loads(line)["labels"]["annotations"]:
                for event in annotation.get("events") or ():
                    if event.get("cameo_root") and event.get("penta") is not None:
                        pairs[(event["cameo_root"], str(event["penta"]))] += 1
    assert {root for root, _ in pairs} == set(PENTA_CLASS)
    disagree = {pair: n for pair, n in pairs.items() if PENTA_CLASS[pair[0]] != pair[1]}
    assert not disagree, disagree


@needs(MULTICOPED)
def test_multicoped_spans(multicoped):
    assert multicoped["spans"]["actor"]["f1"] >= 0.75
    assert multicoped["spans"]["recipient"]["f1"] >= 0.53


@needs(SEED)
def test_seed_expectations_all_hold():
    from tidings.evaluate import seed_suite

    results = seed_suite.run()
    failed = [c["expectation"] for c in results["checks"] if not c["passed"]]
    assert not failed, failed
    assert results["total"] == len(seed_suite.EXPECTATIONS) >= 9


@needs(MEANTIME)
def test_meantime_dates_through_the_registry():
    from tidings.evaluate.registry import discover

    results = discover()["meantime-dates"].run(limit=None, data_dir=None)
    assert results["gold_spans"]["all"]["n"] == 286
    assert results["end_to_end"]["all"]["accuracy"] >= 0.80
