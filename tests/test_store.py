"""The DuckDB store and the JSON contract, on hand-built results (no spaCy)."""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pytest

from tidings.records import (
    Actor,
    Article,
    ArticleResult,
    Event,
    EventDate,
    Evidence,
    Place,
    Quote,
    SourceError,
    Span,
)
from tidings.serialize import SchemaError, article_result_to_dict, result_from_dict
from tidings.store import AmbiguousArticleId, Store, StoreError, open_store, run_id_for
from tidings.store.migrations import MIGRATIONS, latest_version

TEXT = (
    "WASHINGTON (AP) - President Joe Biden met Mexican President Andres Manuel Lopez Obrador "
    'on Friday. "We will not accept this," said Mexico\'s foreign minister at a news conference. '
    "Biden did not threaten sanctions."
)


def make_result(text: str = TEXT, *, outlet: str = "AP", n_events: int = 2) -> ArticleResult:
    article = Article(
        text=text,
        published=dt.date(2024, 3, 1),
        outlet=outlet,
        url="https://example.org/a",
        title="Biden meets Lopez Obrador",
        origin="data/a.txt",
        language="en",
    )
    aid = article.id
    biden = Actor(
        id=f"{aid}-a0",
        name="Joe Biden",
        cameo="USAGOV",
        country="USA",
        sectors=("GOV",),
        kind="person",
        role="president",
        mentions=(Span(28, 37, "Joe Biden"), Span(180, 185, "Biden")),
        evidence="role word: President",
    )
    amlo = Actor(
        id=f"{aid}-a1",
        name="Andres Manuel Lopez Obrador",
        cameo="MEXGOV",
        country="MEX",
        sectors=("GOV",),
        kind="person",
        role="president",
        mentions=(Span(59, 86, "Andres Manuel Lopez Obrador"),),
    )
    minister = Actor(
        id=f"{aid}-a2",
        name="foreign minister",
        cameo="MEXGOV",
        country="MEX",
        sectors=("GOV",),
        kind="person",
        role="foreign minister",
        affiliation="Mexico",
        mentions=(Span(120, 136, "foreign minister"),),
    )
    s0 = Evidence(
        sentence=0,
        start=0,
        end=96,
        text=text[:96],
        trigger=Span(38, 41, "met"),
        source_span=Span(28, 37, "Joe Biden"),
        target_span=Span(59, 86, "Andres Manuel Lopez Obrador"),
        rule="verbs.tsv:12",
    )
    events = [
        Event(
            id=f"{aid}-e0-0",
            article_id=aid,
            source=biden,
            target=amlo,
            cameo_code="040",
            quad_class=1,
            goldstein=1.0,
            plover_type="CONSULT",
            plover_mode="visit",
            modality="asserted",
            date=EventDate("2024-03-01", "day", "on Friday", "clause"),
            evidence=s0,
            place=Place(
                "Washington", "city", "USA", 4140963, 38.9, -77.04, "DC", "dateline", 0, 10
            ),
            confidence=0.9,
        ),
        Event(
            id=f"{aid}-e2-0",
            article_id=aid,
            source=biden,
            target=None,
            cameo_code="1312",
            quad_class=3,
            goldstein=-5.8,
            plover_type="THREATEN",
            plover_mode=None,
            modality="negated",
            date=EventDate("2024-W09", "week"),
            evidence=Evidence(
                2, 180, 212, text[180:212], Span(190, 198, "threaten"), cues=("did not",)
            ),
            reported_by=None,
        ),
    ][:n_events]
    quote = Quote(
        id=f"{aid}-q0",
        article_id=aid,
        speaker=minister,
        text="We will not accept this,",
        cue="said",
        start=97,
        end=121,
        sentence=1,
        kind="direct",
        medium="news conference",
        speaker_span=Span(120, 136, "foreign minister"),
    )
    return ArticleResult(
        article=article,
        actors=[biden, amlo, minister],
        events=events,
        quotes=[quote],
        places=[events[0].place] if events and events[0].place else [],
        warnings=["example warning"],
    )


@pytest.fixture
def store():
    with open_store(":memory:") as s:
        yield s


# --- the JSON contract ------------------------------------------------------------------------


def test_contract_is_json_and_round_trips():
    result = make_result()
    d = article_result_to_dict(result)
    again = json.loads(json.dumps(d))
    assert again == d
    assert result.to_dict() == d
    assert set(d) >= {"id", "published", "outlet", "url", "title", "events", "quotes", "actors"}
    assert "text" not in d and "origin" not in d
    assert d["published"] == "2024-03-01"
    ev = d["events"][0]
    assert ev["cameo_code"] == "040" and ev["date"] == "2024-03-01"
    assert ev["source"] == {
        "id": result.actors[0].id,
        "name": "Joe Biden",
        "cameo": "USAGOV",
        "country": "USA",
        "sectors": ["GOV"],
    }
    assert ev["evidence"]["trigger"] == {"start": 38, "end": 41, "text": "met"}
    assert d["events"][1]["target"] is None and d["events"][1]["place"] is None
    assert d["quotes"][0]["speaker"]["role"] == "foreign minister"
    assert d["quotes"][0]["speaker"]["affiliation"] == "Mexico"
    assert d["actors"][0]["mentions"][0] == [28, 37, "Joe Biden"]

    back = result_from_dict(again, text=TEXT, origin="data/a.txt")
    assert back == result
    # event actors resolve to the article's full actor records
    assert back.events[0].source is back.actors[0]


