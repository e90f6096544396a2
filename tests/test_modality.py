"""Modality per event: negation and its scope, conditionals, modals, plans, denials, questions,
hedged reports; the cues are kept as evidence, and the team-written set has accuracy floors.

Sentences here are written for these tests (not taken from the modality set), so the floors on
the set and the rules below check different things.
"""

from __future__ import annotations

import json

import pytest

from tidings.api import code_text, get_coder
from tidings.evaluate import modality as suite
from tidings.extract.modality import read_modality
from tidings.records import ASSERTED, FUTURE, HYPOTHETICAL, MODALITIES, NEGATED

PUBLISHED = "2024-11-15"


def label(sentence: str, trigger: str) -> tuple[str, list[str]]:
    """The modality of the first token spelt ``trigger``, and its cues."""
    coder = get_coder()
    doc = coder.nlp(sentence)
    token = next(t for t in doc if t.lower_ == trigger)
    reading = read_modality(token, coder.events_lexicon)
    return reading.label, reading.cues


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        # negation, and where it stops
        ("Uganda did not deport the activists on Monday.", "deport", NEGATED),
        ("Nobody fired on the ambulance, the brigade said.", "fired", NEGATED),
        ("No party has endorsed the interim president.", "endorsed", NEGATED),
        ("The bank no longer lends to the state oil company.", "lends", NEGATED),
        ("The minister resigned without consulting the cabinet.", "consulting", NEGATED),
        ("The minister resigned without consulting the cabinet.", "resigned", ASSERTED),
        ("Guards who had not been warned detained the two hikers.", "detained", ASSERTED),
        ("The ministry did not refuse to meet the delegation.", "meet", ASSERTED),
        # conditionals
        ("If Caracas releases the pilots, Bogota will reopen the consulate.", "releases", HYPOTHETICAL),
        ("If Caracas releases the pilots, Bogota will reopen the consulate.", "reopen", HYPOTHETICAL),
        ("The strike will go ahead unless the airline raises pay.", "raises", HYPOTHETICAL),
        ("Had the envoys met earlier, the war might have been avoided.", "met", HYPOTHETICAL),
        # modals, plans and intentions
        ("The regulator could fine the broadcaster next year.", "fine", HYPOTHETICAL),
        ("Thailand might close the border crossing.", "close", HYPOTHETICAL),
        ("Estonia will expel the attaché on Friday.", "expel", FUTURE),
        ("The union plans to picket the embassy in Canberra.", "picket", FUTURE),
        ("The premier is to visit Nairobi in the spring.", "visit", FUTURE),
        ("The mayor said she would meet the strikers next week.", "meet", FUTURE),
        # denials
        ("The navy denied ramming the fishing boat.", "ramming", NEGATED),
        ("The navy denied ramming the fishing boat.", "denied", ASSERTED),
        ("The embassy denied that its staff had spied on exiles.", "spied", NEGATED),
        ("The club dismissed reports that it had paid the referees.", "paid", NEGATED),
        # questions
        ("Did the coast guard board the ferry?", "board", HYPOTHETICAL),
        ("Observers asked whether the junta had freed the editor.", "freed", HYPOTHETICAL),
        ("Why did the consulate close its visa office?", "close", ASSERTED),
        # hedged reports
        ("Gunmen reportedly kidnapped a priest in Enugu.", "kidnapped", HYPOTHETICAL),
        ("The governor is alleged to have bribed the auditors.", "bribed", HYPOTHETICAL),
        ("The minister is understood to have resigned.", "resigned", HYPOTHETICAL),
        ("The militia appears to have shelled the depot.", "shelled", HYPOTHETICAL),
        ("Rebels burned a clinic, local radio said, but the report could not be independently verified.",
         "burned", HYPOTHETICAL),
        # asserted controls
        ("The senate confirmed the new ambassador to Seoul.", "confirmed", ASSERTED),
        ("Fiji's prime minister visited Wellington on Thursday, his office said.", "visited", ASSERTED),
        # 'go' is future only in the progressive "going to ..."
        ("Bus drivers in Lisbon went on strike on Monday.", "strike", ASSERTED),
        ("Hospital staff have gone on strike over unpaid wages.", "strike", ASSERTED),
        ("Dock workers in Antwerp are going on strike this week.", "strike", ASSERTED),
        ("The rebels went on to seize the airport.", "seize", ASSERTED),
        ("The miners' union is going to strike next week.", "strike", FUTURE),
        ("Teachers are going to go on strike in September.", "strike", FUTURE),
        ("The junta was going to expel the envoy.", "expel", FUTURE),
        ("Pilots did not go on strike after all.", "strike", NEGATED),
    ],
)
def test_modality_rules(sentence, trigger, expected):
    got, cues = label(sentence, trigger)
    assert got == expected, (sentence, trigger, got, cues)


