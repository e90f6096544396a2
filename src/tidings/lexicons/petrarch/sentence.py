"""A spaCy sentence seen the way PETRARCH-1 dictionaries expect: words, noun phrases, verbs.

PETRARCH-1/TABARI verb patterns are linear word patterns around a verb, and actors are found in
noun phrases ("NE" phrases in PETRARCH's terms). This module turns one spaCy sentence (``Span``)
into that view, using the dependency parse only for structure:

* ``Word``: the upper-case words of the sentence. Hyphenated tokens that spaCy splits
  (``Barad - dur``) are joined back into one word, as a treebank tokenizer keeps them.
* ``NounPhrase``: a contiguous run of words that can hold an actor. It is a nominal argument with
  its left modifiers, appositions written without a comma, coordinated nominals ("Fornost and
  Gondor", "Mordor, Rohan and Bree") and at most one prepositional phrase whose object carries no
  further prepositional phrase ("the government of Gondor", but "an attack" and "Osgiliath
  soldiers in south Ithilen" for "an attack by Osgiliath soldiers in south Ithilen"), which is how
  PETRARCH-1 shaped its phrases from treebank parses. A coordinated phrase expands into
  ``members`` (the word lists that are coded one by one): the phrase is cut at its prepositions
  and each piece at its coordinators, and the members are the combinations ("lawmakers and
  officials in Fornost and Gondor" gives four). Heads are taken nearest the root first, so a
  phrase the parser hung on its last noun ("Fornost and the evil awful Gondor") stays whole;
  phrases the parser split are joined when only coordinators and commas stand between them and
  their heads play the same role, or after a hyphenated prefix ("an anti- Gondor parade").
* ``VerbSlot``: a verb that heads its own clause (not an auxiliary, not a participle inside a noun
  phrase), with ``lower_end``: where its verb phrase ends (the words after the verb that a
  pattern may match and where its objects are looked for; it reaches up through complement
  links, as a treebank VP does), and ``subjects``: its subject and, failing that, inherited ones.
* ``clause_commas``: the commas that are not inside a noun phrase; comma-delimited clauses are
  measured between them. ``clause_of``: the verb each word's clause belongs to.

Bare temporal nouns ("today", "next week") are not noun phrases (treebank NP-TMP), but
prepositional objects are ("on Saturday").
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
COORDINATORS = frozenset({"AND", "OR", "NOR", "&", "BUT"})
TEMPORAL_DEPS = frozenset({"npadvmod", "tmod"})
POSSESSIVE_MARKERS = frozenset({"'S", "'", "’S", "’"})


@dataclass(frozen=True, slots=True)
class Word:
    """One word of the sentence. ``text`` is upper case; ``tokens`` are spaCy token indices
    (relative to the document); ``head`` is the token that stands for the word in the parse."""

    index: int
    text: str
    lemma: str
    tag: str
    tokens: tuple[int, ...]
    head: int
    start_char: int
    end_char: int

    @property
    def is_comma(self) -> bool:
        return self.text == ","

    @property
    def counts(self) -> bool:
        """Counted in comma-clause lengths: a word that starts with a letter (PETRARCH's rule)."""
        return self.text[:1].isalpha()

    @property
    def is_possessive(self) -> bool:
        return self.text in POSSESSIVE_MARKERS and self.tag == "POS"


@dataclass(slots=True)
class NounPhrase:
    """Words ``start``..``end`` (exclusive) of the sentence; ``members`` are the word-text lists
    that get an actor code each (one for a plain phrase, several for a coordinated one)."""

    index: int
    start: int
    end: int
    members: list[tuple[str, ...]]
    words: tuple[str, ...]

    @property
    def is_compound(self) -> bool:
        return len(self.members) > 1


@dataclass(slots=True)
class VerbSlot:
    """A clause-heading verb at word ``index``; its verb phrase runs to ``lower_end`` (exclusive).
    ``passive``: an auxiliary of the passive and a by-agent. ``subjects``: the words of its
    grammatical subject (found through "tried to shoot", "condemned ... and promised", "who
    shot", "an order directing"), nearest first."""

    index: int
    lower_end: int
    passive: bool
    token: int
    subjects: tuple[int, ...] = ()


@dataclass(slots=True)
class PetrarchSentence:
    words: list[Word]
    phrases: list[NounPhrase]
    phrase_at: list[int | None]  # word index -> phrase index
    verbs: list[VerbSlot]
    clause_commas: list[int]
    clause_of: list[int | None] = field(default_factory=list)  # word -> token of its verb
    text: str = ""
    span: Span | None = field(default=None, repr=False)

    def phrase_of(self, word_index: int) -> NounPhrase | None:
        k = self.phrase_at[word_index]
        return None if k is None else self.phrases[k]


# ----------------------------------------------------------------------------------------------
# words


def _words(span: Span) -> tuple[list[Word], dict[int, int]]:
    """Group tokens into words: ``X - Y`` written without spaces becomes ``X-Y``."""
    groups: list[list[Token]] = []
    for tok in span:
        if tok.is_space:
            continue
        if groups:
            prev = groups[-1][-1]
            joined = not prev.whitespace_ and (
                (
                    tok.text == "-"
                    and tok.i + 1 < span.end
                    and not tok.whitespace_
                    and span.doc[tok.i + 1].text[:1].isalnum()
                    and prev.text[:1].isalnum()
                )
                or (prev.text == "-" and len(groups[-1]) > 1 and tok.text[:1].isalnum())
            )
            if joined:
                groups[-1].append(tok)
                continue
        groups.append([tok])
    words: list[Word] = []
    token_word: dict[int, int] = {}
    for n, group in enumerate(groups):
        ids = {t.i for t in group}
        head = next((t for t in group if t.head.i not in ids or t.head.i == t.i), group[-1])
        text = "".join(t.text for t in group).upper()
        lemma = "".join(t.lemma_ for t in group).upper() if len(group) > 1 else head.lemma_.upper()
        words.append(
            Word(
                n,
                text,
                lemma,
                head.tag_,
                tuple(t.i for t in group),
                head.i,
                group[0].idx,
                group[-1].idx + len(group[-1].text),
            )
        )
        for t in group:
            token_word[t.i] = n
    return words, token_word


# ----------------------------------------------------------------------------------------------
# noun phrases


def _is_nominal(tok: Token) -> bool:
    if tok.pos_ in NOMINAL_POS or tok.tag_.startswith(("NN", "PRP")) and tok.tag_ != "PRP$":
        return True
    # fictional or rare names the tagger calls adjectives/verbs but the parser uses as arguments
    return tok.dep_ in ("nsubj", "nsubjpass", "pobj", "dobj") and tok.pos_ in ("ADJ", "X", "PROPN")


TEMPORAL_WORDS = frozenset(
    [
        "today",
        "yesterday",
        "tomorrow",
        "tonight",
        "now",
        "week",
        "weekend",
        "month",
        "year",
        "day",
        "morning",
        "afternoon",
        "evening",
        "night",
        "hour",
        "minute",
        "decade",
        "century",
        "season",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "earlier",
        "later",
    ]
)


def _is_temporal(tok: Token) -> bool:
    """A bare time expression ("today", "next week", "last June"): treebank NP-TMP, no actor."""
    return (
        tok.ent_type_ in ("DATE", "TIME")
        or tok.lower_ in TEMPORAL_WORDS
        or tok.lemma_.lower() in TEMPORAL_WORDS
    )


def _is_head(tok: Token) -> bool:
    """A nominal that heads a phrase of its own (not a modifier inside another noun phrase)."""
    if not _is_nominal(tok) or tok.tag_ == "PRP$" or tok.tag_ in ("WP", "WDT", "EX"):
        return False
    if tok.dep_ in TEMPORAL_DEPS and _is_temporal(tok):
        return False
    modifier = tok.dep_ in ("compound", "poss", "amod", "nummod", "quantmod", "det", "case") or (
        tok.dep_ == "nmod" and tok.head.i > tok.i
    )
    if modifier:
        # a "modifier" of a verb is a misparsed argument ("Ethiopia act on ...")
        return (
            tok.head.pos_ in ("VERB", "AUX") and tok.head.i != tok.i and not _is_nominal(tok.head)
        )
    return tok.dep_ not in ("advmod", "punct", "prt", "aux")


def _left_part(tok: Token) -> set[int]:
    """The token with its left dependents' subtrees (determiners, adjectives, possessors...)."""
    out = {tok.i}
    for child in tok.lefts:
        if child.dep_ in ("relcl", "acl", "advcl", "ccomp", "mark", "cc", "conj", "prep", "appos"):
            continue
        if child.dep_ == "punct" and child.text in (",", ";", ":", "--"):
            continue
        out.update(t.i for t in child.subtree)
    # right-hand pieces of the same name: "Radagast the Brown", "June 14", "Bill Clinton Jr"
    for child in tok.rights:
        if child.dep_ in ("compound", "nummod", "flat", "npadvmod", "amod", "poss", "case"):
            if child.dep_ == "npadvmod" and not _is_nominal(child):
                continue
            out.update(t.i for t in child.subtree)
        elif child.dep_ == "appos" and not _comma_between(tok, child):
            out.update(_left_part(child))
        elif child.dep_ == "punct" and child.text in ("(", ")", "-RRB-", "-LRB-"):
            out.add(child.i)
    return out


def _comma_between(a: Token, b: Token) -> bool:
    lo, hi = sorted((a.i, b.i))
    return any(t.text in (",", ";", ":", "--") for t in a.doc[lo + 1 : hi])


def _coordinated(tok: Token) -> list[Token]:
    """Nominal conjuncts of ``tok`` (recursively), plus list items spaCy attached as appositions
    ("Mordor, the Shire, Fornost and Bree": "the Shire" may come out as an apposition of Mordor
    next to the conjuncts). An apposition counts only in a list that ends in a coordinator."""
    out: list[Token] = []
    conjs = [c for c in tok.rights if c.dep_ == "conj" and _is_nominal(c)]
    for child in tok.rights:
        if child.dep_ == "conj" and _is_nominal(child):
            out.append(child)
            out.extend(_coordinated(child))
        elif child.dep_ == "appos" and _comma_between(tok, child):
            in_list = (conjs and child.i < conjs[-1].i and _has_cc(tok)) or _has_coordination(child)
            if in_list:
                out.append(child)
                out.extend(_coordinated(child))
    return out


def _has_cc(tok: Token) -> bool:
    return any(
        c.dep_ == "cc"
        for t in [tok, *(c for c in tok.rights if c.dep_ == "conj")]
        for c in t.children
    )


def _has_coordination(tok: Token) -> bool:
    return any(c.dep_ == "conj" and _is_nominal(c) for c in tok.rights) and _has_cc(tok)


def _simple_pp(tok: Token) -> Token | None:
    """The first prepositional phrase after ``tok`` whose object has no PP of its own."""
    for child in tok.rights:
        if child.dep_ != "prep":
            continue
        objects = [c for c in child.rights if c.dep_ == "pobj"]
        if not objects:
            return None
        obj = objects[0]
        heads = [obj, *_coordinated(obj)]
        if any(c.dep_ == "prep" for h in heads for c in h.rights):
            return None
        return child
    return None


def _phrase_tokens(head: Token) -> set[int]:
    heads = [head, *_coordinated(head)]
    tokens: set[int] = set()
    for h in heads:
        tokens |= _left_part(h)
    # one PP for the whole coordination, wherever the parser attached it ("lawmakers and
    # officials in Fornost": "in" may hang on either conjunct)
    candidates = [p for h in heads if (p := _simple_pp(h)) is not None]
    pp = min(candidates, key=lambda p: p.i) if candidates else None
    groups = [heads]
    if pp is not None:
        obj = next(c for c in pp.rights if c.dep_ == "pobj")
        tokens.add(pp.i)
        groups.append([obj, *_coordinated(obj)])
        for h in groups[-1]:
            tokens |= _left_part(h)
    # coordinators and list commas between the conjuncts
    for group in groups:
        if len(group) < 2:
            continue
        ids = {h.i for h in group}
        lo, hi = min(ids), max(ids)
        for t in head.doc[lo:hi]:
            if t.dep_ in ("cc", "punct", "preconj") and t.head.i in ids:
                tokens.add(t.i)
    return tokens


def _members(
    words: list[Word], start: int, end: int, coordinators: set[int], preps: set[int], doc
) -> list[tuple[str, ...]]:
    """Cut words start..end at prepositions, then each piece at coordinators; return the
    combinations, possessive markers dropped."""
    pieces: list[list[list[Word]]] = []  # piece -> alternatives -> words
    joins: list[Word] = []
    current: list[Word] = []
    for w in words[start:end]:
        if w.index in preps:
            pieces.append(_alternatives(current, coordinators, doc))
            joins.append(w)
            current = []
        else:
            current.append(w)
    pieces.append(_alternatives(current, coordinators, doc))
    pieces = [p for p in pieces if p] or [[[]]]
    members: list[tuple[str, ...]] = []
    for combo in itertools.product(*pieces):
        texts: list[str] = []
        for k, alt in enumerate(combo):
            if k:
                texts.append(joins[k - 1].text)
            texts.extend(w.text for w in alt if not w.is_possessive and w.text not in (",",))
        member = tuple(texts)
        if member and member not in members:
            members.append(member)
    return members or [tuple(w.text for w in words[start:end] if not w.is_possessive)]


def _alternatives(piece: list[Word], coordinators: set[int], doc) -> list[list[Word]]:
    if not piece:
        return []
    if not any(w.index in coordinators for w in piece):
        return [piece]
    alts: list[list[Word]] = [[]]
    for w in piece:
        if w.index in coordinators or w.is_comma:
            if alts[-1]:
                alts.append([])
            continue
        if w.text in ("NEITHER", "EITHER", "BOTH") and not alts[-1]:
            continue
        alts[-1].append(w)
    alts = [a for a in alts if a]
    # "Danish media and government": a bare later conjunct shares the first one's adjectives
    # when the first has no determiner (a flat phrase in treebank terms)
    first = alts[0]
    if (
        len(first) > 1
        and first[0].tag not in ("DT", "PRP$", "POS")
        and first[0].tag.startswith("JJ")
    ):
        adjectives = list(itertools.takewhile(lambda w: w.tag.startswith("JJ"), first))
        for k in range(1, len(alts)):
            if len(alts[k]) == 1 and alts[k][0].tag.startswith("NN"):
                alts[k] = adjectives + alts[k]
    # "US and British activists": a conjunct made only of modifiers of the last conjunct's head
    # noun shares that noun (US activists, British activists)
    last = alts[-1]
    head = doc[last[-1].head]
    if len(last) > 1 and head.tag_.startswith("NN"):
        for k in range(len(alts) - 1):
            mods = [doc[w.head] for w in alts[k]]
            if mods and all(
                t.dep_ in ("amod", "compound", "nmod") and t.head.i == head.i for t in mods
            ):
                alts[k] = alts[k] + [last[-1]]
    return alts


# ----------------------------------------------------------------------------------------------
# verbs


VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
#: links along which a verb phrase reaches up to its governor's right edge (treebank attaches
#: trailing material low: "is about to restore X, five years after ..." is one VP of restore)
RAISING_DEPS = frozenset({"xcomp", "ccomp", "acomp", "advcl", "pcomp"})


def _verb_extent(tok: Token) -> int:
    """Last token index of the verb phrase of ``tok``: its right dependents, without coordinated
    verbs (their own phrases), parenthetical clauses and final punctuation."""
    last = max((t.i for t in tok.sent if not t.is_space), default=tok.i)
    end = tok.i
    for child in tok.rights:
        if child.dep_ in ("cc", "parataxis") or child.is_space:
            continue
        if child.dep_ == "conj" and (child.pos_ in ("VERB", "AUX") or child.tag_ in VERB_TAGS):
            continue
        if child.dep_ == "punct" and child.i == last:
            continue
        inside = [t.i for t in child.subtree if not t.is_space and (t.i != last or not t.is_punct)]
        if inside:
            end = max(end, max(inside))
    return end


def _phrase_end(tok: Token) -> int:
    """The verb phrase end of ``tok``, reaching up through complement/adverbial links while
    ``tok`` is to the right of its governor."""
    end = _verb_extent(tok)
    node = tok
    while node.dep_ in RAISING_DEPS and node.head.i < node.i and node.head.i != node.i:
        node = node.head
        end = max(end, _verb_extent(node))
    return end


SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})


