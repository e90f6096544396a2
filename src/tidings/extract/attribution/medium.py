"""Where it was said, when the article says: a news conference, a statement, an interview, a
platform (Bluesky, X), a named publication ("an analysis he published ... at Just Security").

Read from the cue up to the clause that frames it, stopping at another speaker's speech verb. A
statement that goes on in the next paragraph, by the same speaker with nobody in between, keeps
the medium of the statement it continues.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from tidings.extract.attribution.context import Attribution
from tidings.extract.attribution.speakers import SpeakerResolution
from tidings.extract.attribution.vocabulary import (
    MEDIUM_LABELS,
    PLATFORM_VERBS,
    PLATFORMS,
    PUBLICATION_WORDS,
)
from tidings.extract.syntax import kids
from tidings.records import Actor


class MediumFinder(SpeakerResolution):
    """The medium of each attribution."""

    def _media(self, found: list[Attribution]) -> None:
        last_by_speaker: dict[str, Attribution] = {}
        for attribution in found:
            if attribution.cue is not None and attribution.medium is None:
                attribution.medium = self._medium(attribution.cue, attribution.speaker)
            if attribution.speaker is None:
                continue
            previous = last_by_speaker.get(attribution.speaker.id)
            if attribution.medium is None and previous is not None and previous.medium and \
                    self._follows(previous, attribution, found):
                attribution.medium = previous.medium
            last_by_speaker[attribution.speaker.id] = attribution

    def _follows(self, previous: Attribution, attribution: Attribution, found: list[Attribution]) -> bool:
        """The attribution goes on with the same speaker's previous statement: the paragraph after
        it at most, and nobody else speaks in between."""
        if self.paragraph_of(attribution.start) - self.paragraph_of(previous.start) > 1:
            return False
        for other in found:
            if previous.start < other.start < attribution.start and other.speaker is not None and \
                    other.speaker.id != attribution.speaker.id:
                return False
        return True

    def _medium(self, cue: Token, speaker: Actor | None) -> str | None:
        if cue.pos_ in ("VERB", "AUX") and cue.lemma_.lower() in PLATFORM_VERBS:
            return PLATFORM_VERBS[cue.lemma_.lower()]
        if self.is_speech_noun(cue):
            label = _medium_label(cue.lemma_.lower())
            if label:
                return label
        # Up from the cue to the clause that frames it ("told reporters during a news
        # conference"; "an analysis he published ... at Just Security in which he declared"),
        # stopping at another speech verb: its medium is its own speaker's.
        node = cue
        for _ in range(8):
            if node.i != cue.i and self.is_cue(node) and not self._same_speaker(node, speaker):
                break
            found = self._medium_of_preps(node, speaker)
            if found:
                return found
            if node.i != cue.i and node.pos_ == "NOUN" and node.lemma_.lower() in PUBLICATION_WORDS:
                return self._publication_named(node) or node.lemma_.lower()
            if node.head.i == node.i:
                break
            node = node.head
        for child in kids(cue):  # "told the BBC": an interview with a named outlet
            if child.dep_ in ("dobj", "dative"):
                outlet = self.actors.at(child)
                if outlet is not None and (outlet.kind == "media" or "JRN" in outlet.sectors) \
                        and child.pos_ == "PROPN":
                    return outlet.name
        return None

    def _same_speaker(self, cue: Token, speaker: Actor | None) -> bool:
        source = self._source_token(cue)
        actor = self.resolve(source)[0] if source is not None else None
        return actor is not None and speaker is not None and actor.id == speaker.id

    def _medium_of_preps(self, node: Token, speaker: Actor | None) -> str | None:
        for prep in kids(node):
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "on", "at", "during", "via", "through", "to", "with", "for"):
                continue
            for pobj in kids(prep):
                if pobj.dep_ != "pobj":
                    continue
                found = self._medium_of_noun(pobj, speaker)
                if found:
                    return found
        return None

    def _medium_of_noun(self, noun: Token, speaker: Actor | None) -> str | None:
        name = noun.text.rstrip(".")  # "on X." at the end of a sentence is one token
        platform = PLATFORMS.get(name.lower()) if noun.pos_ == "PROPN" or name == "X" else None
        if platform is None and noun.text in self.actors.platforms:
            platform = noun.text
        if platform:
            return platform
        lemma = noun.lemma_.lower()
        if lemma in PUBLICATION_WORDS or lemma in ("post", "interview", "column"):
            named = self._publication_named(noun)
            if named:
                return named
            if lemma in PUBLICATION_WORDS and any(c.dep_ == "poss" for c in kids(noun)):
                return self._speaker_publication(noun, speaker) or lemma
        phrase = " ".join(t.lower_ for t in noun.subtree if t.i <= noun.i)
        label = _medium_label(phrase) or _medium_label(lemma)
        if label:
            return label
        if lemma in PUBLICATION_WORDS:
            return lemma
        return None

    def _publication_named(self, noun: Token) -> str | None:
        """'an analysis he published ... at Just Security', 'an essay in Foreign Affairs',
        'a post on Facebook'."""
        candidates = [noun, *[c for c in kids(noun) if c.dep_ in ("acl", "relcl")]]
        for node in candidates:
            for prep in kids(node):
                if prep.dep_ == "prep" and prep.lower_ in ("at", "in", "for", "on", "by"):
                    for pobj in kids(prep):
                        if pobj.dep_ == "pobj" and pobj.pos_ == "PROPN" and \
                                pobj.ent_type_ not in ("DATE", "TIME", "GPE", "LOC"):
                            platform = PLATFORMS.get(pobj.text.lower())
                            if platform:
                                return platform
                            return _proper_phrase(pobj)
        return None

    def _speaker_publication(self, noun: Token, speaker: Actor | None) -> str | None:
        """'In his piece, X argued': the publication of the piece X was said to have written."""
        if speaker is None:
            return None
        for sentence in self.sentences:
            if sentence.start >= noun.i:
                break
            if not any(sentence.start_char <= m.start < sentence.end_char for m in speaker.mentions):
                continue
            for token in sentence:
                if token.lemma_.lower() in PUBLICATION_WORDS and token.pos_ == "NOUN":
                    named = self._publication_named(token)
                    if named:
                        return named
        return None


def _proper_phrase(token: Token) -> str:
    """The capitalised run of words ending at ``token`` ('Just Security', 'Foreign Affairs')."""
    doc = token.doc
    start = token.i
    while start > 0 and doc[start - 1].text[:1].isupper() and doc[start - 1].lower_ != "the" \
            and not doc[start - 1].is_sent_start and doc[start - 1].pos_ not in ("ADP", "DET"):
        start -= 1
    return doc[start : token.i + 1].text


_MEDIUM_PATTERNS = [(re.compile(rf"\b{re.escape(words)}s?\b"), label) for words, label in MEDIUM_LABELS]


def _medium_label(phrase: str) -> str | None:
    for pattern, label in _MEDIUM_PATTERNS:
        if pattern.search(phrase):
            return label
    return None