def test_contract_with_text_round_trips_alone():
    result = make_result()
    d = json.loads(json.dumps(article_result_to_dict(result, include_text=True)))
    assert result_from_dict(d) == result


def test_contract_rebuilds_an_actor_missing_from_the_list():
    result = make_result()
    d = article_result_to_dict(result)
    d["actors"] = []
    back = result_from_dict(d, text=TEXT)
    assert back.events[0].source is not None
    assert back.events[0].source.ref() == result.events[0].source.ref()
    assert back.quotes[0].speaker.role == "foreign minister"


def test_contract_error_names_the_field():
    d = article_result_to_dict(make_result())
    del d["events"][1]["cameo_code"]
    with pytest.raises(SchemaError, match=r"events\[1\].*cameo_code"):
        result_from_dict(d)


# --- migrations and runs --------------------------------------------------------------------


def test_migrations_applied_once(tmp_path):
    path = tmp_path / "t.duckdb"
    with open_store(path) as s:
        assert s.schema_version == latest_version()
        assert s.applied_migrations() == [m.version for m in MIGRATIONS]
        s.write_result(make_result())
    with open_store(path) as s:  # reopening applies nothing again and keeps the data
        assert s.applied_migrations() == [m.version for m in MIGRATIONS]
        assert s.summary()["articles"] == 1
    with open_store(path, read_only=True) as s:
        assert s.get_article(make_result().article.id) is not None


def test_read_only_refuses_an_unmigrated_store(tmp_path):
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(StoreError, match="read-write"):
        open_store(path, read_only=True)


def test_run_id_is_stable(store):
    rid = store.start_run("0.1.0", "lex123", "en_core_web_sm", {"batch": 64})
    assert rid == run_id_for("0.1.0", "lex123", "en_core_web_sm")
    assert store.start_run("0.1.0", "lex123", "en_core_web_sm", {"batch": 8}) == rid
    assert store.start_run("0.1.1", "lex123", "en_core_web_sm") != rid
    assert store.con.execute("SELECT count(*) FROM runs").fetchone()[0] == 2
    config = store.con.execute("SELECT config FROM runs WHERE run_id = ?", [rid]).fetchone()[0]
    assert json.loads(config) == {"batch": 64}


def test_record_error(store):
    rid = store.start_run("0.1.0", "lex", "sm")
    store.record_error(SourceError("feeds/x.warc.gz", "truncated record at byte 81233"), rid)
    assert store.summary()["errors"] == 1
    row = store.con.execute("SELECT origin, message, run_id FROM errors").fetchone()
    assert row == ("feeds/x.warc.gz", "truncated record at byte 81233", rid)


# --- writes and reads -----------------------------------------------------------------------


def test_write_and_read_back(store):
    result = make_result()
    rid = store.start_run("0.1.0", "lex", "sm")
    store.write_result(result, rid)
    assert store.get_article(result.article.id) == result
    assert store.get_article(result.article.id[:6]) == result
    assert store.get_article("nope") is None
    assert store.find_article_by_origin("data/a.txt") == result
    assert store.find_article_by_origin("data/missing.txt") is None
    assert store.coded_origins(rid) == {"data/a.txt"}
    assert store.article_ids() == {result.article.id}

    row = store.con.execute(
        "SELECT cameo_code, root_code, base_code, event_date, source_sectors, place_geonameid, "
        "trigger_text, run_id FROM events WHERE event_id = ?",
        [result.events[0].id],
    ).fetchone()
    assert row == ("040", "04", "040", dt.date(2024, 3, 1), ["GOV"], 4140963, "met", rid)
    week = store.con.execute(
        "SELECT event_date, date_value, cues FROM events WHERE event_id = ?",
        [result.events[1].id],
    ).fetchone()
    assert week == (dt.date(2024, 2, 26), "2024-W09", ["did not"])
    q = store.con.execute('SELECT speaker_role, "start", "end" FROM quotes').fetchone()
    assert q == ("foreign minister", 97, 121)
    mentions = store.con.execute(
        "SELECT mentions FROM actors WHERE actor_id = ?", [result.actors[0].id]
    ).fetchone()[0]
    assert json.loads(mentions) == [[28, 37, "Joe Biden"], [180, 185, "Biden"]]


