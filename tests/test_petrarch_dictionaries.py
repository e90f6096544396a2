"""Readers for PETRARCH/TABARI dictionaries (tidings.lexicons.petrarch).

The dictionaries are reference data read from ``shared/reference/petrarch2-dictionaries`` (never
shipped). Counts asserted here were checked independently with grep/awk over the files, e.g.
``grep -cE '^\\s*-\\s' CAMEO.2.0.txt`` (4668 pattern lines, 2 of them malformed), ``grep -c '^&'``
(synsets), ``grep -c '^---'`` (verb blocks), ``sed 's/#.*//' | grep -v '^\\s*$' | grep -vc '^\\s*\\['``
(actor phrase lines).
"""

from __future__ import annotations

import time
from datetime import date

import pytest

from tidings.lexicons.petrarch import (
    COMPOUND,
    NOUN_PHRASE,
    PREP_PHRASE,
    SKIP,
    SOURCE,
    SYNSET,
    TARGET,
    WORD,
    DictionaryFormatError,
    classify_file,
    load_dictionaries,
    load_production_dictionaries,
    load_validation_dictionaries,
    parse_dated_code,
    parse_pattern,
    plural_of,
    read_actor_file,
    read_agent_file,
    read_discard_file,
    read_verb_file,
    regular_verb_forms,
)
from tidings.paths import reference_dir

DICT_DIR = reference_dir() / "petrarch2-dictionaries"
VALIDATION_FILES = [
    DICT_DIR / f"PETR.Validate.{k}.txt" for k in ("actors", "agents", "verbs", "discards")
]
PRODUCTION_FILES = [
    DICT_DIR / n
    for n in (
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
        "Phoenix.agents.txt",
        "CAMEO.2.0.txt",
        "Phoenix.discards.txt",
    )
]

needs_validation = pytest.mark.skipif(
    not all(p.exists() for p in VALIDATION_FILES), reason="PETR.Validate.* dictionaries absent"
)
needs_production = pytest.mark.skipif(
    not all(p.exists() for p in PRODUCTION_FILES), reason="production dictionaries absent"
)


@pytest.fixture(scope="module")
def validation():
    return load_validation_dictionaries(DICT_DIR, strict=False)


@pytest.fixture(scope="module")
def production():
    started = time.perf_counter()
    d = load_production_dictionaries(DICT_DIR)
    print(
        f"\nproduction PETRARCH dictionaries loaded in {time.perf_counter() - started:.2f} s: "
        f"{d.summary()}"
    )
    return d


def _actor(d, phrase: str):
    tokens = tuple(phrase.upper().split())
    found = [e for e in d.actors_by_first.get(tokens[0], ()) if e.phrase_tokens == tokens]
    assert found, phrase
    return found[0]


# ----------------------------------------------------------------------------------------------
# validation set


@needs_validation
def test_validation_counts(validation):
    s = validation.summary()
    assert s["actor_phrases"] == 161  # 128 primary/uncoded lines + 33 "+" synonyms
    assert sum(a.is_synonym for a in validation.actors) == 33
    assert s["agent_lines"] == 88
    assert s["agent_forms"] == 165  # 9 substitutions + 16 {} + 2x2 {plural} + 68x2 generated
    assert s["discards"] == 9
    assert sum(d.scope == "story" for d in validation.discards) == 4
    assert s["verb_blocks"] == 261
    assert s["verbs"] == 269
    assert s["verb_patterns"] == 474
    assert s["synsets"] == 17
    assert s["transformations"] == 0
    assert validation.verbs.syntax == "petrarch1"


@needs_validation
def test_validation_warnings_and_strict_error(validation):
    # two block headers carry a stray '?': [025?] and [023?]
    assert [w.location for w in validation.warnings] == [
        "PETR.Validate.verbs.txt:975",
        "PETR.Validate.verbs.txt:1051",
    ]
    assert validation.verbs_by_lemma["REPORT"][0].code == "025"
    with pytest.raises(DictionaryFormatError) as info:
        load_validation_dictionaries(DICT_DIR)  # strict by default
    err = info.value
    assert (err.location, err.text) == ("PETR.Validate.verbs.txt:975", "--- REPORT  [025?] ---")
    assert "PETR.Validate.verbs.txt:975" in str(err) and "[025?]" in str(err)


