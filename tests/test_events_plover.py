"""Event coding for the PLOVER event types: verb senses, light verbs and stances that the CAMEO
codebook assigns to a family. Sentences written by the team; each says what an analyst expects,
by CAMEO code prefix and source (and target) code prefix."""

from __future__ import annotations

import pytest

from tidings.api import code_text

PUBLISHED = "2025-03-14"


def coded(text: str):
    return code_text(text, published=PUBLISHED, outlet="Test Wire")


def asserted(result, prefix: str, source: str | None = None, target: str | None = None):
    return [
        e for e in result.events
        if e.modality == "asserted" and e.cameo_code.startswith(prefix)
        and (source is None or (e.source is not None and e.source.cameo.startswith(source)))
        and (target is None or (e.target is not None and e.target.cameo.startswith(target)))
    ]  # fmt: skip


def describe(result) -> list[str]:
    return [
        f"{e.source.cameo if e.source else '-'} {e.cameo_code} {e.target.cameo if e.target else '-'} "
        f"[{e.modality}] via {e.evidence.trigger.text}"
        for e in result.events
    ]


# (sentence, expected code prefix, source prefix, target prefix)
CASES = [
    # 154 mobilize armed forces: the object names the forces, whatever preposition follows
    ("Poland mobilized its reservists for a possible war against Belarus.", "154", "POL", None),
    # 165 halt mediation: "efforts" only carries its modifier's sense
    ("Qatari officials ended their mediation efforts between the two Sudanese factions.", "165", "QAT", None),
    # a vow to use force is a threat (138); a vow to yield is a promise (03)
    ("The militia vowed to attack the Nigerian capital.", "138", None, None),
    ("Separatist fighters in Ukraine have sworn to retake the airport.", "138", "UKR", None),
    ("Colombian rebels vowed to release the hostages.", "03", "COLREB", None),
    # agreeing that one's own side should act is intent to cooperate, not a demand
    ("Chilean ministers agreed that Chile and Peru should hold talks on fisheries.", "03", "CHL", None),
    # who travels somewhere for talks takes part in them
    ("Iranian negotiators returned to Muscat for talks with Omani officials.", "04", "IRN", None),
    # ordering a show of force is one
    ("The Kenyan interior ministry ordered patrols along the coast.", "15", "KENGOV", None),
    # repeated demands are demands
    ("The Arab League reiterated its demand that Israel withdraw from the territories.", "10", "IGO", "ISR"),
    # a strike by workers who stop work
    ("Chilean dock workers stopped work over pay.", "143", "CHLLAB", None),
    # a court hearing into a matter is an investigation
    ("Kenya's high court opened a hearing into the police shootings.", "09", "KENJUD", None),
    # stated future withdrawal from positions: intent to yield (035)
    ("Israel will evacuate its outposts in the West Bank.", "035", "ISR", None),
    # returning seized property
    ("Venezuela returned the seized helicopter to Colombia.", "0842", "VEN", None),
    # prohibiting gatherings restricts freedoms (17)
    ("The Egyptian government prohibited public gatherings in Cairo.", "172", "EGYGOV", None),
    # fundamentalists are an actor (CAMEO RAD) even with no country
    ("Islamic fundamentalists in Egypt began a hunger strike.", "142", "EGY", None),
    # permitting an actor to act is yielding (080); ordering one to act is demanding (100)
    ("The Egyptian government allowed opposition leaders to hold a rally in Cairo.", "080", "EGYGOV", "---OPP"),
    ("A Peruvian judge ordered the former Chilean minister to appear in court.", "100", "PERJUD", "CHL"),
    # "took steps to ..." is the act of whoever takes them
    ("The Tunisian president has taken steps to expand press freedoms.", "0811", "TUNGOV", None),
    # peacekeepers arriving are deployed (074), not visiting
    ("Ghanaian peacekeeping troops arrived in Lebanon on Monday.", "074", "GHA", "LBN"),
    # exercises of two countries' forces together are military cooperation (062)
    ("Chinese and Russian warships held naval drills in the Sea of Japan.", "062", "CHN", None),
    # urging others to mobilize against someone is rallying opposition against them (113)
    ("The Iranian cleric urged Muslims to mobilize against Israel.", "113", "IRN", "ISR"),
    # "walked out of the talks": the preposition hangs off the particle (164, not a labour walkout)
    ("The Palestinian delegation walked out of the talks with Israel.", "164", "PSE", None),
    # forces leaving a place retreat (0874); leaving an organisation reduces relations (166)
    ("Russian troops pulled out of the town.", "0874", "RUS", None),
    ("The United States withdrew from the World Health Organization.", "166", "USA", None),
    # the particle read as a preposition: "closed down the newspaper" (1721)
    ("Chinese authorities closed down the newspaper.", "1721", "CHN", None),
    # the verb's own sense for the addressee of a permission: receiving inspectors (0862)
    ("The regime allowed UN inspectors to visit the site.", "0862", None, "IGO"),
    # an intransitive verb's sense in its prepositional object: acceding to demands (083)
    ("The government agreed to the strikers' demands.", "083", "---GOV", None),
    ("The military junta handed power to a civilian government.", "0831", None, None),
    ("The rebels handed over their weapons to the peacekeepers.", "0873", "---REB", None),
    # rejecting by vote; freezing loans stops economic aid (1621)
    ("The Serbian parliament voted down the agreement.", "120", "SRB", None),
    ("The World Bank froze its loans to Ethiopia.", "1621", None, None),
    # the parties of a noun event named with "between"
    ("Clashes between Egyptian police and protesters left two dead.", "19", "EGYCOP", None),
]


@pytest.mark.parametrize("text,code,source,target", CASES, ids=[c[0][:50] for c in CASES])
def test_plover_family_cases(text, code, source, target):
    result = coded(text)
    assert asserted(result, code, source, target), describe(result)


def test_announced_reduction_of_relations_is_the_act():
    """An announced decision to cut aid is the cut (16), not a threat (13)."""
    result = coded("The European Union announced it would suspend aid to the Malian junta.")
    assert asserted(result, "162", "IGO"), describe(result)
    assert not asserted(result, "13"), describe(result)


def test_conditional_reduction_of_relations_stays_a_threat():
    result = coded(
        "The European Union announced it would suspend aid to the Malian junta if it delayed the elections."
    )
    assert asserted(result, "13", "IGO"), describe(result)
    assert not asserted(result, "16"), describe(result)


def test_vow_does_not_turn_a_noun_inside_the_act_into_a_promise():
    """'vowed to cut aid': the aid is what is cut, not what is promised."""
    result = coded("The European Union vowed to cut aid to the Malian junta.")
    assert not asserted(result, "03"), describe(result)
    assert asserted(result, "13", "IGO"), describe(result)


def test_agreeing_that_others_must_act_is_not_a_demand():
    result = coded("Chilean ministers agreed that Chile and Peru should hold talks on fisheries.")
    assert not asserted(result, "10"), describe(result)


def test_exercises_of_one_country_stay_a_show_of_force():
    result = coded("Chinese warships held naval drills near Taiwan.")
    assert asserted(result, "15", "CHN"), describe(result)
    assert not asserted(result, "06"), describe(result)


def test_orders_to_own_forces_are_not_demands():
    result = coded("The Kenyan president ordered the army to patrol the border.")
    assert not asserted(result, "10"), describe(result)
    assert asserted(result, "15", "KENGOV"), describe(result)
