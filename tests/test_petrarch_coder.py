"""The PETRARCH-1 style coder over spaCy parses, its plug-in into tidings' lexicons, its CLI.

Mechanism tests use small dictionaries written by the tidings team for these tests (fictional
states Veldmark, Ostria and Caldera). The validation-suite floor and the production run read the
reference files in ../shared at run time and are skipped when those are absent.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings.lexicons.petrarch import DictionaryFormatError, load_dictionaries
from tidings.lexicons.petrarch.coder import CoderOptions, PetrarchCoder
from tidings.paths import reference_dir

MINI = {
    "mini.actors.txt": """
        # team-written test actors (fictional)
        VELDMARK [VEL]
        +VELDMARKIAN
        OSTRIA [OST]
        +OSTRIAN
        CALDERA [CLD]
        ANA_KOVAR
        +KOVAR
        \t[VELGOV 20100101-20141231]
        \t[VELOPP]
        NORTH_PACT [IGONPT]
        """,
    "mini.agents.txt": """
        POLICE {} [~COP]
        STUDENT [~EDU]
        MINISTER [~GOV]
        RELIEF_GROUP [NGO~]
        """,
    "mini.verbs.txt": """
        &AIDKIND
        +FOOD
        +MEDICINE
        +WATER_PUMPS

        --- CONDEMN [122] ---
        CONDEMN

        --- ARREST [173] ---
        ARREST

        --- VISIT [042:043] ---
        VISIT

        --- SEND [070] ---
        SEND {SENDS SENT SENDING}
        - * &AIDKIND [073]
        - * TROOPS [190]

        --- SIGN [057] ---
        SIGN
        - * CEASEFIRE [---]
        """,
    "mini.discards.txt": """
        FOOTBALL
        +HOROSCOPE
        """,
}


def write_mini(folder: Path, **replace: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in {**MINI, **replace}.items():
        (folder / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def mini_dir(tmp_path_factory) -> Path:
    return write_mini(tmp_path_factory.mktemp("mini"))


@pytest.fixture(scope="module")
def coder(mini_dir) -> PetrarchCoder:
    return PetrarchCoder(load_dictionaries(mini_dir))


def triples(coder: PetrarchCoder, text: str, date: str = "20120501", options=None):
    return coder.code_sentence(text, date, options).triples


# ---------------------------------------------------------------------------------- mechanisms


def test_dated_actor_code_follows_the_sentence_date(coder):
    assert triples(coder, "Ana Kovar condemned Ostria.", "20120501") == {("VELGOV", "OST", "122")}
    assert triples(coder, "Ana Kovar condemned Ostria.", "20160501") == {("VELOPP", "OST", "122")}
    # a synonym carries the same dated codes
    assert triples(coder, "Kovar condemned Ostria on Monday.") == {("VELGOV", "OST", "122")}


def test_agents_compose_with_actors(coder):
    assert triples(coder, "Veldmark police arrested Ostrian students.") == {
        ("VELCOP", "OSTEDU", "173")
    }
    # a prefix agent ([NGO~]) goes before the actor code
    assert triples(coder, "The Veldmark relief group condemned Ostria.") == {
        ("NGOVEL", "OST", "122")
    }


def test_paired_code_gives_both_directions(coder):
    assert triples(coder, "Ana Kovar visited Ostria last week.") == {
        ("VELGOV", "OST", "042"),
        ("OST", "VELGOV", "043"),
    }


def test_passive_with_by_agent_swaps_source_and_target(coder):
    assert triples(coder, "Ostria was condemned by Veldmark.") == {("VEL", "OST", "122")}


def test_compound_subject_and_target(coder):
    assert triples(coder, "Veldmark and Caldera condemned Ostria.") == {
        ("VEL", "OST", "122"),
        ("CLD", "OST", "122"),
    }
    assert triples(coder, "Ostria condemned Veldmark and Caldera.") == {
        ("OST", "VEL", "122"),
        ("OST", "CLD", "122"),
    }


def test_patterns_synsets_and_null_codes(coder):
    assert triples(coder, "Veldmark will send food to Ostria.") == {("VEL", "OST", "073")}
    assert triples(coder, "Veldmark sent troops to Ostria.") == {("VEL", "OST", "190")}
    assert triples(coder, "Veldmark sent letters to Ostria.") == {("VEL", "OST", "070")}
    assert triples(coder, "Veldmark signed a ceasefire with Ostria.") == set()  # [---]
    assert triples(coder, "Veldmark signed a treaty with Ostria.") == {("VEL", "OST", "057")}


def test_options_require_dyad_and_new_actors(coder):
    assert triples(coder, "Someone condemned Ostria.") == set()
    assert triples(
        coder, "Someone condemned Ostria.", options=CoderOptions(require_dyad=False)
    ) == {("---", "OST", "122")}
    opts = CoderOptions.from_config({"new_actor_length": "4"})
    assert triples(coder, "The Harbour Guild condemned Ostria.", options=opts) == {
        ('"THE HARBOUR GUILD"', "OST", "122")
    }
    with pytest.raises(ValueError, match="unknown PETRARCH coder option"):
        CoderOptions.from_config({"comma_maxx": "3"})


def test_comma_clauses(coder):
    # an internal clause goes; the predicate after it stays
    assert triples(coder, "Veldmark, a small northern state, condemned Ostria.") == {
        ("VEL", "OST", "122")
    }
    # an appended report clause is removed (default comma_emin=2 .. comma_emax=8): no second event
    found = triples(
        coder,
        "Veldmark condemned Ostria, a Caldera minister said on Monday.",
        options=CoderOptions(require_dyad=False),
    )
    assert found == {("VEL", "OST", "122")}


def test_discards(coder):
    coding = coder.code_sentence(
        "The football match of Veldmark was condemned by Ostria.", "20120501"
    )
    assert coding.discard == "sentence" and coding.events == []
    story = coder.code_story(
        "Veldmark condemned Ostria. The horoscope for Ostria was bleak.", "20120501"
    )
    assert story.discard_rule == "mini.discards.txt:2"
    assert story.events == []
    assert any(s.events for s in story.sentences)  # coded, then dropped with the story


def test_events_carry_their_rule_and_phrases(coder):
    [event] = coder.code_sentence("Veldmark sent troops to Ostria.", "20120501").events
    assert event.rule == "mini.verbs.txt:18"
    assert event.verb == "SEND"
    assert event.source_text == "VELDMARK" and event.target_text == "OSTRIA"


def test_unknown_syntax_names_file_and_line(tmp_path):
    folder = write_mini(
        tmp_path / "bad",
        **{"mini.actors.txt": MINI["mini.actors.txt"] + "        ESTRAVIA [EST 2010-]\n"},
    )
    with pytest.raises(DictionaryFormatError) as info:
        load_dictionaries(folder)
    assert info.value.location == "mini.actors.txt:12"
    lenient = load_dictionaries(folder, strict=False)
    assert [w.location for w in lenient.warnings] == ["mini.actors.txt:12"]


# ---------------------------------------------------------------------------------- plug-in


def test_plugin_converts_to_tidings_lexicons(mini_dir, tmp_path):
    from tidings.lexicons.petrarch.plugin import check_loads, convert

    report = convert(load_dictionaries(mini_dir), tmp_path / "lex")
    actors, events = check_loads(tmp_path / "lex")
    org = actors.organisation("North Pact")
    assert org is not None and org.cameo == "IGONPT"
    [kovar] = actors.leaders("Ana Kovar", "2012-05-01")
    assert kovar.cameo == "VELGOV" and kovar.country == "VEL"
    # POLICE, STUDENT, MINISTER are roles tidings knows (kept) or new rows; RELIEF_GROUP [NGO~]
    # cannot be said as a role (its code goes before the actor's)
    assert report.rows["roles.tsv"] + report.kept_ours >= 3
    assert report.skipped["prefix agent (code before the actor code)"] == 1
    assert report.skipped["paired code [a:b]"] == 1  # VISIT [042:043]
    send = {(p.code, frozenset(p.objects)) for p in events.candidates("send", "V")}
    assert ("070", frozenset()) in send
    assert ("190", frozenset({"troops", "troop"})) in send
    assert (
        "073",
        frozenset({"food", "foods", "medicine", "medicines"}),
    ) not in send  # multi-word member
    assert report.skipped["multi-word synset member"] == 1


def test_main_coder_uses_dictionaries_beside_its_lexicons(mini_dir, tmp_path, monkeypatch):
    import tempfile

    from tidings.coder import Coder, CoderConfig
    from tidings.lexicons.petrarch.plugin import lexicon_dir

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the conversion cache lands here

    folder = lexicon_dir(mini_dir, cache_root=tmp_path)
    assert lexicon_dir(mini_dir, cache_root=tmp_path) == folder  # converted once
    coder = Coder(CoderConfig(dictionaries=mini_dir))
    assert coder.actor_lexicon.organisation("North Pact").cameo == "IGONPT"
    assert any(p.code == "057" for p in coder.events_lexicon.candidates("sign", "V"))


def test_cli_check_and_code(mini_dir, tmp_path):
    from tidings.cli import main

    runner = CliRunner()
    ok = runner.invoke(main, ["dictionaries", "check", str(mini_dir)])
    assert ok.exit_code == 0, ok.output
    assert "verb_patterns: 3" in ok.output
    bad = write_mini(
        tmp_path / "bad", **{"mini.verbs.txt": MINI["mini.verbs.txt"] + "        - * (FOR [071]\n"}
    )
    failed = runner.invoke(main, ["dictionaries", "check", str(bad)])
    assert failed.exit_code == 1
    assert "mini.verbs.txt:23" in failed.output
    article = tmp_path / "story.txt"
    article.write_text(
        "date 2012-05-01\n\nVeldmark police arrested Ostrian students.\n", encoding="utf-8"
    )
    coded = runner.invoke(main, ["dictionaries", "code", str(mini_dir), str(article)])
    assert coded.exit_code == 0, coded.output
    assert "VELCOP\tOSTEDU\t173" in coded.output


# ---------------------------------------------------------------------------------- reference data

REFERENCE = reference_dir()
VALIDATION = REFERENCE / "cameo" / "petrarch2_validation.jsonl"
DICTIONARIES = REFERENCE / "petrarch2-dictionaries"


@pytest.mark.skipif(not VALIDATION.exists(), reason="shared reference data absent")
def test_validation_suite_floor():
    from tidings.evaluate.petrarch_suite import run

    results = run()
    assert results["records"] == 279
    # measured 262/279 (see docs/ACCURACY.md); a floor a little below it
    assert results["passed"] >= 255, [f["uid"] for f in results["failures"]]
    assert results["categories"]["SYNSET"]["passed"] == results["categories"]["SYNSET"]["total"]


@pytest.mark.skipif(
    not (DICTIONARIES / "CAMEO.2.0.txt").exists(), reason="shared reference data absent"
)
def test_production_dictionaries_code_the_founding_article():
    from tidings import ontology
    from tidings.lexicons.petrarch import load_production_dictionaries
    from tidings.paths import seed_dir
    from tidings.sources import read_sources

    seed = next(seed_dir().glob("*.txt"), None)
    if seed is None:
        pytest.skip("founding article absent")
    d = load_production_dictionaries(DICTIONARIES)
    assert d.summary()["actor_phrases"] > 30_000 and d.summary()["verb_patterns"] > 4_000
    article = next(iter(read_sources([seed])))
    story = PetrarchCoder(d).code_story(article.text, article.published)
    events = story.events
    assert events, "no events from the founding article"
    for e in events:
        assert ontology.is_cameo(e.code), e
        assert e.rule.startswith("CAMEO.2.0.txt:"), e
    pairs = {frozenset((e.source[:3], e.target[:3])) for e in events}
    assert frozenset(("USA", "MEX")) in pairs  # the article is about US strikes on Mexican cartels
    assert any(e.source.startswith("MEX") and e.target.startswith("USA") for e in events)