@needs_validation
@pytest.mark.parametrize(
    "phrase, when, expected",
    [  # (date, expected source code) from the DATE-* records of petrarch2_validation.jsonl
        ("SAM GAMGEE", "19950104", "HOBCIV"),  # DATE-01, < restriction
        ("SAM GAMGEE", "20080119", "HOBCIV"),  # DATE-02, < at boundary
        ("HAMFAST GAMGEE", "19950104", "HOB"),  # DATE-03, default before an interval
        ("HAMFAST GAMGEE", "20121109", "HOBGOV"),  # DATE-04, lower bound of interval
        ("HAMFAST GAMGEE", "20140104", "HOB"),  # DATE-07, default after an interval
        ("SAM GAMGEE", "20100106", "HOBMIL"),  # DATE-08
        ("SAM GAMGEE", "20100109", "ORCHOB"),  # DATE-09, embedded interval wins (file order)
        ("SAM GAMGEE", "20100112", "ORCHOB"),  # DATE-11, upper bound
        ("SAM GAMGEE", "20100113", "HOBMIL"),  # DATE-12
        ("SAM GAMGEE", "20121231", "HOBGOV"),  # DATE-13
        ("SMEAGOL", "19951101", "HOBGOV"),  # DATE-14, synonym of GOLLUM
        ("STINKER", "19950101", "HOB"),  # DATE-16
        ("SLINKER", "19980101", "HOBGOV"),  # DATE-17
        ("SLINKER", "20010101", "HOBREB"),  # DATE-19
        ("ZIMBABWE", "19781223", "RHO"),  # DATE-20
        ("ZIMBABWE", "20010101", "ZBW"),  # DATE-21
    ],
)
def test_validation_date_restricted_codes(validation, phrase, when, expected):
    assert _actor(validation, phrase).code_on(when) == expected


@needs_validation
def test_validation_actor_entries(validation):
    gollum = _actor(validation, "GOLLUM")
    assert [c.code for c in gollum.codes] == ["HOB", "HOBGOV", "HOBREB"]
    assert gollum.codes[0].end == date(1995, 5, 31)  # [HOB < 950601]: before, two-digit year
    assert (gollum.codes[1].start, gollum.codes[1].end) == (date(1995, 6, 1), date(1999, 8, 15))
    assert gollum.code_on(None) is None  # no undated code
    smeagol = _actor(validation, "SMEAGOL")
    assert smeagol.is_synonym and smeagol.canonical == "GOLLUM"
    assert smeagol.codes is gollum.codes and smeagol.actor_id == gollum.actor_id
    assert smeagol.source == "PETR.Validate.actors.txt:87"
    interpol = _actor(validation, "INTERPOL")  # synonym listed before the indented code line
    assert interpol.code_on(None) == "IGOCOPITP"
    assert _actor(validation, "ENT").code_on(None) == "ENT"  # code on the next line
    shire = _actor(validation, "THE SHIRE")
    assert shire.code_on(None) == "FRO/BIL/SAM" and shire.codes[0].parts == ("FRO", "BIL", "SAM")
    assert _actor(validation, "ARNOR").whole_word and not _actor(validation, "ARGENTIN").whole_word
    caras = _actor(validation, "CARAS GALADHON")
    assert caras.tight == (False,) and _actor(validation, "SAM GAMGEE").tight == (True,)
    # index: first token -> entries, longest first
    firsts = [e.phrase_tokens for e in validation.actors_by_first["ITHILEN"]]
    assert firsts[0] == ("ITHILEN", "GOVERNMENT", "RADIO") and firsts[-1] == ("ITHILEN",)


