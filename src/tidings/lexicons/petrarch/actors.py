"""Reader for PETRARCH/TABARI actor dictionaries (``*.actors.txt``).

Format (see docs/PETRARCH-DICTIONARIES.md):

    AFGHANISTAN_  [AFG]          primary phrase with its code(s)
    +AFGHAN_                     synonym: same actor, same codes
    HAMID_KARZAI_                primary phrase whose codes follow on indented lines
    +KARZAI_
        [AFGELI 750101-000101]   dated code (inclusive interval)
        [AFGGOV >011222]         after a date;  [X <date] before a date;  [X] default

Several bracketed codes may share a line. Primary lines without a code collect (with their
synonyms) until the next code lines, and all of them get those codes: CountryInfo-generated
files list ``IVO_JOSIPOVIC_`` / ``PRESIDENT_JOSIPOVIC_`` / ``JOSIPOVIC_`` and then the codes once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .common import (
    CodeError,
    DatedCode,
    DictionaryFormatError,
    Issues,
    as_date,
    iter_lines,
    parse_dated_code,
    split_codes,
    split_phrase,
)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One actor phrase (a primary phrase or a ``+`` synonym) and the codes of its actor.

    ``phrase_tokens`` are upper case (``("HAMID", "KARZAI")``); ``canonical`` is the actor's first
    primary phrase joined with ``_`` (``"HAMID_KARZAI"``), the same for all its synonyms;
    ``actor_id`` is the ``file:line`` of that first phrase (unique per actor block, whereas
    canonical phrases can repeat across blocks); ``source`` is this phrase's own ``file:line``.
    ``tight[i]``: tokens i and i+1 were joined by ``_`` rather than a space. ``whole_word``: the
    phrase ended in ``_`` (TABARI: no stem match; PETRARCH2 ignores it).
    """

    phrase_tokens: tuple[str, ...]
    codes: tuple[DatedCode, ...]
    canonical: str
    source: str
    is_synonym: bool = False
    actor_id: str = ""
    tight: tuple[bool, ...] = ()
    whole_word: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.phrase_tokens)

    @property
    def default_code(self) -> str | None:
        """The first undated code, or None when every code is date-restricted."""
        for c in self.codes:
            if not c.is_dated:
                return c.code
        return None

    def code_on(self, when: date | str | None) -> str | None:
        """The code for an event on ``when`` (date or ``YYYYMMDD``).

        The first date-restricted code (file order) whose interval covers the date wins; otherwise
        the first undated code; otherwise None. With ``when=None``, the first undated code.
        """
        if when is not None:
            d = as_date(when)
            for c in self.codes:
                if c.is_dated and c.covers(d):
                    return c.code
        return self.default_code

    def codes_on(self, when: date | str | None) -> tuple[str, ...]:
        """Every code that applies on ``when`` (dated ones first), for callers that want all."""
        if when is None:
            return tuple(c.code for c in self.codes if not c.is_dated)
        d = as_date(when)
        dated = [c.code for c in self.codes if c.is_dated and c.covers(d)]
        return tuple(dated + [c.code for c in self.codes if not c.is_dated])


class _Group:
    __slots__ = ("codes", "phrases")

    def __init__(self) -> None:
        self.phrases: list[tuple[str, int, bool]] = []  # (phrase text, line, is_synonym)
        self.codes: list[DatedCode] = []


_BAD_PHRASE_CHARS = frozenset("[]{}")


def read_actor_file(
    path: str | Path, *, strict: bool = True, text: str | None = None
) -> tuple[list[ActorEntry], list[DictionaryFormatError]]:
    """Parse one actor file. Returns ``(entries in file order, warnings)``.

    With ``strict`` the first problem raises DictionaryFormatError; otherwise problems are
    returned as warnings and the reader recovers (skips the line, or ignores the stray text).
    """
    issues = Issues(path, strict)
    name = issues.name
    groups: list[_Group] = []
    current: _Group | None = None  # coded group that synonyms / code lines still attach to
    pending: _Group | None = None  # uncoded phrases waiting for code lines

    def codes_of(lineno: int, s: str, bodies: list[str], leftover: str) -> list[DatedCode]:
        out: list[DatedCode] = []
        if leftover:
            issues(lineno, s, f"text after the codes ({leftover!r}) ignored")
        for body in bodies:
            try:
                out.append(parse_dated_code(body))
            except CodeError as exc:
                if exc.recovered is not None:
                    issues(lineno, s, f"[{body}]: {exc}")
                    out.append(exc.recovered)
                else:
                    issues(lineno, s, f"[{body}]: {exc}; code dropped")
        return out

    def phrase_ok(lineno: int, s: str, phrase: str) -> bool:
        if not phrase.strip():
            issues(lineno, s, "empty actor phrase")
            return False
        if _BAD_PHRASE_CHARS.intersection(phrase):
            issues(lineno, s, "unexpected bracket or brace in actor phrase (skipped)")
            return False
        return True

    for lineno, s in iter_lines(path, text):
        first = s[0]
        if first == "+":
            head, bodies, leftover = split_codes(s[1:])
            if bodies or leftover:
                issues(lineno, s, "codes on a synonym line are not supported (ignored)")
            if not phrase_ok(lineno, s, head):
                continue
            target = pending if pending is not None else current
            if target is None:
                issues(lineno, s, "synonym before any actor phrase (skipped)")
                continue
            target.phrases.append((head, lineno, True))
        elif first == "[":
            _, bodies, leftover = split_codes(s)
            codes = codes_of(lineno, s, bodies, leftover)
            if pending is not None:
                current, pending = pending, None
                groups.append(current)
            if current is None:
                issues(lineno, s, "code line before any actor phrase (skipped)")
                continue
            current.codes.extend(codes)
        else:
            head, bodies, leftover = split_codes(s)
            if not phrase_ok(lineno, s, head):
                continue
            if bodies or leftover:
                codes = codes_of(lineno, s, bodies, leftover)
                group = pending if pending is not None else _Group()
                pending = None
                group.phrases.append((head, lineno, False))
                group.codes.extend(codes)
                groups.append(group)
                current = group
            else:
                current = None
                if pending is None:
                    pending = _Group()
                pending.phrases.append((head, lineno, False))
    if pending is not None:
        for phrase, lineno, _syn in pending.phrases:
            issues(
                lineno, phrase, "actor phrase without any code before the end of the file (skipped)"
            )

    entries: list[ActorEntry] = []
    for group in groups:
        if not group.phrases:
            continue
        codes = tuple(group.codes)
        first_phrase, first_line, _ = group.phrases[0]
        canonical = "_".join(split_phrase(first_phrase)[0])
        actor_id = f"{name}:{first_line}"
        for phrase, lineno, is_syn in group.phrases:
            tokens, tight, whole = split_phrase(phrase)
            entries.append(
                ActorEntry(
                    tokens, codes, canonical, f"{name}:{lineno}", is_syn, actor_id, tight, whole
                )
            )
    return entries, issues.found
