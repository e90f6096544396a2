"""Datelines: the place (and sometimes the date) a wire story opens with.

    WASHINGTON, Aug. 8 (Reuters) - The Pentagon said ...
    OTTAWA — Canada's foreign minister ...
    KYIV, Ukraine (AP) — Russian drones ...
    SAN DIEGO, Calif., March 3, 2024 /PRNewswire/ -- ...
    Beirut (CNN) — Israeli jets ...

A dateline is read only at the very start of the article text (or of its first line after a
headline line): a place written in capitals, or in title case when an agency in parentheses
follows; then optionally a region (", Ukraine", ", Calif."), a date (", Aug. 8", ", 8 August
2025"), an agency ("(Reuters)", "/PRNewswire/"); then a dash. Anything else is not a dateline,
so an ordinary first sentence ("Police in Lagos said ...") is never taken for one.

The date is resolved with ``tidings.extract.dates`` against the publication date when there is
one; without one, only a date that names its year becomes the publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from tidings.extract.dates import date_for_clause
from tidings.records import Article

_CAPS_WORD = r"[A-Z][A-Z.'\u2019\-]+"
_TITLE_WORD = r"[A-Z][a-z\u00e0-\u00ff.'\u2019\-]+"
_MONTH = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
          r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)")
_DATE = (rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
         rf"|\d{{1,2}}\s+{_MONTH}(?:,?\s+\d{{4}})?"
         r"|\d{4}-\d{2}-\d{2})")
_AGENCY = r"(?:\((?P<agency>[A-Za-z][\w .&'-]{0,30})\)|/(?P<wire>[A-Za-z][\w .&'-]{0,30})/)"
_DASH = r"(?:\s*(?:\u2014|\u2013|--|-)\s*)"
_REGION = rf"(?:{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,2}}|{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,2}})"

_DATELINE = re.compile(
    rf"""^(?P<lead>\s*)
    (?P<place>{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,3}}|(?P<titled>{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,2}}))
    (?:,\s*(?P<region>{_REGION}))?
    (?:,?\s*(?P<date>{_DATE}))?
    (?:\s*{_AGENCY})?
    (?P<dash>{_DASH})""",
    re.VERBOSE,
)
# Words in capitals that open a story without being a place.
_NOT_PLACES = {"BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "ANALYSIS", "OPINION", "EDITORIAL",
               "WATCH", "LIVE", "FACTBOX", "EXPLAINER", "REVIEW", "URGENT", "CORRECTION", "NEWS",
               "PHOTOS", "VIDEO", "COMMENT", "INTERVIEW", "FEATURE", "WRAPUP", "RPT", "FOCUS"}
MAX_HEADLINE_CHARS = 200


@dataclass(frozen=True)
class Dateline:
    """What a dateline says. Offsets are into the article text (end exclusive)."""

    place: str  # as written, region included: "KYIV, Ukraine"
    start: int
    end: int
    date: dt.date | None = None  # resolved day, when the dateline names one
    date_text: str | None = None
    agency: str | None = None
    length: int = 0  # characters of the whole dateline, dash included

    @property
    def place_name(self) -> str:
        """The place in a form the gazetteer reads: "Kyiv, Ukraine", "San Diego, Calif."."""
        return _titlecase(self.place)


def _titlecase(text: str) -> str:
    def fix(word: str) -> str:
        if "." in word[:-1]:  # "D.C.", "N.Y.": abbreviations keep their capitals
            return word
        return word[:1] + word[1:].lower() if word.isupper() else word
    return " ".join(fix(w) for w in text.split(" "))


def read_dateline(text: str, published: dt.date | None = None) -> Dateline | None:
    """The dateline at the start of ``text`` (or of its second line, under a headline), or None."""
    found = _match(text, 0)
    if found is None:
        newline = text.find("\n", 0, MAX_HEADLINE_CHARS)
        if newline > 0:
            found = _match(text, newline + 1)
    if found is None:
        return None
    m, offset = found
    place = m.group("place")
    if place.upper() in _NOT_PLACES or len(place.replace(".", "")) < 2:
        return None
    agency = m.group("agency") or m.group("wire")
    if m.group("titled") and not agency:
        return None  # title case needs an agency to be a dateline ("Beirut (CNN) —")
    start = offset + m.start("place")
    end = offset + (m.end("region") if m.group("region") else m.end("place"))
    date_text = m.group("date")
    date = None
    if date_text:
        resolved = date_for_clause(date_text, published)
        if resolved is not None and resolved.precision == "day" and resolved.value:
            date = dt.date.fromisoformat(resolved.value)
    return Dateline(
        place=text[start:end],
        start=start,
        end=end,
        date=date,
        date_text=date_text,
        agency=agency,
        length=offset + m.end("dash"),
    )


def _match(text: str, offset: int) -> tuple[re.Match[str], int] | None:
    m = _DATELINE.match(text[offset:offset + MAX_HEADLINE_CHARS])
    return (m, offset) if m else None


def dated_by_dateline(article: Article, dateline: Dateline | None) -> Article:
    """The article with its publication date: its own, else its dateline's when the dateline
    names a full date ("NEW YORK, Aug. 8, 2025 --"). A dateline without a year cannot date an
    article that has no date: the article is returned as it is."""
    if article.published is not None or dateline is None or dateline.date is None:
        return article
    return replace(article, published=dateline.date)