@needs_validation
def test_validation_agents(validation):
    by_text = {}
    for a in validation.agents:
        by_text.setdefault(a.text, []).append(a)
    police = by_text["POLICE"][0]  # POLICE {} [ ~COP]
    assert (police.code, police.position, police.form) == ("COP", "suffix", "singular")
    assert police.compose("IRQ") == "IRQCOP"
    assert "POLICES" not in by_text  # {} stops the generated plural
    body = by_text["HUMAN RIGHTS BODY"][0]  # HUMAN_RIGHTS_BODY [NGO~]
    assert (body.code, body.position) == ("NGO", "prefix") and body.compose("FRA") == "NGOFRA"
    assert by_text["HUMAN RIGHTS BODIES"][0].form == "plural"
    assert by_text["CONGRESSES"][0].form == "plural"
    assert by_text["ATTORNEYS GENERAL"][0].form == "irregular_plural"
    assert "ATTORNEY GENERALS" not in by_text
    women = by_text["CONGRESSWOMEN"][0]  # CONGRESS!PERSON! [~LEG]
    assert (women.form, women.canonical, women.code) == ("substituted", "CONGRESS!PERSON!", "LEG")
    assert "MINISTRIES OF SILLY WALKS" in by_text  # !MINST!_OF_SILLY_WALKS
    assert validation.substitutions["PERSON"].values == ("MAN", "MEN", "WOMAN", "WOMEN", "PERSON")


@needs_validation
def test_validation_verbs_petrarch1_syntax(validation):
    vd = validation.verbs
    accordsyn = vd.synsets["ACCORDSYN"]  # nested synsets: +&TIETYPES, +&CURRENCY
    expanded = accordsyn.expand(vd.synsets)
    assert ("ECONOMIC",) in expanded and ("JAVANESE", "YEN") in expanded
    assert "PREPOSIT1" in vd.synsets  # defined as &PREPOSIT1_, used as &PREPOSIT1
    accord = next(b for b in vd.blocks if b.name == "ACCORD")
    pat = accord.patterns[0]  # - SUGGESTED_+ * DEMAND_&GENINT_CONVENTIONS  [111]
    assert pat.source == "PETR.Validate.verbs.txt:77" and pat.code == "111"
    assert [(t.kind, t.text, t.tight) for t in pat.pre] == [
        (WORD, "SUGGESTED", True),
        (TARGET, "+", False),
    ]
    assert [(t.kind, t.text, t.tight) for t in pat.post] == [
        (WORD, "DEMAND", False),
        (SYNSET, "GENINT", True),
        (WORD, "CONVENTIONS", True),
    ]
    assert pat.target_side == "pre"
    in_star = accord.patterns[2]  # - IN_*  [075]: IN right before the verb
    assert in_star.pre[0].tight and in_star.post == ()
    admit = validation.verbs_by_lemma["ADMIT"][0]  # --- ADMIT  [013:012] ---
    assert (admit.code, admit.paired_code) == ("013", "012")
    agree = next(b for b in vd.blocks if b.name == "AGREE")
    compound = agree.patterns[-1]  # - % * [030:030]
    assert compound.is_compound and (compound.code, compound.paired_code) == ("030", "030")
    assert compound.pre[0].kind == COMPOUND
    (rst,) = [v for v in vd.verbs if v.words == ("KLM", "NOP", "RST")]  # KLM_NOP_+RST [002]
    assert (rst.lemma, rst.head_index, rst.code, rst.own_code) == ("RST", 2, "002", True)
    assert "KLM NOP RSTED" in rst.forms
    lash = validation.verbs_by_lemma["LASH"][0]
    assert lash.block == "LASH OUT" and lash.words == ("LASH", "OUT")
    delay = next(b for b in vd.blocks if b.name == "DELAY")  # --- DELAY [120]  [031:031]  ---
    assert delay.code == "120" and delay.extra_codes == (("031", "031"),)
    (troubled,) = [b for b in vd.blocks if b.name == "TROUBLED"]  # comment inside the header
    assert troubled.code == "---"
    break_ = validation.verbs_by_lemma["BREAK"][0]  # BREAK { BROKE BROKEN  }
    assert {"BROKE", "BROKEN", "BREAKS", "BREAKING"} <= set(break_.forms)
    assert "BREAKED" not in break_.forms  # the braces fill the past slot
    assert break_.irregular_forms == ("BROKE", "BROKEN")


# ----------------------------------------------------------------------------------------------
# production set


