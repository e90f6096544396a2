"""Direct and partial quotes, and who said them.

Quote marks are paired per paragraph (straight and curly; single quotes inside double ones are
nested and left alone); a paragraph that ends inside a quote and a next paragraph that opens
with a quote mark continue the same quote, the newswire convention for long quotes.

The speaker comes from the speech verb that governs the quote ("she told reporters", "commented
Renata Segura", "Brooks added"), found first up the dependency tree from the quoted words, then
in the sentences the quote touches; quotes with no cue of their own inherit the speaker of the
quote beside them in the same paragraph or of the quote they continue. Quotes with no speaker
anywhere stay unattributed: a wrong speaker is worse than none.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from tidings.extract.actors import ActorIndex
from tidings.lexicons.events import EventLexicon
from tidings.records import Actor, Quote
from tidings.records import Span as TextSpan

OPENERS = {"\u201c": "\u201d", '"': '"', "\u201e": "\u201d", "\u00ab": "\u00bb"}
CLOSERS = {"\u201d", '"', "\u00bb"}
MEDIA_WORDS = (
    "news conference", "press conference", "briefing", "interview", "statement", "speech",
    "press release", "op-ed", "column", "post", "tweet", "podcast", "television", "radio",
    "analysis", "piece", "article", "report", "letter", "hearing", "testimony", "rally",
)


@dataclass
class QuoteMark:
    start: int  # content start (after the opening mark)
    end: int  # content end (before the closing mark)
    paragraph: int
    continues_previous: bool = False


def find_quote_spans(text: str) -> list[QuoteMark]:
    spans: list[QuoteMark] = []
    offset = 0
    open_at: int | None = None
    carried = False
    for number, paragraph in enumerate(re.split(r"(\n)", text)):
        if paragraph == "\n":
            offset += 1
            continue
        stripped = paragraph.lstrip()
        lead = len(paragraph) - len(stripped)
        if open_at is not None:
            # The previous paragraph ended inside a quote: close it there, and continue it only
            # when this paragraph opens with a quote mark (the newswire convention).
            spans.append(QuoteMark(open_at, offset - 1, number - 2, carried))
            carried = bool(stripped) and stripped[0] in OPENERS
            open_at = None
        elif stripped:
            carried = False
        if not stripped:
            offset += len(paragraph)
            continue
        closer: str | None = None
        for i, ch in enumerate(paragraph):
            absolute = offset + i
            if open_at is None and ch in OPENERS and _opens(paragraph, i):
                open_at = absolute + 1
                closer = OPENERS[ch]
                continue
            if open_at is not None and (ch == closer or (closer == '"' and ch in CLOSERS)):
                spans.append(QuoteMark(open_at, absolute, number, carried and i <= lead + 1 or _is_continuation(spans, open_at, carried)))
                carried = False
                open_at = None
                closer = None
        offset += len(paragraph)
    if open_at is not None:
        spans.append(QuoteMark(open_at, len(text), number, carried))
    return [s for s in spans if text[s.start : s.end].strip()]


def _opens(paragraph: str, i: int) -> bool:
    """A straight quote opens when it is not glued to the end of a word ("5'10\"" aside)."""
    if paragraph[i] != '"':
        return True
    return i == 0 or not paragraph[i - 1].isalnum()


def _is_continuation(spans: list[QuoteMark], open_at: int, carried: bool) -> bool:
    return carried and bool(spans) and spans[-1].continues_previous is not None and False


class QuoteExtractor:
    def __init__(self, doc: Doc, actors: ActorIndex, lexicon: EventLexicon, article_id: str):
        self.doc = doc
        self.actors = actors
        self.lex = lexicon
        self.article_id = article_id

    def _speech_cue(self, token: Token) -> bool:
        particles = [c.lower_ for c in token.children if c.dep_ == "prt"]
        return token.pos_ in ("VERB", "AUX") and self.lex.speech_verb(token.lemma_.lower(), particles) is not None

    def _speaker_for_cue(self, cue: Token, inside: range) -> tuple[Actor | None, Token | None]:
        for child in cue.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.idx not in inside:
                return self.actors.at(child) or self.actors.in_phrase(child), child
        # "according to X"
        if cue.lower_ == "according":
            for to in cue.children:
                for pobj in to.children:
                    if pobj.dep_ == "pobj":
                        return self.actors.at(pobj), pobj
        return None, None

    def _cue_by_tree(self, content: Span, inside: range) -> Token | None:
        """Up the tree from the quoted words to the first speech verb outside the quote."""
        for token in content:
            head = token.head
            if head.idx in inside or head is token:
                continue
            for node in [head, *head.ancestors]:
                if node.idx in inside:
                    continue
                if self._speech_cue(node):
                    return node
        return None

    def _cue_in_sentences(self, content: Span, inside: range) -> Token | None:
        sentences = {t.sent.start: t.sent for t in content if not t.is_space}
        if content.start > 0:
            before = self.doc[content.start - 1].sent
            sentences.setdefault(before.start, before)
        for sentence in sentences.values():
            for token in sentence:
                if token.idx in inside or not self._speech_cue(token):
                    continue
                actor, _ = self._speaker_for_cue(token, inside)
                if actor is not None:
                    return token
        return None

    def _medium(self, cue: Token) -> str | None:
        for child in cue.children:
            if child.dep_ != "prep":
                continue
            for pobj in child.children:
                phrase = " ".join(t.text for t in pobj.subtree)
                if pobj.text in self.actors._media:
                    return pobj.text
                lowered = phrase.lower()
                for word in MEDIA_WORDS:
                    if word in lowered:
                        return phrase
        return None

    def extract(self) -> list[Quote]:
        text = self.doc.text
        quotes: list[Quote] = []
        previous: Quote | None = None
        for mark in find_quote_spans(text):
            content = self.doc.char_span(mark.start, mark.end, alignment_mode="expand")
            if content is None or not len(content):
                continue
            inside = range(mark.start - 1, mark.end + 1)
            cue = self._cue_by_tree(content, inside) or self._cue_in_sentences(content, inside)
            speaker: Actor | None = None
            speaker_token: Token | None = None
            if cue is not None:
                speaker, speaker_token = self._speaker_for_cue(cue, inside)
            if speaker is None and previous is not None and previous.speaker is not None:
                same_paragraph = "\n" not in text[previous.end : mark.start]
                if same_paragraph or mark.continues_previous:
                    speaker = previous.speaker
                    cue = None
            sentence = content[0].sent
            sentence_index = _sentence_index(self.doc, sentence)
            body = text[mark.start : mark.end]
            kind = "partial" if body[:1].islower() and len(body) < len(sentence.text) else "direct"
            quote = Quote(
                id=hashlib.sha1(f"{self.article_id}:{mark.start}".encode()).hexdigest()[:16],
                article_id=self.article_id,
                speaker=speaker,
                text=body,
                cue=cue.text if cue is not None else (previous.cue if speaker is not None and previous else None),
                start=mark.start,
                end=mark.end,
                sentence=sentence_index,
                kind=kind,
                medium=self._medium(cue) if cue is not None else (previous.medium if speaker is not None and previous else None),
                speaker_span=TextSpan(speaker_token.idx, speaker_token.idx + len(speaker_token.text), speaker_token.text)
                if speaker_token is not None
                else None,
            )
            quotes.append(quote)
            previous = quote
        return quotes


def _sentence_index(doc: Doc, sentence: Span) -> int:
    starts = doc.user_data.setdefault("tidings_sentence_starts", {s.start: n for n, s in enumerate(doc.sents)})
    return starts.get(sentence.start, 0)


def tokens_in_quotes(doc: Doc, quotes: list[Quote]) -> dict[int, Actor]:
    """token index -> speaker, so events inside a quote are reported by its speaker."""
    out: dict[int, Actor] = {}
    for quote in quotes:
        if quote.speaker is None:
            continue
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is not None:
            for token in span:
                out[token.i] = quote.speaker
    return out
