"""The attribution pass over one article, and its records.

``Attributor(doc, actors, lexicon, article_id, outlet).quotes()`` returns the article's quotes
(direct, partial and indirect) as ``records.Quote``, each with its cue, content and speaker spans,
speaker, anonymity, medium, reporting chain and the speaker's fullest description in the article.
"""

from __future__ import annotations

import hashlib

from tidings.extract.attribution.chains import ReportingChains
from tidings.extract.attribution.context import Attribution
from tidings.extract.attribution.direct import DirectQuotes
from tidings.extract.attribution.indirect import IndirectSpeech
from tidings.extract.attribution.medium import MediumFinder
from tidings.extract.syntax import kids
from tidings.records import Actor, Quote
from tidings.records import Span as TextSpan


class Attributor(DirectQuotes, IndirectSpeech, MediumFinder, ReportingChains):
    """Attributions of one parsed article: direct, partial and indirect quotes with speakers."""

    def attributions(self) -> list[Attribution]:
        direct = self._direct_quotes()
        indirect = self._indirect_speech(direct)
        found = sorted(direct + indirect, key=lambda a: (a.start, a.kind != "indirect"))
        self._media(found)
        self._chains(found)
        for attribution in found:
            if attribution.speaker is not None:
                attribution.title = self._title(attribution.speaker)
        return found

    def quotes(self) -> list[Quote]:
        return [self._record(a) for a in self.attributions()]

    def _title(self, actor: Actor) -> str | None:
        """The fullest description of the speaker in the article: an apposition ('the director
        of ... at the International Crisis Group') or a title before the name ('Mexican
        President')."""
        best: str | None = None
        for mention in actor.mentions:
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            head = span[-1]
            for appos in kids(head):
                if appos.dep_ == "appos" and not self.in_quote(appos):
                    words = [t for t in appos.subtree if not t.is_punct or t.text in ("-", "'")]
                    while words and words[0].lower_ in ("the", "a", "an"):
                        words = words[1:]
                    if words:
                        phrase = self.text[words[0].idx : words[-1].idx + len(words[-1].text)]
                        if best is None or len(phrase) > len(best):
                            best = phrase
            if best is None:
                left = [t for t in head.subtree if t.i < span.start and t.dep_ in ("compound", "amod", "nmod")]
                if left:
                    phrase = self.text[left[0].idx : span.start_char].strip()
                    if phrase:
                        best = phrase
        return best

    def _record(self, a: Attribution) -> Quote:
        if a.kind == "indirect":
            key = f"{self.article_id}:indirect:{a.start}:{a.cue.i if a.cue is not None else ''}"
        else:
            key = f"{self.article_id}:{a.start}"  # the id direct quotes always had
        speaker_span = None
        if a.speaker_token is not None:
            token = a.speaker_token
            if a.speaker is not None and token.i in self.unlisted:
                mention = a.speaker.mentions[0]
                speaker_span = TextSpan(mention.start, mention.end, mention.text)
            else:
                speaker_span = TextSpan(token.idx, token.idx + len(token.text), token.text)
        cue_span = None
        if a.cue is not None:
            text = a.cue_text or a.cue.text
            cue_span = TextSpan(a.cue.idx, a.cue.idx + len(text), text) if \
                self.text[a.cue.idx : a.cue.idx + len(text)] == text else \
                TextSpan(a.cue.idx, a.cue.idx + len(a.cue.text), a.cue.text)
        return Quote(
            id=hashlib.sha1(key.encode()).hexdigest()[:16],
            article_id=self.article_id,
            speaker=a.speaker,
            text=self.text[a.start : a.end],
            cue=a.cue_text,
            start=a.start,
            end=a.end,
            sentence=self.sentence_index(a.sentence),
            kind=a.kind,
            medium=a.medium if a.speaker is not None else None,
            speaker_span=speaker_span,
            cue_span=cue_span,
            anonymous=a.anonymous,
            reporting_chain=a.chain,
            speaker_title=a.title,
        )
