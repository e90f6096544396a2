"""Shared pieces of the PETRARCH/TABARI dictionary readers: errors, line reading, phrases, codes.

Written from the format notes in the reference folder's README (not from PETRARCH's code).
Everything here is mechanism; the dictionaries themselves are read at run time from a path
the user gives and are never shipped with tidings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

#: Two-digit years below this are 20YY, the rest 19YY. The production files use 2-digit years
#: 00-14 for 2000-2014 and 31-99 for 1931-1999 (nothing in between), so any pivot in 15..30 reads
#: them the same way.
TWO_DIGIT_YEAR_PIVOT = 30


class DictionaryFormatError(ValueError):
    """A dictionary line the readers do not understand.

    ``file`` is the path as given, ``line`` the 1-based line number, ``text`` the offending line
    (stripped). ``location`` is ``"<file name>:<line>"``, the same form as the ``source`` of the
    parsed entries.
    """

    def __init__(self, message: str, *, file: str, line: int, text: str) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.text = text
        super().__init__(f"{file}:{line}: {message}: {text!r}")

    @property
    def location(self) -> str:
        return f"{Path(self.file).name}:{self.line}"

    def __reduce__(self):  # keep the keyword-only constructor picklable
        return (_rebuild_error, (self.message, self.file, self.line, self.text))


def _rebuild_error(message: str, file: str, line: int, text: str) -> DictionaryFormatError:
    return DictionaryFormatError(message, file=file, line=line, text=text)


class Issues:
    """Collects format errors for one file: raise at once when ``strict``, else keep them.

    Readers call ``issues(lineno, text, message)`` and then recover (skip the line, or ignore the
    junk) when it returns, which it only does when not strict.
    """

    __slots__ = ("found", "name", "path", "strict")

    def __init__(self, path: str | Path, strict: bool) -> None:
        self.path = str(path)
        self.name = Path(path).name
        self.strict = strict
        self.found: list[DictionaryFormatError] = []

    def __call__(self, lineno: int, text: str, message: str) -> None:
        err = DictionaryFormatError(message, file=self.path, line=lineno, text=text)
        if self.strict:
            raise err
        self.found.append(err)


def read_text(path: str | Path) -> str:
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:  # TABARI-era files are sometimes Latin-1
        return data.decode("latin-1")


def strip_comment(s: str) -> str:
    """Cut a ``#`` (or TABARI ``;``) comment, but not a ``#`` inside ``[...]`` (code ``[###]``)."""
    if "#" not in s and ";" not in s:
        return s
    start = 0
    n = len(s)
    while start < n:
        i_hash = s.find("#", start)
        i_semi = s.find(";", start)
        if i_hash < 0:
            i = i_semi
        elif i_semi < 0:
            i = i_hash
        else:
            i = min(i_hash, i_semi)
        if i < 0:
            return s
        if s.count("[", 0, i) <= s.count("]", 0, i):
            return s[:i]
        start = i + 1
    return s


def iter_lines(path: str | Path, text: str | None = None) -> Iterator[tuple[int, str]]:
    """Yield ``(line number, content)`` for every line with content.

    Content is stripped, without ``#`` comments; ``<!-- ... -->`` comments (also the malformed
    ``<! -- ... -->``), which may span lines, are skipped whole.
    """
    if text is None:
        text = read_text(path)
    in_comment = False
    for lineno, raw in enumerate(text.splitlines(), 1):
        s = raw.strip()
        if in_comment:
            if "-->" in s:
                in_comment = False
            continue
        if s.startswith("<!"):
            if "-->" not in s:
                in_comment = True
            continue
        if "#" in s or ";" in s:
            s = strip_comment(s).rstrip()
        if s:
            yield lineno, s


def normalize_word(word: str) -> str:
    """The key used for every token in these dictionaries (and their indexes): upper case."""
    return word.upper()


@lru_cache(maxsize=65536)
def split_phrase(text: str) -> tuple[tuple[str, ...], tuple[bool, ...], bool]:
    """Split a dictionary phrase into upper-case tokens.

    Returns ``(tokens, tight, whole_word)``: ``tight[i]`` is True when tokens ``i`` and ``i + 1``
    were joined by ``_`` (must be adjacent) and False when by a space (in the TABARI agent/verb
    convention other words may come between); ``whole_word`` is True when the phrase ends in
    ``_`` (TABARI: the last word must match whole, not as a stem).
    """
    s = text.strip()
    whole = s.endswith("_")
    tokens: list[str] = []
    tight: list[bool] = []
    for chunk in s.split():
        first = True
        for part in chunk.split("_"):
            if not part:
                continue
            if tokens:
                tight.append(not first)
            tokens.append(part.upper())
            first = False
    return tuple(tokens), tuple(tight), whole


# ----------------------------------------------------------------------------------------------
# Codes and dates


@lru_cache(maxsize=8192)
def parse_date(text: str) -> date:
    """``YYMMDD`` or ``YYYYMMDD`` to a date (two-digit years pivot at TWO_DIGIT_YEAR_PIVOT)."""
    if len(text) == 8 and text.isdigit():
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    if len(text) == 6 and text.isdigit():
        yy = int(text[:2])
        year = 2000 + yy if yy < TWO_DIGIT_YEAR_PIVOT else 1900 + yy
        return date(year, int(text[2:4]), int(text[4:6]))
    raise ValueError(f"not a YYMMDD or YYYYMMDD date: {text!r}")


