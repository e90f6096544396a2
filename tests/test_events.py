"""Event coding on sentences the team wrote: every CAMEO root, and the syntax that trips coders up
(passives, conjoined actors, control verbs, negation, conditionals, reported speech, pronouns,
appositions). Each case says what an analyst would expect, by root and actor code prefix."""

from __future__ import annotations

import pytest

from tidings.api import code_text

PUBLISHED = "2025-03-14"  # a Friday


def coded(text: str):
    return code_text(text, published=PUBLISHED, outlet="Test Wire")


def find(result, root: str, source: str | None, target: str | None, modality: str = "asserted"):
    out = []
    for event in result.events:
        if event.modality != modality or not event.cameo_code.startswith(root):
            continue
        if source is not None and (event.source is None or not event.source.cameo.startswith(source)):
            continue
        if target is not None and (event.target is None or not event.target.cameo.startswith(target)):
            continue
        out.append(event)
    return out


def describe(result) -> list[str]:
    return [
        f"{e.source.cameo if e.source else '-'} {e.cameo_code} {e.target.cameo if e.target else '-'} "
        f"[{e.modality}] via {e.evidence.trigger.text}"
        for e in result.events
    ]


# (sentence, root, source code prefix, target code prefix)
ROOT_CASES = [
    ("The Kenyan government declined to comment on the allegations on Thursday.", "01", "KENGOV", None),
    ("France urged Russia to release the detained journalists.", "02", "FRA", "RUS"),
    ("Japan pledged to provide humanitarian aid to the Philippines.", "03", "JPN", "PHL"),
    ("The German foreign minister met with Polish officials in Warsaw on Tuesday.", "04", "DEUGOV", "POLGOV"),
    ("Brazil praised Argentina for its handling of the crisis.", "05", "BRA", "ARG"),
    ("Peru and Chile agreed to share intelligence on drug trafficking routes, and Peru extradited a suspect to Chile.", "06", "PER", "CHL"),
    ("The United States sent humanitarian aid to Sudan after the floods.", "07", "USA", "SDN"),
    ("Colombian rebels released twelve hostages to the Colombian government.", "08", "COLREB", "COLGOV"),
    ("Nigeria launched an investigation into Cameroon over the border shooting.", "09", "NGA", "CMR"),
    ("South Korea demanded that North Korea halt its missile tests.", "10", "KOR", "PRK"),
    ("Canada condemned Iran over the execution of the activists.", "11", "CAN", "IRN"),
    ("Venezuela rejected Guyana's proposal for international arbitration.", "12", "VEN", "GUY"),
    ("North Korea threatened to attack South Korea.", "13", "PRK", "KOR"),
    ("Thousands of Serbian students protested against the Serbian government in Belgrade.", "14", "SRB", "SRBGOV"),
    ("Russia deployed troops near the border with Ukraine as a show of force against Ukraine.", "15", "RUS", None),
    ("The United States imposed sanctions on Venezuela.", "16", "USA", "VEN"),
    # The activists' country is not stated: tidings does not guess it (CODING-METHOD §5).
    ("Belarusian police arrested dozens of opposition activists in Minsk.", "17", "BLRCOP", "---OPP"),
    ("Gunmen kidnapped two Italian aid workers in Mali on Saturday.", "18", None, "ITA"),
    ("Ethiopian troops attacked Eritrean soldiers near the border.", "19", "ETHMIL", "ERIMIL"),
    ("Militants massacred dozens of Nigerian villagers.", "20", None, "NGA"),
]


@pytest.mark.parametrize("text,root,source,target", ROOT_CASES, ids=[c[1] for c in ROOT_CASES])
def test_each_cameo_root(text, root, source, target):
    result = coded(text)
    assert find(result, root, source, target), describe(result)


def test_passive_with_by_agent():
    result = coded("Sanctions were imposed on Iran by the European Union.")
    events = find(result, "16", None, "IRN")
    assert events and events[0].source is not None and "European Union" in events[0].source.name, describe(result)


def test_passive_subject_is_the_target():
    result = coded("Two Malian soldiers were killed by jihadist fighters near Gao.")
    assert find(result, "1", None, "MLIMIL"), describe(result)


