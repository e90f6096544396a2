"""Actor lexicons: countries, role words, organisations, leaders and first names.

The data lives in TSV files under ``lexicons/data/`` (formats in docs/LEXICONS.md, "Actor
lexicons"); this module only reads them into dictionaries and answers lookups. A user's own
folders of files with the same names plug in beside ours through ``extra_dirs``: their rows
replace ours when they name the same thing (same ISO-3 code, role term, organisation name,
leader term or first name) and win any name they share with one of ours.

Matching rules, shared by every lookup on names:

- Unicode quotes and dashes are unified, accents are folded (``Mexico`` == ``México``), full
  stops and commas are dropped (``U.S.`` == ``US``) and hyphens count as spaces (``al-Qaeda`` ==
  ``al Qaeda``). A leading "the" is optional.
- Case is ignored, with two exceptions that keep common words common: all-lower-case text never
  matches a one-word name or an acronym ("turkey", "guardian", "care", "nato"), and an acronym
  of up to three letters matches only in capitals ("US", "WHO", "AP", "ICE"; not "us", "Who").
- Role words are lower-case data: ``role()`` lower-cases its input, knows regular plurals, and
  falls back to the longest known tail of a phrase ("senior U.S. military officials" ->
  "military official"). A tail with no sector of its own ("leader", "spokesman") takes the
  sector of a known modifier ("cartel leader" -> CRM).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from tidings.lexicons.tsv import LexiconFormatError, read_tsv
from tidings.memo import Memo
from tidings.paths import LEXICON_DATA

COUNTRIES_FILE = "countries.tsv"
ROLES_FILE = "roles.tsv"
ORGANISATIONS_FILE = "organisations.tsv"
LEADERS_FILE = "leaders.tsv"
FIRST_NAMES_FILE = "first_names.tsv"
ACTOR_FILES = (COUNTRIES_FILE, ROLES_FILE, ORGANISATIONS_FILE, LEADERS_FILE, FIRST_NAMES_FILE)

ORG_KINDS = frozenset(
    {
        "igo",
        "ngo",
        "media",
        "government",
        "military",
        "armed_group",
        "criminal",
        "party",
        "university",
        "company",
        "think_tank",
        "platform",
    }
)

_CODE3 = re.compile(r"^[A-Z]{3}$")
_ROLE_CODES = re.compile(r"^(?:[A-Z]{3})*$")  # "", "GOV", "GOVMIL"
_FULL_CODE = re.compile(r"^(?:---|[A-Z]{3})(?:[A-Z]{3})*$")  # "USAGOV", "IGOUNO", "---CRM", "IMG"


class ActorLexiconError(LexiconFormatError):
    """A malformed actor lexicon file; the message names the file and line and what to fix."""


# --------------------------------------------------------------------------- entries


@dataclass(frozen=True)
class CountryEntry:
    iso3: str  # ISO-3166 alpha-3, or PLOVER's own code (KOS)
    name: str
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()  # "Mexican", "U.S."
    people: tuple[str, ...] = ()  # "Mexicans"
    capital: str | None = None
    source: str = ""  # "countries.tsv:12"


@dataclass(frozen=True)
class RoleEntry:
    term: str  # lower-case singular, as listed (or the phrase it was read from)
    cameo: str  # CAMEO role code(s), primary first: "GOV", "GOVMIL"; "" = no sector of its own
    plover: tuple[str, ...] = ()  # PLOVER sectors, primary first
    person: bool = False  # names a person ("president"), not a body ("parliament")
    note: str = ""
    source: str = ""

    @property
    def primary(self) -> str | None:
        """The first CAMEO role code, or None."""
        return self.cameo[:3] or None

    @property
    def sector(self) -> str | None:
        """The primary PLOVER sector, or None."""
        return self.plover[0] if self.plover else None


@dataclass(frozen=True)
class OrgEntry:
    name: str
    aliases: tuple[str, ...]
    cameo: str  # full CAMEO code: "USAMED", "IGOUNO", "NGOHRIAMN"
    country: str | None  # ISO-3 or PLOVER international code (IGO, UNO, EUR, NGO, IMG)
    sectors: tuple[str, ...]
    kind: str  # one of ORG_KINDS
    note: str = ""
    source: str = ""


@dataclass(frozen=True)
class LeaderEntry:
    name: str
    aliases: tuple[str, ...]
    country: str
    role: str
    cameo: str
    since: dt.date | None
    until: dt.date | None  # first day out of office; None = still in office
    gender: str | None  # "f" / "m"
    source: str = ""

    def in_office(self, day: dt.date) -> bool:
        """True when ``since <= day < until`` (open ends count as open)."""
        if self.since is not None and day < self.since:
            return False
        return self.until is None or day < self.until


# --------------------------------------------------------------------------- text keys

_UNIFY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)
_SPACES = re.compile(r"[\s\-]+")
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"'s?$", re.IGNORECASE)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case-preserving matching form: accents, full stops and commas gone, hyphens as spaces."""
    text = unicodedata.normalize("NFKD", text.translate(_UNIFY))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace(".", "").replace(",", " ")
    return _SPACES.sub(" ", text).strip()


