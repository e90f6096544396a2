"""The evaluation harness: scoring rules, the suites' match rules, and `tidings evaluate`.

Everything here runs on data written for the test (no gold files, no spaCy model), so it is fast
and says exactly which rule broke.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from tidings.evaluate import harness, multicoped, plover_gsr
from tidings.evaluate.registry import Suite, discover
from tidings.records import Actor, Event, EventDate, Evidence, Span

# ---- scoring ---------------------------------------------------------------------------------


def test_prf_counts_and_empty_denominators():
    assert harness.prf(3, 1, 2) == pytest.approx(
        {"tp": 3, "fp": 1, "fn": 2, "precision": 0.75, "recall": 0.6, "f1": 2 * 0.75 * 0.6 / 1.35}
    )
    empty = harness.prf(0, 0, 4)
    assert empty["precision"] is None and empty["recall"] == 0.0 and empty["f1"] is None
    assert harness.prf(0, 2, 2)["f1"] == 0.0


def test_classification_report_treats_an_abstention_as_a_miss_only():
    gold = ["a", "a", "b", "b", "c"]
    predicted = ["a", "none", "b", "a", "none"]
    report = harness.classification_report(gold, predicted, ["a", "b", "c"])
    a, b, c = (report["per_label"][k] for k in "abc")
    assert (a["tp"], a["fp"], a["fn"]) == (1, 1, 1)
    assert (b["tp"], b["fp"], b["fn"]) == (1, 0, 1)
    assert (c["tp"], c["fp"], c["fn"]) == (0, 0, 1)
    assert c["f1"] is None  # nothing predicted: precision undefined ...
    assert report["macro_f1"] == pytest.approx((0.5 + 2 / 3 + 0.0) / 3)  # ... and it counts 0
    assert report["accuracy"] == pytest.approx(2 / 5)
    rows = harness.confusion_rows(report, ["a", "b", "c"], ["a", "b", "c", "none"])
    assert rows == [
        ["a", "1", "·", "·", "1"],
        ["b", "1", "1", "·", "·"],
        ["c", "·", "·", "·", "1"],
    ]


def test_classification_report_rejects_misaligned_lists():
    with pytest.raises(ValueError):
        harness.classification_report(["a"], [], ["a"])


def test_overlap_is_one_shared_character():
    assert harness.overlaps((0, 5), (4, 9))
    assert not harness.overlaps((0, 5), (5, 9))  # end exclusive


def test_markdown_table_escapes_pipes():
    text = harness.markdown_table(["x", "y"], [["a|b", 1]])
    assert text.splitlines() == ["| x | y |", "|---|---|", "| a\\|b | 1 |"]


# ---- plover-gsr match rules ------------------------------------------------------------------


def actor(country, *sectors, cameo="X", mentions=()):
    return Actor(id=f"a-{country}-{'-'.join(sectors)}", name="n", cameo=cameo, country=country,
                 sectors=tuple(sectors), mentions=tuple(mentions))


@pytest.mark.parametrize(
    "predicted,gold,country_ok,full_ok",
    [
        (actor("USA", "GOV"), {"code": "USA", "sector": "GOV"}, True, True),
        (actor("USA", "MIL"), {"code": "USA", "sector": "GOV"}, True, False),
        (actor("USA"), {"code": "USA"}, True, True),  # gold names no sector: country only
        (actor("SRB", "CVL"), {"code": "SRB", "sector": "CVLalb"}, True, True),  # first 3 letters
        (actor("LBY", "CVL"), {"code": "LBY", "sector": "CIV"}, True, True),  # CIV read as CVL
        (actor("TUR"), {"code": "TUR", "sector": "MOS"}, True, True),  # not a PLOVER sector
        (actor("ISR"), {"code": "ISR", "sector": "***"}, True, True),
        (actor("JPN", "GOV"), {"code": "JAP", "sector": "GOV"}, True, True),  # CAMEO-era code
        (actor("UNO"), {"code": "IGO"}, True, True),  # PLOVER 0.5b1 coded the UN as IGO
        (actor("EUR", "GOV"), {"code": "IGO", "sector": "GOV"}, True, True),
        (actor("NGO"), {"code": "IGO"}, False, False),
        (actor(None, "GOV"), {"code": "USA", "sector": "GOV"}, False, False),
        (None, {"code": "USA"}, False, False),
    ],
)
def test_plover_actor_match_rule(predicted, gold, country_ok, full_ok):
    assert plover_gsr.country_matches(predicted, gold) is country_ok
    assert plover_gsr.actor_matches(predicted, gold) is full_ok


def event(code, modality="asserted", plover=None, source=None, target=None, start=0, end=40):
    return Event(
        id=code + modality, article_id="x", source=source, target=target, cameo_code=code,
        quad_class=1, goldstein=0.0, plover_type=plover, plover_mode=None, modality=modality,
        date=EventDate(None, "unknown"), evidence=Evidence(0, start, end, "s"),
    )


class _Result:
    def __init__(self, events):
        self.events = events


def test_plover_chosen_event_is_the_first_asserted_with_a_plover_type():
    events = [event("010"), event("190", "negated", "ASSAULT"), event("111", plover="ACCUSE"),
              event("190", plover="ASSAULT")]
    assert plover_gsr.chosen_event(_Result(events)).cameo_code == "111"
    assert plover_gsr.chosen_event(_Result([event("010")])) is None
    assert plover_gsr.chosen_event(None) is None


# ---- multicoped rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code,cls",
    [("010", "0"), ("0231", "0"), ("036", "1"), ("057", "1"), ("061", "2"), ("0871", "2"),
     ("090", "3"), ("1246", "3"), ("138", "3"), ("141", "4"), ("154", "4"), ("163", "3"),
     ("1662", "3"), ("173", "4"), ("204", "4")],
)
def test_multicoped_root_classes(code, cls):
    assert multicoped.root_class(code) == cls


def test_multicoped_readme_ranges_put_16_in_material_conflict():
    assert multicoped.root_class("163", readme_ranges=True) == "4"
    assert multicoped.root_class("130", readme_ranges=True) == "3"


def test_multicoped_root_class_rejects_non_cameo():
    with pytest.raises(ValueError):
        multicoped.root_class("250")


def test_multicoped_chosen_event_counts_statements():
    events = [event("190", "hypothetical"), event("010"), event("190")]
    assert multicoped.chosen_event(_Result(events)).cameo_code == "010"


def test_span_matching_is_one_to_one_by_overlap():
    gold = [(0, 10), (20, 30)]
    # two predicted actors overlapping the same gold span: only one takes it
    assert multicoped.match_spans([[(2, 5)], [(3, 8)]], gold) == (1, 1)
    # an actor with two mentions counts once, matched by either mention
    assert multicoped.match_spans([[(40, 45), (25, 28)]], gold) == (1, 1)
    assert multicoped.match_spans([[(10, 20)]], gold) == (0, 0)


def test_actor_spans_prefer_the_argument_span_then_mentions_in_the_sentence():
    a = actor("USA", mentions=(Span(0, 4, "U.S."), Span(50, 58, "American")))
    e = event("190", start=0, end=40)
    assert multicoped.actor_spans(a, e, None) == [(0, 4)]
    assert multicoped.actor_spans(a, e, Span(10, 20, "x")) == [(10, 20)]
    assert multicoped.actor_spans(None, e, None) == []


# ---- registry and CLI ------------------------------------------------------------------------


def test_registry_lists_the_suites():
    names = set(discover())
    assert {"plover-gsr", "multicoped", "seed", "meantime-dates", "geowebnews", "geovirus"} <= names


def fake_suite(calls: list) -> Suite:
    def run(limit=None, data_dir=None):
        calls.append((limit, data_dir))
        return {"records": limit or 7, "limit": limit, "summary": [["hits", "5/7"]],
                "tables": [harness.table("Per thing", ["thing", "n"], [["a", 3], ["b", 4]])]}

    def markdown(results):
        return "Fake body.\n\n" + harness.markdown_tables(results)

    return Suite(name="fake", title="A fake suite", run=run, markdown=markdown)


@pytest.fixture
def fake(monkeypatch):
    calls: list = []
    suite = fake_suite(calls)
    monkeypatch.setattr(harness, "known_suites", lambda: {"fake": suite})
    return calls


def invoke(*args):
    from tidings.cli import main

    return CliRunner().invoke(main, ["evaluate", *args])


def test_full_run_writes_its_section_with_date_and_version(fake, tmp_path):
    target = tmp_path / "ACCURACY.md"
    result = invoke("fake", "--accuracy-file", str(target))
    assert result.exit_code == 0, result.output
    assert "5/7" in result.output and "Per thing" in result.output
    text = target.read_text()
    assert "<!-- section:fake -->" in text and "## A fake suite" in text
    assert "| a | 3 |" in text
    assert re.search(r"_Measured \d{4}-\d{2}-\d{2} by `tidings evaluate` with tidings \S+ "
                     r"\(event lexicons \w+", text)
    assert fake == [(None, None)]


def test_partial_run_does_not_write_unless_asked(fake, tmp_path):
    target = tmp_path / "ACCURACY.md"
    result = invoke("fake", "--limit", "3", "--accuracy-file", str(target))
    assert result.exit_code == 0, result.output
    assert not target.exists()
    assert "docs not written (--limit 3)" in result.output
    result = invoke("fake", "--limit", "3", "--write", "--accuracy-file", str(target))
    assert result.exit_code == 0 and target.exists()
    assert fake == [(3, None), (3, None)]


def test_no_write_and_section_replacement(fake, tmp_path):
    target = tmp_path / "ACCURACY.md"
    target.write_text("# Accuracy\n\n<!-- section:other -->\n## Other\n\nkept\n"
                      "<!-- /section:other -->\n")
    assert invoke("fake", "--no-write", "--accuracy-file", str(target)).exit_code == 0
    assert "fake" not in target.read_text()
    assert invoke("fake", "--accuracy-file", str(target)).exit_code == 0
    assert invoke("fake", "--accuracy-file", str(target)).exit_code == 0
    text = target.read_text()
    assert text.count("<!-- section:fake -->") == 1 and "kept" in text


def test_all_runs_every_suite(fake, tmp_path):
    result = invoke("all", "--no-write", "--data", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert fake == [(None, tmp_path)]


def test_unknown_suite_names_the_known_ones(fake):
    result = invoke("nonesuch")
    assert result.exit_code == 2
    assert "unknown evaluation suite 'nonesuch'" in result.output and "fake" in result.output


def test_bad_limit_is_refused(fake):
    result = invoke("fake", "--limit", "0")
    assert result.exit_code == 2 and "--limit" in result.output


def test_missing_gold_data_is_a_clear_error(tmp_path):
    result = invoke("plover-gsr", "--data", str(tmp_path), "--no-write")
    assert result.exit_code == 1
    assert "gold data not found" in result.output and "--data" in result.output


def test_list(fake):
    result = invoke("--list")
    assert result.exit_code == 0 and "fake" in result.output