def test_conjoined_sources_give_one_event_each():
    result = coded("France and Germany condemned Russia on Monday.")
    assert find(result, "11", "FRA", "RUS") and find(result, "11", "DEU", "RUS"), describe(result)


def test_conjoined_targets_give_one_event_each():
    result = coded("China criticised Japan and South Korea for the joint exercises.")
    assert find(result, "11", "CHN", "JPN") and find(result, "11", "CHN", "KOR"), describe(result)


def test_negation_is_not_asserted():
    result = coded("China did not attack Taiwan.")
    assert not find(result, "19", "CHN", "TWN"), describe(result)
    assert find(result, "19", "CHN", "TWN", modality="negated"), describe(result)


def test_conditional_is_hypothetical():
    result = coded("If Iran attacks Israel, the United States would defend Israel.")
    assert not find(result, "19", "IRN", "ISR"), describe(result)
    assert find(result, "19", "IRN", "ISR", modality="hypothetical"), describe(result)


def test_modal_could_is_hypothetical():
    result = coded("Pakistan could impose sanctions on India.")
    assert not find(result, "16", "PAK", "IND"), describe(result)
    assert find(result, "16", "PAK", "IND", modality="hypothetical"), describe(result)


def test_future_is_labelled_future():
    result = coded("Japan will send aid to Nepal.")
    assert find(result, "07", "JPN", "NPL", modality="future"), describe(result)


def test_threat_is_asserted_but_the_attack_is_not():
    result = coded("North Korea threatened to strike Japan with missiles.")
    assert find(result, "13", "PRK", "JPN"), describe(result)
    assert not find(result, "19", "PRK", "JPN"), describe(result)


def test_denial_negates_the_embedded_event():
    result = coded("Iran denied attacking the Saudi tanker.")
    assert not find(result, "19", "IRN", None), describe(result)


def test_no_invasion_is_negated():
    result = coded("Brazil said there will be no invasion of Venezuela.")
    assert not [e for e in result.asserted_events if e.evidence.trigger.text == "invasion"], describe(result)


def test_reported_speech_codes_the_reported_actors_and_keeps_the_reporter():
    result = coded("The BBC reported that Russia attacked Ukraine overnight.")
    events = find(result, "19", "RUS", "UKR")
    assert events, describe(result)
    assert events[0].reported_by == "BBC"
    assert not find(result, "19", "GBR", None)


def test_according_to_sets_the_reporter():
    result = coded("According to Reuters, Turkish jets bombed Kurdish militants in northern Iraq.")
    events = [e for e in result.asserted_events if e.cameo_code.startswith(("18", "19"))]
    assert events and events[0].reported_by == "Reuters", describe(result)
    assert events[0].source.cameo.startswith("TUR")


def test_pronoun_resolves_to_the_person_named_before():
    result = coded(
        "Mexican President Ana Torres visited Guatemala on Monday.\n\n"
        "She criticized the United States for its new tariffs."
    )
    events = find(result, "11", "MEXGOV", "USA")
    assert events and "Torres" in events[0].source.name, describe(result)


def test_apposition_codes_the_person():
    result = coded("Juan Perez, the Colombian defense minister, accused Venezuela of harboring rebels.")
    events = find(result, "11", "COL", "VEN")
    assert events and "Perez" in events[0].source.name, describe(result)


def test_title_and_demonym_code_the_person():
    result = coded("Kenyan President William Ruto met Tanzanian officials in Arusha.")
    assert find(result, "04", "KENGOV", "TZAGOV"), describe(result)


def test_every_event_has_evidence_and_ontology_fields():
    result = coded("The United States imposed sanctions on Venezuela on Friday.")
    [event] = find(result, "16", "USA", "VEN")
    assert event.evidence.text.startswith("The United States imposed")
    assert event.evidence.trigger.text == "imposed"
    assert event.evidence.rule and ":" in event.evidence.rule
    assert event.quad_class == 4 and event.goldstein < 0
    assert event.plover_type == "SANCTION"
    assert event.date.value == "2025-03-14" and event.date.precision == "day"


