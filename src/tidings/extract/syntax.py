"""Small, general helpers over a spaCy dependency parse, shared by the extractors.

Dependency labels are spaCy's English (ClearNLP-style) labels: nsubj, nsubjpass, dobj, pobj,
agent, xcomp, ccomp, advcl, acl, relcl, conj, appos, compound, amod, poss, prt, neg, aux...
"""

from __future__ import annotations

from collections import OrderedDict

from spacy.attrs import HEAD
from spacy.tokens import Doc, Span, Token


def children(token: Token, *deps: str) -> list[Token]:
    return [c for c in kids(token) if c.dep_ in deps]


def first_child(token: Token, *deps: str) -> Token | None:
    for child in kids(token):
        if child.dep_ in deps:
            return child
    return None


def with_conjuncts(token: Token) -> list[Token]:
    """The token and the nouns conjoined to it ("A and B", "A, B and C")."""
    out = [token]
    for conj in token.conjuncts:
        if conj.pos_ in ("NOUN", "PROPN", "PRON") and conj not in out:
            out.append(conj)
    return out




def preposition_objects(token: Token, preps: tuple[str, ...] | set[str]) -> list[Token]:
    """pobj of the token's prepositions in ``preps`` ("meet *with* X" -> X)."""
    out: list[Token] = []
    for child in kids(token):
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps:
            out.extend(c for c in kids(child) if c.dep_ == "pobj")
        elif child.dep_ == "prt" and child.lower_ in preps:
            # "go after the cartels" is sometimes parsed with "after" as a particle and the
            # noun as the direct object.
            out.extend(c for c in kids(token) if c.dep_ == "dobj")
    return out


# ---- per-document index -------------------------------------------------------------------------
# spaCy makes a new Token or Span object on every ``doc[i]``, ``token.sent`` and ``doc.ents``;
# the extractors ask these questions thousands of times per article, and building those objects
# was a third of extraction time. The index answers them from lists built once per parse.


class DocIndex:
    """Tokens, sentences, entities, text and offsets of one parsed Doc, computed once."""

    __slots__ = (
        "_children",
        "_lemmas",
        "_lowers",
        "_pos",
        "_text",
        "_texts",
        "doc",
        "ends",
        "ents",
        "sentence_of",
        "sentences",
        "starts",
        "tokens",
    )  # fmt: skip

    def __init__(self, doc: Doc):
        self.doc = doc
        self.tokens: list[Token] = list(doc)  # reuse these: ``doc[i]`` builds a new object
        self.sentences: list[Span] = list(doc.sents)
        self.sentence_of: list[int] = [0] * len(doc)  # token index -> sentence number
        for n, sentence in enumerate(self.sentences):
            for i in range(sentence.start, sentence.end):
                self.sentence_of[i] = n
        self.ents: tuple[Span, ...] = tuple(doc.ents)
        self.starts: list[int] = [t.idx for t in self.tokens]
        self.ends: list[int] = [t.idx + len(t) for t in self.tokens]
        self._text: str | None = None
        self._lemmas: list[str] | None = None
        self._lowers: list[str] | None = None
        self._texts: list[str] | None = None
        self._pos: list[str] | None = None
        self._children: list[list[Token]] | None = None

    @property
    def children(self) -> list[list[Token]]:
        """Each token's children, in text order (what ``token.children`` yields)."""
        if self._children is None:
            tokens = self.tokens
            kids: list[list[Token]] = [[] for _ in tokens]
            # Head offsets as one array: ``token.head`` would build a Token per token.
            offsets = self.doc.to_array([HEAD]).view("int64").ravel().tolist() if tokens else []
            for i, offset in enumerate(offsets):
                if offset:
                    kids[i + offset].append(tokens[i])
            self._children = kids
        return self._children

    def adopt_text(self, text: str) -> None:
        """Use ``text``, the string the Doc was parsed from (spaCy keeps it verbatim), instead
        of joining every token again; a text that does not line up is ignored."""
        if self._text is not None or not self.tokens:
            return
        first, last = self.tokens[0], self.tokens[-1]
        if (len(text) == self.ends[-1] + len(last.whitespace_)
                and text[self.starts[0]:self.ends[0]] == first.text
                and text[self.starts[-1]:self.ends[-1]] == last.text):
            self._text = text

    @property
    def text(self) -> str:
        """``doc.text``, which spaCy joins anew from every token on each call."""
        if self._text is None:
            self._text = "".join(t.text_with_ws for t in self.tokens)
        return self._text

    def sentence(self, token: Token) -> Span:
        """``token.sent``, without walking the parse again."""
        return self.sentences[self.sentence_of[token.i]]

    def sentence_number(self, token: Token) -> int:
        return self.sentence_of[token.i]

    @property
    def lemmas(self) -> list[str]:
        """Lower-cased lemmas, by token index."""
        if self._lemmas is None:
            self._lemmas = [t.lemma_.lower() for t in self.tokens]
        return self._lemmas

    @property
    def pos(self) -> list[str]:
        """Coarse part-of-speech tags (``token.pos_``), by token index."""
        if self._pos is None:
            self._pos = [t.pos_ for t in self.tokens]
        return self._pos

    @property
    def texts(self) -> list[str]:
        """Token texts, by token index."""
        if self._texts is None:
            self._texts = [t.text for t in self.tokens]
        return self._texts

    @property
    def lowers(self) -> list[str]:
        """Lower-cased token texts, by token index."""
        if self._lowers is None:
            self._lowers = [t.lower_ for t in self.tokens]
        return self._lowers


# The indexes of the last few documents: extraction works on one Doc at a time, and an index
# holds its Doc (its Tokens do), so a weak-keyed map would keep every Doc alive; a short list
# lets them go.
_RECENT: OrderedDict[int, DocIndex] = OrderedDict()
_RECENT_SIZE = 4
_last: DocIndex | None = None  # the most recent of them


def kids(token: Token) -> list[Token]:
    """``token.children`` from the document index: spaCy walks the sentence and builds new
    Token objects on every ``.children``; the modality and event walks ask thousands of times.
    Do not modify the list."""
    index = _last  # doc_index's own first check, inlined: this is the hottest call of all
    if index is None or index.doc is not token.doc:
        index = doc_index(token.doc)
    return index.children[token.i]


def sent(token: Token) -> Span:
    """``token.sent`` from the document index (spaCy scans for the sentence's bounds and
    builds a new Span on every call)."""
    return doc_index(token.doc).sentence(token)


def sent_start(doc: Doc, i: int) -> int:
    """The index of the first token of the sentence token ``i`` is in."""
    index = doc_index(doc)
    return index.sentences[index.sentence_of[i]].start


def doc_index(doc: Doc) -> DocIndex:
    """The index of ``doc``, built on first use. The extractors only read a parse, so an index
    stays true for the Doc's life."""
    global _last
    index = _last
    if index is not None and index.doc is doc:  # the usual case: asked thousands of times
        return index
    index = _RECENT.get(id(doc))
    if index is not None and index.doc is doc:  # the id of a live Doc is its own
        _last = index
        return index
    index = _last = _RECENT[id(doc)] = DocIndex(doc)
    _RECENT.move_to_end(id(doc))
    while len(_RECENT) > _RECENT_SIZE:
        _RECENT.popitem(last=False)
    return index
