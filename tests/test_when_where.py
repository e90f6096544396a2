"""When and where each event happened, and what did not happen, on the founding article and on
sentences written for these tests.

The founding article is read at test time from ../shared/seed; assertions name trigger words and
actor codes, never its sentences.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tidings.api import code_text, get_coder
from tidings.extract.dateline import read_dateline
from tidings.extract.modality import read_modality
from tidings.paths import seed_dir
from tidings.records import ASSERTED, FUTURE, HISTORICAL, HYPOTHETICAL, NEGATED, Article
from tidings.serialize import article_result_to_dict, result_from_dict

SEED = seed_dir() / "000_efc33bd0dc2ac6e5.txt"
PUBLISHED = "2025-08-08"  # a Friday


def events_at(result, trigger: str):
    return [e for e in result.events if e.evidence.trigger and e.evidence.trigger.text.lower() == trigger]


def one(result, trigger: str):
    found = events_at(result, trigger)
    assert found, (trigger, [(e.evidence.trigger.text, e.cameo_code) for e in result.events])
    return found[0]


# ---- the founding article ------------------------------------------------------------------------

seed_only = pytest.mark.skipif(not SEED.exists(), reason="shared/seed is not beside the project")


@pytest.fixture(scope="module")
def seed():
    from tidings.sources import read_sources

    [article] = list(read_sources([SEED]))
    coder = get_coder()
    doc = coder.nlp(article.text)
    return coder.code_doc(doc, article), doc


@seed_only
def test_seed_publication_date(seed):
    result, _ = seed
    assert result.article.published == dt.date(2025, 8, 8)
    assert result.article.published.weekday() == 4  # the Friday of "on Friday"


@seed_only
def test_sheinbaum_statement_is_dated_friday_from_its_own_clause(seed):
    result, _ = seed
    hers = [e for e in result.asserted_events
            if e.source is not None and e.source.cameo == "MEXGOV" and "Sheinbaum" in e.source.name]
    assert hers, [(e.source and e.source.name, e.cameo_code) for e in result.events]
    for event in hers:
        assert event.date.value == "2025-08-08" and event.date.precision == "day"
        assert event.date.source == "clause" and "Friday" in (event.date.text or "")


@seed_only
@pytest.mark.parametrize(("name", "precision", "country"), [
    ("Mexico", "country", "MEX"),
    ("Afghanistan", "country", "AFG"),
    ("United States", "country", "USA"),
    ("Latin America", "region", None),
])
def test_seed_places_are_resolved(seed, name, precision, country):
    result, _ = seed
    found = [p for p in result.places if p.name == name]
    assert found, sorted({p.name for p in result.places})
    assert found[0].precision == precision and found[0].country == country
    assert found[0].lat is not None and found[0].start is not None
    text = result.article.text
    assert all(text[p.start:p.end] for p in found)


@seed_only
def test_afghanistan_bombing_is_background_placed_in_afghanistan(seed):
    result, _ = seed
    afghan = [e for e in events_at(result, "bomb") if e.place is not None and e.place.country == "AFG"]
    assert afghan, [(e.evidence.trigger.text, e.place) for e in result.events]
    for event in afghan:
        assert event.date.value != "2025-08-08"
        assert event.date.source != "publication"
        assert event.modality in (HISTORICAL, NEGATED)
        assert event.place.source == "clause" and event.place.name == "Afghanistan"


# Every statement of the founding article that is negated or only imagined, by its trigger word:
# what the parse says of each occurrence of that word. Read at predicate level, so the list does
# not depend on whether the event coder turns the predicate into a coded event.
SEED_NON_ASSERTED = {
    "invasion": {NEGATED},  # there will be no ...
    "come": {NEGATED},  # is not going to ... / those that don't ...
    "resulted": {NEGATED},  # has never ...
    "kill": {HYPOTHETICAL},  # if forces ... were to ...
    "go": {HYPOTHETICAL},  # how the military could ... after
    "retaliate": {HYPOTHETICAL, FUTURE},  # would likely look to ...
    "respond": {HYPOTHETICAL},  # could ... by
    "curtailing": {HYPOTHETICAL},
    "terminating": {HYPOTHETICAL},
    "shut": {HYPOTHETICAL},  # would also ... down
    "damage": {HYPOTHETICAL},  # which would ...
    "lead": {HYPOTHETICAL},  # would likely ... to
    "politicize": {HYPOTHETICAL, FUTURE},  # could be part of an effort to ...
}


@seed_only
@pytest.mark.parametrize("trigger", sorted(SEED_NON_ASSERTED))
def test_each_negated_or_hypothetical_statement_is_labelled(seed, trigger):
    _, doc = seed
    lexicon = get_coder().events_lexicon
    tokens = [t for t in doc if t.lower_ == trigger]
    assert tokens, trigger
    for token in tokens:
        reading = read_modality(token, lexicon)
        assert reading.label in SEED_NON_ASSERTED[trigger], (trigger, reading.label, reading.cues,
                                                             token.sent.text[:60])
        assert reading.cues  # the cue that decided is recorded


@seed_only
def test_seed_bombings_are_not_asserted(seed):
    _, doc = seed
    lexicon = get_coder().events_lexicon
    bombs = [read_modality(t, lexicon).label for t in doc if t.lower_ == "bomb"]
    assert len(bombs) == 2
    assert bombs[0] in (FUTURE, HYPOTHETICAL)  # plans to ...
    assert bombs[1] in (HISTORICAL, NEGATED)  # failed efforts to ...


@seed_only
def test_seed_events_by_actor_codes_are_labelled(seed):
    result, _ = seed
    for event in result.events:
        trigger = event.evidence.trigger.text.lower()
        if trigger in SEED_NON_ASSERTED:
            assert event.modality != ASSERTED, (trigger, event.cameo_code, event.modality)
    # Mexico's imagined reprisals and the American incursion stay hypothetical, undated.
    mexico = [e for e in result.events if e.source is not None and e.source.country == "MEX"
              and e.evidence.trigger.text.lower() in ("retaliate", "respond", "curtailing", "terminating")]
    assert mexico
    incursion = [e for e in events_at(result, "incursion")
                 if e.source is not None and e.source.country == "USA"
                 and e.target is not None and e.target.country == "MEX"]
    assert incursion
    for event in mexico + incursion:
        assert event.modality in (HYPOTHETICAL, FUTURE), (event.cameo_code, event.modality)


@seed_only
def test_seed_events_have_places_and_say_where_from(seed):
    result, _ = seed
    assert all(e.place is not None for e in result.events)
    assert {e.place.source for e in result.events} <= {"clause", "sentence", "dateline", "focus"}
    assert not any(e.date.source == "publication" for e in result.events
                   if e.modality in (HYPOTHETICAL, FUTURE, HISTORICAL))


@seed_only
def test_seed_round_trips_with_places(seed):
    result, _ = seed
    data = json.loads(json.dumps(article_result_to_dict(result)))
    assert result_from_dict(data, text=result.article.text, origin=result.article.origin) == result
    assert data["places"] and data["events"][0]["place"] is not None


# ---- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "trigger", "value", "precision"), [
    ("Tanzanian police arrested the opposition leader on Tuesday.", "arrested", "2025-08-05", "day"),
    ("Kenya will host the mediators on Tuesday.", "host", "2025-08-12", "day"),
    ("Ghana expelled the Burkinabe envoy last week.", "expelled", "2025-W31", "week"),
    ("Two days ago, Ethiopian troops attacked rebels in Amhara.", "attacked", "2025-08-06", "day"),
    ("Earlier this year, Chile recalled its ambassador from Caracas.", "recalled", "2025", "year"),
    ("On Aug. 3, Benin closed its border with Niger.", "closed", "2025-08-03", "day"),
    ("The Nigerian army raided the camp on Wednesday, four days after gunmen attacked a convoy.",
     "attacked", "2025-08-02", "day"),
    ("If Algeria expels the Spanish ambassador on Monday, Spain will protest.", "expels", "2025-08-11", "day"),
    ("Kenya and Uganda signed an accord on Thursday in Kampala.", "signed", "2025-08-07", "day"),
    (("Somalia said on Wednesday that it had recalled its envoy, a day after Ethiopian troops "
      "attacked a Somali border post."), "attacked", "2025-08-05", "day"),
])
def test_event_dates_from_the_clause(sentence, trigger, value, precision):
    event = one(code_text(sentence, published=PUBLISHED), trigger)
    assert (event.date.value, event.date.precision, event.date.source) == (value, precision, "clause"), event.date


def test_old_dates_make_background():
    event = one(code_text("In 2021, Morocco cut diplomatic ties with Algeria.", published=PUBLISHED), "cut")
    assert event.date.value == "2021" and event.modality == HISTORICAL


def test_report_date_dates_what_it_reports():
    event = one(code_text("The Sudanese army said on Monday that it had shelled the market.",
                          published=PUBLISHED), "shelled")
    assert (event.date.value, event.date.source) == ("2025-08-04", "sentence")


def test_what_has_not_happened_gets_no_publication_date():
    result = code_text("Poland could expel the Belarusian diplomats, a minister said.", published=PUBLISHED)
    event = one(result, "expel")
    assert event.modality == HYPOTHETICAL
    assert event.date.value is None and event.date.precision == "unknown"


def test_asserted_events_are_never_after_publication():
    result = code_text("Peru will sign the accord with Chile on Tuesday.", published=PUBLISHED)
    for event in result.events:
        if event.modality == ASSERTED and event.date.value:
            assert event.date.value <= PUBLISHED, event


# ---- datelines ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "place", "date", "agency"), [
    ("WASHINGTON, Aug. 8 (Reuters) - The Pentagon said", "WASHINGTON", dt.date(2025, 8, 8), "Reuters"),
    ("OTTAWA — Canada's foreign minister said", "OTTAWA", None, None),
    ("KYIV, Ukraine (AP) — Russian drones hit", "KYIV, Ukraine", None, "AP"),
    ("SAN DIEGO, Calif., March 3, 2024 /PRNewswire/ -- A firm", "SAN DIEGO, Calif.", dt.date(2024, 3, 3),
     "PRNewswire"),
    ("Beirut (CNN) — Israeli jets struck", "Beirut", None, "CNN"),
])
def test_datelines(text, place, date, agency):
    found = read_dateline(text, dt.date(2025, 8, 8))
    assert found is not None
    assert (found.place, found.date, found.agency) == (place, date, agency)
    assert text[found.start:found.end] == place


@pytest.mark.parametrize("text", [
    "Police in Lagos said on Friday - nothing",
    "BREAKING — Something happened",
    "The New York Times reported on Friday that",
    "Beirut — no agency, title case",
])
def test_not_datelines(text):
    assert read_dateline(text) is None


def test_dateline_dates_an_undated_article_and_places_its_events():
    article = Article(text="NAIROBI, Aug. 7, 2025 (Reuters) - The government criticised the "
                           "opposition on Thursday for the unrest.")
    result = get_coder().code(article)
    assert result.article.published == dt.date(2025, 8, 7)
    dateline = [p for p in result.places if p.source == "dateline"]
    assert dateline and dateline[0].name == "Nairobi" and dateline[0].country == "KEN"
    for event in result.events:
        assert event.place is not None and event.place.name == "Nairobi"
        assert event.place.source == "dateline"


# ---- places ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "trigger", "name", "source"), [
    ("Congolese soldiers attacked a convoy near Goma on Monday.", "attacked", "Goma", "clause"),
    ("The Chinese premier visited Islamabad on Thursday.", "visited", "Islamabad", "clause"),
    ("Kenya deployed police officers to Haiti last year.", "deployed", "Haiti", "clause"),
    ("Police in Dhaka arrested two journalists.", "arrested", "Dhaka", "clause"),
    ("In Kampala, officials said the army had arrested the opposition leader.", "arrested", "Kampala",
     "sentence"),
])
def test_event_places(sentence, trigger, name, source):
    event = one(code_text(sentence, published=PUBLISHED), trigger)
    assert event.place is not None, event
    assert (event.place.name, event.place.source) == (name, source), event.place


def test_targets_and_demonyms_are_not_scenes():
    # "sanctions on Russia" names a target, "Japanese" an actor: the scene is the focus country.
    event = one(code_text("Japanese officials said Japan imposed sanctions on Russia.", published=PUBLISHED),
                "imposed")
    assert event.place is not None
    assert event.place.source == "focus"


def test_no_place_without_toponyms():
    event = one(code_text("The army arrested twelve students on Thursday.", published=PUBLISHED), "arrested")
    assert event.place is None
