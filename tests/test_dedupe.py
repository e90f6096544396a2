"""De-duplication: syndicated copies grouped, reports of one event merged into one cluster.

The end-to-end tests code the team-written articles of tests/data/dedupe/ (see
tests/dataset_fixtures.py) through ``tidings.code_paths``, so the ingest hook is what builds the
clusters; the unit tests use hand-built records and need no spaCy.
"""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
from click.testing import CliRunner
from dataset_fixtures import (
    LATER,
    REPRINT,
    REWRITE,
    WIRE,
    WIRE_UPDATE,
    arrest_cluster,
    code_into,
    copy_store,
    filler,
    make_article,
    town,
)

from tidings.dedupe import (
    DedupeConfig,
    cluster_block,
    clusters_frame,
    dedupe_is_current,
    dedupe_store,
    groups_frame,
    independent_sources,
    mentions_frame,
    shingles,
    signature,
    similarity,
    update_dedupe,
)
from tidings.store import open_store
from tidings.store.duckdb_store import event_date_for
from tidings.store.runs import compare_runs, resolve_run, runs_frame


@pytest.fixture(scope="module")
def three_reports(tmp_path_factory):
    """Two wire copies of one story and another outlet's rewrite, coded into one store."""
    db = tmp_path_factory.mktemp("dedupe") / "three.duckdb"
    summary = code_into(db, [WIRE, WIRE_UPDATE, REWRITE])
    assert summary.articles == 3 and not summary.errors
    return db


@pytest.fixture(scope="module")
def all_reports(tmp_path_factory, three_reports):
    """The three reports, then (a second ingest) the reprint and the later arrests."""
    db = copy_store(three_reports, tmp_path_factory.mktemp("dedupe-all"))
    code_into(db, [REPRINT, LATER])
    return db


def _article_id(store, path) -> str:
    found = store.find_article_by_origin(str(path.resolve())) or store.find_article_by_origin(
        str(path)
    )
    assert found is not None, path
    return found.article.id


# --- the acceptance case ------------------------------------------------------------------------


def test_two_wire_copies_and_a_rewrite_are_one_event(three_reports):
    with open_store(three_reports, read_only=True) as store:
        cluster = arrest_cluster(store)
        assert cluster.cameo_code == "173" and cluster.source_cameo == "CHLCOP"
        assert cluster.n_mentions == 3
        assert cluster.n_articles == 3
        assert cluster.n_outlets == 2  # Andes Wire (twice) and Pacific Courier
        assert cluster.n_independent == 2  # the two wire copies count once
        assert str(cluster.event_date)[:10] == "2025-03-03"  # "on Monday", in all three
        mentions = mentions_frame(store, cluster_id=cluster.cluster_id)
        assert len(mentions) == 3
        assert sorted(mentions.outlet) == ["Andes Wire", "Andes Wire", "Pacific Courier"]
        assert set(mentions.modality) == {"asserted"}
        assert mentions.evidence_text.str.contains("arrested|detained").all()
        # the mention rows carry what the brief asks for
        assert {
            "article_id",
            "sentence_index",
            "outlet",
            "modality",
            "confidence",
            "event_id",
        } <= set(mentions.columns)
        wire, update, rewrite = (_article_id(store, p) for p in (WIRE, WIRE_UPDATE, REWRITE))
        groups = {r.article_id: r.group_id for r in groups_frame(store, min_size=1).itertuples()}
        assert groups[wire] == groups[update] != groups[rewrite]


def test_every_event_has_exactly_one_mention(three_reports):
    with open_store(three_reports, read_only=True) as store:
        assert dedupe_is_current(store)
        events = store.con.execute("SELECT count(*) FROM events").fetchone()[0]
        mentions = store.con.execute(
            "SELECT count(*), count(DISTINCT event_id) FROM mentions"
        ).fetchone()
        assert mentions == (events, events)
        total = store.con.execute("SELECT sum(n_mentions) FROM event_clusters").fetchone()[0]
        assert total == events


