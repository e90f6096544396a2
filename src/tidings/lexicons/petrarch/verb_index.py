"""Which dictionary verb a sentence word is, and the patterns to try for it.

PETRARCH-1 dictionaries list surface forms (``LEFT`` has its own block, apart from ``LEAVE``), so
words are looked up by their written form, never by lemma. Multi-word verbs (``+CORDON_OFF``,
``WIRE_+TAP``, ``LASH OUT``) are preferred over the single word when their other words stand next
to it. A form listed in several blocks (``SHOT`` twice in the validation file; ``ABANDON`` in two
CAMEO.2.0 blocks) tries the patterns of every block in file order, and its default code is the
first one that is not ``---``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .loader import PetrarchDictionaries
from .patterns import LinearPattern, SynsetTable, compile_pattern
from .verbs import VerbEntry

NULL_EVENT = "---"


@dataclass(frozen=True, slots=True)
class VerbMatch:
    """A dictionary verb found at words ``start``..``end`` (exclusive) of a sentence."""

    start: int
    end: int
    entries: tuple[VerbEntry, ...]
    patterns: tuple[LinearPattern, ...]

    @property
    def default(self) -> tuple[str | None, str | None, VerbEntry | None]:
        """(code, paired code, entry) of the first entry whose code codes something."""
        for e in self.entries:
            if (e.code and e.code != NULL_EVENT) or e.paired_code:
                return e.code, e.paired_code, e
        return None, None, None

    @property
    def text(self) -> str:
        return " ".join(self.entries[0].words) if self.entries else ""


class VerbIndex:
    def __init__(self, dictionaries: PetrarchDictionaries) -> None:
        self.d = dictionaries
        #: PETRARCH-2 syntax: patterns describe the verb's own phrases (see coder.code_verb)
        self.phrase_patterns = bool(dictionaries.verbs and dictionaries.verbs.syntax == "petrarch2")
        self.synsets = SynsetTable(dictionaries.synsets)
        self._compiled: dict[int, LinearPattern] = {}
        # surface form (whole phrase, space-joined) -> entries, for the form's key word
        self._forms: dict[str, list[tuple[tuple[str, ...], int, VerbEntry]]] = {}
        for v in dictionaries.verbs.verbs if dictionaries.verbs else ():
            n = len(v.words)
            for form in v.forms:
                words = tuple(form.split(" "))
                head = v.head_index if len(words) == n else 0
                self._forms.setdefault(words[head], []).append((words, head, v))

    def compiled(self, entry: VerbEntry) -> tuple[LinearPattern, ...]:
        out = []
        for pat in entry.patterns:
            key = id(pat)
            lp = self._compiled.get(key)
            if lp is None:
                lp = self._compiled[key] = compile_pattern(pat, self.synsets)
            out.append(lp)
        return tuple(out)

    def lookup(self, words: Sequence[str], index: int) -> VerbMatch | None:
        """The dictionary verb whose inflecting word is ``words[index]``, longest phrase first."""
        candidates = self._forms.get(words[index])
        if not candidates:
            return None
        best_len = 0
        best: list[tuple[int, int, VerbEntry]] = []
        for form, head, entry in candidates:
            start = index - head
            end = start + len(form)
            if start < 0 or end > len(words) or tuple(words[start:end]) != form:
                continue
            if len(form) > best_len:
                best_len, best = len(form), [(start, end, entry)]
            elif len(form) == best_len and all(e is not entry for _, _, e in best):
                best.append((start, end, entry))
        if not best:
            return None
        entries = tuple(e for _, _, e in best)
        seen_blocks: set[str] = set()
        patterns: list[LinearPattern] = []
        for e in entries:
            key = f"{e.block}@{e.patterns[0].source if e.patterns else e.source}"
            if key in seen_blocks:
                continue
            seen_blocks.add(key)
            patterns.extend(self.compiled(e))
        return VerbMatch(best[0][0], best[0][1], entries, tuple(patterns))
