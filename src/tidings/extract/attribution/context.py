"""What every attribution step needs to know about the article: positions and cues.

``ArticleContext`` holds the parsed article, its actors and lexicon, where its paragraphs and
sentences start, and which stretches are inside quotation marks; ``Attribution`` is one
attribution being built (turned into a ``records.Quote`` at the end).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from tidings.extract.actors import ActorIndex
from tidings.extract.attribution.vocabulary import (
    CLAUSE_ONLY_CUES,
    QUOTE_VERBS,
    SPEECH_NOUNS,
)
from tidings.extract.quotes import QuoteMark, paragraphs
from tidings.extract.syntax import doc_index, kids
from tidings.lexicons.actors import load_actor_lexicon
from tidings.lexicons.events import EventLexicon
from tidings.records import Actor


@dataclass
class Attribution:
    """One attribution being built; turned into a ``Quote`` at the end."""

    start: int  # content offsets
    end: int
    kind: str  # direct, partial, indirect
    sentence: Span
    cue: Token | None = None
    speaker: Actor | None = None
    speaker_token: Token | None = None
    anonymous: bool = False
    medium: str | None = None
    how: str = ""  # how the speaker was found: cue, continued, inherited, next sentence ...
    mark: QuoteMark | None = None
    chain: tuple[str, ...] = ()
    title: str | None = None

    @property
    def cue_text(self) -> str | None:
        if self.cue is None:
            return None
        if self.cue.lower_ == "according":
            return f"{self.cue.text} to"
        particles = [c.text for c in kids(self.cue) if c.dep_ == "prt"]
        return " ".join([self.cue.text, *particles])


class ArticleContext:
    """The parsed article, its actors and lexicon, and where things are in it."""

    def __init__(
        self,
        doc: Doc,
        actors: ActorIndex,
        lexicon: EventLexicon,
        article_id: str,
        outlet: str | None = None,
    ):
        self.doc = doc
        self.actors = actors
        self.lex = lexicon
        self.article_id = article_id
        self.outlet = outlet
        self.roles = load_actor_lexicon()
        self.text = doc_index(doc).text
        self.paragraph_starts = [s for s, _ in paragraphs(self.text)]
        self.sentences = list(doc.sents)
        self.sentence_starts = [s.start for s in self.sentences]
        # Token offsets for offset -> token lookups by bisection (read as one array: no Token
        # objects are built).
        self.token_starts = doc.to_array("IDX").tolist()
        self.quoted: list[tuple[int, int]] = []  # content spans of direct quotes
        self.unlisted: dict[int, Actor] = {}  # token i -> actor made for a speaker phrase
        self.quote_speakers: list[tuple[int, int, Actor]] = []  # direct quotes with speakers

    def paragraph_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.paragraph_starts, offset) - 1)

    def sentence_index(self, sentence: Span) -> int:
        return max(0, bisect.bisect_left(self.sentence_starts, sentence.start))

    def in_quote(self, token: Token) -> bool:
        return any(s - 1 <= token.idx < e + 1 for s, e in self.quoted)

    def _tokens(self, start: int, end: int) -> list[Token]:
        """The tokens overlapping [start, end) (doc.char_span(..., "expand") without its
        scan of the whole document)."""
        if end <= start:
            return []
        first = max(0, bisect.bisect_right(self.token_starts, start) - 1)
        last = bisect.bisect_left(self.token_starts, end)
        return [self.doc[i] for i in range(first, last)]

    def speech_entry(self, token: Token):
        particles = [c.lower_ for c in kids(token) if c.dep_ == "prt"]
        return self.lex.speech_verb(token.lemma_.lower(), particles)

    def is_cue(self, token: Token) -> bool:
        if token.lower_ == "according":
            return any(c.lower_ == "to" for c in kids(token))
        if token.pos_ not in ("VERB", "AUX"):
            return False
        lemma = token.lemma_.lower()
        if lemma in ("be", "have", "do"):
            return False
        if lemma in CLAUSE_ONLY_CUES:
            return any(c.dep_ == "ccomp" for c in kids(token))
        return self.speech_entry(token) is not None or lemma in QUOTE_VERBS

    def is_speech_noun(self, token: Token) -> bool:
        return token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in SPEECH_NOUNS

    def _neighbour_sentence(self, sentence: Span, step: int) -> Span | None:
        index = self.sentence_index(sentence) + step
        if 0 <= index < len(self.sentences):
            return self.sentences[index]
        return None

    def _paragraph_bounds(self, paragraph: int) -> tuple[int, int]:
        start = self.paragraph_starts[paragraph]
        end = self.text.find("\n", start)
        return start, len(self.text) if end < 0 else end


def span_of(tokens: Sequence[Token]) -> tuple[int, int]:
    words = [t for t in tokens if not t.is_space]
    words.sort(key=lambda t: t.i)
    while words and words[0].is_punct:
        words = words[1:]
    while words and words[-1].is_punct and words[-1].text not in ("\u201d", '"'):
        words = words[:-1]
    if not words:
        return 0, 0
    return words[0].idx, words[-1].idx + len(words[-1].text)
