"""Small, general helpers over a spaCy dependency parse, shared by the extractors.

Dependency labels are spaCy's English (ClearNLP-style) labels: nsubj, nsubjpass, dobj, pobj,
agent, xcomp, ccomp, advcl, acl, relcl, conj, appos, compound, amod, poss, prt, neg, aux...
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
OBJECT_DEPS = {"dobj", "dative", "attr", "oprd"}
CLAUSE_LINKS = {"xcomp", "ccomp", "advcl", "acl", "relcl", "pcomp", "conj", "prep", "pobj", "dobj"}
MODIFIER_DEPS = {"compound", "amod", "nmod", "poss", "npadvmod"}


def children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def first_child(token: Token, *deps: str) -> Token | None:
    for child in token.children:
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


def particles(token: Token) -> list[str]:
    return [c.lemma_.lower() for c in token.children if c.dep_ == "prt"]


def preposition_objects(token: Token, preps: tuple[str, ...] | set[str]) -> list[Token]:
    """pobj of the token's prepositions in ``preps`` ("meet *with* X" -> X)."""
    out: list[Token] = []
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps:
            out.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ == "prt" and child.lower_ in preps:
            # "go after the cartels" is sometimes parsed with "after" as a particle and the
            # noun as the direct object.
            out.extend(c for c in token.children if c.dep_ == "dobj")
    return out


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def subject_of(verb: Token) -> Token | None:
    return first_child(verb, "nsubj", "nsubjpass")


def clause_span(token: Token) -> Span:
    """The token's subtree as a span: the clause or phrase it heads."""
    tokens = list(token.subtree)
    return token.doc[tokens[0].i : tokens[-1].i + 1]


def ancestors_within_sentence(token: Token) -> Iterator[Token]:
    current = token
    while current.head.i != current.i:
        current = current.head
        yield current


def sentence_index_map(doc) -> dict[int, int]:
    """token start offset of each sentence -> its index, and token i -> sentence index."""
    return {sent.start: n for n, sent in enumerate(doc.sents)}
