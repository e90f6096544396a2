"""Sentence-level filters of the PETRARCH-1 coder: comma-delimited clauses, discards, datelines.

Comma clauses (PETRARCH's ``comma_*`` options). Counting the words that start with a letter
between clause commas (commas inside a noun phrase do not count):

* initial clause (start .. first comma), removed when ``comma_bmin <= n <= comma_bmax``
  (``comma_bmax = 0``, the default, turns this off);
* terminal clause (last comma .. end), removed when ``comma_emin <= n <= comma_emax`` and it
  is not the predicate of a subject written before the comma (a tidings refinement: "Veldmark,
  a small state, condemned Ostria" keeps its verb);
* internal clauses (between two commas), removed with both commas when
  ``comma_min <= n <= comma_max`` ("Arnor's foreign minister, in remarks published on Monday,
  urged ..." reads as "Arnor's foreign minister urged ...").

A comma left with nothing before (or after) it is removed too. Removed words are invisible to
the verb patterns, and a verb in them is not coded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .discards import STORY, DiscardEntry
from .sentence import PetrarchSentence

FINAL_PUNCTUATION = frozenset({".", "!", "?", '"', "''", "``", "'", ")"})


@dataclass(frozen=True, slots=True)
class CommaOptions:
    comma_min: int = 2
    comma_max: int = 8
    comma_bmin: int = 0
    comma_bmax: int = 0
    comma_emin: int = 2
    comma_emax: int = 8


def delete_comma_clauses(sent: PetrarchSentence, opts: CommaOptions) -> list[bool]:
    """Which words the comma-clause rules remove (True = removed)."""
    words = sent.words
    n = len(words)
    deleted = [False] * n
    commas = list(sent.clause_commas)
    if not commas:
        return deleted
    end = n
    while end > 0 and words[end - 1].text in FINAL_PUNCTUATION:
        end -= 1

    def count(a: int, b: int) -> int:
        return sum(1 for i in range(a, b) if not deleted[i] and words[i].counts)

    def delete(a: int, b: int) -> None:
        for i in range(max(a, 0), min(b, n)):
            deleted[i] = True

    def live() -> list[int]:
        return [c for c in commas if not deleted[c]]

    if opts.comma_bmax != 0:
        first = commas[0]
        if opts.comma_bmin <= count(0, first) <= opts.comma_bmax:
            delete(0, first)
    if opts.comma_emax != 0:
        remaining = live()
        if remaining:
            last = remaining[-1]
            if (
                last < end
                and opts.comma_emin <= count(last + 1, end) <= opts.comma_emax
                and not _continues_subject(sent, last + 1, end)
            ):
                delete(last + 1, end)
    if opts.comma_max != 0:
        remaining = live()
        i = 0
        while i + 1 < len(remaining):
            a, b = remaining[i], remaining[i + 1]
            if opts.comma_min <= count(a + 1, b) <= opts.comma_max:
                delete(a, b + 1)
                i += 2
            else:
                i += 1
    remaining = live()
    if remaining and count(0, remaining[0]) == 0:
        deleted[remaining[0]] = True
    remaining = live()
    if remaining and count(remaining[-1] + 1, end) == 0:
        deleted[remaining[-1]] = True
    return deleted


def _continues_subject(sent: PetrarchSentence, start: int, end: int) -> bool:
    """The clause start..end is the main predicate of a subject written before it ("Veldmark,
    a small state, condemned Ostria"), not an appended clause (", officials said"): keep it."""
    for slot in sent.verbs:
        if start <= slot.index < end and slot.subjects and slot.subjects[0] < start:
            return True
    return False


# ----------------------------------------------------------------------------------------------
# discards


class DiscardIndex:
    """Finds discard phrases in a word sequence. A phrase's words must be consecutive; its last
    word may be the start of a longer word (TABARI stem) unless the phrase ended in ``_``.
    Story discards (``+PHRASE``) are looked for first."""

    def __init__(self, entries: Sequence[DiscardEntry]) -> None:
        self.by_first: dict[str, list[DiscardEntry]] = {}
        self.single_stems: dict[str, list[DiscardEntry]] = {}
        for e in entries:
            if len(e.phrase_tokens) == 1 and not e.whole_word:
                self.single_stems.setdefault(e.phrase_tokens[0], []).append(e)
            else:
                self.by_first.setdefault(e.phrase_tokens[0], []).append(e)
        self.max_stem = max((len(k) for k in self.single_stems), default=0)

    def find(self, words: Sequence[str]) -> DiscardEntry | None:
        found: list[DiscardEntry] = []
        for i, w in enumerate(words):
            for e in self.by_first.get(w, ()):
                if _phrase_at(e, words, i):
                    found.append(e)
            for k in range(1, min(len(w), self.max_stem) + 1):
                found.extend(self.single_stems.get(w[:k], ()))
        if not found:
            return None
        for e in found:
            if e.scope == STORY:
                return e
        return found[0]


def _phrase_at(e: DiscardEntry, words: Sequence[str], i: int) -> bool:
    toks = e.phrase_tokens
    if i + len(toks) > len(words):
        return False
    for j, t in enumerate(toks):
        w = words[i + j]
        last = j == len(toks) - 1
        if w == t or (last and not e.whole_word and w.startswith(t)):
            continue
        return False
    return True


# ----------------------------------------------------------------------------------------------
# datelines

_DATELINE = re.compile(r"^\s*[A-Z][A-Z.'\- ]{1,40}?\s*(?::\s*--|:|\s--|\(\w+\)\s*-)\s")


def has_dateline(text: str) -> bool:
    """A story dateline left at the start of the sentence ("CEBU CITY: -- ..."): PETRARCH treats
    this as irregular input and codes nothing from the sentence."""
    m = _DATELINE.match(text)
    if m is None:
        return False
    head = text[: m.end()].strip(" :-(")
    return sum(c.isalpha() for c in head) >= 3 and not any(c.islower() for c in head)