@needs_production
def test_production_loads_with_counts(production):
    s = production.summary()
    # 35617 phrase lines in the three actor files, minus '+FAEROYENE]_'
    assert s["actor_phrases"] == 35616
    assert sum(a.is_synonym for a in production.actors) == 8364  # 7527 + 66 + 772 - 1
    # 2247 data lines - 2 substitution sets - 2 malformed ([~ENV}, no code)
    assert s["agent_lines"] == 2243
    assert s["agent_forms"] == 5152
    assert s["discards"] == 506
    assert sum(d.scope == "story" for d in production.discards) == 64
    assert s["verb_blocks"] == 397
    assert s["verbs"] == 1817
    assert sum(v.is_multiword for v in production.verbs.verbs) == 129
    assert s["verb_patterns"] == 4666  # 4668 pattern lines - 2 with unbalanced ')'
    assert s["synsets"] == 40
    assert s["transformations"] == 8
    assert production.verbs.syntax == "petrarch2"
    assert production.files["actors"][0].endswith("Phoenix.Countries.actors.txt")


@needs_production
def test_production_warnings(production):
    assert [w.location for w in production.warnings] == [
        "Phoenix.Countries.actors.txt:2039",  # [ARMUNR 9008223-911221]
        "Phoenix.Countries.actors.txt:15346",  # +FAEROYENE]_
        "Phoenix.Countries.actors.txt:18010",  # [GBRGOV >201005011]
        "Phoenix.Countries.actors.txt:22508",  # [IRQOCC 1920030320-20060520]
        "Phoenix.Countries.actors.txt:22519",
        "Phoenix.Countries.actors.txt:31715",  # [MNEGOV 20121204]: no < or >
        "Phoenix.Countries.actors.txt:43613",
        "Phoenix.Countries.actors.txt:51384",  # [USAGOV 19820101]
        "Phoenix.International.actors.txt:40",  # [KORGOVBUS 2004017-20061201]
        "Phoenix.International.actors.txt:3696",  # text after the codes
        "Phoenix.International.actors.txt:3726",
        "Phoenix.International.actors.txt:6605",
        "Phoenix.agents.txt:544",  # [~ENV}
        "Phoenix.agents.txt:904",  # AD!MINIST!RATIVE
        "Phoenix.agents.txt:925",
        "Phoenix.agents.txt:930",
        "Phoenix.agents.txt:1041",
        "Phoenix.agents.txt:1065",
        "Phoenix.agents.txt:1069",
        "Phoenix.agents.txt:1927",  # ISLAMIC_EXTREMIST without a code
        "CAMEO.2.0.txt:1735",  # *SCEPTICAL
        "CAMEO.2.0.txt:2374",  # unbalanced ')'
        "CAMEO.2.0.txt:5787",  # [080!]
        "CAMEO.2.0.txt:7606",  # unbalanced ')'
        "CAMEO.2.0.txt:8443",  # &WEATHER undefined
        "CAMEO.2.0.txt:8444",  # &DEMONSTRATION undefined
    ]
    by_text = {a.text: a for a in production.agents}
    assert "MINISTRY FOR TERRITORIAL ADMINISTRATION" in by_text


@needs_production
def test_production_actor_entries(production):
    karzai = _actor(production, "HAMID KARZAI")
    assert karzai.source == "Phoenix.Countries.actors.txt:150" and karzai.whole_word
    assert karzai.code_on(date(1990, 1, 1)) == "AFGELI"
    assert karzai.code_on("20050101") == "AFGGOV"
    assert karzai.code_on(None) == "AFGELI"
    assert _actor(production, "PRESIDENT KARZAI").canonical == "HAMID_KARZAI"
    shah = _actor(production, "MOHAMMAD ZAHIR SHAH")  # [AFGELI 730717-070723]: 1973-2007
    assert (shah.codes[2].start, shah.codes[2].end) == (date(1973, 7, 17), date(2007, 7, 23))
    assert shah.codes[0].start == date(1932, 1, 1)
    # uncoded primaries share the next codes: IVO_JOSIPOVIC_ / PRESIDENT_JOSIPOVIC_ / JOSIPOVIC_
    josipovic = _actor(production, "JOSIPOVIC")
    assert josipovic.canonical == "IVO_JOSIPOVIC" and not josipovic.is_synonym
    assert josipovic.code_on("20130101") == "HRVGOV"
    # several codes on one line
    pascoe = _actor(production, "B. LYNN PASCOE")
    assert [c.code for c in pascoe.codes] == ["USAGOV", "USAGOV", "IGOUNO"]
    assert _actor(production, "AFGHAN").code_on(None) == "AFG"  # a synonym


