"""The predicate lexicons (event patterns, control verbs, speech verbs, evaluation words).

Formats are in docs/LEXICONS.md. Everything is indexed by lemma so that the coder does one dict
lookup per token; a user's own files in the same format plug in through ``extra_dirs`` and are
consulted before ours.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from tidings.lexicons.tsv import LexiconFormatError, read_tsv, split_multi
from tidings.paths import LEXICON_DATA

NO_CODE = "---"


@dataclass(frozen=True)
class EventPattern:
    trigger: str
    pos: str  # "V" or "N"
    particle: str | None
    preps: tuple[str, ...]
    objects: frozenset[str]
    code: str
    source: str  # "file:line" — the rule that fired, kept as evidence

    @property
    def specificity(self) -> int:
        return (2 if self.objects else 0) + (1 if self.particle else 0) + (1 if self.preps else 0)


@dataclass(frozen=True)
class ControlEntry:
    lemma: str
    modality: str | None  # future, hypothetical, negated
    recode: str | None  # CAMEO root the embedded event is recoded into ("13", "03", "12")
    posture: bool
    attempt: bool
    source: str


@dataclass(frozen=True)
class SpeechVerb:
    lemma: str
    particle: str | None
    kind: str
    code: str | None
    source: str


@dataclass
class EventLexicon:
    patterns: dict[tuple[str, str], list[EventPattern]] = field(default_factory=dict)
    control: dict[str, ControlEntry] = field(default_factory=dict)
    speech: dict[str, list[SpeechVerb]] = field(default_factory=dict)
    evaluation: dict[str, tuple[str, int]] = field(default_factory=dict)
    fingerprint: str = ""

    def candidates(self, lemma: str, pos: str) -> list[EventPattern]:
        return self.patterns.get((lemma, pos), [])

    def speech_verb(self, lemma: str, particles: Iterable[str] = ()) -> SpeechVerb | None:
        entries = self.speech.get(lemma)
        if not entries:
            return None
        parts = set(particles)
        for entry in entries:
            if entry.particle and entry.particle in parts:
                return entry
        for entry in entries:
            if not entry.particle:
                return entry
        return None


def _parse_control_effect(cell: str, where: str) -> tuple[str | None, str | None, bool, bool]:
    modality = recode = None
    posture = attempt = False
    for part in split_multi(cell):
        if part == "none":
            continue
        if part == "posture":
            posture = True
        elif part == "attempt":
            attempt = True
        elif part.startswith("modality:"):
            modality = part.split(":", 1)[1]
        elif part.startswith("recode:"):
            recode = part.split(":", 1)[1].zfill(2)
        else:
            raise LexiconFormatError(f"{where}: unknown control effect {part!r}")
    return modality, recode, posture, attempt


def _load_dir(lex: EventLexicon, directory: Path, hasher: hashlib._Hash) -> None:
    patterns_file = directory / "event_patterns.tsv"
    if patterns_file.exists():
        hasher.update(patterns_file.read_bytes())
        required = ("trigger", "pos", "particle", "prep", "object", "code")
        for line, row in read_tsv(patterns_file, required):
            where = f"{patterns_file.name}:{line}"
            pos = row["pos"].upper()
            if pos not in ("V", "N"):
                raise LexiconFormatError(f"{patterns_file}:{line}: pos must be V or N, got {pos!r}")
            code = row["code"]
            if code != NO_CODE and not code.isdigit():
                raise LexiconFormatError(f"{patterns_file}:{line}: bad CAMEO code {code!r}")
            pattern = EventPattern(
                trigger=row["trigger"].lower(),
                pos=pos,
                particle=row["particle"].lower() or None,
                preps=tuple(p.lower() for p in split_multi(row["prep"])),
                objects=frozenset(o.lower() for o in split_multi(row["object"])),
                code=code,
                source=where,
            )
            lex.patterns.setdefault((pattern.trigger, pos), []).append(pattern)
    control_file = directory / "control_verbs.tsv"
    if control_file.exists():
        hasher.update(control_file.read_bytes())
        for line, row in read_tsv(control_file, ("lemma", "effect")):
            where = f"{control_file.name}:{line}"
            modality, recode, posture, attempt = _parse_control_effect(
                row["effect"], f"{control_file}:{line}"
            )
            lemma = row["lemma"].lower()
            lex.control[lemma] = ControlEntry(lemma, modality, recode, posture, attempt, where)
    speech_file = directory / "speech_verbs.tsv"
    if speech_file.exists():
        hasher.update(speech_file.read_bytes())
        for line, row in read_tsv(speech_file, ("lemma", "kind")):
            entry = SpeechVerb(
                lemma=row["lemma"].lower(),
                particle=(row.get("particle") or "").lower() or None,
                kind=row["kind"].lower() or "say",
                code=row.get("code") or None,
                source=f"{speech_file.name}:{line}",
            )
            lex.speech.setdefault(entry.lemma, []).append(entry)
    evaluation_file = directory / "evaluation_words.tsv"
    if evaluation_file.exists():
        hasher.update(evaluation_file.read_bytes())
        for line, row in read_tsv(evaluation_file, ("lemma", "polarity")):
            polarity = row["polarity"].lower()
            if polarity not in ("neg", "pos"):
                raise LexiconFormatError(
                    f"{evaluation_file}:{line}: polarity must be neg or pos, got {polarity!r}"
                )
            try:
                strength = int(row.get("strength") or 1)
            except ValueError as exc:
                raise LexiconFormatError(f"{evaluation_file}:{line}: strength must be 1-3") from exc
            lex.evaluation[row["lemma"].lower()] = (polarity, strength)


def load_event_lexicon(extra_dirs: Sequence[Path] = ()) -> EventLexicon:
    """Our lexicons, then each user directory on top (later entries win for control/speech)."""
    return _load_cached(tuple(Path(d) for d in extra_dirs))


@cache
def _load_cached(extra_dirs: tuple[Path, ...]) -> EventLexicon:
    lex = EventLexicon()
    hasher = hashlib.sha1()
    for directory in (LEXICON_DATA, *extra_dirs):
        _load_dir(lex, directory, hasher)
    # Most specific first, so the matcher can stop at the first pattern that fits.
    for key, entries in lex.patterns.items():
        lex.patterns[key] = sorted(entries, key=lambda p: -p.specificity)
    lex.fingerprint = hasher.hexdigest()[:12]
    return lex


def roots_covered(lex: EventLexicon) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for entries in lex.patterns.values():
        for pattern in entries:
            if pattern.code != NO_CODE:
                counts[pattern.code[:2]] += 1
    return dict(counts)