_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DatedCode:
    """One actor code with an optional validity interval; ``start``/``end`` are inclusive.

    ``[USAGOV 20090120-20170120]`` gives start 2009-01-20, end 2017-01-20. ``[X <D]`` ("before
    D") gives end = D - 1 day and ``[X >D]`` ("after D") start = D + 1 day. ``restriction`` keeps
    the date text as written (``"<911226"``, ``"20090120-20170120"``, ``""``) for audit.
    """

    code: str
    start: date | None = None
    end: date | None = None
    restriction: str = ""

    @property
    def is_dated(self) -> bool:
        return self.start is not None or self.end is not None

    def covers(self, when: date) -> bool:
        """True when ``when`` is inside the interval (always True for an undated code)."""
        if self.start is not None and when < self.start:
            return False
        return not (self.end is not None and when > self.end)

    def code_on(self, when: date | str | None) -> str | None:
        """The code if it applies on ``when`` (a date or ``YYYYMMDD``), else None.

        An undated code applies on every date; with ``when=None`` only undated codes apply.
        """
        if when is None:
            return None if self.is_dated else self.code
        return self.code if self.covers(as_date(when)) else None

    @property
    def parts(self) -> tuple[str, ...]:
        """PETRARCH-1 style ``FRO/BIL/SAM`` split into its actors (PETRARCH2 does not split)."""
        return tuple(self.code.split("/"))


def as_date(when: date | str) -> date:
    if isinstance(when, date):
        return when if type(when) is date else date(when.year, when.month, when.day)
    s = str(when).strip().replace("-", "")
    return parse_date(s)


_CODE = r"(?:-{3}[A-Za-z0-9]*|\+{3}|#{3}|[A-Za-z0-9]+(?:/[A-Za-z0-9]+)*)"
_DATE = r"\d{6}(?:\d{2})?"
_DATED_CODE_RE = re.compile(
    rf"^(?P<code>{_CODE})"
    rf"(?:\s*(?P<op>[<>])\s*(?P<d1>{_DATE})"
    rf"|\s+(?P<d2>{_DATE})\s*-\s*(?P<d3>{_DATE})"
    rf"|\s+(?P<bare>{_DATE}))?$"
)
_BRACKETS_RE = re.compile(r"\[([^\[\]]*)\]")


class CodeError(ValueError):
    """A bracketed actor code that does not parse; ``recovered`` is the best reading, or None."""

    def __init__(self, message: str, recovered: DatedCode | None = None) -> None:
        super().__init__(message)
        self.recovered = recovered


@lru_cache(maxsize=65536)
def parse_dated_code(body: str) -> DatedCode:
    """Parse the inside of ``[...]`` of an actor line: ``CODE``, ``CODE <D``, ``CODE >D``,
    ``CODE D1-D2`` (spaces allowed around the operators). Raises CodeError."""
    s = body.strip()
    m = _DATED_CODE_RE.match(s)
    if m is None:
        raise CodeError(
            "actor code not understood (expected [CODE], [CODE <date], "
            "[CODE >date] or [CODE date-date])"
        )
    code = m.group("code")
    try:
        if m.group("op"):
            d = parse_date(m.group("d1"))
            restriction = m.group("op") + m.group("d1")
            if m.group("op") == "<":
                return DatedCode(code, None, d - _ONE_DAY, restriction)
            return DatedCode(code, d + _ONE_DAY, None, restriction)
        if m.group("d2"):
            d1, d2 = parse_date(m.group("d2")), parse_date(m.group("d3"))
            return DatedCode(code, d1, d2, f"{m.group('d2')}-{m.group('d3')}")
        if m.group("bare"):
            d = parse_date(m.group("bare"))
            raise CodeError(
                "a single date without < or > (read as 'from that date on')",
                DatedCode(code, d, None, m.group("bare")),
            )
    except ValueError as exc:
        if isinstance(exc, CodeError):
            raise
        raise CodeError(f"bad date in actor code ({exc})") from None
    return DatedCode(code)


def split_codes(s: str) -> tuple[str, list[str], str]:
    """Split a line into ``(text before the first '[', [bracket bodies], leftover text)``.

    Leftover is whatever is outside brackets after the first ``[`` (should be blank).
    """
    i = s.find("[")
    if i < 0:
        return s, [], ""
    head, rest = s[:i], s[i:]
    bodies = _BRACKETS_RE.findall(rest)
    leftover = _BRACKETS_RE.sub(" ", rest).strip() if bodies else rest.strip()
    return head, bodies, leftover


# Event codes in verb dictionaries: CAMEO digits (``042``, ``0211``), TABARI/WEIS codes in the
# validation file (``174K``, ``def``), and the specials ``---`` (no event), ``+++``, ``###``.
_EVENT_CODE = r"(?:-{3}|\+{3}|#{3}|[A-Za-z0-9]+)"
_EVENT_CODE_RE = re.compile(rf"^\s*(?P<a>{_EVENT_CODE})?\s*(?::\s*(?P<b>{_EVENT_CODE}))?\s*$")


@lru_cache(maxsize=4096)
def parse_event_code(body: str) -> tuple[str | None, str | None]:
    """``042`` -> ("042", None); ``042:043`` -> ("042", "043"); ``:173`` -> (None, "173").

    Raises ValueError for anything else (including an empty body).
    """
    m = _EVENT_CODE_RE.match(body)
    if m is None or (m.group("a") is None and m.group("b") is None):
        raise ValueError(f"event code not understood: [{body}]")
    if ":" in body and m.group("b") is None:
        raise ValueError(f"event code not understood: [{body}]")
    return m.group("a"), m.group("b")