@needs_production
def test_production_verbs(production):
    vd = production.verbs
    currency = vd.synsets["CURRENCY"]
    assert len(currency.members) == 90 and currency.members[0].tokens == ("MONEY",)
    accelerate = next(b for b in vd.blocks if b.name == "ACCELERATE")
    rush = accelerate.patterns[0]  # - * (TO)   [042:043]   # RUSH
    assert rush.source == "CAMEO.2.0.txt:718"
    assert (rush.code, rush.paired_code) == ("042", "043")
    assert rush.post[0].kind == PREP_PHRASE and rush.post[0].text == "TO"
    ask = next(b for b in vd.blocks if b.name == "ASK")
    fin = next(p for p in ask.patterns if p.text == "* (FOR {FINANCIAL AID})")
    (pp,) = fin.post
    assert pp.kind == PREP_PHRASE and pp.alternatives == ("FOR",)
    (np,) = pp.children
    assert np.kind == NOUN_PHRASE and np.head.text == "AID"
    assert [c.text for c in np.children] == ["FINANCIAL", "AID"] and fin.code == "0231"
    reverse_only = next(p for p in vd.patterns if p.source == "CAMEO.2.0.txt:804")
    assert (reverse_only.code, reverse_only.paired_code) == (None, "173")  # [:173]
    null = next(p for p in vd.patterns if p.source == "CAMEO.2.0.txt:2471")  # - *_LAWS [---]
    assert null.is_null and null.post[0].tight
    trains = next(p for p in vd.patterns if p.text == "* TRAINS (FROM ^) (TO +)")
    assert trains.markers == (("skip", "post", (1, 0)), ("target", "post", (2, 0)))
    assert trains.target_side == "post" and trains.source_side is None
    assert trains.post[1].children[0].kind == SKIP
    src = next(p for p in vd.patterns if p.source == "CAMEO.2.0.txt:2434")
    assert src.pre[0].kind == SOURCE  # - $ * (AS &NEGOTIATOR) (IN TALK) (WITH +)
    alt = next(p for p in vd.patterns if p.text == "* (TO/FOR PROTEST)")
    assert alt.post[0].alternatives == ("TO", "FOR")
    ask_for = next(v for v in production.verbs_by_lemma["ASK"] if v.words == ("ASK", "FOR"))
    assert ask_for.code == "020" and ask_for.own_code and "ASKED FOR" in ask_for.forms
    # a lemma may sit in several blocks; the index keeps them all, file order
    assert [(v.block, v.code) for v in production.verbs_by_lemma["ABANDON"]] == [
        ("EVACUATE", "---"),
        ("ABANDON", "080"),
    ]
    assert {v.block for v in production.verbs_by_form["CALLED"]} >= {"CANCEL", "CALL"}
    t = vd.transformations[0]  # ~ a (a b ATTACK) SAY = a b 015
    assert (t.pattern.source, t.pattern.verb) == ("a", "SAY")
    assert (t.pattern.target.source, t.pattern.target.target, t.pattern.target.verb) == (
        "a",
        "b",
        "ATTACK",
    )
    assert (t.result_source, t.result_target, t.result_code) == ("a", "b", "015")
    assert t.source == "CAMEO.2.0.txt:9178"


@needs_production
def test_production_discards(production):
    by_text = {d.text: d for d in production.discards}
    assert by_text["1914"].scope == "sentence"
    story = [d for d in production.discards if d.scope == "story"]
    assert story and all(d.source.startswith("Phoenix.discards.txt:") for d in story)


# ----------------------------------------------------------------------------------------------
# malformed input, loader behaviour, helpers (no reference data needed)


def test_malformed_actor_line_raises_with_location(tmp_path):
    f = tmp_path / "bad.actors.txt"
    f.write_text("GOOD_ACTOR [AAA]\nBAD_ACTOR [BBB 2001-13]\nOTHER [CCC]\n")
    with pytest.raises(DictionaryFormatError) as info:
        read_actor_file(f)
    assert info.value.location == "bad.actors.txt:2"
    assert info.value.text == "BAD_ACTOR [BBB 2001-13]"
    assert f"{f}:2" in str(info.value)
    entries, warnings = read_actor_file(f, strict=False)
    assert [w.location for w in warnings] == ["bad.actors.txt:2"]
    assert [e.canonical for e in entries] == ["GOOD_ACTOR", "BAD_ACTOR", "OTHER"]
    assert entries[1].codes == ()  # kept, but its unreadable code is dropped


