"""PETRARCH/TABARI dictionaries as tidings lexicon files, so the main coder can use them.

tidings' own coder reads its lexicons from TSV files (docs/LEXICONS.md) and takes a user's
folders of such files beside its own (``lexicon_dirs``). ``convert`` writes a loaded set of
PETRARCH dictionaries into that representation:

=====================  =============================================================
``countries.tsv``      actors coded with a bare country code we know (``[AFG]``): their
                       phrases become aliases of our row for that country (our row is copied,
                       so nothing of ours is lost)
``leaders.tsv``        actors with date-restricted codes (``[USAGOV 20090120-20170120]``):
                       one row per dated code (``until`` is the day after the last day)
``organisations.tsv``  other actors with one undated code (``[IGOUNO]``, ``[PSEREBHMS]``)
``roles.tsv``          agents (``POLICE [~COP]``) as role nouns with their code
``event_patterns.tsv`` verbs with their code, and the patterns tidings' event rows can say:
                       ``- * OBJECT [code]`` (object constraint) and ``- * (PREP +) [code]``
                       or ``- * PREP + [code]`` (the preposition that introduces the target)
=====================  =============================================================

What the representation cannot say is counted by reason in ``ConversionReport.skipped`` (with
example ``file:line`` sources): paired codes ``[a:b]``, non-CAMEO codes (``174K``), patterns
with words before the verb, source/skip/compound slots, several words after the verb,
multi-word synset members, the undated default of an actor that also has dated codes, codes
such as ``FRO/BIL/SAM``. Names and terms tidings already knows keep tidings' entry unless
``override=True``.

``lexicon_dir(path)`` converts once per dictionary set (keyed by the files' paths, sizes and
modification times) into a folder under the system temp directory and returns it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from tidings.lexicons.actors import (
    COUNTRIES_FILE,
    LEADERS_FILE,
    ORGANISATIONS_FILE,
    ROLES_FILE,
    ActorLexicon,
    fold,
    load_actor_lexicon,
)
from tidings.lexicons.events import NO_CODE, load_event_lexicon

from .actors import ActorEntry
from .loader import PetrarchDictionaries, load_dictionaries
from .verbs import NOUN_PHRASE, PREP_PHRASE, SYNSET, TARGET, WORD, VerbEntry, VerbPattern

EVENTS_FILE = "event_patterns.tsv"
CONVERTER_VERSION = "1"

_FULL_CODE = re.compile(r"^(?:---|[A-Z]{3})(?:[A-Z]{3})*$")
_CODE3 = re.compile(r"^[A-Z]{3}$")
_CAMEO = re.compile(r"^\d{2,4}$")
_SMALL_WORDS = frozenset(
    {"OF", "THE", "AND", "FOR", "IN", "ON", "AT", "TO", "DE", "DEL", "LA", "AL"}
)

#: CAMEO role groups -> a role word for leaders.tsv and the organisation kind
ROLE_WORDS = {
    "GOV": "government",
    "ELI": "elite",
    "MIL": "military",
    "COP": "police",
    "JUD": "judiciary",
    "LEG": "legislature",
    "OPP": "opposition",
    "REB": "rebel",
    "INS": "insurgent",
    "SPY": "intelligence",
    "PTY": "party",
    "MED": "media",
    "BUS": "business",
    "EDU": "education",
    "NGO": "ngo",
    "IGO": "igo",
}
_KINDS = {
    "IGO": "igo",
    "NGO": "ngo",
    "NGM": "ngo",
    "MED": "media",
    "GOV": "government",
    "LEG": "government",
    "JUD": "government",
    "ELI": "government",
    "MIL": "military",
    "COP": "military",
    "SPY": "government",
    "REB": "armed_group",
    "INS": "armed_group",
    "UAF": "armed_group",
    "SEP": "armed_group",
    "IMG": "armed_group",
    "CRM": "criminal",
    "PTY": "party",
    "EDU": "university",
    "BUS": "company",
    "MNC": "company",
}
_PERSON_ENDINGS = ("ER", "OR", "IST", "MAN", "MEN", "ANT", "IAN", "ENT", "ARY", "ATE", "ANT", "EE")


@dataclass
class ConversionReport:
    """What ``convert`` wrote (rows per file) and what it could not express (reason -> count,
    with up to five example sources per reason)."""

    rows: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    kept_ours: int = 0

    def skip(self, reason: str, source: str) -> None:
        self.skipped[reason] += 1
        if len(self.examples[reason]) < 5:
            self.examples[reason].append(source)

    def summary(self) -> dict[str, object]:
        return {
            "rows": dict(self.rows),
            "not_expressible": dict(self.skipped),
            "kept_tidings_entry": self.kept_ours,
        }


def _title(phrase_tokens: tuple[str, ...]) -> str:
    out = []
    for k, w in enumerate(phrase_tokens):
        if w in _SMALL_WORDS:
            out.append(w.lower() if k else w.capitalize())
        elif len(w) <= 3 or not w.isalpha():
            out.append(w if len(w) <= 3 else w.capitalize())
        else:
            out.append(w.capitalize())
    return " ".join(out)


def _name_key(text: str) -> str:
    folded = fold(text)
    stripped = re.sub(r"^the\s+", "", folded, flags=re.IGNORECASE)
    return (stripped or folded).casefold()


def _tsv_cell(value: str) -> str:
    return value.replace("\t", " ").replace("\n", " ")


# ----------------------------------------------------------------------------------------------
# actors


def _actor_groups(entries: tuple[ActorEntry, ...]) -> list[list[ActorEntry]]:
    groups: dict[str, list[ActorEntry]] = {}
    for e in entries:
        groups.setdefault(e.actor_id, []).append(e)
    return list(groups.values())


def _convert_actors(
    d: PetrarchDictionaries, base: ActorLexicon, report: ConversionReport, override: bool
) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    country_aliases: dict[str, list[str]] = defaultdict(list)
    orgs: list[list[str]] = []
    leaders: list[list[str]] = []
    seen_org: set[str] = set()
    seen_alias: set[str] = set()
    seen_leader: set[tuple[str, str, str]] = set()
    for group in _actor_groups(d.actors):
        first = group[0]
        names = [_title(e.phrase_tokens) for e in group if e.phrase_tokens]
        if not names:
            continue
        codes = first.codes
        usable = [c for c in codes if _FULL_CODE.match(c.code) and c.code != "---"]
        for c in codes:
            if c not in usable:
                report.skip(f"actor code {c.code!r} is not a CAMEO actor code", first.source)
        if not usable:
            continue
        dated = [c for c in usable if c.is_dated]
        if dated:
            if any(not c.is_dated for c in usable):
                report.skip("undated default code of an actor with dated codes", first.source)
            for c in dated:
                country = c.code[:3]
                if not _CODE3.match(country) or country in ("IGO", "NGO", "IMG", "MNC"):
                    report.skip("dated code without a country", first.source)
                    continue
                if c.start and c.end and c.end < c.start:
                    report.skip("dated code whose interval ends before it starts", first.source)
                    continue
                key = (
                    _name_key(names[0]),
                    ROLE_WORDS.get(c.code[3:6], "actor"),
                    str(c.start or ""),
                )
                if key in seen_leader:
                    report.skip("duplicate actor phrase", first.source)
                    continue
                seen_leader.add(key)
                until = (c.end + timedelta(days=1)).isoformat() if c.end else ""
                leaders.append(
                    [
                        names[0],
                        "|".join(dict.fromkeys(n for n in names[1:] if _name_key(n) != key[0])),
                        country,
                        key[1],
                        c.code,
                        c.start.isoformat() if c.start else "",
                        until,
                        "",
                        f"PETRARCH {first.source}",
                    ]
                )
            continue
        code = usable[0].code
        if len(usable) > 1:
            report.skip("further undated codes of one actor", first.source)
        if _CODE3.match(code) and base.country(code) is not None:
            for n in names:
                k = _name_key(n)
                if k in seen_alias:
                    continue
                seen_alias.add(k)
                known = base.country_by_name(n)
                if known is not None and not override:
                    report.kept_ours += 1
                    continue
                country_aliases[code].append(n)
            continue
        fresh = []
        for n in names:
            k = _name_key(n)
            if k in seen_org:
                report.skip("name already given to another actor", first.source)
                continue
            if base.organisation(n, rules=False) is not None and not override:
                report.kept_ours += 1
                continue
            seen_org.add(k)
            fresh.append(n)
        if not fresh:
            continue
        country = code[:3] if _CODE3.match(code[:3]) and code[:3] != "---" else ""
        kind = _KINDS.get(code[3:6], _KINDS.get(code[:3], "government"))
        orgs.append(
            [fresh[0], "|".join(fresh[1:]), code, country, "", kind, f"PETRARCH {first.source}"]
        )

    countries: list[list[str]] = []
    for iso3, aliases in country_aliases.items():
        c = base.country(iso3)
        if c is None:
            continue
        merged = list(
            dict.fromkeys([*c.aliases, *(a for a in aliases if _name_key(a) != _name_key(c.name))])
        )
        countries.append(
            [
                c.iso3,
                c.name,
                "|".join(merged),
                "|".join(c.adjectives),
                "|".join(c.people),
                c.capital or "",
            ]
        )
    return countries, orgs, leaders


def _convert_agents(
    d: PetrarchDictionaries, base: ActorLexicon, report: ConversionReport, override: bool
) -> list[list[str]]:
    rows: list[list[str]] = []
    seen: set[str] = set()
    for a in d.agents:
        if a.form not in ("singular", "substituted"):
            continue  # tidings generates plurals itself
        term = " ".join(a.phrase_tokens).lower()
        if not re.fullmatch(r"(?:[A-Z]{3})+", a.code):
            report.skip(f"agent code {a.code!r} is not CAMEO role codes", a.source)
            continue
        if a.position == "prefix":
            report.skip("prefix agent (code before the actor code)", a.source)
            continue
        term_key = " ".join(fold(term).casefold().split())  # as tidings' roles reader keys it
        if term_key in seen:
            continue
        seen.add(term_key)
        known = base.role(term)
        if known is not None and known.term == term and not override:
            report.kept_ours += 1
            continue
        person = "Y" if a.phrase_tokens[-1].endswith(_PERSON_ENDINGS) else "N"
        rows.append([term, a.code, "", person, f"PETRARCH {a.source}"])
    return rows


# ----------------------------------------------------------------------------------------------
# verbs


def _singulars(word: str) -> list[str]:
    w = word.lower()
    out = [w]
    if w.endswith("ies") and len(w) > 4:
        out.append(w[:-3] + "y")
    elif w.endswith(("ses", "xes", "zes", "ches", "shes")):
        out.append(w[:-2])
    elif w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        out.append(w[:-1])
    return out


def _code_ok(code: str | None, paired: str | None, report: ConversionReport, source: str) -> bool:
    if paired:
        report.skip("paired code [a:b]", source)
        return False
    if code is None:
        report.skip("no code", source)
        return False
    if code != NO_CODE and not _CAMEO.match(code):
        report.skip(f"non-CAMEO event code {code!r}", source)
        return False
    return True


def _verb_key(v: VerbEntry, report: ConversionReport) -> tuple[str, str] | None:
    """(trigger lemma, particle) of a verb line, or None when it cannot be said."""
    if len(v.words) == 1:
        return v.lemma.lower(), ""
    if v.head_index == 0 and len(v.words) == 2:
        return v.words[0].lower(), v.words[1].lower()
    report.skip("multi-word verb other than verb + particle", v.source)
    return None


def _pattern_row(p: VerbPattern, d: PetrarchDictionaries, report: ConversionReport):
    """(object lemmas, target prepositions) for a pattern tidings can express, else None."""
    if p.pre:
        report.skip("words before the verb", p.source)
        return None
    post = list(p.post)
    if len(post) == 1 and post[0].kind == NOUN_PHRASE and len(post[0].children) == 1:
        post = list(post[0].children)
    if len(post) == 1 and post[0].kind == WORD:
        return sorted({s for alt in post[0].alternatives for s in _singulars(alt)}), ()
    if len(post) == 1 and post[0].kind == SYNSET:
        synset = d.synsets.get(post[0].text)
        if synset is None:
            report.skip("undefined synset", p.source)
            return None
        phrases = synset.expand(d.synsets)
        if any(len(ph) != 1 for ph in phrases):
            report.skip("multi-word synset member", p.source)
            return None
        return sorted({s for ph in phrases for s in _singulars(ph[0])}), ()
    if (
        len(post) == 1
        and post[0].kind == PREP_PHRASE
        and [c.kind for c in post[0].children] == [TARGET]
    ):
        return (), tuple(a.lower() for a in post[0].alternatives)
    if len(post) == 2 and post[0].kind == WORD and post[1].kind == TARGET:
        return (), tuple(a.lower() for a in post[0].alternatives)
    kinds = {t.kind for t in p.tokens()}
    if kinds & {"source", "skip", "compound"}:
        report.skip("source, skip or compound slot", p.source)
    else:
        report.skip("several words or phrases after the verb", p.source)
    return None


def _convert_verbs(d: PetrarchDictionaries, report: ConversionReport) -> list[list[str]]:
    rows: list[list[str]] = []
    seen: set[tuple] = set()
    if d.verbs is None:
        return rows
    for block in d.verbs.blocks:
        keys = []
        for v in block.verbs:
            key = _verb_key(v, report)
            if key is None:
                continue
            keys.append(key)
            if v.code == NO_CODE and not v.paired_code:
                continue  # "codes nothing": no row needed
            if not _code_ok(v.code, v.paired_code, report, v.source):
                continue
            row_key = (*key, "", "", v.code)
            if row_key not in seen:
                seen.add(row_key)
                rows.append([key[0], "V", key[1], "", "", v.code, f"PETRARCH {v.source}"])
        if not keys:
            continue
        for p in block.patterns:
            shape = _pattern_row(p, d, report)
            if shape is None or not _code_ok(p.code, p.paired_code, report, p.source):
                continue
            objects, preps = shape
            for trigger, particle in keys:
                row_key = (trigger, particle, "|".join(preps), "|".join(objects), p.code)
                if row_key in seen:
                    continue
                seen.add(row_key)
                rows.append(
                    [
                        trigger,
                        "V",
                        particle,
                        "|".join(preps),
                        "|".join(objects),
                        p.code,
                        f"PETRARCH {p.source}",
                    ]
                )
    return rows


# ----------------------------------------------------------------------------------------------


def _write(path: Path, header: list[str], rows: list[list[str]], note: str) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(f"# {note}\n# Converted by tidings.lexicons.petrarch.plugin; do not edit.\n")
        fh.write("\t".join(header) + "\n")
        for row in rows:
            fh.write("\t".join(_tsv_cell(c) for c in row) + "\n")


def convert(
    dictionaries: PetrarchDictionaries,
    out_dir: str | Path,
    *,
    base: ActorLexicon | None = None,
    override: bool = False,
) -> ConversionReport:
    """Write ``dictionaries`` as tidings lexicon files into ``out_dir``; return the report."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    base = base or load_actor_lexicon()
    report = ConversionReport()
    countries, orgs, leaders = _convert_actors(dictionaries, base, report, override)
    roles = _convert_agents(dictionaries, base, report, override)
    events = _convert_verbs(dictionaries, report)
    note = "PETRARCH dictionaries: " + ", ".join(
        Path(f).name for files in dictionaries.files.values() for f in files
    )
    _write(
        out / COUNTRIES_FILE,
        ["iso3", "name", "aliases", "adjectives", "people", "capital"],
        countries,
        note,
    )
    _write(
        out / ORGANISATIONS_FILE,
        ["name", "aliases", "cameo", "country", "sectors", "kind", "note"],
        orgs,
        note,
    )
    _write(
        out / LEADERS_FILE,
        ["name", "aliases", "country", "role", "cameo", "since", "until", "gender", "note"],
        leaders,
        note,
    )
    _write(out / ROLES_FILE, ["term", "cameo", "plover", "person", "note"], roles, note)
    _write(
        out / EVENTS_FILE,
        ["trigger", "pos", "particle", "prep", "object", "code", "note"],
        events,
        note,
    )
    report.rows.update(
        {
            COUNTRIES_FILE: len(countries),
            ORGANISATIONS_FILE: len(orgs),
            LEADERS_FILE: len(leaders),
            ROLES_FILE: len(roles),
            EVENTS_FILE: len(events),
        }
    )
    return report


