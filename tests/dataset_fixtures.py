"""Helpers for the dataset-layer tests (dedupe, exports, alerts): hand-built results that need
no spaCy, and the team-written articles under tests/data/dedupe/ coded once per test module.

The articles (written by the tidings team for these tests):

* ``01_andes_wire.txt``: a wire story (Andes Wire): Chilean police arrest Bolivian truck drivers
  at the Colchane crossing on Monday 3 March 2025.
* ``02_andes_wire_update.txt``: the wire's updated copy of the same story (one paragraph added).
* ``03_pacific_courier_rewrite.txt``: another outlet's own report of the same arrests.
* ``04_altiplano_times_reprint.txt``: a third outlet reprinting the wire story, trimmed.
* ``05_later_arrests.txt``: a similar arrest at the same crossing two weeks later.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tidings.records import Actor, Article, ArticleResult, Event, EventDate, Evidence, Place, Span

DATA = Path(__file__).parent / "data" / "dedupe"
WIRE, WIRE_UPDATE, REWRITE, REPRINT, LATER = (
    DATA / "01_andes_wire.txt",
    DATA / "02_andes_wire_update.txt",
    DATA / "03_pacific_courier_rewrite.txt",
    DATA / "04_altiplano_times_reprint.txt",
    DATA / "05_later_arrests.txt",
)


def code_into(db: Path, paths: list[Path]):
    """Code articles into ``db`` through the public API (so the ingest hooks run)."""
    import tidings

    return tidings.code_paths([str(p) for p in paths], db=str(db))


def copy_store(src: Path, dst_dir: Path) -> Path:
    dst = dst_dir / src.name
    shutil.copy(src, dst)
    return dst


def arrest_cluster(store, *, since: str = "2025-03-01", until: str = "2025-03-10"):
    """The event cluster of the Colchane arrests (CHL police -> Bolivia, CAMEO root 17)."""
    from tidings.dedupe import clusters_frame

    frame = clusters_frame(
        store, source_country="CHL", target_country="BOL", root_code="17", since=since, until=until
    )
    assert len(frame) == 1, frame[["cluster_id", "source_cameo", "cameo_code", "event_date"]]
    return frame.iloc[0]


# ---------------------------------------------------------------------------------------------
# hand-built results


def actor(n: int, cameo: str, country: str | None, name: str = "") -> Actor:
    return Actor(
        id=f"A{n}",
        name=name or cameo,
        cameo=cameo,
        country=country,
        kind="organisation",
        mentions=(Span(0, 3, "abc"),),
    )


def make_article(
    text: str,
    events: list[dict],
    *,
    outlet: str | None = "Example Post",
    published: str | None = "2025-03-04",
    url: str | None = None,
    title: str | None = None,
) -> ArticleResult:
    """An ArticleResult with one sentence per event spec.

    Event spec keys: ``source`` (CAMEO), ``source_country``, ``target``, ``target_country``,
    ``code``, ``date`` (ISO or None), ``precision``, ``modality``, ``place`` (a Place or None),
    ``sentence`` (index; default the spec's position), ``id`` (default ``e<position>``).
    """
    article = Article(
        text=text,
        published=dt.date.fromisoformat(published) if published else None,
        outlet=outlet,
        url=url,
        title=title,
        origin=None,
    )
    aid = article.id
    actors: dict[tuple, Actor] = {}
    built = []
    from tidings import ontology

    for i, spec in enumerate(events):
        slots = []
        for slot in ("source", "target"):
            cameo, country = spec.get(slot), spec.get(f"{slot}_country")
            if cameo is None:
                slots.append(None)
                continue
            key = (cameo, country)
            if key not in actors:
                actors[key] = actor(len(actors), cameo, country)
            slots.append(actors[key])
        code = spec.get("code", "190")
        sentence = spec.get("sentence", i)
        start = min(sentence * 10, max(len(text) - 1, 0))
        built.append(
            Event(
                id=f"{aid}-{spec.get('id', f'e{i}')}",
                article_id=aid,
                source=slots[0],
                target=slots[1],
                cameo_code=code,
                quad_class=ontology.quad_class(code),
                goldstein=ontology.goldstein(code),
                plover_type=None,
                plover_mode=None,
                modality=spec.get("modality", "asserted"),
                date=EventDate(spec.get("date", published), spec.get("precision", "day")),
                evidence=Evidence(
                    sentence,
                    start,
                    min(start + 10, len(text)),
                    text[start : start + 10],
                    Span(start, start + 3, text[start : start + 3]),
                ),
                place=spec.get("place"),
                confidence=spec.get("confidence", 1.0),
            )
        )
    return ArticleResult(article=article, actors=list(actors.values()), events=built)


def town(
    name: str, country: str, geonameid: int, lat: float, lon: float, source: str = "clause"
) -> Place:
    return Place(name, "city", country, geonameid, lat, lon, None, source)


def filler(seed: int, words: int = 120) -> str:
    """Deterministic prose-like text, different for each seed (for near-duplicate tests)."""
    import random

    vocabulary = [
        "minister",
        "border",
        "police",
        "court",
        "talks",
        "market",
        "harbour",
        "river",
        "election",
        "budget",
        "strike",
        "ceasefire",
        "convoy",
        "village",
        "province",
        "council",
        "drought",
        "harvest",
        "bridge",
        "railway",
        "summit",
        "protest",
        "embassy",
        "treaty",
        "customs",
        "fishing",
        "quota",
        "mine",
        "pipeline",
        "refinery",
        "tariff",
    ]
    rng = random.Random(seed)
    return " ".join(rng.choice(vocabulary) for _ in range(words)) + "."
