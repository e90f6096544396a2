"""Indirect speech: "X said that ...", "X warned that ...", "..., the ministry said", "according
to X", "X announced 10,000 job cuts", and speech nouns with a content clause ("X's claim that ...").

The content is the clause (or object) the cue governs; attributions without a speaker are not
kept, and content that is a direct quote but for a word or two is left to the direct quote.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from tidings.extract.attribution.context import Attribution, span_of
from tidings.extract.attribution.speakers import SpeakerResolution
from tidings.extract.attribution.vocabulary import (
    CLAUSE_ONLY_CUES,
    OBJECT_CONTENT_VERBS,
    QUOTE_VERBS,
    SPEECH_NOUNS,
)
from tidings.extract.syntax import doc_index, kids, sent

CUE_LEMMAS = QUOTE_VERBS | CLAUSE_ONLY_CUES | SPEECH_NOUNS  # besides the lexicon's speech verbs


class IndirectSpeech(SpeakerResolution):
    """Reported speech without quotation marks."""

    def _indirect_speech(self, direct: list[Attribution]) -> list[Attribution]:
        out: list[Attribution] = []
        index = doc_index(self.doc)
        lemmas, lowers, pos = index.lemmas, index.lowers, index.pos
        speech = self.lex.speech
        for token in index.tokens:
            lemma, according = lemmas[token.i], lowers[token.i] == "according"
            if not (lemma in speech or lemma in CUE_LEMMAS) and not according:
                continue  # no speech verb, speech noun or "according to": no cue (is_cue, is_speech_noun)
            if pos[token.i] not in ("VERB", "AUX", "NOUN") and not according:
                continue  # only verbs, speech nouns and "according to" can be cues
            if self.in_quote(token):
                continue
            content: list[Token] | None = None
            if self.is_cue(token):
                content = self._verb_content(token)
            elif self.is_speech_noun(token):
                content = self._noun_content(token)
            if not content:
                continue
            start, end = span_of(content)
            if self._mostly_quoted(start, end):
                continue  # the content is a direct quote: attributed as such
            attribution = Attribution(start, end, "indirect", sent(token), cue=token)
            if self._set_speaker(attribution, self._source_token(token), "cue"):
                out.append(attribution)
        return out

    def _verb_content(self, cue: Token) -> list[Token] | None:
        if cue.lower_ == "according":
            head = cue.head
            if head.i == cue.i:
                return None
            skip = {t.i for t in cue.subtree}
            return [t for t in head.subtree if t.i not in skip]
        clauses = [c for c in kids(cue) if c.dep_ == "ccomp" and not self._speech_of_its_own(c, cue)]
        # "said that ..." before "“...,” said": a clause after the cue is its content when the
        # parser gave it two (run-on sentences)
        clauses.sort(key=lambda c: (c.i < cue.i, abs(c.i - cue.i)))
        for child in clauses:
            return [t for t in child.subtree if not (t.dep_ == "mark" and t.head.i == child.i)]
        # "The talks will resume next week, the ministry said"; "His plan, he stated, was ...":
        # the cue hangs from its content.
        if cue.dep_ in ("parataxis", "ccomp", "advcl") and cue.head.pos_ in ("VERB", "AUX") and \
                not self.is_cue(cue.head) and any(c.dep_ == "nsubj" for c in kids(cue)) and \
                not any(c.dep_ in ("dobj", "xcomp", "mark") for c in kids(cue)):
            skip = {t.i for t in cue.subtree}
            return [t for t in cue.head.subtree if t.i not in skip]
        # "Airbus has announced 10,000 job cuts": what is announced, reported, confirmed
        if cue.lemma_.lower() in OBJECT_CONTENT_VERBS:
            for child in kids(cue):
                if child.dep_ == "dobj" and child.pos_ in ("NOUN", "PROPN"):
                    return list(child.subtree)
        return None

    def _speech_of_its_own(self, clause: Token, cue: Token) -> bool:
        """'“...,” the department wrote on X. The Red Cross said ...' parsed as one sentence: a
        speech verb with its own subject before the cue is another speech act, not its content."""
        return clause.i < cue.i and self.is_cue(clause) and any(c.dep_ == "nsubj" for c in kids(clause))

    def _noun_content(self, noun: Token) -> list[Token] | None:
        for child in kids(noun):
            if child.dep_ in ("acl", "ccomp") and any(c.dep_ == "mark" and c.lower_ == "that" for c in kids(child)):
                return [t for t in child.subtree if not (t.dep_ == "mark" and t.head.i == child.i)]
        return None

    def _mostly_quoted(self, start: int, end: int) -> bool:
        """Content in quotation marks but for a word ('reported that “...” the cartels')."""
        outside = self.text[start:end]
        for s, e in self.quoted:
            if s >= start - 1 and e <= end + 1:
                outside = outside.replace(self.text[s:e], " ")
        return any(s <= start and end <= e for s, e in self.quoted) or (
            outside != self.text[start:end] and len(re.findall(r"[^\W\d_]+", outside)) < 2
        )
