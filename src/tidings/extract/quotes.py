"""Quotation marks: where the quoted words are, and the public face of attribution.

Quote marks are paired per paragraph: straight and curly double quotes, and single quotes used
as the outer marks (British style); single quotes inside double ones are nested quotes and stay
part of the outer quote. A paragraph that ends inside a quote and a next paragraph that opens with
a quote mark continue the same quote (the newswire convention for long quotes); a paragraph that
ends inside a quote otherwise closes it there.

Not everything in quotation marks is a quote: titles and code names ("the documentary “Silent
Fields”", "an operation code-named “Northern Lantern”", "the “Safe Streets” bill") are names.
Scare quotes and slogans are quotes, but nobody in the article said them; attribution.py leaves
them unattributed.

``QuoteExtractor(doc, actors, lexicon, article_id).extract()`` returns every attribution of the
article as ``Quote`` records (direct, partial and indirect); the work is done in attribution.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from tidings.extract.actors import ActorIndex
from tidings.lexicons.events import EventLexicon
from tidings.records import Actor, Quote

DOUBLE_OPENERS = {"\u201c": "\u201d", "\u201e": "\u201d", "\u00ab": "\u00bb", '"': '"'}
SINGLE_OPENERS = {"\u2018": "\u2019", "'": "'"}
# Words before a quoted span that make it a name rather than someone's words.
NAMING_WORDS = {
    "called", "named", "dubbed", "titled", "entitled", "code-named", "codenamed", "nicknamed",
    "christened", "as", "film", "documentary", "book", "novel", "song", "album", "show", "series",
    "programme", "program", "play", "operation", "exhibition", "podcast", "magazine", "column",
    "newspaper", "opera", "musical", "painting", "poem", "hashtag", "codename",
}
# Nouns right after a quoted span that make it a name ("the “Safe Streets” bill").
NAMED_NOUNS = {
    "bill", "act", "law", "programme", "program", "plan", "campaign", "initiative", "project",
    "operation", "movement", "party", "policy", "strategy", "scheme", "doctrine", "summit",
    "treaty", "accord", "agreement", "festival", "tour", "rally", "conference", "award",
}
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass
class QuoteMark:
    start: int  # content start (after the opening mark)
    end: int  # content end (before the closing mark, or the end of its paragraph)
    paragraph: int  # 0-based index of the non-empty line it sits in
    continues_previous: bool = False  # opens a paragraph that continues the previous quote
    closed: bool = True  # False: the paragraph ended inside the quote


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line, in order."""
    out = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            out.append((match.start(), match.end()))
    return out


def find_quote_spans(text: str) -> list[QuoteMark]:
    """Every quoted stretch of ``text``, in order, paired per paragraph."""
    marks: list[QuoteMark] = []
    previous_open = False
    for number, (start, end) in enumerate(paragraphs(text)):
        found = _pair_paragraph(text, start, end, number)
        if found and previous_open:
            first = found[0]
            lead = text[start : first.start - 1]
            if not lead.strip():
                first.continues_previous = True
        previous_open = bool(found) and not found[-1].closed
        marks.extend(m for m in found if text[m.start : m.end].strip())
    return marks


def _pair_paragraph(text: str, start: int, end: int, number: int) -> list[QuoteMark]:
    out: list[QuoteMark] = []
    i = start
    while i < end:
        ch = text[i]
        if ch in DOUBLE_OPENERS and _double_opens(text, i, start):
            close = _find_double_close(text, i + 1, end, DOUBLE_OPENERS[ch])
            if close is None:
                out.append(QuoteMark(i + 1, _rstrip(text, i + 1, end), number, closed=False))
                return out
            out.append(QuoteMark(i + 1, close, number))
            i = close + 1
            continue
        if ch in SINGLE_OPENERS and _single_opens(text, i, start):
            close = _find_single_close(text, i + 1, end, SINGLE_OPENERS[ch])
            if close is not None and _plausible_single(text, i + 1, close):
                out.append(QuoteMark(i + 1, close, number))
                i = close + 1
                continue
        i += 1
    return out


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _double_opens(text: str, i: int, paragraph_start: int) -> bool:
    """A straight quote opens when it is not glued to the end of a word ('5\'10"' aside)."""
    if text[i] != '"':
        return True
    return i == paragraph_start or not text[i - 1].isalnum()


def _find_double_close(text: str, i: int, end: int, closer: str) -> int | None:
    for j in range(i, end):
        ch = text[j]
        if ch == closer or (closer == '"' and ch == "\u201d") or (closer == "\u201d" and ch == '"'):
            return j
    return None


def _single_opens(text: str, i: int, paragraph_start: int) -> bool:
    """An outer single quote opens at the start of a word, not inside one (it's, rock 'n' roll)."""
    before = text[i - 1] if i > paragraph_start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-") and after.isalnum()


def _find_single_close(text: str, i: int, end: int, closer: str) -> int | None:
    for j in range(i, end):
        if text[j] not in (closer, "'", "\u2019"):
            continue
        before = text[j - 1]
        after = text[j + 1] if j + 1 < end else " "
        if after.isalnum():
            continue  # an apostrophe inside a word: don't, O'Brien
        if before.isspace():
            continue
        return j
    return None


def _plausible_single(text: str, start: int, end: int) -> bool:
    """Single quotes pair with an apostrophe by accident ("the farmers' union ... the workers'")
    unless the content reads like a quote: it ends in punctuation or has several words."""
    content = text[start:end]
    if content[-1:] in ",.!?;:":
        return True
    return len(content.split()) >= 2 and len(content) <= 200 and "\u2019s " not in content


def looks_like_name(text: str, start: int, end: int) -> bool:
    """A title or code name in quotation marks: a short Title-Case phrase named as such."""
    content = text[start:end].strip()
    words = _WORD.findall(content)
    if not words or len(words) > 6 or content[-1:] in ".,!?;:":
        return False
    if not all(w[0].isupper() for w in words if len(w) > 3) or not words[0][0].isupper():
        return False
    before = re.findall(r"[\w-]+", text[max(0, start - 40) : start - 1].lower())
    after = re.findall(r"[\w-]+", text[end + 1 : end + 30].lower())
    if before and before[-1] in NAMING_WORDS:
        return True
    if len(before) >= 2 and before[-2:] == ["known", "as"]:
        return True
    return bool(after) and after[0] in NAMED_NOUNS


class QuoteExtractor:
    """Every attribution of one article: direct, partial and indirect quotes with speakers.

    ``outlet`` (the article's outlet, when known) starts each reporting chain.
    """

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

    def extract(self) -> list[Quote]:
        from tidings.extract.attribution import Attributor

        return Attributor(self.doc, self.actors, self.lex, self.article_id, self.outlet).quotes()


def tokens_in_quotes(doc: Doc, quotes: list[Quote]) -> dict[int, Actor]:
    """token index -> speaker, so that events inside a quotation are reported by its speaker.

    Only the words inside quotation marks: events in indirect speech find their reporter through
    the speech verb that governs them.
    """
    out: dict[int, Actor] = {}
    for quote in quotes:
        if quote.speaker is None or quote.kind == "indirect":
            continue
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is not None:
            for token in span:
                out[token.i] = quote.speaker
    return out
