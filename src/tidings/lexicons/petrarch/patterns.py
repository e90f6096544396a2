"""Verb patterns as linear word patterns, matched outward from the verb (PETRARCH-1/TABARI).

A pattern ``- INDICATED WOULD * NOW [1010]`` is matched in two halves: the words before ``*``
against the words before the verb read backwards (``WOULD``, then ``INDICATED``), the words after
``*`` against the verb phrase read forwards. Between pattern words other words may come, unless
the two were joined by ``_`` in the dictionary (``RECENTLY_*``: nothing between RECENTLY and the
verb). Matching is greedy and does not backtrack, as in PETRARCH-1.

The sequences hold the words and the boundaries of noun phrases. A boundary is skipped over
without using up a pattern element. Slot tokens bind a whole noun phrase and only match inside
one: ``$`` the source, ``+`` the target, ``%`` a coordinated phrase (source before the verb,
target after it), ``^`` skips the rest of the phrase it is in.

Synsets (``&CURRENCY``) match any member; a member of several words must match consecutive
words. Members get a regular plural too unless the synset name or the member ends in ``_``.

PETRARCH-2 patterns (``CAMEO.2.0.txt``) use ``{ADJ NOUN}`` noun phrases and ``(PREP ...)``
prepositional phrases; they are read here as the same linear sequence of words (a
simplification: PETRARCH-2 matched the heads of parse-tree phrases).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .agents import plural_of
from .verbs import (
    COMPOUND,
    NOUN_PHRASE,
    PREP_PHRASE,
    SKIP,
    SOURCE,
    SYNSET,
    TARGET,
    WORD,
    PatternToken,
    Synset,
    VerbPattern,
)

SLOT_KINDS = frozenset({SOURCE, TARGET, SKIP, COMPOUND})


@dataclass(frozen=True, slots=True)
class Element:
    """One pattern element in matching order. ``tight``: must follow the previous element (or
    the verb) directly."""

    kind: str
    words: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()
    tight: bool = False
    label: str = ""


@dataclass(frozen=True, slots=True)
class LinearPattern:
    upper: tuple[Element, ...]  # before the verb, nearest first
    lower: tuple[Element, ...]  # after the verb, nearest first
    pattern: VerbPattern

    @property
    def code(self) -> str | None:
        return self.pattern.code

    @property
    def paired_code(self) -> str | None:
        return self.pattern.paired_code


# ----------------------------------------------------------------------------------------------
# compiling


class SynsetTable:
    """Expanded synset members (nested synsets resolved, plurals added), computed once."""

    def __init__(self, synsets: dict[str, Synset]) -> None:
        self.synsets = synsets
        self._cache: dict[str, tuple[frozenset[str], tuple[tuple[str, ...], ...]]] = {}

    def members(self, name: str) -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
        """(single-word members, multi-word members longest first) of ``&name``."""
        if name in self._cache:
            return self._cache[name]
        synset = self.synsets.get(name)
        singles: set[str] = set()
        multis: list[tuple[str, ...]] = []
        if synset is not None:
            whole_word = {m.tokens: m.whole_word for m in synset.members}
            for phrase in synset.expand(self.synsets):
                variants = [phrase]
                if not synset.no_plurals and not whole_word.get(phrase, False) and phrase:
                    variants.append(phrase[:-1] + (plural_of(phrase[-1]),))
                for v in variants:
                    if len(v) == 1:
                        singles.add(v[0])
                    elif v and v not in multis:
                        multis.append(v)
        multis.sort(key=len, reverse=True)
        self._cache[name] = (frozenset(singles), tuple(multis))
        return self._cache[name]


def _flatten(tokens: Sequence[PatternToken]) -> list[PatternToken]:
    out: list[PatternToken] = []
    for tok in tokens:
        if tok.kind == NOUN_PHRASE:
            out.extend(_flatten(tok.children))
        elif tok.kind == PREP_PHRASE:
            out.append(PatternToken(WORD, tok.text, tok.alternatives, (), tok.tight))
            out.extend(_flatten(tok.children))
        else:
            out.append(tok)
    return out


def _element(tok: PatternToken, synsets: SynsetTable) -> Element:
    if tok.kind == WORD:
        return Element(
            WORD, frozenset(tok.alternatives or (tok.text,)), tight=tok.tight, label=tok.text
        )
    if tok.kind == SYNSET:
        singles, multis = synsets.members(tok.text)
        return Element(SYNSET, singles, multis, tok.tight, "&" + tok.text)
    return Element(tok.kind, tight=tok.tight, label=tok.kind)


def compile_pattern(pattern: VerbPattern, synsets: SynsetTable) -> LinearPattern:
    upper = tuple(reverse_phrases(_element(t, synsets)) for t in reversed(_flatten(pattern.pre)))
    lower = tuple(_element(t, synsets) for t in _flatten(pattern.post))
    return LinearPattern(upper, lower, pattern)


# ----------------------------------------------------------------------------------------------
# sequences and matching


@dataclass(frozen=True, slots=True)
class Item:
    """A sequence item: a word (``text``) or a noun-phrase boundary (``phrase`` set, text "")."""

    text: str
    phrase: int | None = None
    word_index: int = -1

    @property
    def is_boundary(self) -> bool:
        return self.phrase is not None


@dataclass(slots=True)
class Bindings:
    source: int | None = None
    target: int | None = None
    compound_side: str | None = None  # "upper"/"lower" for a % binding
    trace: list[str] = field(default_factory=list)


def match_side(
    elements: Sequence[Element],
    seq: Sequence[Item],
    side: str,
    bindings: Bindings,
    is_compound,
) -> bool:
    """Match ``elements`` against ``seq`` (already in matching order). Binds slots in
    ``bindings``; ``is_compound(phrase_index)`` tells whether a phrase is coordinated."""
    if not elements:
        return True
    if not seq:
        return False
    inside: int | None = None
    k = 0
    p = 0
    n = len(seq)
    while p < len(elements):
        if k >= n:
            return False
        item = seq[k]
        if item.is_boundary:
            inside = item.phrase if inside is None else None
            k += 1
            continue
        el = elements[p]
        if el.kind in SLOT_KINDS:
            ok = inside is not None and (el.kind != COMPOUND or is_compound(inside))
            if ok:
                if el.kind == SOURCE:
                    bindings.source = inside
                elif el.kind == TARGET:
                    bindings.target = inside
                elif el.kind == COMPOUND:
                    if side == "upper":
                        bindings.source = inside
                    else:
                        bindings.target = inside
                    bindings.compound_side = side
                p += 1
                if el.kind == SKIP:
                    while k < n and not seq[k].is_boundary:
                        k += 1
                else:
                    k += 1
                continue
        elif el.kind == SYNSET:
            used = _synset_at(el, seq, k)
            if used:
                p += 1
                k += used
                continue
        elif item.text in el.words:
            p += 1
            k += 1
            continue
        if el.tight:
            return False
        k += 1
    return True


def _synset_at(el: Element, seq: Sequence[Item], k: int) -> int:
    """Items used by a synset member matching at ``k`` (0 = no match). Multi-word members
    need consecutive words (in matching order, so reversed before the verb)."""
    if seq[k].text in el.words:
        return 1
    for phrase in el.phrases:
        m = len(phrase)
        if k + m > len(seq):
            continue
        if all(not seq[k + j].is_boundary and seq[k + j].text == w for j, w in enumerate(phrase)):
            return m
    return 0


def reverse_phrases(el: Element) -> Element:
    """The element for matching backwards: multi-word members read right to left."""
    if el.kind != SYNSET or not el.phrases:
        return el
    return Element(
        el.kind, el.words, tuple(tuple(reversed(p)) for p in el.phrases), el.tight, el.label
    )
