"""Plain-text articles, with an optional header in tidings' own convention.

A text file is one article. It may open with a header of ``key value`` lines::

    date 2025-08-08
    outlet: The Harbour Post
    url: https://harbourpost.example/2025/08/08/talks
    title: Talks resume in Geneva

    GENEVA - Negotiators returned to the table on Friday ...

Rules, chosen so that plain files, our samples and archive exports all read the same way:

* Every header line is optional and the header sits at the top only. Keys are ``date``,
  ``outlet``, ``url`` and ``title`` (any case), each at most once, in any order; blank lines
  between header lines are allowed. The first line that is not a header line starts the body.
* The date is written ``date YYYY-MM-DD`` or ``date: YYYY-MM-DD`` (leading whitespace allowed) and
  becomes ``Article.published``. Some archive exports put the body on the same line as the date
  (``" date 2025-08-08 The New York Times reported ..."``): text after the date on its line is the
  start of the body, and the header ends there.
* The body is the file's text from its first non-blank character after the header, kept verbatim
  to the end of the file (line endings, indentation and trailing space included), because events
  and quotes cite character offsets into ``Article.text``. Only the header lines, and the blank
  space before the body, are dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from tidings.records import Article, SourceError
from tidings.sources.base import (
    DEFAULT_MAX_BYTES,
    Record,
    Unreadable,
    decode_text,
    parse_published,
    read_bytes,
)

HEADER_KEYS = ("date", "outlet", "url", "title")

_DATE_LINE = re.compile(
    r"[ \t]*date(?:[ \t]*:[ \t]*|[ \t]+)(\d{4}-\d{2}-\d{2})(?=\s|$)", re.IGNORECASE
)
_FIELD_LINE = re.compile(
    r"[ \t]*(date|outlet|url|title)[ \t]*:[ \t]*(.*?)\s*$", re.IGNORECASE | re.DOTALL
)


def split_header(raw: str) -> tuple[dict[str, str | None], int]:
    """The header fields and the offset in ``raw`` where the body starts.

    Raises ``ValueError`` for a header date that is not a date, naming the line.
    """
    fields: dict[str, str | None] = {}
    pos = 0
    for lineno, line in enumerate(raw.splitlines(keepends=True), start=1):
        if not line.strip():
            pos += len(line)
            continue
        date = _DATE_LINE.match(line)
        if date and "date" not in fields:
            fields["date"] = _checked_date(date.group(1), lineno)
            rest = line[date.end() :]
            if rest.strip():  # the body goes on on the date's own line
                return fields, pos + date.end() + len(rest) - len(rest.lstrip())
            pos += len(line)
            continue
        field = _FIELD_LINE.match(line)
        if field and field.group(1).lower() not in fields:
            key, value = field.group(1).lower(), field.group(2)
            if key == "date":
                value = _checked_date(value, lineno)
            fields[key] = value or None
            pos += len(line)
            continue
        return fields, pos + len(line) - len(line.lstrip())
    return fields, len(raw)


def _checked_date(value: str, lineno: int) -> str:
    try:
        published = parse_published(value)
    except ValueError:
        published = None
    if published is None:
        raise ValueError(
            f"line {lineno}: header date {value!r} is not a date; write it as `date YYYY-MM-DD`"
        )
    return published.isoformat()


def parse_text(raw: str, *, origin: str | None = None) -> Article:
    """One article from the decoded text of a file (header optional).

    Raises ``ValueError`` when there is no body or the header date is malformed.
    """
    fields, start = split_header(raw)
    body = raw[start:]
    if not body.strip():
        raise ValueError("no article text after the header; put the body below the header lines")
    published = fields.get("date")
    return Article(
        text=body,
        published=dt.date.fromisoformat(published) if published else None,
        outlet=fields.get("outlet"),
        url=fields.get("url"),
        title=fields.get("title"),
        origin=origin,
    )


def read_text_file(path: Path, max_bytes: int | None = DEFAULT_MAX_BYTES) -> Iterator[Record]:
    """Yield the file's article, or one :class:`SourceError` saying why it could not be read."""
    origin = str(path)
    try:
        data = read_bytes(path, max_bytes)
        if not data.strip():
            raise Unreadable("empty file")
        raw = decode_text(data, origin)
        if not raw.strip():
            raise Unreadable("empty file")
        yield parse_text(raw, origin=origin)
    except (Unreadable, ValueError) as exc:
        yield SourceError(origin, str(exc))