def test_weekday_dates_resolve_to_the_past():
    result = coded("Egypt hosted Sudanese negotiators in Cairo on Tuesday.")
    events = [e for e in result.asserted_events if e.cameo_code.startswith("04")]
    assert events and events[0].date.value == "2025-03-11", describe(result)


def test_background_event_is_not_dated_to_publication():
    result = coded("In 2019, Turkish troops attacked Kurdish fighters in Syria.")
    events = [e for e in result.events if e.cameo_code.startswith("19")]
    assert events, describe(result)
    assert events[0].date.value == "2019" and events[0].modality == "historical"


# ---- "strike": a labour strike (143) or a military strike (190) -------------------------------

STRIKE_CASES = [
    # labour strikes: the bare idiom "on strike", labour modifiers, possessors
    ("Dock workers in Lisbon went on strike on Monday.", "143"),
    ("Nurses across Kenya went on an indefinite strike over unpaid wages.", "143"),
    ("Teachers in Nigeria began a nationwide strike.", "143"),
    ("Unions in Argentina launched a general strike against the reforms.", "143"),
    ("Rail workers in Britain staged a 24-hour strike.", "143"),
    ("The teachers' strike in Chile entered its third week.", "143"),
    ("Doctors in Zimbabwe held a two-day strike.", "143"),
    ("Prisoners in Turkey went on hunger strike.", "142"),
    # military strikes keep their sense
    ("Israel launched an air strike on Gaza.", "190"),
    ("Russia carried out a missile strike on Kharkiv.", "190"),
    ("The United States conducted a drone strike in Somalia.", "190"),
    ("Turkish jets launched strikes on Kurdish positions in Iraq.", "190"),
]


@pytest.mark.parametrize(("sentence", "code"), STRIKE_CASES)
def test_labour_and_military_strikes(sentence, code):
    result = coded(sentence)
    asserted = [e for e in result.events if e.asserted]
    assert asserted, describe(result)
    assert asserted[0].cameo_code == code, describe(result)


def test_going_on_strike_is_not_a_future_attack():
    result = coded("Airport workers in Greece went on strike over pay on Tuesday.")
    events = [e for e in result.events if e.evidence.trigger.text == "strike"]
    assert events and events[0].modality == "asserted" and events[0].cameo_code == "143", describe(result)
    assert events[0].plover_type == "PROTEST" and events[0].date.value == "2025-03-11"
    # the progressive "going to" still looks ahead
    result = coded("Airport workers in Greece are going to go on strike next week.")
    assert [e.modality for e in result.events if e.evidence.trigger.text == "strike"] == ["future"], describe(result)


# Organisations of our lexicon that the small model does not tag as entities (it reads
# acronyms as common nouns and splits some names): the actor is found all the same.
@pytest.mark.parametrize(
    "text, root, source",
    [
        ("Human Rights Watch accused the police of beating detainees in custody.", "11", "NGO"),
        ("UNICEF delivered vaccines to displaced families on Tuesday.", "07", "IGO"),
        ("UNHCR appealed for funds after the floods in northern Kenya.", "02", "IGO"),
    ],
)
def test_listed_organisations_missed_by_the_tagger(text, root, source):
    result = coded(text)
    assert any(
        e.cameo_code.startswith(root) and e.source is not None and e.source.cameo.startswith(source)
        and e.modality == "asserted"
        for e in result.events
    ), [(e.source and e.source.cameo, e.cameo_code) for e in result.events]


@pytest.mark.parametrize(
    "text, root, source",
    [
        ("An indefinite strike by nurses began in Nairobi on Monday.", "14", "---HLH"),
        ("The attack by rebels on the convoy killed three soldiers.", "1", "---REB"),
    ],
)
def test_a_noun_events_by_agent_is_its_source(text, root, source):
    result = coded(text)
    assert any(
        e.cameo_code.startswith(root) and e.source is not None and e.source.cameo == source
        and e.modality == "asserted"
        for e in result.events
    ), [(e.source and e.source.cameo, e.cameo_code) for e in result.events]