def test_a_reprint_by_a_third_outlet_is_not_independent(all_reports):
    with open_store(all_reports, read_only=True) as store:
        cluster = arrest_cluster(store)
        assert (cluster.n_mentions, cluster.n_articles, cluster.n_outlets) == (4, 4, 3)
        assert cluster.n_independent == 2  # Andes Wire's story (3 copies) + Pacific Courier
        syndicated = groups_frame(store)  # groups of two or more
        assert syndicated.group_id.nunique() == 1
        assert sorted(syndicated.outlet) == ["Altiplano Times", "Andes Wire", "Andes Wire"]


def test_the_same_arrest_two_weeks_later_is_another_event(all_reports):
    with open_store(all_reports, read_only=True) as store:
        later = arrest_cluster(store, since="2025-03-15", until="2025-03-31")
        assert later.n_mentions == 1 and str(later.event_date)[:10] == "2025-03-20"
        assert later.cluster_id != arrest_cluster(store).cluster_id


def _snapshot(store):
    clusters = store.con.execute(
        "SELECT * EXCLUDE (added_at, updated_at) FROM event_clusters ORDER BY cluster_id"
    ).fetchall()
    mentions = store.con.execute("SELECT * FROM mentions ORDER BY event_id").fetchall()
    groups = store.con.execute("SELECT * FROM article_groups ORDER BY article_id").fetchall()
    links = store.con.execute(
        "SELECT * FROM article_links ORDER BY article_a, article_b"
    ).fetchall()
    return clusters, mentions, groups, links


def test_incremental_steps_equal_a_full_recompute(all_reports, tmp_path):
    db = copy_store(all_reports, tmp_path)
    with open_store(db) as store:
        incremental = _snapshot(store)
        report = dedupe_store(store)
        assert report.articles_hashed == 5
        assert _snapshot(store) == incremental


def test_a_full_recompute_in_small_chunks_gives_the_same_clusters(
    all_reports, tmp_path, monkeypatch
):
    import tidings.dedupe.store as dedupe_tables

    db = copy_store(all_reports, tmp_path)
    with open_store(db) as store:
        incremental = _snapshot(store)
        monkeypatch.setattr(dedupe_tables, "CHUNK_EVENTS", 2)  # many chunks, blocks kept whole
        report = dedupe_store(store)
        assert report.clusters == len(incremental[0])
        assert _snapshot(store) == incremental


def test_reingest_is_idempotent_including_clusters_and_runs(all_reports, tmp_path):
    db = copy_store(all_reports, tmp_path)
    with open_store(db) as store:
        before = _snapshot(store)
        added = dict(
            store.con.execute("SELECT cluster_id, added_at FROM event_clusters").fetchall()
        )
        runs = store.con.execute("SELECT count(*) FROM run_events").fetchone()
    code_into(db, [WIRE, REWRITE, REPRINT])  # the same files again
    with open_store(db) as store:
        assert _snapshot(store) == before
        # a cluster keeps the time it was first seen
        assert (
            dict(store.con.execute("SELECT cluster_id, added_at FROM event_clusters").fetchall())
            == added
        )
        assert store.con.execute("SELECT count(*) FROM run_events").fetchone() == runs
        assert store.con.execute("SELECT count(*) FROM articles").fetchone()[0] == 5


def test_deleting_an_article_updates_its_cluster(all_reports, tmp_path):
    db = copy_store(all_reports, tmp_path)
    with open_store(db) as store:
        reprint = _article_id(store, REPRINT)
        assert store.delete_article(reprint)
        update_dedupe(store, [reprint])
        cluster = arrest_cluster(store)
        assert (cluster.n_mentions, cluster.n_outlets, cluster.n_independent) == (3, 2, 2)
        assert (
            store.con.execute(
                "SELECT count(*) FROM mentions WHERE article_id = ?", [reprint]
            ).fetchone()[0]
            == 0
        )
        assert dedupe_is_current(store)