def test_malformed_lines_collected_when_not_strict(tmp_path):
    (tmp_path / "x.agents.txt").write_text("POLICE [~COP]\nRANGER [~MIL}\nDOCTOR\n")
    (tmp_path / "x.verbs.txt").write_text(
        "--- HIT [190] ---\nHIT {HITS HITTING HIT}\n- * (WITH &WEAPON [193]\n- * BACK [---]\n"
    )
    (tmp_path / "x.discards.txt").write_text("+FOOTBALL\nSOCCER [X]\n")
    with pytest.raises(DictionaryFormatError) as info:
        load_dictionaries(tmp_path)
    assert info.value.location == "x.agents.txt:2"
    d = load_dictionaries(tmp_path, strict=False)
    assert [w.location for w in d.warnings] == [
        "x.agents.txt:2",
        "x.agents.txt:3",
        "x.discards.txt:2",
        "x.verbs.txt:3",
    ]
    assert "unclosed '('" in d.warnings[-1].message
    assert [a.text for a in d.agents] == ["POLICE", "POLICES"]
    assert [p.text for p in d.patterns] == ["* BACK"]
    assert [v.forms for v in d.verbs.verbs] == [("HIT", "HITS", "HITTING")]


def test_unknown_synset_and_bad_code(tmp_path):
    f = tmp_path / "v.verbs.txt"
    f.write_text("&ARMS\n+GUN\n--- FIRE [190] ---\nFIRE\n- * &ARMZ [193]\n- * AT [19X!]\n")
    vd, warnings = read_verb_file(f, strict=False)
    assert [(w.line, w.message) for w in warnings] == [
        (6, "event code not understood: [19X!]; read as [19X]"),
        (5, "unknown synset &ARMZ"),
    ]
    assert len(vd.patterns) == 2


def test_parse_pattern_shapes():
    pre, post, notes = parse_pattern("&MILITARY * (TO +) &STRONGHOLD (IN $)")
    assert [t.kind for t in pre] == [SYNSET]
    assert [t.kind for t in post] == [PREP_PHRASE, SYNSET, PREP_PHRASE]
    assert post[0].children[0].kind == TARGET and post[2].children[0].kind == SOURCE
    assert notes == []
    pre, post, _ = parse_pattern("SO IN_AND_*_OUT_AGAIN NOW")
    assert [(t.text, t.tight) for t in pre] == [("SO", False), ("IN", True), ("AND", True)]
    assert [(t.text, t.tight) for t in post] == [("OUT", True), ("AGAIN", True), ("NOW", False)]
    for bad in ("* (TO", "* TO)", "NO VERB HERE", "* * TWICE", "* ()", "* {}", "(IN *)"):
        with pytest.raises(ValueError):
            parse_pattern(bad)


def test_dated_code_forms():
    assert parse_dated_code("USAGOV 20090120-20170120").start == date(2009, 1, 20)
    assert parse_dated_code("USAGOV 20090120-20170120").end == date(2017, 1, 20)
    c = parse_dated_code("HOBGOV 19950601 - 19990815")
    assert c.code_on("19950601") == "HOBGOV" and c.code_on("19990816") is None
    after = parse_dated_code("AFGGOV >011222")
    assert after.start == date(2001, 12, 23) and after.end is None
    assert after.restriction == ">011222"
    before = parse_dated_code("--- <950630")
    assert before.code == "---" and before.end == date(1995, 6, 29)
    assert parse_dated_code("IGOUNO  >070201").start == date(2007, 2, 2)
    plain = parse_dated_code("USA")
    assert not plain.is_dated and plain.code_on(None) == "USA" and plain.code_on("19000101")
    for bad in ("USA 9008223-911221", "USA >201005011", "USA 20011322-20020101", "U SA"):
        with pytest.raises(ValueError):
            parse_dated_code(bad)


