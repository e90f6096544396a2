"""Attach a date to one event, from its own clause first (GDELT stamps the crawl day instead).

The time expressions themselves are found and resolved by ``tidings.extract.dates``; this module
decides *which* words belong to the event: the predicate's own modifiers, then those of the words
that govern it up to the clause that reports it ("Sheinbaum on Friday tried to shoot down ..."),
never the reporting verb's ("The Times reported on Friday that ...": that dates the report).
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Token

from tidings.extract.dates import date_for_clause
from tidings.records import FUTURE, HISTORICAL, EventDate

TIME_DEPS = {"prep", "npadvmod", "advmod", "tmod", "obl", "pobj"}
CLAUSE_DEPS = {"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis"}
SPEECH_LIKE = {"say", "report", "tell", "add", "explain", "comment", "write", "announce", "state",
               "argue", "warn", "claim", "note", "post", "declare"}


def _time_phrases(node: Token, skip: Token | None) -> list[str]:
    phrases = []
    for child in node.children:
        if child is skip or child.dep_ in CLAUSE_DEPS or child.dep_ not in TIME_DEPS:
            continue
        words = list(child.subtree)
        if any(w.ent_type_ in ("DATE", "TIME") for w in words) or child.dep_ == "npadvmod":
            phrases.append(" ".join(w.text for w in words))
    return phrases


def event_date(predicate: Token, published: dt.date | None, modality: str) -> EventDate:
    tense = "future" if modality == FUTURE else "past"
    node, skip = predicate, None
    steps = 0
    while steps < 8:
        for phrase in _time_phrases(node, skip):
            found = date_for_clause(phrase, published, tense=tense)
            if found is not None and found.value:
                return EventDate(found.value, found.precision, found.text, source="clause")
        if node.head is node or node.dep_ == "relcl":
            break
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in SPEECH_LIKE:
            break
        node, skip = node.head, node
        steps += 1
    if modality == HISTORICAL:
        return EventDate(None, "unknown", None, source="historical")
    if published is None:
        return EventDate(None, "unknown", None, source="none")
    return EventDate(published.isoformat(), "day", None, source="publication")