def test_an_ingest_rewrites_only_the_clusters_it_changes():
    """A block (dyad + root) keeps growing over a store's life: a commit must rewrite the
    clusters it touched, leave the block's other clusters as stored, and still give what a
    full recompute gives."""
    usa_mex = {"source": "USAGOV", "source_country": "USA", "target": "MEXGOV",
               "target_country": "MEX", "code": "190"}  # fmt: skip
    first = make_article(
        filler(21, 60),
        [{**usa_mex, "date": "2025-01-10"}, {**usa_mex, "date": "2025-03-01", "id": "march"}],
        outlet="Paper A",
    )
    second = make_article(
        filler(22, 60), [{**usa_mex, "date": "2025-03-02"}], outlet="Paper B", published="2025-03-02"
    )
    with open_store(":memory:") as store:
        store.write_results([first])
        update_dedupe(store, [first.article.id])
        sentinel = dt.datetime(2000, 1, 1)
        store.con.execute("UPDATE event_clusters SET updated_at = ?", [sentinel])
        store.write_results([second])
        update_dedupe(store, [second.article.id])
        rows = store.con.execute(
            "SELECT event_date, n_mentions, n_outlets, updated_at FROM event_clusters "
            "ORDER BY event_date"
        ).fetchall()
        assert [(str(d)[:10], n, o) for d, n, o, _ in rows] == [
            ("2025-01-10", 1, 1),
            ("2025-03-01", 2, 2),
        ]
        assert rows[0][3] == sentinel  # January: same members, same articles: not rewritten
        assert rows[1][3] != sentinel  # March gained a report: rewritten
        incremental = _snapshot(store)
        dedupe_store(store, save=False)
        assert _snapshot(store) == incremental


@pytest.mark.parametrize("seed", range(8))
def test_incremental_clusters_equal_a_full_recompute_in_any_order(seed):
    """Random reports of one dyad, ingested one article at a time in no date order (late
    reports of old events, re-coded and deleted articles, coarse and missing dates): after
    every step the incremental clusters are those a full recompute gives."""
    import random

    rng = random.Random(seed)
    base = dt.date(2025, 3, 1)
    near = town("Tijuana", "MEX", 3981609, 32.53, -117.02)
    far = town("Merida", "MEX", 3523349, 20.97, -89.62)

    def spec() -> dict:
        precision = rng.choice(["day"] * 5 + ["week", "month", "year", None])
        day = base + dt.timedelta(days=rng.randrange(0, 16))
        date = {
            "day": day.isoformat(),
            "week": f"{day.isocalendar()[0]}-W{day.isocalendar()[1]:02d}",
            "month": day.isoformat()[:7],
            "year": day.isoformat()[:4],
            None: None,
        }[precision]
        found = {"source": rng.choice(["USAGOV", "USAGOV", "USA"]), "source_country": "USA",
                 "target": "MEXGOV", "target_country": "MEX", "code": rng.choice(["190", "193"]),
                 "date": date, "precision": precision or "unknown"}  # fmt: skip
        if rng.random() < 0.3:
            found["place"] = rng.choice([near, far])
        return found

    def article(n: int, version: int = 0):
        events = [{**spec(), "id": f"v{version}e{i}"} for i in range(rng.randint(1, 3))]
        return make_article(f"Report {n}. " + filler(100 + n, 40), events,
                            outlet=f"Outlet {n % 4}", published="2025-04-15")  # fmt: skip

    with open_store(":memory:") as incremental, open_store(":memory:") as full:
        written = {}
        for step in range(24):
            roll = rng.random()
            if written and roll < 0.15:  # an article deleted
                gone = rng.choice(sorted(written))
                del written[gone]
                for store in (incremental, full):
                    store.delete_article(gone)
                changed = [gone]
            else:
                n = step
                if written and roll < 0.3:  # an article re-coded with other events
                    n = written[rng.choice(sorted(written))]
                result = article(n, version=step)
                written[result.article.id] = n
                for store in (incremental, full):
                    store.write_results([result])
                changed = [result.article.id]
            update_dedupe(incremental, changed)
            dedupe_store(full)
            assert _snapshot(incremental) == _snapshot(full), f"step {step}"