def test_generated_forms():
    assert plural_of("COMPANY") == "COMPANIES" and plural_of("ATTORNEY") == "ATTORNEYS"
    assert plural_of("BOSS") == "BOSSES" and plural_of("CHURCH") == "CHURCHES"
    assert plural_of("SOLDIER") == "SOLDIERS"
    assert regular_verb_forms("HURRY") == ("HURRIES", "HURRIED", "HURRYING")
    assert regular_verb_forms("ACCELERATE") == ("ACCELERATES", "ACCELERATED", "ACCELERATING")
    assert regular_verb_forms("PUSH") == ("PUSHES", "PUSHED", "PUSHING")
    assert regular_verb_forms("TIE") == ("TIES", "TIED", "TYING")
    assert regular_verb_forms("AGREE") == ("AGREES", "AGREED", "AGREEING")


def test_agent_and_discard_readers(tmp_path):
    f = tmp_path / "a.agents.txt"
    f.write_text(
        "# comment\n!PERSON! = MAN, MEN\nFISHER!PERSON! [~AGR]\nTHIEF {THIEVES} [~CRM]\n"
        "<!-- a\nmulti-line comment -->\nNGO_WORKER [NGO~] # trailing\n"
    )
    entries, subs, warnings = read_agent_file(f)
    assert warnings == [] and set(subs) == {"PERSON"}
    assert [(e.text, e.form) for e in entries] == [
        ("FISHERMAN", "substituted"),
        ("FISHERMEN", "substituted"),
        ("THIEF", "singular"),
        ("THIEVES", "irregular_plural"),
        ("NGO WORKER", "singular"),
        ("NGO WORKERS", "plural"),
    ]
    assert entries[-1].source == "a.agents.txt:7" and entries[-1].position == "prefix"
    g = tmp_path / "a.discards.txt"
    g.write_text("+World Golf Championships   # pas\nBASEBALL\n")
    discards, warnings = read_discard_file(g)
    assert [(d.phrase_tokens, d.scope) for d in discards] == [
        (("WORLD", "GOLF", "CHAMPIONSHIPS"), "story"),
        (("BASEBALL",), "sentence"),
    ]


def test_classify_and_presets(tmp_path):
    assert classify_file("Phoenix.Countries.actors.txt") == "actors"
    assert classify_file("PETR.Validate.verbs.txt") == "verbs"
    assert classify_file("CAMEO.2.0.txt") == "verbs"
    assert classify_file("Phoenix.agents.txt") == "agents"
    assert classify_file("Phoenix.discards.txt") == "discards"
    assert classify_file("Phoenix.IssueCoding.txt") is None
    (tmp_path / "PETR.Validate.actors.txt").write_text("X [Y]\n")
    (tmp_path / "Phoenix.agents.txt").write_text("POLICE [~COP]\n")
    with pytest.raises(ValueError, match="preset"):
        load_dictionaries(tmp_path)  # both sets' names present: ambiguous
    with pytest.raises(FileNotFoundError, match="PETR.Validate.agents.txt"):
        load_dictionaries(tmp_path, preset="validation")
    d = load_dictionaries(tmp_path, actors="PETR.Validate.actors.txt")
    assert [e.canonical for e in d.actors] == ["X"] and d.agents == ()
    with pytest.raises(ValueError):
        load_dictionaries(tmp_path / "nonsense.txt")


@needs_validation
def test_explicit_file_list(validation):
    d = load_dictionaries(VALIDATION_FILES, strict=False)
    assert d.summary() | {"load_seconds": 0} == validation.summary() | {"load_seconds": 0}


def test_synset_plural_flag(tmp_path):
    path = tmp_path / "syn.verbs.txt"
    path.write_text(
        "&LINKS_\n+WITH\n+TOWARD\n\n&GOODS\n+GRAIN\n+FUEL_\n\n--- SHIP [070] ---\nSHIP\n- * &GOODS [071]\n",
        encoding="utf-8",
    )
    d = load_dictionaries(verbs=path)
    assert d.synsets["LINKS"].no_plurals is True  # header ended in "_"
    assert d.synsets["GOODS"].no_plurals is False
    assert [m.whole_word for m in d.synsets["GOODS"].members] == [False, True]