def _fingerprint(d: PetrarchDictionaries) -> str:
    h = hashlib.sha1(CONVERTER_VERSION.encode())
    for kind in sorted(d.files):
        for f in d.files[kind]:
            st = os.stat(f)
            h.update(f"{kind}:{Path(f).resolve()}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def lexicon_dir(
    path: str | Path | PetrarchDictionaries, *, cache_root: str | Path | None = None
) -> Path:
    """A folder of tidings lexicon files converted from the dictionaries at ``path`` (a folder,
    file(s) or an already loaded set); converted once and cached under the temp directory."""
    d = path if isinstance(path, PetrarchDictionaries) else _load(path)
    root = Path(cache_root or tempfile.gettempdir()) / "tidings-petrarch-lexicons"
    target = root / _fingerprint(d)
    if (target / EVENTS_FILE).exists():
        return target
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="convert-", dir=root))
    try:
        convert(d, work)
        try:
            work.rename(target)
        except OSError:  # another process won the race
            shutil.rmtree(work, ignore_errors=True)
    finally:
        if work.exists() and work != target:
            shutil.rmtree(work, ignore_errors=True)
    return target


def _load(path: str | Path) -> PetrarchDictionaries:
    p = Path(path)
    if p.is_dir():
        from .loader import PRESETS

        names = {f.name for f in p.iterdir()}
        presets = [
            k
            for k, kinds in PRESETS.items()
            if all(n in names for fs in kinds.values() for n in fs)
        ]
        if len(presets) > 1:
            return load_dictionaries(p, preset="production", strict=False)
    return load_dictionaries(p, strict=False)


def check_loads(directory: str | Path) -> tuple[ActorLexicon, object]:
    """Load converted files with tidings' own loaders, beside tidings' lexicons (raises the
    loaders' errors on a malformed row); returns (actor lexicon, event lexicon)."""
    from tidings.paths import LEXICON_DATA

    folder = Path(directory)
    return ActorLexicon.from_dirs((LEXICON_DATA, folder)), load_event_lexicon((folder,))