def test_removing_a_report_reopens_the_clusters_it_kept_apart():
    """A report that kept another out of a cluster (a different town) is deleted: the other
    report now joins, although the cluster's own date is later than both."""
    usa_mex = {"source": "USAGOV", "source_country": "USA", "target": "MEXGOV",
               "target_country": "MEX", "code": "190"}  # fmt: skip
    tijuana = town("Tijuana", "MEX", 3981609, 32.53, -117.02)
    merida = town("Merida", "MEX", 3523349, 20.97, -89.62)
    reports = [
        make_article(filler(31, 40), [{**usa_mex, "date": "2025-05-01"}], published="2025-05-01"),
        make_article(filler(32, 40), [{**usa_mex, "date": "2025-05-02", "place": tijuana}],
                     published="2025-05-02"),  # fmt: skip
        make_article(filler(33, 40), [{**usa_mex, "date": "2025-05-02", "place": merida}],
                     published="2025-05-03"),  # fmt: skip
        make_article(filler(34, 40), [{**usa_mex, "date": "2025-05-03"}], published="2025-05-04"),
        make_article(filler(35, 40), [{**usa_mex, "date": "2025-05-03"}], published="2025-05-05"),
    ]
    with open_store(":memory:") as store:
        store.write_results(reports)
        update_dedupe(store, [r.article.id for r in reports])
        sizes = [r[0] for r in store.con.execute(
            "SELECT n_mentions FROM event_clusters ORDER BY n_mentions DESC").fetchall()]  # fmt: skip
        assert sizes == [4, 1]  # Merida kept apart by Tijuana
        tijuana_report = reports[1].article.id
        store.delete_article(tijuana_report)
        update_dedupe(store, [tijuana_report])
        assert store.con.execute("SELECT n_mentions FROM event_clusters").fetchall() == [(4,)]


