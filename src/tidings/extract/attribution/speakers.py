"""Who speaks: from a cue to the words that name the speaker, and from those words to an actor.

The source of a cue is its subject (climbing participles, conjuncts and prepositions: "...,
saying"), the agent of a passive, the object of "according to", or the source of a speech noun
(its possessor, a from/by phrase, the subject of "issued a statement"). Misparses common in
news are read back: "“...?” asked defence lawyer X" (the verb taken for a modifier of the name),
"“...,” the 58-year-old said" (the subject hung on the verb in pieces), a by-phrase attached too
low.

The words are then resolved within the article: an apposed name ("the mediator, Amal Haddad,"),
the actor index (names, surnames, "the paper", he/she), a definite nominal pointing back to the
named actor ("the minister" -> the minister named just before, "the company" -> the last
company), partitives ("one of the striking nurses"), "I"/"we" inside a quote (its speaker), and a
proper-noun subject the entity tagger missed. A speaker phrase the actor index did not list
becomes an actor of its own (``unlisted_speakers`` adds them to the article's actors). Unnamed
people and groups speaking for others ("officials", "a source familiar with ...") are flagged
anonymous.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from spacy.tokens import Token

from tidings.extract.attribution.context import ArticleContext, Attribution
from tidings.extract.attribution.vocabulary import (
    ANONYMITY_MARKERS,
    ANONYMOUS_HEADS,
    CARRYING_VERBS,
    COMPANY_NOUNS,
    DETERMINERS,
    FIRST_PERSON,
    GENERIC_ORGANISATION_NOUNS,
    ISSUING_VERBS,
    ORGANISATION_KINDS,
    ORGANISATION_NOUNS,
    PERSON_NOUNS,
    PUBLICATION_WORDS,
    QUANTIFIERS,
    SIGN_NOUNS,
    SOURCE_PHRASE_MARKERS,
    SPEECH_NOUNS,
    WEAK_QUOTE_VERBS,
)
from tidings.extract.syntax import kids, sent
from tidings.records import Actor, Quote
from tidings.records import Span as TextSpan


class SpeakerResolution(ArticleContext):
    """From cues to speaker words, and from words to actors."""

    def speaker_of(self, cue: Token) -> tuple[Actor | None, Token | None]:
        """Who speaks through a given cue (a verb, a speech noun, 'according'), resolved within
        the article; for evaluation against gold cues. Call after ``attributions()``."""
        source = self._source_token(cue) if cue.pos_ in ("VERB", "AUX") or cue.lower_ == "according" \
            else self._noun_source(cue)
        if source is None:
            return None, None
        actor, token = self.resolve(source)
        return (actor, token) if actor is not None else (None, None)

    def _source_token(self, cue: Token | None) -> Token | None:
        """The words that name who speaks, before any resolution."""
        if cue is None:
            return None
        if cue.lower_ == "according":
            for to in kids(cue):
                for pobj in kids(to):
                    if pobj.dep_ == "pobj":
                        if self.is_speech_noun(pobj):
                            return self._noun_source(pobj) or pobj
                        return pobj
            return None
        if cue.pos_ not in ("VERB", "AUX"):
            return self._noun_source(cue)
        cue_quoted = self.in_quote(cue)
        node = cue
        came_from: Token | None = None
        for _ in range(6):
            if node.lemma_.lower() in ("quote", "cite") and came_from is not None:
                # "Detik.com quoted Djamal as saying": the one quoted speaks
                quoted = next((c for c in kids(node) if c.dep_ in ("dobj", "nsubjpass")), None)
                if quoted is not None:
                    return quoted
            subject = None
            for child in kids(node):
                if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and node.lemma_ in ("quote", "cite")):
                    subject = child
                    break
                if child.dep_ == "agent":
                    return next((c for c in kids(child) if c.dep_ == "pobj"), None)
            if subject is None and node.i == cue.i and any(c.dep_ in ("nsubjpass", "auxpass") for c in kids(node)):
                agent = self._stray_agent(node)
                if agent is not None:
                    return agent
            if subject is not None and not (self.in_quote(subject) and not cue_quoted):
                if subject.lower_ in ("who", "that", "which") and node.dep_ == "relcl":
                    return node.head
                if subject.lower_ == "what":
                    return None
                return subject
            if node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN", "PRON"):
                # "a memo warning of ...", "officials saying ...", "a letter ... stating"
                head = node.head
                if head.lemma_.lower() in SIGN_NOUNS:
                    carrier = head.head
                    if head.dep_ == "dobj" and carrier.lemma_.lower() in CARRYING_VERBS:
                        return next((c for c in kids(carrier) if c.dep_ == "nsubj"), None)
                    return None
                if head.lemma_.lower() in SPEECH_NOUNS or head.lemma_.lower() in PUBLICATION_WORDS:
                    return self._noun_source(head) or head
                return head
            climb = node.dep_ in ("xcomp", "conj", "prep") or (
                node.dep_ in ("advcl", "pcomp") and node.tag_ == "VBG") or (
                self.in_quote(node.head) and not cue_quoted and node.i != cue.i)
            if climb and node.head.i != node.i:
                came_from, node = node, node.head
                continue
            if subject is not None and self.in_quote(subject) and not cue_quoted and node.head.i != node.i:
                came_from, node = node, node.head  # a cue the parser hung on the quote's verb
                continue
            break
        return self._misparsed_source(cue)

    def _stray_agent(self, verb: Token) -> Token | None:
        """'was dismissed as “pure theatre” by X': the by-phrase of a passive cue that the parser
        attached to a word below it."""
        for token in verb.subtree:
            if token.lower_ == "by" and token.dep_ == "prep" and token.i > verb.i:
                pobj = next((c for c in kids(token) if c.dep_ == "pobj"), None)
                if pobj is not None and not self.in_quote(pobj) and self.actors.at(pobj) is not None:
                    return pobj
        return None

    def _misparsed_source(self, cue: Token) -> Token | None:
        """A cue the parser left without a subject: '“...?” asked defence lawyer Felix Aberg'
        (read as a modifier of the name), '“...,” the 58-year-old said' (the phrase hung on the
        verb in pieces). The speaker is the short phrase right after or right before the cue,
        between it and the quote."""
        sentence = sent(cue)
        if cue.dep_ in ("amod", "compound") and cue.head.pos_ in ("NOUN", "PROPN") and cue.head.i > cue.i:
            return cue.head
        after = [t for t in sentence if t.i > cue.i and not t.is_space]
        before = [t for t in sentence if t.i < cue.i and not t.is_space]
        if before and self.in_quote(before[-1]) or (before and before[-1].is_punct and len(before) > 1
                                                    and self.in_quote(before[-2])):
            # the cue follows the quote: "said X" or "asked X"
            phrase = _phrase_until(after, self)
            if phrase:
                return phrase[-1]
        gap = []
        for token in reversed(before):
            if self.in_quote(token) or (token.is_punct and token.text in (",", "\u201d", '"')):
                break
            gap.insert(0, token)
        if 0 < len(gap) <= 6 and any(t.pos_ in ("NOUN", "PROPN", "ADJ") for t in gap):
            return gap[-1]
        return None

    def _noun_source(self, noun: Token) -> Token | None:
        for child in kids(noun):
            if child.dep_ == "poss":
                return child
        for child in kids(noun):  # "a White House statement", "a ministry statement"
            if child.dep_ == "compound" and child.i == noun.i - 1 and (
                    child.pos_ == "PROPN" or child.lemma_.lower() in ORGANISATION_NOUNS):
                return child
        for child in kids(noun):  # "an Iraqi statement": the country speaks
            if child.dep_ == "amod" and child.pos_ in ("ADJ", "PROPN") and self.actors.at(child) is not None:
                return child
        for child in kids(noun):
            if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                if child.lower_ == "of" and noun.lemma_.lower() not in ("word", "words", "statement", "remark"):
                    continue
                pobj = next((c for c in kids(child) if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        head = noun.head
        if noun.dep_ in ("dobj", "attr") and head.lemma_.lower() in ISSUING_VERBS:
            return next((c for c in kids(head) if c.dep_ == "nsubj"), None)
        if noun.dep_ == "pobj" and head.lower_ in ("in", "through", "via") and head.head.pos_ == "VERB":
            # "said in a statement", "resigned in a letter", "cited documents in a report"; not
            # "the word appears in the report"
            verb = head.head
            if self.is_cue(verb) or verb.lemma_.lower() in ISSUING_VERBS | {"resign", "quit", "respond", "reply"}:
                return next((c for c in kids(verb) if c.dep_ == "nsubj"), None)
        return None

    def _set_speaker(self, attribution: Attribution, token: Token | None, how: str) -> bool:
        if token is None or self.in_quote(token):
            return False
        actor, named_by = self.resolve(token)
        if actor is None:
            return False
        cue = attribution.cue
        if cue is not None and cue.lemma_.lower() in WEAK_QUOTE_VERBS and (
                actor.id.startswith("S") or actor.kind not in ORGANISATION_KINDS | {"person"}):
            return False
        attribution.speaker = actor
        attribution.speaker_token = named_by
        attribution.how = how
        attribution.anonymous = self._anonymous(self._naming_phrase(named_by, actor), actor)
        return True

    def _naming_phrase(self, token: Token, actor: Actor) -> Token:
        """The words that introduced the speaker: for 'one of them said', the mention 'them'
        points back to ('Officials at the port, speaking on condition they not be named')."""
        if token.pos_ != "PRON" and token.lower_ not in QUANTIFIERS:
            return token
        for mention in actor.mentions:
            if mention.start < token.idx:
                span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is not None and len(span):
                    return span.root
        return token

    def resolve(self, token: Token) -> tuple[Actor | None, Token]:
        """The actor a speaker phrase names, and the token that names it."""
        for appos in kids(token):  # "the mediator, Amal Haddad, said"
            if appos.dep_ == "appos":
                found = self.actors.at(appos)
                if found is not None and found.kind == "person":
                    return found, appos
        lower = token.lower_
        if token.pos_ == "PRON":
            found = self.actors.at(token)
            if found is not None:
                return found, token
            if lower in ("it", "they", "its"):
                return self._organisation_antecedent(token), token
            if lower in ("he", "she", "his", "her"):
                return self._named_subject_before(token), token
            if lower in FIRST_PERSON:
                return self._quote_speaker_at(token), token
            return None, token
        if token.dep_ == "compound" and self.actors.at(token) is None and \
                token.head.pos_ == "PROPN" and token.head.i > token.i:
            token = token.head  # "defence lawyer Felix Aberg": the name is the head
        if lower in QUANTIFIERS or token.pos_ == "NUM":  # "one of the striking nurses"
            for prep in kids(token):
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for pobj in kids(prep):
                        if pobj.dep_ == "pobj":
                            return self.resolve(pobj)
        found = self.actors.at(token)
        if found is None or is_generic(found):
            named = self._nominal_antecedent(token) or self._document_source(token)
            if named is not None:
                return named, token
        if found is None and (token.pos_ in ("NOUN", "PROPN") or lower in QUANTIFIERS | {"others"}):
            found = self._unlisted_speaker(token)
        return found, token

    def _document_source(self, token: Token) -> Actor | None:
        """'No civilians were hurt, the statement said': the statement named just before
        ('According to a ministry statement') speaks for whoever issued it."""
        lemma = token.lemma_.lower()
        definite = any(c.lower_ in ("the", "this", "that") and c.dep_ == "det" for c in kids(token))
        if lemma not in SPEECH_NOUNS or not definite or self._noun_source(token) is not None:
            return None
        for earlier in reversed(self.doc[max(0, token.i - 120) : token.i]):
            if earlier.lemma_.lower() != lemma:
                continue
            source = self._noun_source(earlier)
            if source is not None and source.i != token.i:
                actor, _ = self.resolve(source)
                if actor is not None:
                    return actor
        return None

    def _mentions_before(self, offset: int, window: int) -> list[tuple[int, Actor]]:
        """(mention start, actor) of actors mentioned in the ``window`` characters before."""
        out = []
        for actor in self.actors.actors:
            for mention in actor.mentions:
                if offset - window <= mention.start < offset:
                    out.append((mention.start, actor))
        out.sort(key=lambda m: m[0])
        return out

    def _nominal_antecedent(self, token: Token) -> Actor | None:
        """'the minister' -> the minister named just before; 'the company' -> the company."""
        phrase = self.text[min(t.idx for t in token.subtree) : token.idx + len(token.text)]
        aged = re.search(r"\d+-year-old", phrase) is not None
        if not aged and not (token.pos_ == "NOUN" or (token.pos_ == "PROPN" and token.text.islower())):
            return None
        definite = any(c.lower_ in ("the", "this", "that") and c.dep_ == "det" for c in kids(token))
        if not definite and token.i > 0 and self.doc[token.i - 1].lower_ == "the":
            definite = True  # a determiner the parser hung elsewhere
        if token.dep_ == "compound" and token.lemma_.lower() in ORGANISATION_NOUNS:
            definite = True  # "a ministry statement": the ministry named before
        if not definite and not aged:
            return None
        lemma = token.lemma_.lower()
        mentions = self._mentions_before(token.idx, 600)
        if lemma in ORGANISATION_NOUNS and not aged:
            for _, actor in reversed(mentions):
                if actor.kind != "country" and not is_generic(actor) and (
                        lemma in actor.name.lower().split() or lemma in (actor.role or "").split()):
                    return actor
            organisations = [(s, a) for s, a in mentions if a.kind in ORGANISATION_KINDS or
                             (a.kind not in ("person", "country", "group", "unknown"))]
            for _, actor in reversed(organisations):
                if lemma in actor.name.lower().split() or lemma in (actor.role or "").split():
                    return actor
            if lemma in GENERIC_ORGANISATION_NOUNS or lemma in COMPANY_NOUNS:
                candidates = [(s, a) for s, a in organisations
                              if lemma not in COMPANY_NOUNS or a.kind in ("company", "organisation", "ngo")
                              or "BUS" in a.sectors]
                # a name the entity tagger missed ("Nordlys Telecom confirmed ...") counts too
                candidates += [(t.idx, t) for t in self._proper_subjects_before(token)]
                if candidates:
                    _, found = max(candidates, key=lambda c: c[0])
                    return found if isinstance(found, Actor) else self._unlisted_speaker(found)
            return None
        role = self.roles.role(lemma)
        is_person_noun = aged or lemma in PERSON_NOUNS or (role is not None and role.person)
        if not is_person_noun:
            return None
        people = [(s, a) for s, a in mentions if a.kind == "person"]
        for _, actor in reversed(people):
            if lemma in (actor.role or "").split() or lemma in (actor.evidence or "").lower():
                return actor
        if aged or lemma in ("man", "woman", "boy", "girl", "veteran"):
            return people[-1][1] if people else None
        return None

    def _proper_subjects_before(self, token: Token) -> list[Token]:
        """Proper-noun subjects of the two sentences before ``token`` that no actor claims."""
        out = []
        for step in (-1, -2):
            sentence = self._neighbour_sentence(sent(token), step)
            if sentence is None:
                continue
            for candidate in sentence:
                if candidate.dep_ == "nsubj" and candidate.pos_ == "PROPN" and not self.in_quote(candidate) \
                        and self.actors.at(candidate) is None:
                    out.append(candidate)
        return out

    def _quote_speaker_at(self, token: Token) -> Actor | None:
        """'I' and 'we' inside a quotation are its speaker."""
        for start, end, speaker in self.quote_speakers:
            if start <= token.idx < end:
                return speaker
        return None

    def _named_subject_before(self, token: Token) -> Actor | None:
        """'Beatriz Salgado lost the runoff. She claimed ...' where the name was not recognised
        as an entity: the proper-noun subject of a recent sentence of the same paragraph."""
        sentence = sent(token)
        paragraph = self.paragraph_of(token.idx)
        for step in (0, -1, -2):
            other = self._neighbour_sentence(sentence, step)
            if other is None or self.paragraph_of(other.start_char) != paragraph:
                continue
            for candidate in other:
                if step == 0 and candidate.i >= token.i:
                    break
                if candidate.dep_ == "nsubj" and candidate.pos_ == "PROPN" and not self.in_quote(candidate):
                    names = [t for t in candidate.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
                    if not names:
                        continue
                    gender = self.roles.first_name_gender(f"{names[0].text} {candidate.text}")
                    wanted = "f" if token.lower_ in ("she", "her") else "m"
                    if gender is not None and gender != wanted:
                        continue
                    listed = self.actors.at(candidate)
                    if listed is None:
                        return self._unlisted_speaker(candidate)
                    if listed.kind not in ("person", "country"):
                        return listed  # a name the entity tagger took for an organisation
        return None

    def _organisation_antecedent(self, token: Token) -> Actor | None:
        """'it said', 'they said' where the subject is an organisation named before."""
        for _, actor in reversed(self._mentions_before(token.idx, 400)):
            if actor.kind in ORGANISATION_KINDS or (token.lower_ == "they" and actor.kind == "group"):
                return actor
        return None

    def _unlisted_speaker(self, token: Token) -> Actor | None:
        """An actor for a speaker phrase the actor index did not list ('the football federation',
        'a source close to the prime minister')."""
        if token.i in self.unlisted:
            return self.unlisted[token.i]
        if token.lemma_.lower() in ("there", "it", "what", "which") or not token.text[:1].isalpha():
            return None
        words = _speaker_phrase(token) or ([token] if token.lower_ in QUANTIFIERS | {"others"} else [])
        if not words:
            return None
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        name = self.text[start:end]
        role = self.roles.role(token.lemma_.lower())
        cameo = role.cameo if role is not None and role.cameo else ""
        actor = Actor(
            id=f"S{hashlib.sha1(f'{self.article_id}:{token.i}'.encode()).hexdigest()[:8]}",
            name=name,
            cameo=f"---{cameo}",
            country=None,
            sectors=tuple(role.plover) if role is not None else (),
            kind="group" if token.tag_ in ("NNS", "NNPS") else "unknown",
            role=token.lemma_.lower() if token.pos_ == "NOUN" else None,
            mentions=(TextSpan(start, end, name),),
            evidence=f"speaker phrase: {name}",
        )
        self.unlisted[token.i] = actor
        return actor

    def _anonymous(self, token: Token, actor: Actor) -> bool:
        """Unnamed people speaking for others: 'officials said', 'a source familiar with ...'."""
        if actor.kind == "person" or token.pos_ in ("PROPN", "PRON"):
            return False
        phrase = " ".join(t.lower_ for t in token.subtree) if token.i not in self.unlisted else actor.name.lower()
        sentence = sent(token).text.lower()
        marked = any(m in sentence for m in ANONYMITY_MARKERS) or any(m in phrase for m in SOURCE_PHRASE_MARKERS)
        head = token.lemma_.lower()
        if head not in ANONYMOUS_HEADS:
            return marked and head in PERSON_NOUNS | {"officer", "worker", "employee", "resident"}
        definite = any((c.dep_ == "det" and c.lower_ in ("the", "this", "that")) or c.dep_ == "poss"
                       for c in kids(token))
        return marked or not definite


def is_generic(actor: Actor) -> bool:
    """An actor named only by a common noun ('minister', 'company'), not a proper name."""
    return actor.kind in ("group", "unknown") and not any(w[:1].isupper() for w in actor.name.split())


def _speaker_phrase(token: Token) -> list[Token]:
    """The speaker's noun phrase without determiners, quantifiers, clauses and appositions."""
    keep = []
    stop = {"relcl", "appos", "acl", "punct", "cc", "conj", "advcl"}
    for t in token.subtree:
        node, inside = t, True
        while node.i != token.i:
            if node.dep_ in stop and node.tag_ != "HYPH":  # "president-elect" stays whole
                inside = False
                break
            node = node.head
        if inside:
            keep.append(t)
    keep.sort(key=lambda t: t.i)
    while keep and (keep[0].lower_ in DETERMINERS or keep[0].lower_ in QUANTIFIERS or keep[0].pos_ == "NUM"
                    or keep[0].dep_ == "poss" and keep[0].pos_ == "PRON"):
        keep = keep[1:]
    # a contiguous run around the head
    run = [t for t in keep if t.i <= token.i]
    tail = [t for t in keep if t.i > token.i]
    contiguous = []
    for t in run[::-1]:
        if contiguous and t.i != contiguous[-1].i - 1:
            break
        contiguous.append(t)
    contiguous.reverse()
    for t in tail:
        if t.i != contiguous[-1].i + 1:
            break
        contiguous.append(t)
    return contiguous


def _phrase_until(tokens: list[Token], attributor: ArticleContext) -> list[Token]:
    """The noun phrase at the start of ``tokens``, up to its head (the last noun before a
    comma, preposition or verb)."""
    phrase: list[Token] = []
    for token in tokens:
        if token.is_punct or token.pos_ in ("VERB", "AUX", "ADP", "SCONJ", "CCONJ") or attributor.in_quote(token):
            break
        phrase.append(token)
    while phrase and phrase[-1].pos_ not in ("NOUN", "PROPN"):
        phrase.pop()
    return phrase


def unlisted_speakers(quotes: Iterable[Quote], listed: Iterable[Actor]) -> list[Actor]:
    """Speakers that the actor index did not list (made from their speaker phrase), once each,
    so that the article's actor list holds every quote's speaker."""
    known = {a.id for a in listed}
    out: dict[str, Actor] = {}
    for quote in quotes:
        if quote.speaker is not None and quote.speaker.id not in known:
            out.setdefault(quote.speaker.id, quote.speaker)
    return list(out.values())
