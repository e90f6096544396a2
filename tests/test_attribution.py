"""Who said it: quotes, speakers, media and reporting chains, on real sentences.

The founding article and MEANTIME are read at test time from ../shared (never copied into the
project); the team-written attribution set ships with tidings. Floors are on fixed data, so they
are deterministic for a given model.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from tidings.extract.quotes import find_quote_spans, looks_like_name
from tidings.paths import reference_dir, seed_dir
from tidings.records import Article
from tidings.serialize import article_result_to_dict, result_from_dict

SEED = seed_dir() / "000_efc33bd0dc2ac6e5.txt"
MEANTIME = reference_dir() / "dates" / "meantime_en" / "meantime_en.jsonl"
L, R = "\u201c", "\u201d"


@pytest.fixture(scope="module")
def coder():
    from tidings.api import get_coder

    return get_coder()


def code(coder, text: str, outlet: str | None = None):
    return coder.code(Article(text=text, outlet=outlet, published=dt.date(2025, 8, 8)))


def quote_starting(result, start: str, kind: str | None = None):
    for quote in result.quotes:
        if quote.text.startswith(start) and (kind is None or quote.kind == kind):
            return quote
    raise AssertionError(f"no quote starting {start!r}: {[q.text[:30] for q in result.quotes]}")


# ---- quotation marks ---------------------------------------------------------------------------


def test_marks_straight_curly_and_british_single_quotes():
    text = (f'{L}We are ready,{R} she said. "Not yet," he said. '
            "'The water came at night,' said a farmer. The farmers' union met.")
    found = [text[m.start:m.end] for m in find_quote_spans(text)]
    assert found == ["We are ready,", "Not yet,", "The water came at night,"]


def test_nested_single_quotes_stay_inside_the_outer_quote():
    text = f"{L}He told us \u2018the road is safe\u2019, and we believed him,{R} said Jonas Pereira."
    [mark] = find_quote_spans(text)
    assert text[mark.start:mark.end] == "He told us \u2018the road is safe\u2019, and we believed him,"


def test_a_long_quote_continues_over_paragraphs():
    text = f"{L}First paragraph of the quote.\n\n{L}Second part,{R} said Ines Duarte."
    first, second = find_quote_spans(text)
    assert not first.closed and text[first.start:first.end] == "First paragraph of the quote."
    assert second.continues_previous


def test_titles_and_code_names_are_not_quotes():
    for text in (f"The documentary {L}Silent Fields{R} premiered on Saturday.",
                 'Police said the raids, part of an operation code-named "Northern Lantern", ended.',
                 f"Parliament approved the {L}Safe Streets{R} bill on Wednesday."):
        [mark] = find_quote_spans(text)
        assert looks_like_name(text, mark.start, mark.end), text
    text = f"The so-called {L}efficiency review{R} produced no savings."
    [mark] = find_quote_spans(text)
    assert not looks_like_name(text, mark.start, mark.end)


# ---- speakers ------------------------------------------------------------------------------------


def test_post_posed_speaker_with_title_and_apposition(coder):
    result = code(coder, f"{L}Ports are running at half capacity,{R} said Ingrid Solberg, a logistics "
                         "analyst at Nordhavn Shipping.")
    quote = quote_starting(result, "Ports are")
    assert quote.speaker.name == "Ingrid Solberg"
    assert quote.kind == "direct" and quote.cue == "said"
    assert quote.speaker_span.text == "Solberg"
    assert "logistics analyst" in (quote.speaker_title or "")


def test_pronoun_and_nominal_speakers_resolve_to_the_named_actor(coder):
    result = code(coder, f"Trade Minister Yusuf Demirci arrived in Berlin on Sunday. {L}We want a fair "
                         f"deal, not a fast one,{R} the minister said.\n\nNordlys Telecom confirmed the "
                         f"outage. {L}Service has been restored,{R} the company said.")
    assert quote_starting(result, "We want").speaker.name == "Yusuf Demirci"
    assert quote_starting(result, "Service has").speaker.name == "Nordlys Telecom"


def test_speaker_in_the_next_sentence_and_in_the_previous_paragraph(coder):
    result = code(coder, f"{L}Not one more child will die in these waters.{R} Those were the words of "
                         "Coast Guard commander Elif Demir.\n\nHealth Commissioner Samuel Adeyemi was "
                         f"blunt.\n\n{L}We do not have enough nurses.{R}")
    assert quote_starting(result, "Not one more").speaker.name == "Elif Demir"
    assert quote_starting(result, "We do not").speaker.name == "Samuel Adeyemi"


def test_anonymous_sources_are_kept_and_flagged(coder):
    result = code(coder, f"{L}There is no plan B,{R} one senior official said, speaking on condition of "
                         "anonymity. Two people familiar with the talks said a deal was close.")
    direct = quote_starting(result, "There is no plan B")
    assert direct.anonymous and "official" in direct.speaker.name
    indirect = quote_starting(result, "a deal was close", kind="indirect")
    assert indirect.anonymous and "people" in indirect.speaker.name.lower()
    assert all(a.id != direct.speaker.id or a.name for a in result.actors)
    assert {q.speaker.id for q in result.quotes if q.speaker} <= {a.id for a in result.actors}


def test_quotes_nobody_said_stay_unattributed(coder):
    result = code(coder, f"The so-called {L}efficiency review{R} produced no savings. Thousands marched "
                         f"under banners reading {L}Bread, not bullets.{R} Critics have dismissed the "
                         f"promised {L}green jobs{R} as a slogan.")
    quotes = [q for q in result.quotes if q.kind != "indirect"]
    assert len(quotes) == 3
    assert all(q.speaker is None for q in quotes), [(q.text, q.speaker) for q in quotes]


def test_indirect_speech_according_to_and_post_posed_cue(coder):
    result = code(coder, "According to U.S. officials, the drone was shot down over international "
                         "waters. The talks will resume next week in Doha, the Qatari foreign ministry "
                         "said.")
    according = quote_starting(result, "the drone was shot down", kind="indirect")
    assert according.cue == "According to" and according.anonymous
    assert according.cue_span.text == "According to"
    said = quote_starting(result, "The talks will resume", kind="indirect")
    assert "foreign ministry" in said.speaker.name


def test_first_person_inside_a_quote_is_its_speaker(coder):
    from tidings.extract.actors import resolve_actors
    from tidings.extract.attribution import Attributor

    doc = coder.nlp(f"{L}We want to know what happened,{R} said chief executive Thomas Enders.")
    attributor = Attributor(doc, resolve_actors(doc, coder.actor_lexicon), coder.events_lexicon, "t")
    attributor.attributions()
    want = next(t for t in doc if t.text == "want")
    actor, token = attributor.speaker_of(want)
    assert actor is not None and actor.name.endswith("Enders") and token.text == "We"


# ---- media and chains ----------------------------------------------------------------------------


def test_medium_platform_statement_and_interview(coder):
    result = code(coder, f"{L}The bridge stays closed,{R} the city{chr(8217)}s transport department "
                         f"wrote on X. The Red Cross said in a statement that its team had arrived. "
                         f"{L}I never asked for a pardon,{R} Viktor Hale told the BBC in an interview.")
    assert quote_starting(result, "The bridge").medium == "X"
    assert quote_starting(result, "its team", kind="indirect").medium == "statement"
    assert quote_starting(result, "I never asked").medium == "interview"


def test_reporting_chain_starts_with_the_outlet(coder):
    result = code(coder, "Reuters reported that Brazilian Foreign Minister Eduardo Saraiva rejected the "
                         f"proposal.\n\n{L}This text does not reflect what was agreed,{R} Saraiva told "
                         "reporters.", outlet="Example Post")
    quote = quote_starting(result, "This text")
    assert quote.reporting_chain == ("Example Post", "Reuters", "Eduardo Saraiva")
    for event in result.events:
        assert event.reporting_chain[0] == "Example Post"
        if event.reported_by:
            assert event.reporting_chain[-1] == event.reported_by


def test_new_fields_round_trip_through_the_json_contract(coder):
    result = code(coder, f"{L}The board has lost confidence in him,{R} said a person with direct "
                         "knowledge of the discussions.", outlet="Example Post")
    again = result_from_dict(json.loads(json.dumps(article_result_to_dict(result))),
                             text=result.article.text)
    assert again == result
    [quote] = [q for q in again.quotes if q.kind == "direct"]
    assert quote.anonymous and quote.reporting_chain[0] == "Example Post"


# ---- the founding article --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(coder):
    if not SEED.exists():
        pytest.skip("shared/seed is not beside the project")
    from tidings.sources import read_sources

    [article] = list(read_sources([SEED]))
    return coder.code(article)


def test_seed_speaker_profiles(seed):
    segura = quote_starting(seed, "The legality of this move")
    assert segura.speaker.name == "Renata Segura"
    assert segura.speaker.role == "director"
    assert segura.speaker.affiliation == "International Crisis Group"
    assert segura.speaker.cameo.startswith("NGO")
    assert "Latin America and the Caribbean Program" in segura.speaker_title
    finucane = quote_starting(seed, "almost certainly illegal")
    assert finucane.speaker.affiliation == "International Crisis Group"
    assert "senior adviser" in finucane.speaker_title
    sheinbaum = quote_starting(seed, "The United States is not going")
    assert sheinbaum.speaker.cameo == "MEXGOV" and sheinbaum.speaker_title == "Mexican President"
    brooks = quote_starting(seed, "Missions that involve")
    assert brooks.speaker.affiliation == "Marquette University" and brooks.speaker.cameo.endswith("EDU")


def test_seed_the_paper_is_the_times(seed):
    quote = quote_starting(seed, "U.S. military officials have started", kind="partial")
    assert quote.speaker.name == "The New York Times"
    assert quote.speaker_span.text == "paper"


def test_seed_media(seed):
    assert quote_starting(seed, "The United States is not going").medium == "news conference"
    assert quote_starting(seed, "We cooperate").medium == "news conference"
    assert quote_starting(seed, "almost certainly illegal").medium == "Just Security"
    assert quote_starting(seed, "low-tech").medium == "Just Security"  # "In his piece"
    bluesky = [q for q in seed.quotes if q.kind == "indirect" and q.medium == "Bluesky"]
    assert {q.speaker.name for q in bluesky} == {"Brian Finucane", "Risa Brooks"}
    assert quote_starting(seed, "The legality of this move").medium is None  # not stated


def test_seed_reporting_chains(seed):
    assert quote_starting(seed, "We cooperate").reporting_chain == ("The Guardian", "Claudia Sheinbaum")
    assert quote_starting(seed, "it would count as").reporting_chain == ("The New York Times",)
    assert quote_starting(seed, "The legality").reporting_chain == ("Renata Segura",)
    rejection = [e for e in seed.events if e.cameo_code.startswith("12") and e.source
                 and e.source.name.endswith("Sheinbaum")]
    assert rejection and rejection[0].reporting_chain == ("The Guardian",)
    assert rejection[0].reported_by == "The Guardian"


def test_seed_store_links_quotes_to_speakers_and_events(seed, tmp_path):
    import tidings
    from tidings.commands.quotes import quotes_command
    from tidings.store import open_store

    db = tmp_path / "seed.duckdb"
    with open_store(db) as store:
        store.write_results([seed])
        assert 10 in store.applied_migrations()
        links = store.con.execute("SELECT relation, count(*) FROM quote_events GROUP BY 1").fetchall()
        assert dict(links).get("content", 0) > 0 and dict(links).get("speech", 0) > 0
    rows = tidings.quotes(org="crisis group", db=db)
    assert {r["speaker_name"] for r in rows} == {"Renata Segura", "Brian Finucane"}
    segura = next(r for r in rows if r["speaker_name"] == "Renata Segura")
    assert segura["speaker_role"] == "director" and segura["event_ids"]  # the criticism it voices
    frame = tidings.quotes(speaker="sheinbaum", db=db, as_frame=True)
    assert set(frame["speaker_name"]) == {"Claudia Sheinbaum"} and len(frame) >= 2
    assert tidings.quotes(speaker="100%_", db=db) == []
    out = CliRunner().invoke(quotes_command, ["--speaker", "Brooks", "--db", str(db), "--json"])
    assert out.exit_code == 0, out.output
    lines = [json.loads(line) for line in out.output.splitlines()]
    assert lines and all(r["speaker_name"] == "Risa Brooks" for r in lines)
    with open_store(db) as store:
        store.delete_article(seed.article.id)
        assert store.con.execute("SELECT count(*) FROM quote_events").fetchone() == (0,)


def test_quotes_command_without_a_store(tmp_path):
    from tidings.commands.quotes import quotes_command

    out = CliRunner().invoke(quotes_command, ["--org", "x", "--db", str(tmp_path / "none.duckdb")])
    assert out.exit_code == 1 and "tidings code" in out.output


# ---- floors on fixed data ---------------------------------------------------------------------------


def test_attribution_set_floors():
    from tidings.evaluate.attribution import FLOORS, evaluate, load_items

    assert len(load_items()) >= 60
    results = evaluate()
    direct = results["direct"]
    assert direct["precision"] >= FLOORS["precision"], results["errors"]
    assert direct["recall"] >= FLOORS["recall"], results["errors"]
    assert direct["speaker_accuracy"] >= FLOORS["speaker_accuracy"], results["errors"]
    assert results["indirect"]["speaker_accuracy"] >= 0.90
    assert results["anonymous"]["recall"] >= 0.80
    assert results["anonymous"]["false_flag_rate"] <= 0.05


def test_attribution_set_gold_is_well_formed():
    from tidings.evaluate.attribution import gold_span, load_items, names_match

    for item in load_items():
        for quote in item["quotes"]:
            start, end = gold_span(item["text"], quote["text"], quote.get("n", 0))
            assert item["text"][start:end] == quote["text"]
        for indirect in item["indirect"]:
            assert indirect["content"] in item["text"], item["id"]
    assert names_match("Adaeze Okonjo", "Okonjo") and names_match("the Ministry of Health", "ministry")
    assert not names_match("prime minister", "a source close to the prime minister")
    assert names_match(None, None) and not names_match("Okonjo", None)


@pytest.mark.skipif(not MEANTIME.exists(), reason="shared/reference is not beside the project")
def test_meantime_speaker_floors():
    from tidings.evaluate.meantime_speakers import FLOOR, evaluate

    results = evaluate()
    assert results["links"] == 224
    assert results["gold_cues"]["speaker_accuracy"] >= FLOOR
    assert results["end_to_end"]["speaker_accuracy"] >= FLOOR
    assert results["end_to_end"]["coverage"] >= 0.55