def test_rewriting_an_article_replaces_it(store):
    first = make_result(n_events=2)
    store.write_result(first, "r1")
    store.write_result(first, "r1")
    recoded = make_result(n_events=1)
    store.write_results([recoded], "r2")
    s = store.summary()
    assert (s["articles"], s["events"], s["quotes"], s["actors"]) == (1, 1, 1, 3)
    assert store.get_article(first.article.id) == recoded
    assert set(store.events_frame()["run_id"]) == {"r2"}


def test_batch_write_and_duplicates_within_a_batch(store):
    results = [make_result(TEXT + f" Paragraph {i}.", outlet=f"o{i % 3}") for i in range(20)]
    assert store.write_results(results + results[:5], "r1") == 20
    s = store.summary()
    assert s["articles"] == 20 and s["events"] == 40 and s["quotes"] == 20
    assert s["events_by_modality"] == {"asserted": 20, "negated": 20}
    assert s["top_dyads"] == [{"source": "USAGOV", "target": "MEXGOV", "events": 20}]
    assert s["first_event_date"] == "2024-03-01"
    assert [r.article.id for r in store.iter_results(batch_size=7)] == sorted(
        r.article.id for r in results
    )


def test_a_bad_batch_writes_nothing_and_names_the_article(store):
    good = make_result()
    bad = make_result(TEXT + " Other.")
    bad.events.append(bad.events[0])
    with pytest.raises(StoreError) as info:
        store.write_results([good, bad])
    assert info.value.article_id == bad.article.id
    assert store.summary()["articles"] == 0


def test_colliding_ids_across_articles_roll_back(store):
    one = make_result()
    store.write_result(one)
    other = make_result(TEXT + " Other.")
    other.events[0] = Event(**{**other.events[0].__dict__, "id": one.events[0].id})
    with pytest.raises(StoreError, match="unique across articles"):
        store.write_result(other)
    assert store.article_ids() == {one.article.id}
    assert store.get_article(one.article.id) == one


def test_ambiguous_prefix(store):
    for i in range(20):  # 20 hex ids: by pigeonhole two share a first character
        store.write_result(make_result(TEXT + f" {i}"))
    firsts = [i[0] for i in sorted(store.article_ids())]
    shared = next(c for c in firsts if firsts.count(c) > 1)
    with pytest.raises(AmbiguousArticleId, match="more characters"):
        store.get_article(shared)


def test_delete_article(store):
    r = make_result()
    store.write_result(r)
    assert store.delete_article(r.article.id)
    assert not store.delete_article(r.article.id)
    assert store.summary()["events"] == 0


# --- events_frame --------------------------------------------------------------------------


def test_events_frame_filters(store):
    store.write_results(
        [make_result(TEXT + f" {i}", outlet="AP" if i % 2 else "Reuters") for i in range(6)], "r1"
    )
    assert len(store.events_frame()) == 12
    asserted = store.events_frame(modality="asserted")
    assert len(asserted) == 6 and set(asserted["cameo_code"]) == {"040"}
    assert {"outlet", "published", "url", "title"} <= set(asserted.columns)
    assert len(store.events_frame(outlet="AP", modality="asserted")) == 3
    assert len(store.events_frame(root_code=["04", "13"])) == 12
    assert len(store.events_frame(cameo_prefix="13")) == 6
    assert len(store.events_frame(actor_country="MEX")) == 6
    assert len(store.events_frame(since="2024-03-01")) == 6
    assert len(store.events_frame(until=dt.date(2024, 2, 29))) == 6
    assert len(store.events_frame(quad_class=3, min_confidence=0.95)) == 6
    assert len(store.events_frame(source_cameo=[])) == 0
    assert len(store.events_frame(limit=5)) == 5
    assert len(store.events_frame(target_cameo=None)) == 12  # None = no filter
    with pytest.raises(TypeError, match="known filters"):
        store.events_frame(cameo="040")


def test_sql_injection_in_a_filter_value_is_harmless(store):
    store.write_result(make_result())
    for attack in (
        "x' OR '1'='1",
        "'; DROP TABLE events; --",
        "asserted') OR 1=1 --",
        'x" OR "1"="1',
    ):
        assert len(store.events_frame(modality=attack)) == 0
        assert len(store.events_frame(cameo_prefix=attack)) == 0
        assert store.get_article(attack) is None
        assert store.find_article_by_origin(attack) is None
        assert store.quotes_frame(kind=attack).empty
    assert store.summary()["events"] == 2
    assert len(store.events_frame(outlet=["AP", "'; DELETE FROM articles; --"])) == 2


def test_store_closes_cleanly(tmp_path):
    s = Store(tmp_path / "c.duckdb")
    s.close()
    s.close()
    assert s.closed
    with pytest.raises(StoreError, match="closed"):
        s.summary()