def test_cues_say_why_and_reach_the_evidence():
    result = code_text("Ecuador reportedly expelled the Mexican ambassador on Friday.",
                       published=PUBLISHED)
    [event] = [e for e in result.events if e.evidence.trigger.text == "expelled"]
    assert event.modality == HYPOTHETICAL
    assert "reportedly" in event.evidence.cues


def test_denial_leaves_an_asserted_denial_and_a_negated_act():
    result = code_text("Azerbaijan denied shelling Armenian villages on Tuesday.", published=PUBLISHED)
    labels = {e.evidence.trigger.text: e.modality for e in result.events}
    assert labels.get("shelling") == NEGATED, labels
    assert all(e.modality != ASSERTED for e in result.events if e.evidence.trigger.text == "shelling")


def test_queries_default_to_asserted_events(tmp_path):
    from tidings.store import open_store

    result = code_text("Peru expelled two Bolivian diplomats on Monday. Bolivia did not expel any "
                       "Peruvian diplomats, and it might recall its ambassador.", published=PUBLISHED)
    by_modality = {e.modality for e in result.events}
    assert {ASSERTED, NEGATED} <= by_modality or {ASSERTED, HYPOTHETICAL} <= by_modality, by_modality
    assert all(e.modality == ASSERTED for e in result.asserted_events)
    with open_store(str(tmp_path / "m.duckdb")) as store:
        run = store.start_run("test", "x", "model")
        store.write_results([result], run)
        asserted = store.events_frame(modality=ASSERTED)
        everything = store.events_frame()
    assert set(asserted["modality"]) == {ASSERTED}
    assert len(everything) > len(asserted)


# ---- the team-written set ----------------------------------------------------------------------


def test_the_set_is_well_formed():
    items = suite.load_items()
    sentences = {i["text"] for i in items}
    assert len(sentences) >= 80
    assert {i["category"] for i in items} >= {"negation", "conditional", "modal", "future",
                                              "denial", "question", "hedged", "asserted"}
    assert {i["modality"] for i in items} <= set(MODALITIES)
    assert len({i["id"] for i in items}) == len(items)
    for item in items:
        words = item["text"].lower().replace(",", " ").replace(".", " ").replace("?", " ").split()
        assert item["trigger"].lower() in words, item["id"]
    assert sum(1 for i in items if i.get("split") == suite.HELDOUT) >= 40


def test_a_malformed_line_names_its_file_and_line(tmp_path):
    path = tmp_path / "modality.jsonl"
    path.write_text(json.dumps({"id": "a", "category": "negation", "text": "X did not go.",
                                "trigger": "go", "modality": "negated"}) + "\n{oops\n")
    with pytest.raises(suite.ModalitySetError, match=r"modality.jsonl:2"):
        suite.load_items(path)
    path.write_text(json.dumps({"id": "a", "category": "negation", "text": "X did not go.",
                                "trigger": "go", "modality": "maybe"}) + "\n")
    with pytest.raises(suite.ModalitySetError, match="maybe"):
        suite.load_items(path)


@pytest.fixture(scope="module")
def scored():
    return suite.run()


def test_accuracy_floors_on_the_set(scored):
    pred = scored["predicate"]
    assert pred["accuracy"] >= 0.93
    heldout = pred["by_split"][suite.HELDOUT]
    assert heldout["accuracy"] >= 0.85  # measured 0.889 when it was written
    for name in (ASSERTED, NEGATED, HYPOTHETICAL, FUTURE):
        per_class = pred["per_class"][name]
        assert per_class["precision"] >= 0.85, (name, per_class)
        assert per_class["recall"] >= 0.85, (name, per_class)


def test_end_to_end_floors_on_the_set(scored):
    e2e = scored["end_to_end"]
    assert e2e["coded"] >= 100
    assert e2e["accuracy_on_coded"] >= 0.9


def test_markdown_section_has_the_tables(scored):
    text = suite.markdown_section(scored)
    assert "| class | gold | predicted | precision | recall | F1 |" in text
    assert "Confusion" in text and "held out" in text