def _strip_the(text: str) -> str:
    stripped = _THE.sub("", text)
    return stripped if stripped else text


def _case_ok(stored: str, query: str) -> bool:
    """Whether ``query`` may match ``stored`` (both folded, equal when case-folded)."""
    if query == stored:
        return True
    letters = [ch for ch in stored if ch.isalpha()]
    if not letters:
        return True
    acronym = not any(ch.islower() for ch in letters)
    if acronym and len(letters) <= 3:
        return False  # "US", "WHO", "AP": only in capitals
    if acronym or (" " not in stored and stored[0].isupper()):
        return not query.islower()  # "Turkey", "NATO": not from "turkey", "nato"
    return True


@lru_cache(maxsize=65536)
def _name_candidates(text: str, possessive: bool = True) -> tuple[str, ...]:
    """Folded forms to try for a name: as given, without "the", without a possessive."""
    base = fold(text)
    forms = [base, _strip_the(base)]
    if possessive:
        forms += [_POSSESSIVE.sub("", f).strip() for f in list(forms)]
    return tuple(dict.fromkeys(f for f in forms if f))


# --------------------------------------------------------------------------- TSV reading


def _split_multi(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _read_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    return read_tsv(path, required, error=ActorLexiconError)


def _error(path: Path, number: int, message: str) -> ActorLexiconError:
    return ActorLexiconError(f"{path}:{number}: {message}")


def _date(path: Path, number: int, column: str, value: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _error(path, number, f"{column} {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _codes(path: Path, number: int, column: str, values: tuple[str, ...]) -> tuple[str, ...]:
    for value in values:
        if not _CODE3.match(value):
            raise _error(path, number, f"{column} code {value!r} is not three capital letters")
    return values


def _source(path: Path, number: int) -> str:
    # Packaged files are named by file name alone ("roles.tsv:12", as in Evidence.rule); a
    # user's files by their full path, so that a clash between the two says which is which.
    return f"{path.name if path.parent == LEXICON_DATA else path}:{number}"


def _read_countries(path: Path) -> Iterator[tuple[int, CountryEntry]]:
    for number, row in _read_rows(
        path, ("iso3", "name", "aliases", "adjectives", "people", "capital")
    ):
        iso3, name = row["iso3"], row["name"]
        if not _CODE3.match(iso3):
            raise _error(path, number, f"iso3 {iso3!r} is not a three-letter capital code")
        if not name:
            raise _error(path, number, f"{iso3} has no name")
        yield (
            number,
            CountryEntry(
                iso3=iso3,
                name=name,
                aliases=_split_multi(row["aliases"]),
                adjectives=_split_multi(row["adjectives"]),
                people=_split_multi(row["people"]),
                capital=row["capital"] or None,
                source=_source(path, number),
            ),
        )


def _read_roles(path: Path) -> Iterator[tuple[int, RoleEntry]]:
    for number, row in _read_rows(path, ("term", "cameo", "plover", "person")):
        term = " ".join(fold(row["term"]).casefold().split())
        if not term:
            raise _error(path, number, "empty term")
        cameo = row["cameo"]
        if not _ROLE_CODES.match(cameo):
            raise _error(
                path,
                number,
                f"cameo {cameo!r} for {term!r} must be CAMEO role codes of three capitals "
                "(GOV, GOVMIL) or empty",
            )
        person = row["person"].upper()
        if person not in ("Y", "N"):
            raise _error(path, number, f"person must be Y or N, not {row['person']!r}")
        yield (
            number,
            RoleEntry(
                term=term,
                cameo=cameo,
                plover=_codes(path, number, "plover", _split_multi(row["plover"])),
                person=person == "Y",
                note=row.get("note", ""),
                source=_source(path, number),
            ),
        )


def _read_organisations(path: Path) -> Iterator[tuple[int, OrgEntry]]:
    required = ("name", "aliases", "cameo", "country", "sectors", "kind")
    for number, row in _read_rows(path, required):
        name, cameo, country, kind = row["name"], row["cameo"], row["country"], row["kind"]
        if not name:
            raise _error(path, number, "empty name")
        if not _FULL_CODE.match(cameo):
            raise _error(
                path,
                number,
                f"cameo {cameo!r} for {name!r} must be a full CAMEO code such as USAGOV, IGOUNO or ---CRM",
            )
        if country and not _CODE3.match(country):
            raise _error(path, number, f"country {country!r} is not an ISO-3 or PLOVER code")
        if kind not in ORG_KINDS:
            raise _error(
                path, number, f"kind {kind!r} is not one of {', '.join(sorted(ORG_KINDS))}"
            )
        yield (
            number,
            OrgEntry(
                name=name,
                aliases=_split_multi(row["aliases"]),
                cameo=cameo,
                country=country or None,
                sectors=_codes(path, number, "sectors", _split_multi(row["sectors"])),
                kind=kind,
                note=row.get("note", ""),
                source=_source(path, number),
            ),
        )


def _read_leaders(path: Path) -> Iterator[tuple[int, LeaderEntry]]:
    required = ("name", "aliases", "country", "role", "cameo", "since", "until", "gender")
    for number, row in _read_rows(path, required):
        name, country, cameo, gender = row["name"], row["country"], row["cameo"], row["gender"]
        if not name or not row["role"]:
            raise _error(path, number, "a leader needs a name and a role")
        if not _CODE3.match(country):
            raise _error(path, number, f"country {country!r} is not an ISO-3 or PLOVER code")
        if not _FULL_CODE.match(cameo):
            raise _error(path, number, f"cameo {cameo!r} must be a full CAMEO code such as USAGOV")
        if gender not in ("", "f", "m"):
            raise _error(path, number, f"gender must be f, m or empty, not {gender!r}")
        since = _date(path, number, "since", row["since"])
        until = _date(path, number, "until", row["until"])
        if since and until and until <= since:
            raise _error(path, number, f"until {until} is not after since {since}")
        yield (
            number,
            LeaderEntry(
                name=name,
                aliases=_split_multi(row["aliases"]),
                country=country,
                role=row["role"],
                cameo=cameo,
                since=since,
                until=until,
                gender=gender or None,
                source=_source(path, number),
            ),
        )


def _read_first_names(path: Path) -> Iterator[tuple[int, tuple[str, str]]]:
    for number, row in _read_rows(path, ("name", "gender")):
        if not row["name"]:
            raise _error(path, number, "empty name")
        if row["gender"] not in ("f", "m"):
            raise _error(path, number, f"gender must be f or m, not {row['gender']!r}")
        yield number, (row["name"], row["gender"])


# --------------------------------------------------------------------------- indexes

E = TypeVar("E")


@dataclass
class _Slot(Generic[E]):
    entry: E
    forms: set[str]
    layer: int
    source: str


class _NameIndex(Generic[E]):
    """Folded, case-folded name -> one entry; knows which spellings may match (``_case_ok``)."""

    def __init__(self, what: str, strip_the: bool = True) -> None:
        self.what = what
        self.strip_the = strip_the
        self.slots: dict[str, _Slot[E]] = {}
        self._found: Memo[tuple[str, bool], E | None] = Memo(lambda key: self._find(*key))

    def add(self, form: str, entry: E, layer: int, source: str) -> None:
        self._found.clear()
        folded = fold(form)
        if self.strip_the:
            folded = _strip_the(folded)
        if not folded:
            return
        key = folded.casefold()
        slot = self.slots.get(key)
        if slot is None or slot.layer < layer:
            self.slots[key] = _Slot(entry, {folded}, layer, source)
        elif slot.entry is entry:
            slot.forms.add(folded)
        else:
            raise ActorLexiconError(
                f"{source}: {self.what} {form!r} is already given at {slot.source}; "
                "a name may belong to one entry only: drop or rename one of them"
            )

    def find(self, text: str, possessive: bool = True) -> E | None:
        return self._found((text, possessive))

    def _find(self, text: str, possessive: bool) -> E | None:
        for candidate in _name_candidates(text, possessive):
            slot = self.slots.get(candidate.casefold())
            if slot is not None and any(_case_ok(form, candidate) for form in slot.forms):
                return slot.entry
        return None

    def __len__(self) -> int:
        return len(self.slots)


# Head nouns that take no plural (the whole term is left as it is).
_UNCOUNTABLE = frozenset(
    {
        "police",
        "staff",
        "personnel",
        "media",
        "clergy",
        "people",
        "press",
        "public",
        "intelligence",
        "news",
        "enforcement",
        "society",
        "crime",
        "children",
        "schoolchildren",
    }
)
_IRREGULAR = {
    "man": "men",
    "woman": "women",
    "child": "children",
    "person": "people",
    "thief": "thieves",
    "wife": "wives",
    "life": "lives",
    "leaf": "leaves",
}
_NOT_MAN = frozenset({"human", "german", "roman", "shaman", "talisman", "ottoman", "caiman"})
_OF_LIKE = frozenset({"of", "in", "for", "to", "at"})
_POSTPOSED = frozenset({"general"})  # "attorney general" -> "attorneys general"


def _plural_word(word: str) -> list[str]:
    if word in _IRREGULAR:
        return [_IRREGULAR[word]]
    for tail, plural in _IRREGULAR.items():
        if (
            word.endswith(tail)
            and word not in _NOT_MAN
            and tail in ("man", "woman", "child", "person")
        ):
            stem = word[: -len(tail)]
            forms = [stem + plural]
            if tail == "person":
                forms.append(word + "s")  # spokespersons
            return forms
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return [word + "es"]
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return [word[:-1] + "ies"]
    return [word + "s"]


def plurals(term: str) -> list[str]:
    """Regular plurals of a lower-case role term (head noun inflected); [] if uncountable."""
    words = term.split()
    head = len(words) - 1
    for i, word in enumerate(words[1:], start=1):
        if word in _OF_LIKE:  # "chief of staff", "commander in chief"
            head = i - 1
            break
    noun = words[head]
    if noun in _UNCOUNTABLE:
        return []
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is")):
        return []  # already plural ("troops", "armed forces") or uninflected
    out = [" ".join(words[:head] + [form] + words[head + 1 :]) for form in _plural_word(noun)]
    if len(words) > 1 and noun in _POSTPOSED and head == len(words) - 1:
        # "attorney general": "attorneys general" as well as "attorney generals"
        out += [" ".join([*words[:-2], f, noun]) for f in _plural_word(words[-2])]
    return out


def _role_key(text: str) -> str:
    return " ".join(fold(text).casefold().split())


# --------------------------------------------------------------------------- the lexicon

_HONORIFIC_GENDER = {
    "mr": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "sir": "m",
    "dame": "f",
    "lord": "m",
    "lady": "f",
    "madam": "f",
    "senor": "m",
    "senora": "f",
}
_TITLE_WORDS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "maj",
        "adm",
        "sgt",
        "capt",
        "pres",
        "prof",
        "hon",
        "former",
        "late",
        "then",
        "acting",
        "interim",
        "incoming",
        "outgoing",
    }
)
_NAME_PARTICLES = frozenset({"of", "de", "del", "di", "and", "the", "&", "at", "in", "for"})
_STATES_NAMED_LIKE_COUNTRIES = frozenset({"Georgia"})  # University of Georgia is in the USA
_UNIVERSITY = re.compile(
    r"^(?:(?P<pre>.+?)\s+)?(?P<kind>University|College|Polytechnic|Institute of Technology|"
    r"Universidad|Université|Universite|Universität|Universitat|Universidade|Università)"
    r"(?:\s+(?:of|de|del|di|in|at)\s+(?P<post>.+))?$",
    re.IGNORECASE,
)


class ActorLexicon:
    """Countries, roles, organisations, leaders and first names, with dictionary lookups."""

    def __init__(
        self,
        countries: Iterable[tuple[int, CountryEntry]] = (),
        roles: Iterable[tuple[int, RoleEntry]] = (),
        organisations: Iterable[tuple[int, OrgEntry]] = (),
        leaders: Iterable[tuple[int, LeaderEntry]] = (),
        first_names: Iterable[tuple[int, str, str, str]] = (),
    ) -> None:
        """Build from (layer, entry) pairs; a higher layer overrides a lower one.

        Use :func:`load_actor_lexicon` to read the packaged files; this constructor is for
        tests and for callers who assemble entries themselves.
        """
        self._countries = _override(countries, lambda e: e.iso3, "country", lambda e: e.source)
        self._role_list = _override(roles, lambda e: e.term, "role", lambda e: e.source)
        self._organisations = _override(
            organisations,
            lambda e: _strip_the(fold(e.name)).casefold(),
            "organisation",
            lambda e: e.source,
        )
        self._leader_list = _override(
            leaders,
            lambda e: (fold(e.name).casefold(), e.role.casefold(), e.since),
            "leader term",
            lambda e: e.source,
        )
        self.country_entries: tuple[CountryEntry, ...] = tuple(e for _, e in self._countries)
        self.role_entries: tuple[RoleEntry, ...] = tuple(e for _, e in self._role_list)
        self.organisation_entries: tuple[OrgEntry, ...] = tuple(e for _, e in self._organisations)
        self.leader_entries: tuple[LeaderEntry, ...] = tuple(e for _, e in self._leader_list)
        self._by_iso3 = {e.iso3: e for e in self.country_entries}
        self._role_memo: Memo[str, RoleEntry | None] = Memo(self._role)  # fixed once built
        self._university_memo: Memo[str, OrgEntry | None] = Memo(self._university)

        self._country_names: _NameIndex[CountryEntry] = _NameIndex("country name")
        self._adjectives: _NameIndex[CountryEntry] = _NameIndex(
            "country adjective", strip_the=False
        )
        self._people: _NameIndex[CountryEntry] = _NameIndex("country people noun")
        self._capitals: _NameIndex[CountryEntry] = _NameIndex("capital", strip_the=False)
        for layer, c in self._countries:
            for form in (c.name, *c.aliases):
                self._country_names.add(form, c, layer, c.source)
            for form in c.adjectives:
                self._adjectives.add(form, c, layer, c.source)
            for form in c.people:
                self._people.add(form, c, layer, c.source)
            if c.capital:
                self._capitals.add(c.capital, c, layer, c.source)

        self._orgs: _NameIndex[OrgEntry] = _NameIndex("organisation name")
        for layer, o in self._organisations:
            for form in (o.name, *o.aliases):
                self._orgs.add(form, o, layer, o.source)

        # Roles: listed terms first, then generated plurals where no listed term says otherwise.
        self._roles: dict[str, RoleEntry] = {}
        for _, r in self._role_list:
            self._roles[r.term] = r
        generated: dict[str, tuple[int, RoleEntry]] = {}
        for layer, r in self._role_list:
            for plural in plurals(r.term):
                if plural in self._roles:
                    continue
                if plural not in generated or generated[plural][0] < layer:
                    generated[plural] = (layer, r)
        for plural, (_, r) in generated.items():
            self._roles[plural] = r

        self._leaders: dict[str, list[tuple[set[str], LeaderEntry]]] = {}
        for lead in self.leader_entries:
            for form in (lead.name, *lead.aliases):
                folded = fold(form)
                bucket = self._leaders.setdefault(folded.casefold(), [])
                for forms, entry in bucket:
                    if entry is lead:
                        forms.add(folded)
                        break
                else:
                    bucket.append(({folded}, lead))

        self._first_names: dict[str, str] = {}
        seen: dict[str, tuple[int, str]] = {}
        for layer, name, gender, source in first_names:
            key = fold(name).casefold()
            if key in seen and seen[key][0] == layer:
                raise ActorLexiconError(
                    f"{source}: first name {name!r} is already given at {seen[key][1]}"
                )
            seen[key] = (layer, source)
            self._first_names[key] = gender

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_dirs(cls, dirs: Iterable[Path]) -> ActorLexicon:
        """Read the five files from each folder in turn; the first folder must have them all."""
        countries: list[tuple[int, CountryEntry]] = []
        roles: list[tuple[int, RoleEntry]] = []
        orgs: list[tuple[int, OrgEntry]] = []
        leaders: list[tuple[int, LeaderEntry]] = []
        names: list[tuple[int, str, str, str]] = []
        for layer, folder in enumerate(dirs):
            folder = Path(folder)
            if not folder.is_dir():
                raise ActorLexiconError(
                    f"{folder}: actor lexicon folder does not exist; pass a folder holding any of "
                    f"{', '.join(ACTOR_FILES)}"
                )

            def present(name: str, folder: Path = folder, layer: int = layer) -> Path | None:
                path = folder / name
                if path.is_file():
                    return path
                if layer == 0:
                    raise ActorLexiconError(
                        f"{path}: missing; the packaged actor lexicon is incomplete"
                    )
                return None

            if path := present(COUNTRIES_FILE):
                countries += [(layer, e) for _, e in _read_countries(path)]
            if path := present(ROLES_FILE):
                roles += [(layer, e) for _, e in _read_roles(path)]
            if path := present(ORGANISATIONS_FILE):
                orgs += [(layer, e) for _, e in _read_organisations(path)]
            if path := present(LEADERS_FILE):
                leaders += [(layer, e) for _, e in _read_leaders(path)]
            if path := present(FIRST_NAMES_FILE):
                names += [(layer, n, g, _source(path, i)) for i, (n, g) in _read_first_names(path)]
        return cls(countries, roles, orgs, leaders, names)

    def __repr__(self) -> str:
        return (
            f"<ActorLexicon countries={len(self.country_entries)} roles={len(self.role_entries)} "
            f"organisations={len(self.organisation_entries)} leaders={len(self.leader_entries)} "
            f"first_names={len(self._first_names)}>"
        )

    # ------------------------------------------------------------------ countries

    def country(self, iso3: str) -> CountryEntry | None:
        """The country with this ISO-3 (or PLOVER) code."""
        return self._by_iso3.get(iso3.upper())

    def country_by_name(self, text: str) -> CountryEntry | None:
        """ "Mexico", "the United States", "U.S.", "Britain", "Mexico's" -> the country."""
        return self._country_names.find(text)

    def country_by_adjective(self, text: str) -> CountryEntry | None:
        """ "Mexican", "U.S.", "British" -> the country."""
        return self._adjectives.find(text, possessive=False)

    def country_by_people(self, text: str) -> CountryEntry | None:
        """ "Mexicans", "the British", "Britons" -> the country."""
        return self._people.find(text, possessive=True)

    def country_by_capital(self, text: str) -> CountryEntry | None:
        """ "Washington", "Moscow" (metonymy for a government) -> the country."""
        return self._capitals.find(text)

    def find_country(self, text: str) -> CountryEntry | None:
        """Any of the above, in that order: name, adjective, people noun (not capitals)."""
        return (
            self.country_by_name(text)
            or self.country_by_adjective(text)
            or self.country_by_people(text)
        )

    # ------------------------------------------------------------------ roles

    def role(self, term: str) -> RoleEntry | None:
        """A role noun or title, singular or plural, bare or inside a longer phrase.

        The longest listed tail wins ("deputy prime ministers" -> "deputy prime minister");
        a tail without a sector of its own takes the sector of its nearest known modifier
        ("cartel leaders" -> CRM via "cartel").
        """
        return self._role_memo(term)

    def _role(self, term: str) -> RoleEntry | None:
        words = _role_key(term).split()
        if words:
            words[-1] = _POSSESSIVE.sub("", words[-1]) or words[-1]
        for start in range(len(words)):
            entry = self._roles.get(" ".join(words[start:]))
            if entry is None:
                continue
            if entry.cameo or start == 0:
                return entry
            found = self._modifier_role(words[:start])
            if found is None:
                return entry
            first, modifier = found
            return replace(
                entry,
                term=" ".join(words[first:]),
                cameo=modifier.cameo,
                plover=modifier.plover,
                note=f"{entry.term} with the sector of its modifier {modifier.term!r}",
            )
        return None

    def _modifier_role(self, words: list[str]) -> tuple[int, RoleEntry] | None:
        """The longest run of words ending right before the head that is a role with a sector."""
        for start in range(len(words)):
            entry = self._roles.get(" ".join(words[start:]))
            if entry is not None and entry.cameo:
                return start, entry
        return None

    def role_terms(self) -> list[str]:
        """Every role key the lexicon answers exactly, listed terms and generated plurals."""
        return sorted(self._roles)

    # ------------------------------------------------------------------ organisations

    def organisation(self, text: str, rules: bool = True) -> OrgEntry | None:
        """A listed organisation by name or alias ("the Times", "Crisis Group", "ICRC").

        With ``rules`` (the default), an unlisted "X University" / "University of X" /
        "X College" is answered as an education body of unknown country (cameo ``---EDU``),
        or of X's country when X is a country name.
        """
        entry = self._orgs.find(text)
        if entry is not None or not rules:
            return entry
        return self._university_memo(text)

    def platform(self, text: str) -> OrgEntry | None:
        """A social platform ("Bluesky", "X", "Truth Social"): a medium of speech, not a speaker."""
        entry = self._orgs.find(text)
        return entry if entry is not None and entry.kind == "platform" else None

    def _university(self, text: str) -> OrgEntry | None:
        name = " ".join(_strip_the(text.strip()).split())
        match = _UNIVERSITY.match(name)
        if not match or not (match.group("pre") or match.group("post")):
            return None
        words = [w for w in re.split(r"[\s\-]+", name) if w]
        if not all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words):
            return None  # "the university" or "a college in Ohio" is a role, not a name
        country = None
        place = match.group("post")
        if place and place not in _STATES_NAMED_LIKE_COUNTRIES:
            found = self.country_by_name(place)  # "University of Mexico"; not "X University"
            country = found.iso3 if found else None
        return OrgEntry(
            name=name,
            aliases=(),
            cameo=f"{country or '---'}EDU",
            country=country,
            sectors=("EDU",),
            kind="university",
            note="rule: university or college name",
            source="rule:university",
        )

    # ------------------------------------------------------------------ leaders

    def leaders(self, name: str, on_date: dt.date | str | None = None) -> list[LeaderEntry]:
        """Every office term matching ``name`` (full name or alias), in office on ``on_date``.

        Leading titles ("President", "Gen.", "Mr.", "Mexican") are skipped when the full text is
        not known. With no date every term is returned.
        """
        day = _as_date(on_date)
        for candidate in self._leader_candidates(name):
            bucket = self._leaders.get(candidate.casefold())
            if not bucket:
                continue
            hits = [e for forms, e in bucket if any(_case_ok(f, candidate) for f in forms)]
            if not hits:
                continue
            if day is None:
                return hits
            return [e for e in hits if e.in_office(day)]
        return []

    def leader(self, name: str, on_date: dt.date | str | None = None) -> LeaderEntry | None:
        """The office holder called ``name`` on ``on_date``, or None.

        None when nobody by that name held a listed office that day, or when the name fits two
        different people that day (a shared surname is no evidence). With no date, the current
        term is preferred, then the most recent one.
        """
        hits = self.leaders(name, on_date)
        if not hits or len({fold(e.name).casefold() for e in hits}) > 1:
            return None
        if _as_date(on_date) is None:
            current = [e for e in hits if e.until is None]
            if current:
                return current[0]
            return max(hits, key=lambda e: e.until or dt.date.max)
        return hits[0]

    def office_holder(
        self, country: str, role: str, on_date: dt.date | str | None = None
    ) -> LeaderEntry | None:
        """Who held ``role`` ("president") of ``country`` (ISO-3) on ``on_date`` (default: now)."""
        day = _as_date(on_date) or dt.date.today()
        role_key = role.casefold().strip()
        for lead in self.leader_entries:
            if (
                lead.country == country.upper()
                and lead.role.casefold() == role_key
                and lead.in_office(day)
            ):
                return lead
        return None

    def _leader_candidates(self, name: str) -> Iterator[str]:
        words = fold(name).split()
        yield " ".join(words)
        if words:
            last = _POSSESSIVE.sub("", words[-1])
            if last and last != words[-1]:
                words = [*words[:-1], last]
                yield " ".join(words)
        while len(words) > 1 and self._is_title(words[0]):
            words = words[1:]
            yield " ".join(words)

    def _is_title(self, word: str) -> bool:
        low = word.casefold()
        return (
            low in _TITLE_WORDS
            or low in self._roles
            or self.country_by_adjective(word) is not None
            or self.country_by_name(word) is not None
        )

    # ------------------------------------------------------------------ first names

    def first_name_gender(self, name: str) -> str | None:
        """ "f" or "m" for a first name or a full name ("Claudia Sheinbaum" -> "f"); else None.

        An honorific decides first ("Mrs. May" -> "f"); hyphenated names are tried whole
        ("Jean-Luc") before their first part.
        """
        words = fold(name).casefold().split()
        if not words:
            return None
        if words[0] in _HONORIFIC_GENDER:
            return _HONORIFIC_GENDER[words[0]]
        while len(words) > 1 and words[0] in _TITLE_WORDS:
            words = words[1:]
        for size in (2, 1):
            if len(words) >= size:
                gender = self._first_names.get(" ".join(words[:size]))
                if gender:
                    return gender
        return None


