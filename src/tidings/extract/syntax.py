"""Small, general helpers over a spaCy dependency parse, shared by the extractors.

Dependency labels are spaCy's English (ClearNLP-style) labels: nsubj, nsubjpass, dobj, pobj,
agent, xcomp, ccomp, advcl, acl, relcl, conj, appos, compound, amod, poss, prt, neg, aux...
"""

from __future__ import annotations

from spacy.tokens import Token


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
