"""The founding article, end to end: what must be coded, and what must not.

The article is read at test time from ../shared/seed (never copied into the project).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.paths import seed_dir

SEED = seed_dir() / "000_efc33bd0dc2ac6e5.txt"
pytestmark = pytest.mark.skipif(not SEED.exists(), reason="shared/seed is not beside the project")


@pytest.fixture(scope="module")
def result():
    from tidings.api import get_coder
    from tidings.sources import read_sources

    [article] = list(read_sources([SEED]))
    assert article.published == dt.date(2025, 8, 8)
    return get_coder().code(article)


def asserted(result, *, root=None, source=None, target=None, source_name=None):
    found = []
    for event in result.asserted_events:
        if root and not any(event.cameo_code.startswith(r) for r in root):
            continue
        if source and (event.source is None or not event.source.cameo.startswith(source)):
            continue
        if source_name and (event.source is None or source_name not in event.source.name):
            continue
        if target and (event.target is None or not event.target.cameo.startswith(target)):
            continue
        found.append(event)
    return found


def test_us_government_force_posture_against_cartels(result):
    events = asserted(result, root=("13", "15", "17", "19"), source="USAGOV", target="---CRM")
    assert events, [(_e(e)) for e in result.events]
    assert any("Trump" in e.source.name for e in events)


def test_us_military_officials_against_cartels(result):
    assert asserted(result, root=("13", "15", "17", "19"), source="USAMIL", target="---CRM")


def test_sheinbaum_rejects_united_states(result):
    events = asserted(result, root=("12",), source="MEXGOV", target="USA")
    assert events
    assert events[0].source.name.endswith("Sheinbaum")
    assert events[0].date.value == "2025-08-08"
    assert "Guardian" in (events[0].reported_by or "")


@pytest.mark.parametrize("surname", ["Segura", "Finucane"])
def test_crisis_group_experts_criticise_us_government(result, surname):
    events = asserted(result, root=("11",), source_name=surname, target="USA")
    assert events
    assert events[0].source.cameo.startswith("NGO")
    assert events[0].source.affiliation == "International Crisis Group"


def test_brooks_criticises_us(result):
    events = asserted(result, root=("11",), source_name="Brooks", target="USA")
    assert events
    assert events[0].source.cameo.endswith("EDU")


def test_nothing_negated_or_imagined_is_asserted(result):
    for event in result.asserted_events:
        text = event.evidence.text
        trigger = event.evidence.trigger.text.lower()
        # "there will be no invasion", "Mexico could respond by curtailing ...", "were to kill"
        assert trigger not in ("invasion", "curtail", "curtailing", "terminate", "terminating",
                               "kill", "respond", "retaliate"), _e(event)
        assert not ("Afghanistan" in text and trigger == "bomb"), _e(event)


def test_negated_and_hypothetical_statements_are_kept_and_labelled(result):
    labels = {e.evidence.trigger.text.lower(): e.modality for e in result.events}
    assert labels.get("retaliate") in ("hypothetical", "future")


def test_afghanistan_bombing_is_background(result):
    afghan = [e for e in result.events if "Afghanistan" in e.evidence.text and e.evidence.trigger.text == "bomb"]
    for event in afghan:
        assert event.modality != "asserted"
        assert event.date.value != "2025-08-08"


EXPECTED_SPEAKERS = {
    "U.S. military officials have started": "New York Times",
    "it would count as": "New York Times",
    "The United States is not going to come": "Sheinbaum",
    "We cooperate, we collaborate": "Sheinbaum",
    "The legality of this move": "Segura",
    "almost certainly illegal": "Finucane",
    "definitely counterproductive": "Finucane",
    "low-tech": "Finucane",
    "Mexico could respond": "Finucane",
    "Further, the unilateral bombing": "Finucane",
    "Missions that involve": "Brooks",
    "People that support": "Brooks",
    "normalizes the idea": "Brooks",
}


def test_every_quote_has_the_right_speaker(result):
    seen = set()
    for quote in result.quotes:
        for start, speaker in EXPECTED_SPEAKERS.items():
            if quote.text.startswith(start) or quote.text.strip('"“').startswith(start):
                assert quote.speaker is not None, quote.text
                assert speaker in quote.speaker.name, (quote.text, quote.speaker.name)
                seen.add(start)
    assert seen == set(EXPECTED_SPEAKERS), set(EXPECTED_SPEAKERS) - seen


def test_speaker_profiles(result):
    by_name = {q.speaker.name: q.speaker for q in result.quotes if q.speaker is not None}
    segura = next(a for n, a in by_name.items() if "Segura" in n)
    assert segura.role and "director" in segura.role
    assert segura.affiliation == "International Crisis Group"
    sheinbaum = next(a for n, a in by_name.items() if "Sheinbaum" in n)
    assert sheinbaum.cameo == "MEXGOV"
    times = next(a for n, a in by_name.items() if "Times" in n)
    assert times.kind == "media"


def _e(event) -> str:
    return (f"{event.source.cameo if event.source else None} {event.cameo_code} "
            f"{event.target.cameo if event.target else None} {event.modality} {event.evidence.text[:80]}")
