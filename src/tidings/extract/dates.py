"""Event dates: spot temporal expressions in a clause and resolve them against the publication date.

GDELT dates nearly every event to the day it crawled the article. tidings reads the date of each
event from its own clause ("on Friday", "last week", "in March 2024") relative to the article's
publication date (the *anchor*), and says how precise it is.

Everything here is pure Python (regular expressions and date arithmetic), with no spaCy, so that
the event coder can call it per clause:

- :func:`find_time_expressions` spots temporal expressions in a sentence or clause;
- :func:`normalise` turns one into a TimeML ``value`` (``2025-08-08``, ``2025-W32``, ``2025-08``,
  ``2025``, ``2025-Q3``, ``2025-SU``, ``199`` for the 1990s, ``FY2025``, ``PAST_REF`` ...);
- :func:`resolve` gives the :class:`~tidings.records.EventDate` (value and precision) for it;
- :func:`date_for_clause` picks the most specific expression of a clause and resolves it;
- :func:`timexes_in` runs over a whole text, guessing each clause's tense and carrying a
  reference date for anaphora ("the same day", "the previous day").

Newswire conventions: a weekday equal to the anchor's weekday is the anchor day itself; other
weekdays are the most recent past one unless the clause is in the future tense. Month names
without a year are the nearest such month in the past (or the next one in the future tense).
dateparser is used only as a last resort, for strings these rules do not recognise.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from tidings.records import EventDate

__all__ = [
    "FUTURE",
    "PAST",
    "PRESENT",
    "Focus",
    "TimeExpression",
    "Timex",
    "clause_bounds",
    "date_for_clause",
    "expression_at",
    "find_time_expressions",
    "guess_tense",
    "normalise",
    "precision_of",
    "resolve",
    "tense_at",
    "timexes_in",
]

PAST, PRESENT, FUTURE = "past", "present", "future"
PAST_REF, PRESENT_REF, FUTURE_REF = "PAST_REF", "PRESENT_REF", "FUTURE_REF"


# ---------------------------------------------------------------------------------------------
# Types
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeExpression:
    """A temporal expression found in a text (offsets relative to that text, end exclusive).

    ``kind`` names the rule family that found it ("weekday", "month_day", "relative", ...);
    ``parts`` holds the pieces the rule captured, as ``(name, text)`` pairs; ``prep`` is the
    preposition just before it ("on", "since", "until"), which is not part of the span.
    """

    start: int
    end: int
    text: str
    kind: str
    parts: tuple[tuple[str, str], ...] = ()
    prep: str | None = None

    def part(self, name: str) -> str | None:
        for key, value in self.parts:
            if key == name:
                return value
        return None

    @property
    def phrase(self) -> str:
        """The expression with its preposition ("on Friday")."""
        return f"{self.prep} {self.text}" if self.prep else self.text


@dataclass(frozen=True)
class Timex:
    """A normalised temporal expression.

    ``value`` is a TimeML TIMEX3 value: ``2025-08-08`` (possibly with a part of day,
    ``2025-08-08TNI``), ``2025-W32`` (``2025-W32-WE`` for a weekend), ``2025-08``, ``2025``,
    ``2025-Q3``, ``2025-H1``, ``2025-SU``, ``FY2025``, a decade ``199`` or century ``19``, or one of
    ``PAST_REF``, ``PRESENT_REF``, ``FUTURE_REF``; None when it could not be resolved.
    ``anaphoric`` marks values read from the reference date rather than the anchor.
    """

    value: str | None
    precision: str
    text: str
    kind: str
    anaphoric: bool = False


# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}  # fmt: skip
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
    "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "twenty-first": 21, "twenty first": 21, "twenty-second": 22,
}  # fmt: skip
DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip
PARTS_OF_DAY = {
    "morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI", "overnight": "TNI",
    "tonight": "TNI",
}  # fmt: skip
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
SEASON_ORDER = ("SP", "SU", "FA", "WI")
# Fixed-date holidays only (movable feasts and national days are left to the caller).
HOLIDAYS = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's": (1, 1), "new year's eve": (12, 31),
    "halloween": (10, 31), "valentine's day": (2, 14), "boxing day": (12, 26),
}  # fmt: skip

# Relative words: (offset, from the reference date rather than the anchor)
REL_OFFSETS = {
    "last": (-1, False), "past": (-1, False), "this past": (-1, False),
    "previous": (-1, True), "prior": (-1, True), "preceding": (-1, True),
    "this": (0, False), "current": (0, False), "present": (0, False), "the": (0, False),
    "same": (0, True), "that": (0, True), "that same": (0, True),
    "next": (1, False), "coming": (1, False), "this coming": (1, False),
    "following": (1, True), "subsequent": (1, True),
    "before": (-1, True), "earlier": (-1, True),
    "entire": (0, True), "whole": (0, True), "full": (0, True),
}  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------------------------

_MON_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_MON_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
_MON = rf"(?:{_MON_FULL}\b|{_MON_ABBR}\.)"  # alone: abbreviations need their full stop
_MON_D = rf"(?:{_MON_FULL}\b|{_MON_ABBR}(?:\.|\b))"  # before a day number
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w:]|[.,]\d)"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)(?!\w|[.,]\d)"
_WD = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"
_TOD = r"(?i:morning|afternoon|evening|night|overnight)"
_YREL = (
    r"(?i:(?:this|last|next|the\s+(?:current|previous|prior|past|last|following|next|same|coming))"
    r"\s+year|the\s+year)"
)
_NUMW = (
    r"\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|a\s+hundred"
)
_ORD = r"first|second|third|fourth|final|last|1st|2nd|3rd|4th"
_PART = r"the\s+(?:very\s+)?(?:beginning|start|end|middle|close|rest|remainder|bulk)\s+of"


def _p(pattern: str) -> re.Pattern[str]:
    # an expression never runs over a line break (headline, date line, paragraphs)
    return re.compile(pattern.replace(r"[\s-]", r"[ \t\u00a0-]").replace(r"\s", r"[ \t\u00a0]"))


# (kind, pattern). Matches are merged leftmost-longest, so overlapping forms may coexist.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "iso",
        _p(r"\b(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])\b(?!-\d)"),
    ),
    (
        "iso",
        _p(r"\b(?P<year>\d{4})/(?P<month>0?[1-9]|1[0-2])/(?P<day>0?[1-9]|[12]\d|3[01])\b(?!/)"),
    ),
    ("iso_week", _p(r"\b(?P<year>\d{4})-?W(?P<week>0[1-9]|[1-4]\d|5[0-3])\b")),
    (
        "numeric",
        _p(r"(?<![\d/.])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>\d{4}|\d{2})(?![\d/])"),
    ),
    (
        "month_day",
        _p(
            rf"(?:(?P<wd>{_WD}),?\s+)?(?P<mon>{_MON_D})\s*(?:(?i:the)\s+)?(?P<day>{_DAY})"
            rf"(?:(?:\s*,\s*|\s+)(?P<year>{_YEAR}))?"
        ),
    ),
    (
        "month_day",
        _p(
            rf"(?:(?P<wd>{_WD}),?\s+)?(?<![\w$£€#.,])(?:(?i:the)\s+)?(?P<day>{_DAY})\s+"
            rf"(?:(?i:of)\s+)?(?P<mon>{_MON_D})(?:\s*,?\s*(?P<year>{_YEAR}))?"
        ),
    ),
    ("month_year", _p(rf"(?P<mon>{_MON_D})\s*,?\s*(?:(?i:of)\s+)?(?P<year>{_YEAR})")),
    ("month_year", _p(rf"(?P<mon>{_MON_D})\s+(?:(?i:of)\s+)?(?P<yrel>{_YREL})\b")),
    (
        "month_part",
        _p(
            rf"(?P<part>(?i:early|mid|late|{_PART}))[\s-]*(?P<mon>{_MON})"
            rf"(?:\s*,?\s*(?:(?i:of)\s+)?(?P<year>{_YEAR}))?"
        ),
    ),
    (
        "month_week",
        _p(
            rf"(?i:the\s+(?P<ord>first|second|third|fourth|last|final)\s+week\s+of)\s+"
            rf"(?P<mon>{_MON})(?:\s*,?\s*(?P<year>{_YEAR}))?"
        ),
    ),
    ("month", _p(rf"(?:(?P<rel>(?i:last|next|this|past|coming|previous))\s+)?(?P<mon>{_MON})")),
    ("year_part", _p(rf"(?P<part>(?i:early|mid|late|{_PART}))[\s-]*(?P<year>{_YEAR})")),
    ("fiscal", _p(rf"(?i:fiscal(?:\s+year)?|FY)\s*['’]?(?P<fy>{_YEAR}|\d\d\b)")),
    (
        "fiscal_rel",
        _p(
            r"(?i:(?:(?P<rel>this|last|next|the\s+(?:current|previous|past|last|next|coming))"
            r"|the)\s+(?:fiscal|financial)\s+year)\b"
        ),
    ),
    ("year", _p(rf"(?<![\w$£€#/.,'’-])(?P<year>{_YEAR})")),
    ("short_year", _p(r"(?<![\w'’])['’](?P<yy>\d\d)\b(?!['’]?s\b)")),
    (
        "decade",
        _p(
            r"(?:(?i:the)\s+)?(?:(?P<part>(?i:early|mid|late))[\s-]+)?"
            r"(?:(?P<c4>1[6-9]\d0|20\d0)['’]?s|['’](?P<c2a>\d0)s|(?<![\w$£€#.,])(?P<c2>\d0)['’]?s)\b"
        ),
    ),
    (
        "decade",
        _p(
            r"(?i:the\s+(?:(?P<part>early|mid|late)[\s-]+)?(?:nineteen[\s-]+)?"
            r"(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b"
        ),
    ),
    (
        "century",
        _p(
            r"(?i:the\s+(?:(?P<part>early|mid|late)[\s-]+)?(?P<ord>\d{1,2}(?:st|nd|rd|th)|"
            r"eighteenth|nineteenth|twentieth|twenty[\s-]first|twenty[\s-]second)[\s-]+century)\b"
        ),
    ),
    (
        "quarter",
        _p(
            rf"(?i:(?:the\s+)?(?P<ord>{_ORD})[\s-]+quarter)\b(?:\s+(?i:of|in)\s+(?:(?i:fiscal\s+)?"
            rf"(?P<year>{_YEAR})|(?P<yrel>{_YREL})\b|(?P<fy>(?i:the\s+(?:fiscal|financial)\s+year))))?"
        ),
    ),
    ("quarter", _p(rf"\bQ(?P<q>[1-4])\b(?:\s+(?P<year>{_YEAR}))?")),
    (
        "quarter",
        _p(
            r"(?i:(?:the\s+)?(?P<rel>last|this|next|previous|past|current|coming|following|same)"
            r"\s+quarter)\b"
        ),
    ),
    (
        "half",
        _p(
            rf"(?i:(?:the\s+)?(?P<ord>first|second|latter|1st|2nd)(?P<hy>-|\s+)half)\b"
            rf"(?:\s+(?i:of|in)\s+(?:(?P<year>{_YEAR})|(?P<yrel>{_YREL})\b))?"
        ),
    ),
    (
        "season",
        _p(
            r"(?:(?P<rel>(?i:last|this|next|past|coming|early|late|mid))[\s-]+)?"
            rf"(?P<season>(?i:spring|summer|autumn|fall|winter))\b"
            rf"(?:\s+(?:(?i:of)\s+)?(?P<year>{_YEAR}))?"
        ),
    ),
    (
        "deictic",
        _p(
            r"(?i:(?:(?P<mod>earlier|later|early|late)\s+)?\b(?P<word>today|tonight|yesterday|tomorrow)\b"
            rf"(?:\s+(?P<tod>{_TOD}))?)\b"
        ),
    ),
    ("deictic", _p(r"(?i:\b(?P<rel>this|last)\s+(?P<tod>morning|afternoon|evening|night))\b")),
    ("deictic", _p(r"(?i:\bthe\s+day\s+(?P<dir>before|after)\s+(?P<word>yesterday|tomorrow))\b")),
    (
        "weekday",
        _p(
            rf"(?:(?P<rel>(?i:last|next|this|past|coming|previous|early|late))\s+)?(?P<wd>{_WD})"
            rf"(?:['’]s)?(?:\s+(?P<tod>{_TOD})\b)?"
        ),
    ),
    (
        "relative",
        _p(
            rf"(?i:(?:(?P<part>{_PART}|the\s+(?:first|second|latter|early|later)\s+(?:half|part)\s+of)"
            r"\s+)?(?:(?P<mod>earlier|later|early|late)\s+)?(?:the\s+)?"
            r"(?P<rel>this\s+past|this\s+coming|that\s+same|last|this|next|past|previous|prior|"
            r"preceding|coming|current|present|following|subsequent|same|that)\s+"
            r"(?P<unit>week|weekend|month|year|decade|century|quarter))\b"
        ),
    ),
    (
        "relative",
        _p(
            rf"(?i:(?P<part>{_PART}|the\s+(?:first|second|latter|early|later)\s+(?:half|part)\s+of)"
            r"\s+(?P<rel>the)\s+(?P<unit>day|week|weekend|month|year|decade))\b"
        ),
    ),
    ("relative", _p(r"(?i:\b(?P<rel>the)\s+(?P<unit>weekend))\b")),
    (
        "relative",
        _p(
            r"(?i:\bthe\s+(?P<unit>week|month|quarter|year)\s+(?P<rel>previous|before|earlier|prior))\b"
        ),
    ),
    (
        "relative",
        _p(r"(?i:\bthe\s+(?P<rel>entire|whole|full)\s+(?P<unit>week|month|quarter|year))\b"),
    ),
    (
        "same_period",
        _p(
            r"(?i:\bthe\s+same\s+(?P<unit>period|time|day|week|month|quarter|season|year)\s+"
            r"(?:of\s+)?(?P<shift>last\s+year|a\s+year\s+(?:ago|earlier|before|later)|one\s+year\s+"
            r"(?:ago|earlier|before|later)|the\s+(?:previous|prior|preceding|last|following)\s+year|"
            r"the\s+year\s+(?:before|after)|next\s+year))\b"
        ),
    ),
    (
        "ago",
        _p(
            rf"(?i:\b(?P<num>{_NUMW}|a\s+few|a\s+couple\s+of|a\s+couple|several|some|many|few|a|an)"
            r"[\s-]+(?P<unit>days?|weeks?|months?|years?|decades?|centuries|century|hours?|minutes?)"
            r"\s+(?P<dir>ago|earlier|before|later|after|from\s+now|hence|back))\b"
        ),
    ),
    (
        "past_ref",
        _p(
            r"(?i:\b(?:(?:more|most|until|only|very|quite)\s+)?recently|\blately|"
            r"\bin\s+recent\s+(?:days|weeks|months|years|times|history|memory|decades)|"
            r"\bin\s+recent\s+(?:[A-Z][\w.]*\s+)?(?:history|memory)|"
            r"\brecent(?![-\w])|"
            r"\bthe\s+past(?![\s-]+(?:\w+[\s-]+)?(?:days?|weeks?|months?|years?|decades?|hours?|"
            r"centuries|century|quarters?)\b)|\bin\s+the\s+old\s+days)\b"
        ),
    ),
    (
        "present_ref",
        _p(
            r"(?i:\bcurrently|\bat\s+present|\bpresently|\bnowadays|\bthese\s+days|"
            r"\bat\s+the\s+moment|\b(?:for\s+)?the\s+time\s+being|\bright\s+now|"
            r"\b(?:as\s+of|for|until|up\s+to|by)\s+now)\b"
        ),
    ),
    (
        "future_ref",
        _p(
            r"(?i:\b(?:(?:very|fairly|quite|as)\s+)?soon(?![-\w]|\s+(?:after|as|afterwards|thereafter))|"
            r"\b(?:in\s+)?the\s+(?:near\s+|distant\s+|foreseeable\s+|not\s+too\s+distant\s+)?future|"
            r"\b(?:in\s+)?the\s+coming\s+(?:days|weeks|months|years|decades)|"
            r"\b(?:in\s+)?the\s+(?:long|short|near|medium)\s+term|\bin\s+the\s+years\s+to\s+come|"
            r"\bin\s+the\s+next\s+few\s+(?:days|weeks|months|years))\b"
        ),
    ),
    (
        "anaphoric",
        _p(
            r"(?i:\b(?P<which>the\s+same\s+day|that\s+same\s+day|that\s+day|the\s+day\s+before|"
            r"the\s+previous\s+day|the\s+prior\s+day|the\s+next\s+day|the\s+following\s+day|"
            r"the\s+day\s+after))\b"
        ),
    ),
    (
        "the_day",
        _p(
            r"(?i:\b(?:(?:earlier|later|late|early)\s+in|(?:end|ended|ending|ends|finish|finished|"
            r"finishing|finishes|close|closed|closing|closes|start|started|starting|starts|open|opened"
            r"|opening|opens|for|during))\s+(?P<span>the\s+day)\b)"
        ),
    ),
    (
        "holiday",
        _p(
            r"\b(?P<hol>Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]s(?:\s+(?:Day|Eve))?|Halloween|"
            r"Valentine['’]s\s+Day|Boxing\s+Day)(?!\s+(?:Island|Islands|tree|trees|card|cards|"
            r"Carol|carols?|Honours)\b)"
        ),
    ),
]

_MONTH_GATE = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Cheap substring tests (on the lower-cased text; "#" = any digit) that a rule needs to match at
# all: most clauses skip most rules without running their regular expression.
_GATES: dict[str, tuple[str, ...]] = {
    "iso": ("#",),
    "iso_week": ("#",),
    "numeric": ("/",),
    "month_day": _MONTH_GATE,
    "month_year": _MONTH_GATE,
    "month_part": _MONTH_GATE,
    "month_week": _MONTH_GATE,
    "month": _MONTH_GATE,
    "year_part": ("#",),
    "fiscal": ("fiscal", "fy"),
    "fiscal_rel": ("fiscal", "financial"),
    "year": ("#",),
    "short_year": ("'", "’"),
    "decade": ("0s", "0's", "0’s", "ties"),
    "century": ("century",),
    "quarter": ("quarter", "q1", "q2", "q3", "q4"),
    "half": ("half",),
    "season": ("spring", "summer", "autumn", "fall", "winter"),
    "deictic": (
        "today", "tonight", "yesterday", "tomorrow", "morning", "afternoon", "evening", "night",
    ),
    "weekday": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "relative": ("week", "month", "year", "decade", "century", "quarter", "day"),
    "same_period": ("same",),
    "ago": ("ago", "earlier", "before", "later", "after", "now", "hence", "back"),
    "past_ref": ("recent", "lately", "past", "old days"),
    "present_ref": ("current", "present", "nowadays", "these days", "moment", "being", "now"),
    "future_ref": ("soon", "future", "coming", "term", "to come", "next few"),
    "anaphoric": ("day",),
    "the_day": ("the day",),
    "holiday": ("christmas", "new year", "halloween", "valentine", "boxing day"),
}  # fmt: skip

_PREP_RE = re.compile(
    r"(?i:\b(as\s+of|as\s+early\s+as|as\s+late\s+as|no\s+later\s+than|up\s+to|on|in|at|during|"
    r"since|by|until|till|til|before|after|from|through|throughout|between|to|of|for|within|"
    r"over|around|about|starting|beginning|ending|from)\s+$)"
)
_HOLIDAY_WEEKDAY = re.compile(
    r"(?:Black|Cyber|Good|Ash|Easter|Holy|Palm|Maundy|Super|Bloody|Blue|Giving|Shrove|Whit|Low|"
    r"Clean|Great|Fat|Plough|Mothering|Trinity)\s+$"
)
_YEAR_UNIT_AFTER = re.compile(
    r"\s*(?:%|percent\b|per\s*cent\b|points?\b|pts\b|jobs\b|people\b|persons\b|workers\b|"
    r"employees\b|staff\b|units\b|cars\b|vehicles\b|planes\b|aircraft\b|shares\b|dollars\b|euros\b|"
    r"pounds\b|yen\b|yuan\b|rupees\b|tonnes\b|tons\b|barrels\b|km\b|kilomet(?:re|er)s\b|miles\b|"
    r"met(?:re|er)s\b|feet\b|ft\b|troops\b|soldiers\b|police\b|officers\b|members\b|residents\b|"
    r"votes\b|seats\b|deaths\b|dead\b|killed\b|injured\b|cases\b|times\b|hours\b|hrs\b|"
    r"GMT\b|UTC\b|EST\b|EDT\b|BST\b|CET\b|h\b|million\b|billion\b|thousand\b|m\b|bn\b|kg\b|lbs?\b|"
    r"mph\b|°|degrees\b|[xX]\b|to\s+\d|and\s+\d{1,3}\b(?!\d))",
)
_YEAR_BEFORE_BAD = re.compile(
    r"(?:[$£€¥#]|US\$|No\.|\bnumber|\bNos?\.|\bRoute|\bHighway|\bFlight|\bflight|\bmodel|"
    r"\bpage|\bp\.|\bpp\.|\bRoom|\broom|\bSuite|\bsuite|\bcode|\bversion|\bv\.)\s*$"
)
_POSSESSIVE_BEFORE = re.compile(r"(?i:\b(?:his|her|their|its|my|your|our|whose|mid)\s+$)")
_CAPWORD_AFTER = re.compile(r"\s+[A-Z][a-z]")
_CAPWORD_BEFORE = re.compile(r"[A-Z][A-Za-z.]*\s+$")
_SENTENCE_START_BEFORE = re.compile(r"(?:^|[.!?:;\n\"“`'(]\s*)$")
_TRAILING_FOLLOW = re.compile(
    r"\s*(?:[,.;:!?)\"”'`—–]|-{2}|$|\b(?:and|but|when|as|at|with|on|in|down|up|higher|lower|after|"
    r"before)\b)"
)
_DIGIT = re.compile(r"\d")


# ---------------------------------------------------------------------------------------------
# Finding expressions
# ---------------------------------------------------------------------------------------------


def _prep_before(text: str, start: int) -> str | None:
    m = _PREP_RE.search(text, max(0, start - 24), start)
    return re.sub(r"\s+", " ", m.group(1).lower()) if m else None


def _at_sentence_start(text: str, start: int) -> bool:
    return bool(_SENTENCE_START_BEFORE.search(text[max(0, start - 3) : start]))


def _keep(kind: str, m: re.Match[str], text: str, prep: str | None) -> bool:
    """Filters that regexes alone cannot express well."""
    s, e = m.span()
    before = text[max(0, s - 16) : s]
    after = text[e : e + 24]
    g = m.groupdict()
    if kind == "month":
        if g.get("rel") or prep:
            return True
        if g["mon"] == "May":  # the modal verb, unless a preposition says otherwise
            return False
        # "June Carter", "April Jones": a month name followed by a capitalised word is a name.
        return not _CAPWORD_AFTER.match(after)
    if kind == "weekday":
        if _HOLIDAY_WEEKDAY.search(before) or re.search(r"(?i:\b(?:every|each)\s+$)", before):
            return False  # holidays; "every Monday" is a set, not a date
        # "The Sunday Times", "the Monday Club": a name
        return not (
            re.search(r"(?i:\bthe\s+$)", before)
            and not g.get("rel")
            and _CAPWORD_AFTER.match(after)
        )
    if kind == "year":
        if _YEAR_BEFORE_BAD.search(before):
            return False
        if (
            not prep
            and _CAPWORD_BEFORE.search(before)
            and re.match(r"[ \t]+[A-Z][a-z]", after)
            and not re.match(rf"[ \t]+(?:{_MON_FULL}|{_WD})", after)
        ):
            return False  # a name: "Russell 2000 Index", "Windows 2000 Server"
        if prep or re.search(r"(?i:\b(?:the|a|an|early|late|mid)\s*$)", before):
            return not re.match(
                r"\s*(?:%|percent\b|per\s*cent\b|GMT\b|UTC\b|EST\b|EDT\b|BST\b|CET\b|hours\b|hrs\b|h\b)",
                after,
            )
        return not _YEAR_UNIT_AFTER.match(after)
    if kind == "decade":
        if g.get("c2") is not None:
            if _POSSESSIVE_BEFORE.search(before) or _YEAR_BEFORE_BAD.search(before):
                return False
            if not (
                m.group(0).lower().startswith("the")
                or g.get("part")
                or re.search(r"(?i:(?:\band|\bor|,|-|–|/|\bthe)\s*$)", before)
            ):
                return False
        return not re.match(r"\s*(?:%|percent\b|degrees\b|°)", after)
    if kind == "short_year":
        return prep is not None or bool(re.search(r"(?i:\b(?:the|of|since|in)\s*$)", before))
    if kind == "season":
        word = g["season"]
        if (
            word[0].isupper()
            and _CAPWORD_BEFORE.search(before)
            and not _at_sentence_start(text, s - len(_CAPWORD_BEFORE.search(before).group(0)))
        ):
            return False  # "Arab Spring", "Prague Spring"
        if word[0].isupper() and not g.get("year") and _CAPWORD_AFTER.match(after):
            return False  # "Summer Olympics", "Spring Festival"
        if word.lower() == "fall":
            return bool(
                g.get("rel")
                or g.get("year")
                or (re.search(r"(?i:\bthe\s*$)", before) and not re.match(r"\s+of\b", after))
            )
        # not the verb "spring"
        return not re.search(r"(?i:\b(?:to|will|would|can|could|may|might)\s*$)", before)
    if kind == "deictic":
        word = g.get("word") or ""
        # not "USA Today" or "the Today programme"
        return not (word == "Today" and re.search(r"(?:USA|[Tt]he)\s*$", before))
    if kind == "half":
        return bool(g.get("year") or g.get("yrel") or g.get("hy") == "-")
    if kind == "anaphoric":
        if g["which"].lower().endswith(("before", "after")):
            return bool(_TRAILING_FOLLOW.match(after))
        return True
    if kind == "relative" and g.get("rel", "").lower() == "before":
        return bool(_TRAILING_FOLLOW.match(after))
    if kind == "ago" and g["dir"].lower() in ("before", "after"):
        return bool(_TRAILING_FOLLOW.match(after))
    if kind == "the_day":
        return bool(_TRAILING_FOLLOW.match(after))
    if kind == "present_ref" and m.group(0).lower().startswith("by now"):
        return True
    return True


@lru_cache(maxsize=16384)
def _find(text: str) -> tuple[TimeExpression, ...]:
    low = text.lower()
    has_digit = _DIGIT.search(text) is not None
    open_gates: dict[str, bool] = {}
    candidates: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in _PATTERNS:
        gate = open_gates.get(kind)
        if gate is None:
            gate = open_gates[kind] = any(
                has_digit if word == "#" else word in low for word in _GATES[kind]
            )
        if not gate:
            continue
        for m in pattern.finditer(text):
            if "span" in m.re.groupindex and m.group("span"):
                s, e = m.span("span")
            else:
                s, e = m.span()
            if e <= s:
                continue
            candidates.append((s, e, kind, m))
    if not candidates:
        return ()
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    found: list[TimeExpression] = []
    last_end = -1
    for s, e, kind, m in candidates:
        if s < last_end:
            continue
        prep = _prep_before(text, s)
        if not _keep(kind, m, text, prep):
            continue
        parts = tuple((k, v) for k, v in m.groupdict().items() if v is not None and k != "span")
        found.append(TimeExpression(s, e, text[s:e], kind, parts, prep))
        last_end = e
    return tuple(found)


def find_time_expressions(text: str) -> list[TimeExpression]:
    """Temporal expressions in a sentence or clause, left to right, not overlapping.

    Where two rules match overlapping text, the leftmost and then longest match wins, so
    "the first quarter of last year" is one expression, not two.
    """
    return list(_find(text))


# ---------------------------------------------------------------------------------------------
# Calendar helpers
# ---------------------------------------------------------------------------------------------


def _iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_number(word: str) -> int:
    return MONTHS[word.rstrip(".").lower()]


def _year_of_month(m: int, anchor: dt.date, tense: str, rel: str | None = None) -> int:
    """The year of a month named without one: nearest past, or next in the future tense."""
    rel = (rel or "").lower()
    if rel in ("last", "past", "previous"):
        return anchor.year if m < anchor.month else anchor.year - 1
    if rel in ("next", "coming"):
        return anchor.year if m > anchor.month else anchor.year + 1
    if rel == "this":
        return anchor.year
    if tense == FUTURE:
        return anchor.year if m >= anchor.month else anchor.year + 1
    return anchor.year if m <= anchor.month else anchor.year - 1


def _month_day_date(m: int, d: int, anchor: dt.date, tense: str, wd: int | None = None):
    """A month and day without a year: most recent past (future: next; present: nearest)."""
    cands = [
        c for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (c := _safe_date(y, m, d))
    ]
    if not cands:
        return None
    if wd is not None:  # "Monday, Aug. 3": prefer a year where the weekday agrees
        agreeing = [c for c in cands if c.weekday() == wd]
        if agreeing:
            return min(agreeing, key=lambda c: abs((c - anchor).days))
    if tense == FUTURE:
        later = [c for c in cands if c >= anchor]
        return min(later) if later else max(cands)
    if tense == PAST:
        earlier = [c for c in cands if c <= anchor]
        return max(earlier) if earlier else min(cands)
    return min(cands, key=lambda c: abs((c - anchor).days))


def _weekday_date(wd: int, anchor: dt.date, tense: str, rel: str | None = None) -> dt.date:
    diff = (anchor.weekday() - wd) % 7  # days back to the most recent such weekday (0: today)
    rel = (rel or "").lower()
    if rel in ("last", "past", "previous"):
        return anchor - dt.timedelta(days=diff or 7)
    if rel in ("next", "coming"):
        return anchor + dt.timedelta(days=(wd - anchor.weekday()) % 7 or 7)
    if rel == "this":
        return anchor + dt.timedelta(days=wd - anchor.weekday())
    if tense == FUTURE:
        return anchor + dt.timedelta(days=(wd - anchor.weekday()) % 7)
    return anchor - dt.timedelta(days=diff)


def _two_digit_year(yy: int, anchor: dt.date) -> int:
    return 2000 + yy if 2000 + yy <= anchor.year + 10 else 1900 + yy


def _quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def _year_from_rel(
    yrel: str | None, anchor: dt.date, ref: dt.date, focus: str | None = None
) -> tuple[int, bool]:
    """'this year', 'last year', 'the following year' ... -> (year, anaphoric)."""
    words = re.sub(r"\s+", " ", (yrel or "this year").lower()).replace(" year", "")
    words = words.removeprefix("the ").strip() or "this"
    offset, anaphoric = REL_OFFSETS.get(words, (0, False))
    base = _anaphoric_base("year", focus, ref) if anaphoric else anchor
    return base.year + offset, anaphoric


def precision_of(value: str | None) -> str:
    """EventDate precision for a TimeML value (unknown for PAST_REF, decades, FY, XXXX ...)."""
    if not value:
        return "unknown"
    if re.match(r"\d{4}-\d{2}-\d{2}", value):
        return "day"
    if re.match(r"\d{4}-W\d{2}", value):
        return "week"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return "month"
    if re.fullmatch(r"\d{4}(?:-(?:Q[1-4]|H[12]|SP|SU|FA|WI))?", value):
        return "year"
    return "unknown"


def _event_value(value: str | None, precision: str) -> str | None:
    """The EventDate value: ISO at its precision (parts of day and weekends trimmed)."""
    if value is None:
        return None
    if precision == "day":
        return value[:10]
    if precision == "week":
        return value[:8]
    return value


# ---------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------


_GRAIN = {
    "day": 0, "week": 1, "weekend": 1, "month": 2, "quarter": 3, "half": 4, "season": 4,
    "year": 5, "fiscal": 5, "decade": 6, "century": 7,
}  # fmt: skip
_FOCUS_RE = re.compile(
    r"(FY)?(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-W(\d{2})|-Q([1-4])|-H([12])|-(SP|SU|FA|WI))?"
)
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _parse_focus(value: str | None) -> tuple[dt.date, str] | None:
    """The start date and grain of a TimeML value in focus ("2009-01" -> Jan 1, "month")."""
    m = _FOCUS_RE.match(value or "")
    if not m:
        return None
    fy, year, month, day, week, quarter, half, season = m.groups()
    y = int(year)
    try:
        if fy:
            return dt.date(y, 1, 1), "fiscal"
        if day:
            return dt.date(y, int(month), int(day)), "day"
        if month:
            return dt.date(y, int(month), 1), "month"
        if week:
            return dt.date.fromisocalendar(y, int(week), 1), "week"
        if quarter:
            return dt.date(y, 3 * int(quarter) - 2, 1), "quarter"
        if half:
            return dt.date(y, 1 if half == "1" else 7, 1), "half"
        if season:
            return dt.date(y, _SEASON_START[season], 1), "season"
    except ValueError:
        return None
    return dt.date(y, 1, 1), "year"


def _anaphoric_base(unit: str, focus: str | None, ref: dt.date) -> dt.date:
    """The date an anaphoric unit counts from: the period in focus when it is at least as fine
    as the unit ("the previous year" after "in 2005"), else the reference day."""
    parsed = _parse_focus(focus)
    if parsed and _GRAIN.get(unit, 5) >= _GRAIN[parsed[1]]:
        return parsed[0]
    return ref


def _shift_years(value: str, years: int) -> str:
    def bump(m: re.Match[str]) -> str:
        return f"{m.group(1) or ''}{int(m.group(2)) + years}"

    out = re.sub(r"^(FY)?(\d{4})", bump, value)
    return out.replace("-02-29", "-02-28") if out.endswith("-02-29") else out


def _norm_same_period(g: dict, focus: str | None, ref: dt.date) -> tuple[str | None, bool]:
    """The period in focus shifted by a year ("the same month a year ago", "... last year")."""
    unit = g["unit"].lower()
    shift = (
        -1 if re.search(r"(?i:ago|earlier|before|previous|prior|preceding|last)", g["shift"]) else 1
    )
    parsed = _parse_focus(focus)
    if unit in ("period", "time"):
        if parsed is None:
            return str(ref.year + shift), True
        value = _FOCUS_RE.match(focus).group(0)
        return _shift_years(value, shift), True
    start, grain = parsed if parsed else (ref, "day")
    if _GRAIN[unit] < _GRAIN[grain]:
        start = ref
    if unit == "day":
        value = start.isoformat()
    elif unit == "week":
        value = _iso_week(start)
    elif unit == "month":
        value = f"{start.year}-{start.month:02d}"
    elif unit == "quarter":
        value = f"{start.year}-Q{_quarter_of(start)}"
    elif unit == "season":
        idx = _season_index(start)
        value = f"{idx // 4}-{SEASON_ORDER[idx % 4]}"
    else:
        value = str(start.year)
    return _shift_years(value, shift), True


def _tod_suffix(tod: str | None) -> str:
    return PARTS_OF_DAY.get(tod.lower(), "") if tod else ""


def _norm(
    expr: TimeExpression, anchor: dt.date, tense: str, ref: dt.date, focus: str | None
) -> tuple[str | None, bool]:
    """TimeML value and whether it was read from the reference date."""
    g = dict(expr.parts)
    kind = expr.kind
    if kind == "iso":
        d = _safe_date(int(g["year"]), int(g["month"]), int(g["day"]))
        return (d.isoformat() if d else None), False
    if kind == "iso_week":
        return f"{g['year']}-W{g['week']}", False
    if kind == "numeric":
        a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
        if len(g["y"]) == 2:
            y = _two_digit_year(y, anchor)
        m, d = (b, a) if a > 12 else (a, b)
        dd = _safe_date(y, m, d)
        return (dd.isoformat() if dd else None), False
    if kind == "month_day":
        m = _month_number(g["mon"])
        d = int(re.match(r"\d+", g["day"]).group(0))
        if g.get("year"):
            dd = _safe_date(int(g["year"]), m, d)
            return (dd.isoformat() if dd else f"{int(g['year']):04d}-{m:02d}"), False
        wd = WEEKDAYS[g["wd"].lower()] if g.get("wd") else None
        dd = _month_day_date(m, d, anchor, _scheduling_tense(tense, expr.prep), wd)
        return (dd.isoformat() if dd else None), False
    if kind == "month_year":
        m = _month_number(g["mon"])
        if g.get("year"):
            return f"{int(g['year'])}-{m:02d}", False
        y, ana = _year_from_rel(g.get("yrel"), anchor, ref, focus)
        return f"{y}-{m:02d}", ana
    if kind in ("month_part", "month"):
        m = _month_number(g["mon"])
        t = _scheduling_tense(tense, expr.prep)
        y = int(g["year"]) if g.get("year") else _year_of_month(m, anchor, t, g.get("rel"))
        return f"{y}-{m:02d}", False
    if kind == "month_week":
        m = _month_number(g["mon"])
        y = int(g["year"]) if g.get("year") else _year_of_month(m, anchor, tense)
        thursdays = [
            dt.date(y, m, d)
            for d in range(1, calendar.monthrange(y, m)[1] + 1)
            if dt.date(y, m, d).weekday() == 3
        ]
        ordinal = g["ord"].lower()
        idx = -1 if ordinal in ("last", "final") else ORDINALS[ordinal] - 1
        idx = min(idx, len(thursdays) - 1)
        return _iso_week(thursdays[idx]), False
    if kind == "year_part":
        return g["year"], False
    if kind == "year":
        return g["year"], False
    if kind == "short_year":
        return str(_two_digit_year(int(g["yy"]), anchor)), False
    if kind == "fiscal":
        fy = g["fy"]
        year = int(fy) if len(fy) == 4 else _two_digit_year(int(fy), anchor)
        return f"FY{year}", False
    if kind == "fiscal_rel":
        rel = (g.get("rel") or "this").lower().removeprefix("the ").strip()
        offset, ana = REL_OFFSETS.get(rel, (0, False))
        return f"FY{(ref if ana else anchor).year + offset}", ana
    if kind == "decade":
        if g.get("c4"):
            return g["c4"][:3], False
        if g.get("word"):
            return f"19{DECADE_WORDS[g['word'].lower()]}", False
        two = int(g.get("c2a") or g["c2"])
        return str(_two_digit_year(two, anchor))[:3], False
    if kind == "century":
        word = g["ord"].lower().replace(" ", "-")
        n = int(re.match(r"\d+", word).group(0)) if word[0].isdigit() else ORDINALS[word]
        return f"{n - 1:02d}", False
    if kind == "quarter":
        return _norm_quarter(g, anchor, tense, ref, focus)
    if kind == "half":
        h = 1 if g["ord"].lower() in ("first", "1st") else 2
        if g.get("year"):
            return f"{g['year']}-H{h}", False
        if g.get("yrel"):
            y, ana = _year_from_rel(g["yrel"], anchor, ref, focus)
            return f"{y}-H{h}", ana
        current = 1 if anchor.month <= 6 else 2
        y = anchor.year
        if tense == FUTURE and h < current:
            y += 1
        elif tense != FUTURE and h > current:
            y -= 1
        return f"{y}-H{h}", False
    if kind == "season":
        return _norm_season(g, anchor, tense), False
    if kind == "deictic":
        return _norm_deictic(g, anchor), False
    if kind == "weekday":
        wd = WEEKDAYS[g["wd"].lower()]
        d = _weekday_date(wd, anchor, _scheduling_tense(tense, expr.prep), g.get("rel"))
        return d.isoformat() + _tod_suffix(g.get("tod")), False
    if kind == "relative":
        return _norm_relative(g, anchor, tense, ref, focus)
    if kind == "same_period":
        return _norm_same_period(g, focus, ref)
    if kind == "ago":
        return _norm_ago(g, anchor, ref, focus)
    if kind == "past_ref":
        return PAST_REF, False
    if kind == "present_ref":
        return PRESENT_REF, False
    if kind == "future_ref":
        return FUTURE_REF, False
    if kind == "anaphoric":
        which = re.sub(r"\s+", " ", g["which"].lower())
        if which in ("the day before", "the previous day", "the prior day"):
            return (ref - dt.timedelta(days=1)).isoformat(), True
        if which in ("the next day", "the following day", "the day after"):
            return (ref + dt.timedelta(days=1)).isoformat(), True
        return ref.isoformat(), True
    if kind == "the_day":
        return ref.isoformat(), True
    if kind == "holiday":
        key = re.sub(r"\s+", " ", g["hol"].lower()).replace("’", "'")
        m, d = HOLIDAYS[key]
        dd = _month_day_date(m, d, anchor, tense)
        return (dd.isoformat() if dd else None), False
    return None, False


def _scheduling_tense(tense: str, prep: str | None) -> str:
    """'until Friday', 'by June 10' look ahead unless the clause is clearly past."""
    if prep in ("until", "till", "til"):
        return FUTURE  # "closed until Friday" names an end point, mostly ahead
    if tense == PRESENT and prep in ("by", "no later than"):
        return FUTURE
    return tense


def _norm_quarter(
    g: dict, anchor: dt.date, tense: str, ref: dt.date, focus: str | None
) -> tuple[str | None, bool]:
    current = _quarter_of(anchor)
    rel = (g.get("rel") or "").lower()
    ordinal = (g.get("ord") or "").lower()
    has_year = g.get("year") or g.get("yrel") or g.get("fy")
    if ordinal == "last" and not has_year:
        rel = "last"
    if rel:
        offset, ana = REL_OFFSETS.get(rel, (0, False))
        base = _anaphoric_base("quarter", focus, ref) if ana else anchor
        t = base.year * 4 + _quarter_of(base) - 1 + offset
        return f"{t // 4}-Q{t % 4 + 1}", ana
    q = int(g["q"]) if g.get("q") else (4 if ordinal in ("final", "last") else ORDINALS[ordinal])
    if g.get("year"):
        return f"{g['year']}-Q{q}", False
    if g.get("yrel"):
        y, ana = _year_from_rel(g["yrel"], anchor, ref, focus)
        return f"{y}-Q{q}", ana
    if g.get("fy"):
        return f"FY{anchor.year}-Q{q}", False
    y = anchor.year
    if tense == FUTURE and q < current:
        y += 1
    elif tense != FUTURE and q > current:
        y -= 1
    return f"{y}-Q{q}", False


def _season_index(d: dt.date) -> int:
    """Seasons as a running count: year*4 + (SP 0, SU 1, FA 2, WI 3); winter is labelled by the
    year of its December."""
    m = d.month
    if m in (1, 2):
        return (d.year - 1) * 4 + 3
    return d.year * 4 + (0 if m <= 5 else 1 if m <= 8 else 2 if m <= 11 else 3)


def _norm_season(g: dict, anchor: dt.date, tense: str) -> str:
    code = SEASONS[g["season"].lower()]
    s = SEASON_ORDER.index(code)
    if g.get("year"):
        return f"{g['year']}-{code}"
    current = _season_index(anchor)
    rel = (g.get("rel") or "").lower()
    # candidates: the same season in the label years around the anchor
    cands = [y * 4 + s for y in range(anchor.year - 2, anchor.year + 2)]
    if rel in ("last", "past"):
        idx = max(c for c in cands if c < current)
    elif rel in ("next", "coming"):
        idx = min(c for c in cands if c > current)
    elif tense == FUTURE:
        idx = min(c for c in cands if c >= current)
    else:
        idx = max(c for c in cands if c <= current)
    return f"{idx // 4}-{code}"


def _norm_deictic(g: dict, anchor: dt.date) -> str:
    word = (g.get("word") or "").lower()
    suffix = _tod_suffix(g.get("tod"))
    if g.get("dir"):  # the day before yesterday / after tomorrow
        return (anchor + dt.timedelta(days=-2 if word == "yesterday" else 2)).isoformat()
    if g.get("rel"):  # this morning, last night
        d = anchor - dt.timedelta(days=1) if g["rel"].lower() == "last" else anchor
        return d.isoformat() + suffix
    if word == "yesterday":
        return (anchor - dt.timedelta(days=1)).isoformat() + suffix
    if word == "tomorrow":
        return (anchor + dt.timedelta(days=1)).isoformat() + suffix
    if word == "tonight":
        return anchor.isoformat() + "TNI"
    return anchor.isoformat() + suffix


def _norm_relative(
    g: dict, anchor: dt.date, tense: str, ref: dt.date, focus: str | None
) -> tuple[str | None, bool]:
    rel = re.sub(r"\s+", " ", g["rel"].lower())
    unit = g["unit"].lower()
    part = re.sub(r"\s+", " ", (g.get("part") or "").lower())
    offset, ana = REL_OFFSETS.get(rel, (0, False))
    if unit == "day":  # "the end of the day": the day in focus
        return ref.isoformat(), True
    base = _anaphoric_base(unit, focus, ref) if ana else anchor
    if unit == "week":
        return _iso_week(base + dt.timedelta(days=7 * offset)), ana
    if unit == "weekend":
        if offset < 0:
            d = base - dt.timedelta(days=7)
        elif offset > 0:
            d = base + dt.timedelta(days=7) if base.weekday() >= 5 else base
        elif base.weekday() >= 5 or tense == FUTURE:
            d = base
        else:  # "this weekend" in a past-tense clause: the one just gone
            d = base - dt.timedelta(days=7)
        return _iso_week(d) + "-WE", ana
    if unit == "month":
        y, m = _add_months(base.year, base.month, offset)
        return f"{y}-{m:02d}", ana
    if unit == "year":
        y = base.year + offset
        if "half" in part:
            return f"{y}-H{1 if 'first' in part or 'early' in part else 2}", ana
        return str(y), ana
    if unit == "quarter":
        t = base.year * 4 + _quarter_of(base) - 1 + offset
        return f"{t // 4}-Q{t % 4 + 1}", ana
    if unit == "decade":
        return str(base.year // 10 + offset), ana
    if unit == "century":
        return f"{base.year // 100 + offset:02d}", ana
    return None, False


def _norm_ago(g: dict, anchor: dt.date, ref: dt.date, focus: str | None) -> tuple[str | None, bool]:
    num_word = re.sub(r"\s+", " ", g["num"].lower())
    unit = g["unit"].lower().rstrip("s")
    direction = re.sub(r"\s+", " ", g["dir"].lower())
    backwards = direction in ("ago", "earlier", "before", "back")
    anaphoric = direction in ("earlier", "before", "later", "after")
    if num_word.isdigit():
        n = int(num_word)
    elif num_word in NUMBERS:
        n = NUMBERS[num_word]
    elif num_word == "a hundred":
        n = 100
    else:  # a few, several, some ...: vague
        return (PAST_REF if backwards else FUTURE_REF), anaphoric
    base = _anaphoric_base(unit, focus, ref) if anaphoric else anchor
    sign = -1 if backwards else 1
    if unit in ("hour", "minute"):
        return base.isoformat(), anaphoric
    if unit == "day":
        return (base + dt.timedelta(days=sign * n)).isoformat(), anaphoric
    if unit == "week":
        return (base + dt.timedelta(days=sign * 7 * n)).isoformat(), anaphoric
    if unit == "month":
        y, m = _add_months(base.year, base.month, sign * n)
        return f"{y}-{m:02d}", anaphoric
    if unit == "year":
        return str(base.year + sign * n), anaphoric
    if unit == "decade":
        return str((base.year + sign * 10 * n) // 10), anaphoric
    if unit in ("century", "centurie"):
        return f"{base.year // 100 + sign * n:02d}", anaphoric
    return None, False


@lru_cache(maxsize=65536)
def _normalise_cached(
    expr: TimeExpression, anchor: dt.date, tense: str, reference: dt.date | None, focus: str | None
) -> Timex:
    ref = reference or anchor
    try:
        value, anaphoric = _norm(expr, anchor, tense, ref, focus)
    except (KeyError, ValueError, AttributeError, OverflowError):
        value, anaphoric = None, False
    return Timex(value, precision_of(value), expr.text, expr.kind, anaphoric)


# dateparser only for what looks absolute: a month name, a four-digit year or a numeric date
_DATEPARSER_HINT = re.compile(
    r"\b\d{4}\b|\b\d{1,4}[/.-]\d{1,2}\b|"
    r"(?i:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)"
)


@lru_cache(maxsize=64)
def _dateparser_for(anchor: dt.date, prefer: str):
    from dateparser.date import DateDataParser  # slow import; only when rules fail

    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime(anchor.year, anchor.month, anchor.day, 12),
            "RETURN_TIME_AS_PERIOD": True,
            "PREFER_DATES_FROM": prefer,
        },
    )


@lru_cache(maxsize=8192)
def _dateparser_value(text: str, anchor: dt.date, tense: str) -> str | None:
    """dateparser on a span the rules did not handle (absolute dates are what it is good at)."""
    if not _DATEPARSER_HINT.search(text):
        return None
    try:
        parser = _dateparser_for(anchor, "future" if tense == FUTURE else "current_period")
        data = parser.get_date_data(text)
    except Exception:  # noqa: BLE001 - dateparser raises a variety of errors on odd input
        return None
    if data is None or data.date_obj is None:
        return None
    d, period = data.date_obj.date(), data.period
    if period == "year":
        return f"{d.year}"
    if period == "month":
        return f"{d.year}-{d.month:02d}"
    if period == "week":
        return _iso_week(d)
    return d.isoformat()


def _as_expression(expr: TimeExpression | str) -> TimeExpression | None:
    if isinstance(expr, TimeExpression):
        return expr
    found = _find(expr)
    if not found:
        return None
    # the expression covering most of the string
    return max(found, key=lambda x: (x.end - x.start, -x.start))


def normalise(
    expr: TimeExpression | str,
    anchor: dt.date,
    *,
    tense: str = PAST,
    reference: dt.date | None = None,
    focus: str | None = None,
) -> Timex:
    """The TimeML value of a temporal expression, relative to ``anchor`` (the publication date).

    ``tense`` is the tense of the clause the expression belongs to ("past", "present",
    "future"). Anaphoric expressions read ``reference``, the day in focus ("the same day",
    "the previous day"; by default the anchor), and ``focus``, the TimeML value of the last period
    mentioned ("the previous year" after "in 2005", "the same month a year ago" after "in
    January"). A string is first read with the rules; dateparser is tried only when they find
    nothing.
    """
    if isinstance(anchor, dt.datetime):
        anchor = anchor.date()
    found = _as_expression(expr)
    if found is not None:
        return _normalise_cached(found, anchor, tense, reference, focus)
    text = expr if isinstance(expr, str) else expr.text
    value = _dateparser_value(text.strip(), anchor, tense)
    return Timex(value, precision_of(value), text, "dateparser")


def resolve(
    expr: TimeExpression | str,
    anchor: dt.date,
    *,
    tense: str = PAST,
    reference: dt.date | None = None,
    focus: str | None = None,
) -> EventDate:
    """The EventDate of a temporal expression.

    The value is ISO at its precision: ``YYYY-MM-DD`` (day), ``YYYY-Www`` (week), ``YYYY-MM``
    (month), ``YYYY`` or ``YYYY-Qn``/``YYYY-Hn``/``YYYY-SU`` (year); PAST_REF, decades, fiscal
    years and the like keep their TimeML value with precision "unknown"; None when unresolved.
    """
    tx = normalise(expr, anchor, tense=tense, reference=reference, focus=focus)
    text = expr.phrase if isinstance(expr, TimeExpression) else expr
    return EventDate(_event_value(tx.value, tx.precision), tx.precision, text, "clause")


_PRECISION_RANK = {p: i for i, p in enumerate(("day", "week", "month", "year", "unknown"))}
_BOUNDARY_PREPS = {"since", "until", "till", "til", "before", "after", "between", "from", "by"}
_PROBE_ANCHORS = (dt.date(1995, 3, 15), dt.date(2037, 9, 20))


def date_for_clause(
    clause_text: str,
    anchor: dt.date | None,
    *,
    tense: str = PAST,
    reference: dt.date | None = None,
    focus: str | None = None,
) -> EventDate | None:
    """The date of the event a clause reports: its most specific time expression, resolved.

    Among several expressions the finest precision wins, then those not introduced by a
    boundary preposition ("since 2004", "until Friday"), then the first. None when the clause
    has no time expression. Without an anchor only expressions that do not depend on one
    ("August 3, 2025", "in 2021") are used.
    """
    best: tuple[tuple[int, int, int], EventDate] | None = None
    for expr in _find(clause_text):
        if anchor is None:
            a, b = (normalise(expr, p, tense=tense) for p in _PROBE_ANCHORS)
            if a.value != b.value or a.anaphoric:
                continue
            tx = a
        else:
            tx = normalise(expr, anchor, tense=tense, reference=reference, focus=focus)
        if tx.value is None:
            continue
        key = (_PRECISION_RANK[tx.precision], expr.prep in _BOUNDARY_PREPS, expr.start)
        if best is None or key < best[0]:
            ev = EventDate(
                _event_value(tx.value, tx.precision), tx.precision, expr.phrase, "clause"
            )
            best = (key, ev)
    return best[1] if best else None


# ---------------------------------------------------------------------------------------------
# Tense and clauses (light heuristics for callers without a parser)
# ---------------------------------------------------------------------------------------------

_FUTURE_CUES = re.compile(
    r"(?i:\b(?:will|won['’]?t|wo\s+n['’]t|shall|going\s+to|gonna|is\s+to|are\s+to|set\s+to|"
    r"expected\s+to|scheduled|slated|planned|plans?\s+to|intends?\s+to|aims?\s+to|hopes?\s+to|"
    r"would|should(?!\s+have)|upcoming|forthcoming|next|to\s+be\s+(?:\w+(?:ed|en)|held|built|made|sold|paid|set|put|cut|shut|brought|bought|shown|done|won|run|led|met|sent|spent|kept|hit|struck)|due\s+to\s+(?:be|begin|start|open|close|"
    r"take|arrive|meet|hold|launch|end|finish|complete|return|visit|report|announce|vote|sign))\b|"
    r"['’]ll\b)|\bmay\b(?!\s+have)|\bmight\b(?!\s+have)"
)
_PAST_CUES = re.compile(
    r"(?i:\b(?:was|were|had|did|said|told|went|came|took|made|gave|saw|met|left|won|lost|fell|"
    r"rose|began|became|sold|bought|paid|held|led|brought|kept|sent|spent|struck|hit|shut|"
    r"cut|put|set|quit|ago|yesterday|last)\b|\b\w{2,}ed\b)"
)
_CLAUSE_BREAK = re.compile(
    r"[;:\n]|,|--|—|\(|\)|``|''|[\"“”]|\b(?:that|which|who|whom|whose|where|when|while|but|"
    r"although|though|because|whereas|after|before|if|unless)\b"
)


def guess_tense(text: str) -> str:
    """The tense of a clause, "future", "past" or "present", from surface cues (modals, -ed)."""
    if _FUTURE_CUES.search(text):
        return FUTURE
    if _PAST_CUES.search(text):
        return PAST
    return PRESENT


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the clause around ``text[start:end]``: from the clause break before it to the
    one after it (commas, semicolons, quotes, subordinators)."""
    left = 0
    for m in _CLAUSE_BREAK.finditer(text, max(0, start - 200), start):
        left = m.end()
    m = _CLAUSE_BREAK.search(text, end)
    right = m.start() if m else len(text)
    return left, right


def tense_at(text: str, start: int, end: int) -> str:
    """The guessed tense of the clause around ``text[start:end]`` (the span itself excluded)."""
    left, right = clause_bounds(text, start, end)
    tense = guess_tense(text[left:start] + " " + text[end:right])
    if tense == PRESENT and right < len(text):  # a verbless clause ("In April ,"): read on
        _, right2 = clause_bounds(text, right + 1, right + 1)
        tense = guess_tense(text[right:right2])
    return tense


def expression_at(text: str, start: int, end: int) -> TimeExpression | None:
    """Read ``text[start:end]`` (a span found elsewhere, e.g. a spaCy DATE entity) as one time
    expression, with offsets into ``text`` and the preposition before it. None when the rules
    do not recognise it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end]
    # the expression the rules find in context, where it overlaps the span
    best, best_overlap = None, 0
    for expr in _find(line):
        s, e = expr.start + line_start, expr.end + line_start
        overlap = min(e, end) - max(s, start)
        if overlap > best_overlap:
            best, best_overlap = replace(expr, start=s, end=e), overlap
    if best is not None:
        return best
    found = _as_expression(text[start:end])
    if found is None:
        return None
    s, e = start + found.start, start + found.end
    return replace(found, start=s, end=e, prep=found.prep or _prep_before(text, s))


def timexes_in(
    text: str, anchor: dt.date, *, tense: str | None = None
) -> list[tuple[TimeExpression, Timex]]:
    """Every time expression of a text, normalised in reading order.

    Each expression takes ``tense`` or, when None, the tense guessed from its clause. The last
    day resolved becomes the reference day, and the last period of any size the focus, for the
    anaphora that follow.
    """
    out: list[tuple[TimeExpression, Timex]] = []
    tracker = Focus()
    for expr in _find(text):
        t = tense or tense_at(text, expr.start, expr.end)
        tx = normalise(expr, anchor, tense=t, reference=tracker.reference, focus=tracker.focus)
        out.append((expr, tx))
        tracker.update(tx)
    return out


class Focus:
    """Tracks the reference day and the period in focus while reading a document in order."""

    __slots__ = ("focus", "reference")

    def __init__(self) -> None:
        self.reference: dt.date | None = None
        self.focus: str | None = None

    def update(self, tx: Timex) -> None:
        if tx.value and _FOCUS_RE.match(tx.value):
            self.focus = tx.value
            if tx.precision == "day":
                self.reference = dt.date.fromisoformat(tx.value[:10])
