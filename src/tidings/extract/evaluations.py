"""Statements that judge an actor: criticism (CAMEO 111) and praise (051) from reported speech.

Much of the disapproval in news is not a verb like "condemn" but a reported judgement: an expert
"argued that the strategy is almost certainly illegal". When the content of a speech act (its
complement clause or the quote it introduces) carries clearly negative evaluation words
(evaluation_words.tsv), the speaker disapproves of the actor the content is about.

The target is the actor named in the content (preferring governments, militaries and
organisations over bystanders such as civilians); when the content names none ("this move", "such
a strategy"), it is the actor of the article's lead act (see ``lead_actor``), with a lower confidence, so that analysts can filter such inferred targets out.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from tidings.extract.actors import ActorIndex
from tidings.extract.events import RawEvent
from tidings.extract.modality import read_modality
from tidings.extract.syntax import doc_index, kids
from tidings.lexicons.events import EventLexicon
from tidings.records import ASSERTED, Actor, Quote

NEGATIVE_THRESHOLD = 2  # summed strength of negative words before a statement is a criticism
BYSTANDER_ROLES = ("CVL", "REF")
CRITICISE = "111"
PRAISE = "051"


@dataclass
class Statement:
    cue: Token
    speaker: Actor
    content: list[Token]


def _score(tokens: list[Token], lexicon: EventLexicon) -> tuple[int, int]:
    negative = positive = 0
    for token in tokens:
        entry = lexicon.evaluation.get(token.lemma_.lower()) or lexicon.evaluation.get(token.lower_)
        if entry is None:
            continue
        if _attitude_of_others(token):
            continue
        if token.pos_ == "NOUN" and lexicon.candidates(token.lemma_.lower(), "N"):
            continue  # "a government offensive" reports an act; it is not a judgement
        polarity, strength = entry
        negated = any(c.dep_ == "neg" for c in kids(token)) or any(
            c.dep_ == "neg" for c in kids(token.head)
        )
        if (polarity == "neg") != negated:
            negative += strength
        else:
            positive += strength
    return negative, positive


def _attitude_of_others(token: Token) -> bool:
    """'People ... applaud the military': an evaluative verb with a subject of its own reports
    someone else's attitude, not the speaker's (first-person subjects are the speaker's)."""
    if token.pos_ != "VERB":
        return False
    subject = next((c for c in kids(token) if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and subject.lower_ not in ("i", "we")


AGENTIVE_DEPS = {"nsubj", "nsubjpass", "poss", "agent", "compound", "amod", "nmod"}


def _content_target(tokens: list[Token], actors: ActorIndex, speaker: Actor) -> Actor | None:
    """The actor whose conduct the content judges: an actor in an agent's position (subject,
    possessor, by-agent, 'U.S.' in 'a U.S. military campaign'); organised actors before
    countries. Actors only acted upon ('to fight the cartels') are not what is judged."""
    best: tuple[int, Actor] | None = None
    for token in tokens:
        actor = actors.at(token)
        if actor is None or actor.id == speaker.id:
            continue
        if any(actor.cameo.endswith(role) for role in BYSTANDER_ROLES):
            continue
        node = token
        while node.dep_ in ("compound", "amod", "nmod", "case", "det") and node.head.i != node.i:
            node = node.head
        if node.dep_ not in AGENTIVE_DEPS:
            continue
        rank = 0 if actor.kind == "country" else 2 if actor.sectors else 1
        if best is None or rank > best[0]:
            best = (rank, actor)
    return best[1] if best else None


def _is_press(actor: Actor) -> bool:
    """A newspaper reporting a judgement is not making it."""
    return actor.kind == "media" or "JRN" in actor.sectors


def lead_actor(events: list[RawEvent], speaker: Actor) -> Actor | None:
    """Whom a judgement with no named target is about: the article's lead act.

    The lead is the first force posture (what a commentary is usually about), else the first
    asserted act, by someone other than the speaker. A speaker on the lead actor's own side
    ("Canada condemned Iran ... 'This is an outrage,' said Canada's foreign minister") judges
    the lead's target; anyone else judges the lead actor.
    """
    def same_side(actor: Actor | None) -> bool:
        return actor is not None and (
            actor.id == speaker.id or (actor.country is not None and actor.country == speaker.country)
        )

    candidates = [e for e in events if e.modality == ASSERTED and e.source is not None and e.source.id != speaker.id]
    postures = [e for e in candidates if e.derived_from not in (None, "evaluation", "stance") and e.code[:2] >= "13"]
    for event in postures or candidates:
        if not same_side(event.source):
            return event.source
        if event.target is not None and not same_side(event.target):
            return event.target
    return None


def statements(doc: Doc, actors: ActorIndex, lexicon: EventLexicon, quotes: list[Quote]) -> list[Statement]:
    out: list[Statement] = []
    used_quotes: set[str] = set()
    index = doc_index(doc)
    lemmas = index.lemmas
    for token in index.tokens:
        if lemmas[token.i] not in lexicon.speech or token.pos_ not in ("VERB", "AUX"):
            continue  # no speech verb (the lexicon lookup below would say so too)
        speech = lexicon.speech_verb(token.lemma_.lower())
        if speech is None or speech.kind == "report":
            continue
        subject = next((c for c in kids(token) if c.dep_ == "nsubj"), None)
        speaker = actors.at(subject) if subject is not None else None
        if speaker is None or _is_press(speaker):
            continue
        content: list[Token] = []
        for child in kids(token):
            if child.dep_ in ("ccomp", "dobj", "xcomp", "advcl") or (
                child.dep_ == "prep" and child.lower_ in ("about", "against", "of")
            ):
                content.extend(child.subtree)
        for quote in quotes:
            if quote.speaker is not None and quote.speaker.id == speaker.id and quote.cue == token.text:
                if abs(quote.start - token.idx) < 400 and quote.id not in used_quotes:
                    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
                    if span is not None:
                        content.extend(span)
                        used_quotes.add(quote.id)
        if content:
            out.append(Statement(token, speaker, content))
    # Quotes whose cue was inherited (second sentence of a long quote) judge too.
    for quote in quotes:
        if quote.speaker is None or quote.id in used_quotes or _is_press(quote.speaker):
            continue
        span: Span | None = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is not None and len(span):
            out.append(Statement(span.root, quote.speaker, list(span)))
    return out


def _speaks_of_own_act(statement: Statement, events: list[RawEvent]) -> bool:
    """'Syria says it is willing to withdraw', 'Iran threatened to launch an offensive': the
    speaker announces its own act, which is coded as that act, not as a judgement."""
    inside = {t.i for t in statement.content}
    return any(
        event.predicate.i in inside and event.source is not None and event.source.id == statement.speaker.id
        for event in events
    )


def evaluation_events(
    doc: Doc, actors: ActorIndex, lexicon: EventLexicon, quotes: list[Quote], events: list[RawEvent]
) -> list[RawEvent]:
    out: list[RawEvent] = []
    for statement in statements(doc, actors, lexicon, quotes):
        if _speaks_of_own_act(statement, events):
            continue
        negative, positive = _score(statement.content, lexicon)
        if negative >= NEGATIVE_THRESHOLD and negative > positive:
            code = CRITICISE
        elif positive >= NEGATIVE_THRESHOLD and positive > negative:
            code = PRAISE
        else:
            continue
        target = _content_target(statement.content, actors, statement.speaker)
        confidence = 0.8
        if target is None:
            target, confidence = lead_actor(events, statement.speaker), 0.6
        if target is None:
            continue
        reading = read_modality(statement.cue, lexicon)
        out.append(
            RawEvent(statement.cue, "evaluation_words.tsv", code, statement.speaker, target,
                     reading.label, tuple(reading.cues), None, derived_from="evaluation",
                     confidence=confidence)
        )
    return out