def test_dedupe_command_recomputes_with_new_settings(all_reports, tmp_path):
    from tidings.cli import main

    db = copy_store(all_reports, tmp_path)
    result = CliRunner().invoke(main, ["dedupe", "--db", str(db), "--date-window", "30", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["settings"]["date_window_days"] == 30
    assert report["syndication_groups"] == 1 and report["syndicated_articles"] == 3
    with open_store(db, read_only=True) as store:
        # with a 30-day window the arrests of 3 and 20 March are one event
        merged = clusters_frame(store, source_country="CHL", target_country="BOL", root_code="17")
        assert len(merged) == 1 and merged.iloc[0].n_mentions == 5
    # the setting is saved: the next ingest uses it too
    code_into(db, [LATER])
    with open_store(db, read_only=True) as store:
        assert (
            len(clusters_frame(store, source_country="CHL", target_country="BOL", root_code="17"))
            == 1
        )


# --- near-duplicate articles (MinHash) ----------------------------------------------------------


def test_minhash_tells_copies_from_different_stories():
    config = DedupeConfig()
    story = filler(1, 300)
    edited = "LIMA (Wire) - " + story.replace("harbour", "port", 3) + " More to follow."
    trimmed = " ".join(story.split()[:200])
    other = filler(2, 300)
    n, sig = signature(story, config)
    assert n > 250 and sig.dtype == np.uint64 and len(sig) == config.num_perm
    for copy in (edited, trimmed):
        m, copy_sig = signature(copy, config)
        jaccard, containment = similarity(sig, n, copy_sig, m)
        assert jaccard >= config.jaccard_threshold or containment >= config.containment_threshold
    m, other_sig = signature(other, config)
    jaccard, containment = similarity(sig, n, other_sig, m)
    assert jaccard < 0.2 and containment < 0.3
    assert shingles("One two three", 5) == [b"one two three"]


def test_syndication_groups_are_transitive_and_exclude_the_unrelated():
    story = filler(7, 250)
    copies = [
        make_article(story, [], outlet="Wire"),
        make_article("UPDATE 1 " + story + " Adds comment.", [], outlet="Paper A"),
        make_article(" ".join(story.split()[:180]), [], outlet="Paper B"),
        make_article(filler(8, 250), [], outlet="Paper C"),
    ]
    with open_store(":memory:") as store:
        store.write_results(copies[:2])
        update_dedupe(store, [c.article.id for c in copies[:2]])
        store.write_results(copies[2:])
        update_dedupe(store, [c.article.id for c in copies[2:]])
        groups = dict(
            store.con.execute("SELECT article_id, group_size FROM article_groups").fetchall()
        )
        assert [groups[c.article.id] for c in copies] == [3, 3, 3, 1]


def test_minhash_estimates_jaccard_without_bias():
    """The share of equal signature slots estimates the Jaccard index of the shingle sets:
    over many pairs of known overlap the error averages out and stays within a few standard
    errors (sqrt(J(1-J)/128) <= 0.044) of the truth."""
    import random

    from tidings.dedupe.minhash import minhash_of_hashes, shingle_hashes

    def minhash(items: list[str], seed: int) -> np.ndarray:  # a set of one-word "shingles"
        return minhash_of_hashes(np.concatenate([shingle_hashes(w, 1) for w in items]), 128, seed)

    rng = random.Random(3)
    errors = []
    for _ in range(200):
        shared = [f"s{rng.randrange(10**9)}" for _ in range(rng.randrange(0, 300))]
        a = shared + [f"a{rng.randrange(10**9)}" for _ in range(rng.randrange(1, 300))]
        b = shared + [f"b{rng.randrange(10**9)}" for _ in range(rng.randrange(1, 300))]
        truth = len(set(a) & set(b)) / len(set(a) | set(b))
        estimate = float(np.mean(minhash(a, 1) == minhash(b, 1)))
        errors.append(estimate - truth)
    assert abs(np.mean(errors)) < 0.01
    assert np.std(errors) < 0.05 and max(map(abs, errors)) < 0.2
    # a fixed seed gives fixed functions: the same set, the same signature, in any order
    items = ["one", "two", "three"]
    assert (minhash(items, 1) == minhash(items[::-1], 1)).all()
    assert not (minhash(items, 1) == minhash(items, 2)).all()


def test_signatures_of_an_older_scheme_are_recomputed_at_the_next_ingest():
    """A store written by an earlier version keeps signatures of another hash family; they
    would never share a band with new ones, so the next ingest recomputes them and a copy
    written afterwards still finds its original."""
    story = filler(11, 250)
    original = make_article(story, [], outlet="Wire")
    copy = make_article("UPDATE 2 " + story, [], outlet="Paper D")
    with open_store(":memory:") as store:
        store.write_results([original])
        update_dedupe(store, [original.article.id])
        con = store.con
        con.execute("UPDATE article_minhash SET params = 'perm=128;k=5;seed=1', "
                    "signature = list_transform(signature, lambda x: x + 1)")
        con.execute("UPDATE article_bands SET bucket = bucket + 1")
        store.write_results([copy])
        update_dedupe(store, [copy.article.id])
        params = {r[0] for r in con.execute("SELECT params FROM article_minhash").fetchall()}
        assert params == {DedupeConfig().signature_params}
        groups = dict(con.execute("SELECT article_id, group_size FROM article_groups").fetchall())
        assert groups == {original.article.id: 2, copy.article.id: 2}


# --- same-event clustering (hand-built events) ---------------------------------------------------


def _rows(*specs):
    """Event rows as the clustering reads them from the store."""
    rows = []
    for i, spec in enumerate(specs):
        row = {
            "event_id": f"e{i}", "article_id": spec.get("article", f"a{i}"),
            "source_cameo": spec.get("source", "USAGOV"), "source_name": None,
            "source_country": spec.get("source_country", "USA"),
            "target_cameo": spec.get("target", "MEX"), "target_name": None,
            "target_country": spec.get("target_country", "MEX"),
            "cameo_code": spec.get("code", "190"), "root_code": spec.get("code", "190")[:2],
            "base_code": spec.get("code", "190")[:3], "quad_class": 4, "goldstein": -10.0,
            "plover_type": None,
            "event_date": event_date_for(spec.get("date", "2025-08-01")),
            "date_value": spec.get("date", "2025-08-01"), "date_precision": spec.get("precision", "day"),
            "place_name": None, "place_country": None, "place_precision": None, "place_lat": None,
            "place_lon": None, "place_geonameid": None, "place_source": None,
            "modality": spec.get("modality", "asserted"), "confidence": 1.0, "sentence_index": 0,
            "in_lead": True, "outlet": spec.get("outlet", f"Outlet {i}"),
            "published": dt.date(2025, 8, 2), "url": None, "coded_at": None, "group_id": None,
            "origin_outlet": spec.get("outlet", f"Outlet {i}"),
        }  # fmt: skip
        if "place" in spec:
            p = spec["place"]
            row.update(place_name=p.name, place_country=p.country, place_precision=p.precision,
                       place_lat=p.lat, place_lon=p.lon, place_geonameid=p.geonameid,
                       place_source=p.source)  # fmt: skip
        row["block_key"] = spec.get("block", "USA|MEX|19")
        rows.append(row)
    return rows


def _groups(clusters):
    return [sorted(r["event_id"] for r in c) for c in clusters]


def test_reports_within_the_date_window_merge_and_later_ones_do_not():
    rows = _rows({"date": "2025-08-01"}, {"date": "2025-08-02"}, {"date": "2025-08-03"},
                 {"date": "2025-08-09"})  # fmt: skip
    assert _groups(cluster_block(rows, window_days=2)) == [["e0", "e1", "e2"], ["e3"]]
    # complete linkage on the seed date: a daily series does not chain into one event
    series = _rows(*({"date": f"2025-08-{d:02d}"} for d in range(1, 10)))
    assert len(cluster_block(series, window_days=2)) == 3


def test_roles_must_agree_when_both_reports_name_one():
    rows = _rows({"source": "USA"}, {"source": "USAGOV"}, {"source": "USAMIL"})
    # USA fits either; USAGOV and USAMIL are different actors
    assert _groups(cluster_block(rows, 2)) == [["e0", "e1"], ["e2"]]


def test_places_separate_reports_only_when_both_know_a_different_town():
    tijuana = town("Tijuana", "MEX", 3981609, 32.53, -117.02)
    juarez = town("Ciudad Juarez", "MEX", 4013708, 31.72, -106.46)
    dateline = town("Mexico City", "MEX", 3530597, 19.43, -99.13, source="dateline")
    rows = _rows({"place": tijuana}, {"place": juarez}, {}, {"place": dateline})
    groups = _groups(cluster_block(rows, 2))
    assert groups == [["e0", "e2", "e3"], ["e1"]]


def test_stand_in_places_never_keep_reports_apart():
    """A street the gazetteer lacks is placed at its story's town ("approximate"): that says
    which town the story is about, not where the event was, so it separates nothing."""
    from tidings.records import Place

    tijuana = town("Tijuana", "MEX", 3981609, 32.53, -117.02)
    stand_in = Place("Avenida Revolucion", "approximate", "MEX", None, 31.72, -106.46, None, "clause")
    county = Place("Maricopa County", "admin2", "USA", None, 33.45, -112.07, None, "clause")
    assert _groups(cluster_block(_rows({"place": tijuana}, {"place": stand_in}), 2)) == [["e0", "e1"]]
    other = town("Phoenix", "USA", 5308655, 33.45, -112.07)
    assert _groups(cluster_block(_rows({"place": county}, {"place": other}), 2)) == [["e0", "e1"]]


def test_coarse_dates_merge_only_on_the_same_period():
    rows = _rows({"date": "2025-08", "precision": "month"}, {"date": "2025-08", "precision": "month"},
                 {"date": "2025-08-01"}, {"date": "2025", "precision": "year"})  # fmt: skip
    assert sorted(_groups(cluster_block(rows, 2))) == [["e0", "e1"], ["e2"], ["e3"]]


def test_unknown_actors_are_never_merged():
    unknown = {"source": "---", "target": "MEXGOV", "target_country": "MEX"}
    results = [
        make_article(f"Someone attacked the office {n}.", [unknown], outlet=n) for n in ("A", "B")
    ]
    with open_store(":memory:") as store:
        store.write_results(results)
        update_dedupe(store, [r.article.id for r in results])
        keys = [r[0] for r in store.con.execute("SELECT block_key FROM event_clusters").fetchall()]
        assert len(keys) == 2 and all(k.startswith("single:") for k in keys)


def test_independent_sources_credit_copies_to_their_origin():
    # (article, origin outlet, syndication group)
    assert (
        independent_sources([("a", "Wire", "g1"), ("b", "Wire", "g1"), ("c", "Paper", None)]) == 2
    )
    assert independent_sources([("a", None, None), ("b", None, None)]) == 2
    assert independent_sources([("a", None, "g1"), ("b", None, "g1")]) == 1
    assert independent_sources([("a", "Wire", None), ("b", "wire ", None)]) == 1


def test_cluster_representatives_prefer_the_majority_and_the_specific():
    specs = [
        {"source": "USA", "code": "190", "outlet": "A"},
        {"source": "USAMIL", "code": "193", "outlet": "B"},
        {"source": "USAMIL", "code": "193", "outlet": "C"},
        {"source": "USAMIL", "code": "190", "outlet": "C", "modality": "negated"},
    ]
    text = "The army fought. Troops clashed. More fighting. It did not fight."
    results = [make_article(text + f" {i}", [dict(s, source_country="USA", target="MEX", target_country="MEX",
                                                   date="2025-08-01")], outlet=s["outlet"])
               for i, s in enumerate(specs)]  # fmt: skip
    with open_store(":memory:") as store:
        store.write_results(results)
        update_dedupe(store, [r.article.id for r in results])
        frame = clusters_frame(store)
        assert len(frame) == 1
        c = frame.iloc[0]
        assert (c.source_cameo, c.cameo_code, c.modality) == ("USAMIL", "193", "asserted")
        assert (c.n_mentions, c.n_asserted, c.n_outlets, c.n_independent) == (4, 3, 3, 3)


# --- runs ---------------------------------------------------------------------------------------


def test_runs_are_compared_event_by_event():
    text = "Troops crossed the border. Ministers met in Lima. Police arrested protesters."
    base = [
        {
            "source": "USAMIL",
            "source_country": "USA",
            "target": "MEX",
            "target_country": "MEX",
            "code": "190",
        },
        {
            "source": "PERGOV",
            "source_country": "PER",
            "target": "CHL",
            "target_country": "CHL",
            "code": "040",
        },
    ]
    run_a = make_article(text, base)
    changed = dict(base[0], code="193")  # same trigger, another code
    added = {
        "source": "PERCOP",
        "source_country": "PER",
        "target": "---CVL",
        "code": "173",
        "sentence": 2,
        "id": "e9",
    }
    run_b = make_article(text, [changed, added])  # the meeting is gone
    only_b = make_article("A second article.", [])
    with open_store(":memory:") as store:
        a = store.start_run("0.1.0", "lexicons-1", "model")
        b = store.start_run("0.2.0", "lexicons-2", "model")
        store.write_results([run_a], a)
        store.write_results([run_b, only_b], b)
        comparison = compare_runs(store, a[:6], b)
        summary = comparison.summary()
        assert summary["articles_compared"] == 1 and summary["articles_only_in_b"] == 1
        assert (summary["events_added"], summary["events_removed"], summary["events_changed"]) == (
            1,
            1,
            1,
        )
        change = next(c for c in comparison.changes if c.kind == "changed")
        assert change.fields == ["cameo_code"]
        assert (change.before["cameo_code"], change.after["cameo_code"]) == ("190", "193")
        assert (
            next(c for c in comparison.changes if c.kind == "removed").before["cameo_code"] == "040"
        )
        # run A's snapshot survives run B's re-coding of the same article
        runs = runs_frame(store).set_index("run_id")
        assert runs.loc[a, "articles"] == 1 and runs.loc[a, "current_articles"] == 0
        assert runs.loc[b, "events"] == 2
        with pytest.raises(LookupError, match="no run id"):
            resolve_run(store, "zzz")


def test_runs_commands(all_reports):
    from tidings.cli import main

    runner = CliRunner()
    listed = runner.invoke(main, ["runs", "list", "--db", str(all_reports), "--json"])
    assert listed.exit_code == 0, listed.output
    runs = [json.loads(line) for line in listed.output.splitlines()]
    assert len(runs) == 1 and runs[0]["articles"] == 5
    run_id = runs[0]["run_id"]
    same = runner.invoke(main, ["runs", "compare", run_id, run_id, "--db", str(all_reports)])
    assert same.exit_code == 0, same.output
    assert "0 added, 0 removed, 0 changed" in same.output
    bad = runner.invoke(main, ["runs", "compare", "nope", run_id, "--db", str(all_reports)])
    assert bad.exit_code == 1 and "no run id" in bad.output


def test_a_one_report_cluster_takes_what_the_general_rule_would_choose():
    """summarise_cluster answers a one-report cluster without voting (most clusters have one
    report); it must choose what the several-report rule would."""
    from tidings.dedupe import events as clustering

    now = dt.datetime(2025, 8, 3)
    specs = [
        {},
        {"modality": "negated", "precision": "month"},
        {"modality": "hypothetical", "place": town("Lima", "PER", 3936456, -12.05, -77.04)},
        {"place": town("Quito", "ECU", 3652462, -0.23, -78.52, source="dateline"), "code": "0231"},
    ]
    for spec in specs:
        for names in ((None, None), ("Trump", "Sheinbaum")):
            (row,) = _rows(spec)
            row["source_name"], row["target_name"] = names
            cluster, mentions = clustering.summarise_cluster([row], now)
            source, target, code, coded, dated, place, modality, by_article, first = (
                clustering._representatives([row])
            )
            assert (cluster["source_cameo"], cluster["target_cameo"], cluster["cameo_code"]) == (
                source, target, code)
            assert cluster["root_code"] == coded["root_code"] and cluster["modality"] == modality
            assert cluster["event_date"] == dated["event_date"]
            assert cluster["date_precision"] == dated["date_precision"]
            assert cluster["place_name"] == (place["place_name"] if place else None)
            assert cluster["first_article_id"] == first["article_id"] and list(by_article) == [row["article_id"]]
            assert (cluster["source_name"], cluster["target_name"]) == names
            assert cluster["n_mentions"] == 1 and [m["event_id"] for m in mentions] == [row["event_id"]]


def test_shingle_hashes_stand_for_the_distinct_shingles():
    """The signature hashes shingles from per-word hashes without building them: one hash per
    position, as many distinct hashes as distinct shingles, word order mattering."""
    from tidings.dedupe.minhash import shingle_hashes

    text = filler(5, 200) + " " + filler(5, 40)  # repeats: fewer distinct shingles than positions
    hashes = shingle_hashes(text, 5)
    assert len(hashes) == len(text.split()) - 4
    assert len(set(hashes.tolist())) == len(shingles(text, 5)) < len(hashes)
    assert signature(text, DedupeConfig())[0] == len(shingles(text, 5))
    assert shingle_hashes("One two three", 5).tolist() == shingle_hashes("one TWO three!", 5).tolist()
    assert shingle_hashes("a b c d e", 5).tolist() != shingle_hashes("b a c d e", 5).tolist()
    assert len(shingle_hashes("", 5)) == 0 and signature("", DedupeConfig())[0] == 0