def _override(
    pairs: Iterable[tuple[int, E]],
    key: Callable[[E], Hashable],
    what: str,
    source: Callable[[E], str],
) -> list[tuple[int, E]]:
    """Keep one entry per key: a higher layer replaces a lower one; a repeat in one layer is an error."""
    chosen: dict[Hashable, tuple[int, E]] = {}
    for layer, entry in pairs:
        k = key(entry)
        if k in chosen:
            old_layer, old = chosen[k]
            if old_layer == layer:
                raise ActorLexiconError(
                    f"{source(entry)}: {what} {k!r} is already listed at {source(old)}; "
                    "list it once (variants of a name go in its aliases column)"
                )
            if old_layer > layer:
                continue
        chosen[k] = (layer, entry)
    return sorted(chosen.values(), key=lambda pair: pair[0])


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(
            f"on_date {value!r} is not a date or an ISO date string (YYYY-MM-DD)"
        ) from None


# --------------------------------------------------------------------------- loading


@lru_cache(maxsize=8)
def _load(dirs: tuple[Path, ...]) -> ActorLexicon:
    return ActorLexicon.from_dirs(dirs)


def load_actor_lexicon(
    data_dir: Path | str = LEXICON_DATA, extra_dirs: Iterable[Path | str] = ()
) -> ActorLexicon:
    """The actor lexicon read from ``data_dir`` plus each of ``extra_dirs`` (cached per folders).

    Files in the extra folders use the same names and formats (docs/LEXICONS.md) and may be any
    subset of the five; their rows override ours. Edited files are re-read only after
    ``load_actor_lexicon.cache_clear()``.
    """
    given = (Path(data_dir), *(Path(d) for d in extra_dirs))
    if all(d.is_absolute() for d in given):  # the usual case; a relative path depends on the cwd
        return _load(_resolved(given))
    return _load(tuple(d.resolve() for d in given))


@lru_cache(maxsize=32)
def _resolved(dirs: tuple[Path, ...]) -> tuple[Path, ...]:
    """Folders resolved once: the quote extractors ask for the lexicon once per article, and
    resolving is a system call per path component."""
    return tuple(d.resolve() for d in dirs)


def _clear_caches() -> None:
    _resolved.cache_clear()
    _load.cache_clear()


load_actor_lexicon.cache_clear = _clear_caches  # type: ignore[attr-defined]

__all__ = [
    "ACTOR_FILES",
    "ActorLexicon",
    "ActorLexiconError",
    "CountryEntry",
    "LeaderEntry",
    "OrgEntry",
    "RoleEntry",
    "fold",
    "load_actor_lexicon",
    "plurals",
]