def _subjects(tok: Token) -> list[Token]:
    """Candidate sources of verb ``tok``, nearest first: its grammatical subject, inherited along
    xcomp/conj links ("tried to shoot": the subject of tried); for a relative or reduced
    relative clause the noun it modifies, then the subject of the clause that noun is in
    ("Trump signed an order directing ...": the order, then Trump)."""
    out: list[Token] = []
    node = tok
    for _ in range(12):
        subj = next((c for c in node.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is not None and subj.tag_ not in ("WP", "WDT"):
            out.append(subj)
            return out
        if node.dep_ in ("xcomp", "conj") and node.head.i != node.i:
            node = node.head
            continue
        if node.dep_ in ("relcl", "acl") and node.head.i != node.i:
            out.append(node.head)
            # the clause the modified noun belongs to
            up = node.head
            while up.head.i != up.i and not (
                up.tag_ in VERB_TAGS and up.dep_ not in ("aux", "auxpass")
            ):
                up = up.head
            if up.tag_ not in VERB_TAGS:
                return out
            node = up
            continue
        return out
    return out


def _is_passive(tok: Token) -> bool:
    has_aux = any(c.dep_ == "auxpass" for c in tok.children)
    has_by = any(c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by") for c in tok.rights)
    return has_aux and has_by


# ----------------------------------------------------------------------------------------------


def _depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i and d < 200:
        tok = tok.head
        d += 1
    return d


class _Builder:
    """Builds the noun phrases of one sentence (see the module docstring)."""

    def __init__(self, span: Span, words: list[Word], token_word: dict[int, int]) -> None:
        self.span = span
        self.doc = span.doc
        self.words = words
        self.token_word = token_word
        self.phrase_at: list[int | None] = [None] * len(words)
        self.spans: list[tuple[int, int, set[int]]] = []  # (start word, end word, tokens)

    def build(self) -> list[NounPhrase]:
        heads = sorted((t for t in self.span if _is_head(t)), key=lambda t: (_depth(t), t.i))
        taken: set[int] = set()
        for tok in heads:
            if tok.i in taken:
                continue
            toks = {i for i in _phrase_tokens(tok) if i in self.token_word}
            found = self._claim(toks)
            if found is not None:
                taken.update(i for w in range(found[0], found[1]) for i in self.words[w].tokens)
        self._merge_adjacent()
        return self._phrases()

    def _claim(self, toks: set[int]) -> tuple[int, int] | None:
        if not toks:
            return None
        words, tw = self.words, self.token_word
        lo_w, hi_w = tw[min(toks)], tw[max(toks)]
        covered = {tw[i] for i in toks}
        end_w = lo_w
        while end_w <= hi_w and (end_w in covered or words[end_w].text in (",", "(", ")")):
            end_w += 1
        while end_w > lo_w + 1 and words[end_w - 1].text in (",", "(", ":", ";"):
            end_w -= 1
        free = lo_w
        while free < end_w and self.phrase_at[free] is None:
            free += 1
        end_w = free
        if end_w <= lo_w:
            return None
        k = len(self.spans)
        self.spans.append((lo_w, end_w, {i for w in range(lo_w, end_w) for i in words[w].tokens}))
        for w in range(lo_w, end_w):
            self.phrase_at[w] = k
        return lo_w, end_w

    def _head_of(self, toks: set[int]) -> Token:
        inside = [self.doc[i] for i in toks]
        return min(inside, key=lambda t: (_depth(t), t.i))

    def _merge_adjacent(self) -> None:
        """Join phrases that belong together but the parser split:

        * "X and Y" / "X, Y, and Z" where the heads play the same role for the same word
          (two subjects of one verb) or one is a conjunct or apposition of the other;
        * "an anti- Gondor parade": a phrase ending in a hyphenated prefix and the next one.
        """
        if len(self.spans) < 2:
            return
        order = sorted(range(len(self.spans)), key=lambda k: self.spans[k][0])
        merged: list[tuple[int, int, set[int]]] = []
        for k in order:
            start, end, toks = self.spans[k]
            if merged:
                p_start, p_end, p_toks = merged[-1]
                between = [self.words[w].text for w in range(p_end, start)]
                if self._joinable(p_toks, toks, between, self.words[p_end - 1].text):
                    merged[-1] = (
                        p_start,
                        end,
                        p_toks
                        | toks
                        | {i for w in range(p_end, start) for i in self.words[w].tokens},
                    )
                    continue
            merged.append((start, end, toks))
        self.spans = merged
        self.phrase_at = [None] * len(self.words)
        for k, (start, end, _t) in enumerate(merged):
            for w in range(start, end):
                self.phrase_at[w] = k

    def _joinable(self, a: set[int], b: set[int], between: list[str], last_word: str) -> bool:
        if not between and last_word.endswith("-") and len(last_word) > 1:
            return True
        if not between or any(t not in COORDINATORS and t != "," for t in between):
            return False
        if not any(t in COORDINATORS for t in between):
            return False
        ha, hb = self._head_of(a), self._head_of(b)
        if hb.dep_ in ("conj", "appos") and hb.head.i in a:
            return True
        return ha.dep_ == hb.dep_ and ha.head.i == hb.head.i and ha.dep_ not in ("pobj", "ROOT")

    def _phrases(self) -> list[NounPhrase]:
        words, doc = self.words, self.doc
        phrases: list[NounPhrase] = []
        for k, (lo_w, end_w, toks) in enumerate(self.spans):
            in_span = range(lo_w, end_w)
            coordinators = {
                w
                for w in in_span
                if words[w].text in COORDINATORS
                and (
                    doc[words[w].head].head.i in toks
                    and _is_nominal(doc[words[w].head].head)
                    or doc[words[w].head].head.i == words[w].head
                    or doc[words[w].head].head.i not in toks
                )
            }
            preps = {
                w for w in in_span if doc[words[w].head].dep_ == "prep" and words[w].head in toks
            }
            if coordinators:
                coordinators |= {w for w in in_span if words[w].is_comma}
            members = _members(words, lo_w, end_w, coordinators, preps, doc)
            phrases.append(
                NounPhrase(
                    k,
                    lo_w,
                    end_w,
                    members,
                    tuple(w.text for w in words[lo_w:end_w] if not w.is_possessive),
                )
            )
        return phrases


def linearize(span: Span) -> PetrarchSentence:
    """Build the PETRARCH-1 view of one spaCy sentence."""
    words, token_word = _words(span)
    n = len(words)
    builder = _Builder(span, words, token_word)
    phrases = builder.build()
    phrase_at = builder.phrase_at
    doc = span.doc
    verbs: list[VerbSlot] = []
    for w in words:
        tok = doc[w.head]
        if tok.tag_ not in VERB_TAGS or tok.dep_ in ("aux", "auxpass"):
            continue
        if phrase_at[w.index] is not None:
            continue
        end_tok = min(max(_phrase_end(tok), tok.i), span.end - 1)
        while end_tok > tok.i and end_tok not in token_word:  # whitespace tokens have no word
            end_tok -= 1
        lower_end = token_word.get(end_tok, w.index) + 1
        # a noun phrase that starts inside the verb phrase is taken whole
        while (
            lower_end < n
            and phrase_at[lower_end] is not None
            and phrase_at[lower_end - 1] == phrase_at[lower_end]
        ):
            lower_end += 1
        subjects = tuple(token_word[t.i] for t in _subjects(tok) if t.i in token_word)
        verbs.append(
            VerbSlot(w.index, max(lower_end, w.index + 1), _is_passive(tok), tok.i, subjects)
        )

    clause_commas = [w.index for w in words if w.is_comma and phrase_at[w.index] is None]
    clause_of = [_clause_verb(doc[w.head]) for w in words]
    return PetrarchSentence(
        words, phrases, phrase_at, verbs, clause_commas, clause_of, span.text, span
    )


def _clause_verb(tok: Token) -> int | None:
    """The token index of the verb whose clause ``tok`` belongs to (itself for a verb)."""
    node = tok
    for _ in range(64):
        if node.tag_ in VERB_TAGS and node.dep_ not in ("aux", "auxpass", "amod", "compound"):
            return node.i
        if node.head.i == node.i:
            return None
        node = node.head
    return None
