"""Direct and partial quotes: the cue each hangs from, and speakers from the context.

The cue is the speech verb the quote hangs from in the parse ("she told reporters", "commented
Renata Segura"), a cue attached to the quote ("“...,” Okonjo said"), a cue right beside it, or a
speech noun in its frame ("issued a statement: “...”"). A quote that stands alone as a sentence
and has no cue takes its speaker, in this order, from the quote it continues (the newswire
convention for long quotes), the previous quote of its paragraph, the next sentence when that one
points back at it ("Those were the words of ...", "X repeated it"), the previous sentence when it
reports speech ("X said the numbers were worrying. “...”"), or the previous paragraph when the
quote is a paragraph of its own. Quotes inside a sentence with no cue (scare quotes, slogans,
signs) stay unattributed: a wrong speaker is worse than none.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from tidings.extract.attribution.context import Attribution
from tidings.extract.attribution.speakers import SpeakerResolution
from tidings.extract.attribution.vocabulary import (
    POINTING_BACK,
    POINTING_OBJECTS,
)
from tidings.extract.quotes import QuoteMark, find_quote_spans, looks_like_name
from tidings.extract.syntax import kids, sent


class DirectQuotes(SpeakerResolution):
    """Quotes in quotation marks and their speakers."""

    def _direct_quotes(self) -> list[Attribution]:
        marks = [m for m in find_quote_spans(self.text) if not looks_like_name(self.text, m.start, m.end)]
        self.quoted = [(m.start, m.end) for m in marks]
        out: list[Attribution] = []
        for mark in marks:
            tokens = self._tokens(mark.start, mark.end)
            if not tokens:
                continue
            first = next((t for t in tokens if not t.is_space), tokens[0])
            attribution = Attribution(mark.start, mark.end, self._kind(mark, first), sent(first), mark=mark)
            cue = self._cue_for_quote(mark, tokens)
            if cue is not None:
                attribution.cue = cue
                if not self._quotes_someone_else(cue, tokens):
                    self._set_speaker(attribution, self._source_token(cue), "cue")
            out.append(attribution)
        self._fill_from_context(out)
        self.quote_speakers = [(a.start, a.end, a.speaker) for a in out if a.speaker is not None]
        return out

    def _kind(self, mark: QuoteMark, first: Token) -> str:
        """Direct: a full sentence in quotation marks; partial: quoted words inside a sentence."""
        body = self.text[mark.start : mark.end].strip()
        if mark.continues_previous:
            return "direct"
        if not body[:1].isupper() and not body[:1].isdigit():
            return "partial"
        sentence = sent(first)
        before = self.text[sentence.start_char : mark.start - 1].rstrip()
        clause_start = not before or before[-1] in ":,;\u2014-" or before[-1] in "\u201d\"'"
        after = self.text[mark.end + 1 : sentence.end_char].strip()
        ends = body[-1:] in ".,!?;:\u2026\u2014-" or not after or after[:1] in ".!?"
        return "direct" if clause_start and ends else "partial"

    def _cue_for_quote(self, mark: QuoteMark, tokens: list[Token]) -> Token | None:
        inside = {t.i for t in tokens}
        # 1. up the tree from the quoted words: the quote is the content of the speech verb
        for token in tokens:
            for node in token.ancestors:
                if node.i in inside or self.in_quote(node):
                    continue
                if self.is_cue(node):
                    return node
        sentences = self._touched_sentences(tokens)
        frame = [t for s in sentences for t in s if t.i not in inside and not self.in_quote(t)]
        # 2. a cue attached to the quote ("“...,” Okonjo said"; "according to X, “...”")
        for token in frame:
            if token.head.i in inside and self.is_cue(token):
                return token
        # 3. a cue right beside the quote with no content of its own (a misparsed "she said")
        near = [t for t in frame if self.is_cue(t) and not self._has_own_content(t)]
        near = [t for t in near if min(abs(t.i - tokens[0].i), abs(t.i - tokens[-1].i)) <= 4]
        if near:
            return min(near, key=lambda t: min(abs(t.i - tokens[0].i), abs(t.i - tokens[-1].i)))
        # 4. the one speech verb of the sentence, for a full quotation ("“It's over,” was all
        # the coach would say")
        first = next((t for t in tokens if not t.is_space), tokens[0])
        if len(sentences) == 1 and self._kind(mark, first) == "direct":
            cues = [t for t in frame if self.is_cue(t) and t.lower_ != "according"]
            if len(cues) == 1 and not self._has_own_content(cues[0]):
                return cues[0]
        # 5. a speech noun in the frame ("issued a short statement: “...”")
        for token in frame:
            if self.is_speech_noun(token) and self._noun_source(token) is not None:
                return token
        return None

    def _touched_sentences(self, tokens: list[Token]) -> list[Span]:
        """The sentences the quote touches, and the next one when the parser split it from the
        quote ('“...?” | asked defence lawyer X' starts in lower case)."""
        seen: dict[int, Span] = {}
        for token in tokens:
            if not token.is_space:
                sentence = sent(token)
                seen.setdefault(sentence.start, sentence)
        last = list(seen.values())[-1] if seen else None
        if last is not None:
            nxt = self._neighbour_sentence(last, 1)
            if nxt is not None and nxt.text[:1].islower() and "\n" not in self.text[last.end_char : nxt.start_char]:
                seen.setdefault(nxt.start, nxt)
        return list(seen.values())

    def _has_own_content(self, cue: Token) -> bool:
        for child in kids(cue):
            if child.dep_ in ("ccomp", "xcomp") and not self.in_quote(child):
                return True
        return False

    def _quotes_someone_else(self, cue: Token, tokens: list[Token]) -> bool:
        """'dismissed the promised “green jobs” as a slogan': words a speaker rejects are not
        the speaker's own."""
        entry = self.speech_entry(cue) if cue.pos_ in ("VERB", "AUX") else None
        if entry is None or entry.kind != "deny":
            return False
        for token in tokens:
            node = token
            while node.head.i != node.i and node.head.i != cue.i:
                node = node.head
            if node.head.i == cue.i and node.dep_ in ("dobj", "nsubjpass"):
                return True
        return False

    def _standalone(self, attribution: Attribution) -> bool:
        """The quote is its whole sentence (nothing but punctuation outside the marks)."""
        sentence = attribution.sentence
        outside = self.text[sentence.start_char : max(sentence.start_char, attribution.start - 1)]
        outside += self.text[min(sentence.end_char, attribution.end + 1) : sentence.end_char]
        for start, end in self.quoted:  # split or consecutive quotes of the same sentence
            if start >= sentence.start_char and end <= sentence.end_char:
                outside = outside.replace(self.text[start:end], "")
        return not re.search(r"[^\W\d_]", outside)

    def _ends_sentence(self, attribution: Attribution) -> bool:
        tokens = self._tokens(attribution.start, attribution.end)
        sentence = sent(tokens[-1]) if tokens else attribution.sentence
        return not re.search(r"[^\W\d_]", self.text[attribution.end + 1 : sentence.end_char])

    def _fill_from_context(self, quotes: list[Attribution]) -> None:
        """Speakers for quotes with no cue of their own (see the module docstring)."""
        # Continuations, forwards and backwards: a long quote is one speaker's.
        for _ in range(2):
            for i, attribution in enumerate(quotes):
                if attribution.speaker is not None or attribution.mark is None:
                    continue
                if attribution.mark.continues_previous and i > 0 and quotes[i - 1].speaker is not None:
                    self._copy_speaker(attribution, quotes[i - 1], "continued")
                elif i + 1 < len(quotes) and quotes[i + 1].mark is not None and \
                        quotes[i + 1].mark.continues_previous and quotes[i + 1].speaker is not None:
                    self._copy_speaker(attribution, quotes[i + 1], "continued")
        for i, attribution in enumerate(quotes):
            if attribution.speaker is not None:
                continue
            if not self._standalone(attribution):
                # "Her message was simple: “Go home.” Governor X repeated it."
                if attribution.kind == "direct" and self._ends_sentence(attribution):
                    self._speaker_from_next_sentence(attribution)
                continue
            previous = quotes[i - 1] if i > 0 else None
            if previous is not None and previous.speaker is not None and \
                    self.paragraph_of(previous.start) == self.paragraph_of(attribution.start):
                self._copy_speaker(attribution, previous, "inherited")
                continue
            if self._speaker_from_next_sentence(attribution):
                continue
            if self._speaker_from_previous_sentence(attribution):
                continue
            self._speaker_from_previous_paragraph(attribution, previous)

    def _copy_speaker(self, attribution: Attribution, other: Attribution, how: str) -> None:
        attribution.speaker = other.speaker
        attribution.anonymous = other.anonymous
        attribution.how = how
        attribution.medium = attribution.medium or other.medium

    def _speaker_from_next_sentence(self, attribution: Attribution) -> bool:
        """'“...” Those were the words of X'; '“...” Governor X repeated it three times.'"""
        sentence = self._sentence_after(attribution)
        if sentence is None:
            return False
        words = [t for t in sentence if not t.is_punct and not t.is_space]
        points_back = bool(words) and words[0].lower_ in POINTING_BACK
        for token in sentence:
            if self.in_quote(token):
                return False  # it has a quote of its own
            if self.is_cue(token) and token.lower_ != "according":
                objects = [c for c in kids(token) if c.dep_ in ("dobj", "nsubjpass")]
                pointing = points_back or any(o.lower_ in POINTING_OBJECTS for o in objects)
                if pointing and self._set_speaker(attribution, self._source_token(token), "next sentence"):
                    attribution.cue = token
                    return True
            if points_back and token.lemma_.lower() in ("word", "message", "remark", "verdict", "warning"):
                for prep in kids(token):
                    if prep.dep_ == "prep" and prep.lower_ in ("of", "from"):
                        for pobj in kids(prep):
                            if pobj.dep_ == "pobj" and self._set_speaker(attribution, pobj, "next sentence"):
                                return True
        return False

    def _sentence_after(self, attribution: Attribution) -> Span | None:
        tokens = self._tokens(attribution.start, attribution.end)
        last = sent(tokens[-1]) if tokens else attribution.sentence
        nxt = self._neighbour_sentence(last, 1)
        if nxt is None:
            return None
        between = self.text[attribution.end + 1 : nxt.start_char]
        if between.count("\n") > 2:
            return None
        return nxt

    def _speaker_from_previous_sentence(self, attribution: Attribution) -> bool:
        """'X said the numbers were worrying. “Admissions have doubled.”' (same paragraph)."""
        previous = self._neighbour_sentence(attribution.sentence, -1)
        if previous is None or self.paragraph_of(previous.start_char) != self.paragraph_of(attribution.start):
            return False
        if any(self.in_quote(t) for t in previous):
            return False
        introduces = previous.text.rstrip().endswith(":")
        for token in previous:
            reports = self.is_cue(token) and (self._has_own_content(token) or introduces)
            if reports and self._set_speaker(attribution, self._source_token(token), "previous sentence"):
                return True
        return False

    def _speaker_from_previous_paragraph(self, attribution: Attribution, previous: Attribution | None) -> bool:
        """A quote that is a paragraph of its own continues the previous paragraph's speaker, or
        quotes the person its last sentence is about ('X was blunt ...\\n\\n“...”')."""
        paragraph = self.paragraph_of(attribution.start)
        start, end = self._paragraph_bounds(paragraph)
        if self.text[start:end].strip().strip("\"'\u201c\u201d\u2018\u2019") != \
                self.text[attribution.start : attribution.end].strip():
            return False
        if paragraph == 0:
            return False
        p_start, p_end = self._paragraph_bounds(paragraph - 1)
        if previous is not None and previous.speaker is not None and p_start <= previous.start < p_end:
            self._copy_speaker(attribution, previous, "previous paragraph")
            return True
        span = self.doc.char_span(p_start, p_end, alignment_mode="expand")
        if span is None:
            return False
        last = list(span.sents)[-1]
        if any(self.in_quote(t) for t in last):
            return False
        for token in last:
            if token.dep_ == "nsubj" and token.head == last.root:
                actor = self.actors.at(token)
                if actor is not None and actor.kind == "person":
                    attribution.speaker, attribution.speaker_token = actor, token
                    attribution.how = "previous paragraph"
                    return True
        return False
