"""JSON Lines corpora: one article object per line.

Each line is an object with the fields of :class:`~tidings.records.Article`::

    {"id": "a1", "url": "https://...", "outlet": "The Harbour Post",
     "published": "2025-08-08T14:03:00Z", "title": "...", "text": "..."}

Only ``text`` is required; ``language`` is read too, other fields are ignored. ``published`` may
be a date or a datetime (ISO 8601, or RFC 2822 as in RSS); ``id`` replaces the text-hash id, so a
corpus keeps its own identifiers. The ``text`` is used verbatim.

The file is streamed line by line and never held whole, so ``max_bytes`` bounds each *line*
(one article) rather than the file: a corpus of a million articles is fine, a single 50 MB
"article" is refused. A bad line becomes a :class:`~tidings.records.SourceError` whose origin is
``path:line`` and the lines after it are still read. Lines are decoded like text files (UTF-8,
with the legacy fallback of :mod:`tidings.sources.base`). Blank lines are skipped.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tidings.records import Article, SourceError
from tidings.sources.base import (
    DEFAULT_MAX_BYTES,
    Record,
    Unreadable,
    decode_with_note,
    log,
    open_binary,
    os_error_message,
    parse_published,
    too_big,
)

_STRING_FIELDS = ("id", "url", "outlet", "title", "language")
_CHUNK = 1 << 20


def article_from_record(obj: Any, *, origin: str | None = None) -> Article:
    """An article from one decoded JSON object; ``ValueError`` says what is wrong with it."""
    if not isinstance(obj, dict):
        raise ValueError(f"expected a JSON object per line, got {_json_type(obj)}")  # noqa: TRY004
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        if text is None:
            raise ValueError('no "text" field; every line needs the article text')
        if isinstance(text, str):
            raise ValueError('"text" is empty')
        raise ValueError(f'"text" must be a string, got {_json_type(text)}')
    fields: dict[str, str | None] = {}
    for name in _STRING_FIELDS:
        value = obj.get(name)
        if isinstance(value, bool) or not isinstance(value, (str, int, float, type(None))):
            raise ValueError(f'"{name}" must be a string, got {_json_type(value)}')  # noqa: TRY004
        value = None if value is None else str(value).strip()
        fields[name] = value or None
    try:
        published = parse_published(obj.get("published"))
    except ValueError as exc:
        raise ValueError(f'"published": {exc}') from None
    return Article(
        text=text,
        id=fields["id"] or "",
        published=published,
        outlet=fields["outlet"],
        url=fields["url"],
        title=fields["title"],
        language=fields["language"],
        origin=origin,
    )


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    return names.get(type(value), "a number")


def read_jsonl_file(path: Path, max_bytes: int | None = DEFAULT_MAX_BYTES) -> Iterator[Record]:
    """Yield one article or error per non-blank line; an unreadable file gives one error."""
    try:
        fh = open_binary(path)
    except OSError as exc:
        yield SourceError(str(path), os_error_message(exc))
        return
    lineno = 0
    records = 0
    warned = False
    with fh:
        while True:
            try:
                line = fh.readline(-1 if max_bytes is None else max_bytes + 1)
            except (OSError, EOFError, zlib.error) as exc:  # corrupt or truncated .gz
                yield SourceError(
                    f"{path}:{lineno + 1}",
                    f"cannot read past line {lineno} ({exc}); the {records} records before it"
                    " were read",
                )
                return
            if not line:
                break
            lineno += 1
            origin = f"{path}:{lineno}"
            if max_bytes is not None and len(line) > max_bytes and not line.endswith(b"\n"):
                records += 1
                size = len(line) + _skip_rest_of_line(fh)
                yield SourceError(origin, f"line {lineno}: " + too_big(size, max_bytes, "line"))
                continue
            if not line.strip():
                continue
            records += 1
            try:
                text, note = decode_with_note(line)
            except Unreadable:
                if records == 1:  # binary from the start: one error for the file, not per line
                    yield SourceError(
                        str(path), "binary file, not text (if it is compressed, name it .jsonl.gz)"
                    )
                    return
                yield SourceError(origin, f"line {lineno}: binary data, not JSON text")
                continue
            if note and not warned:
                log.warning("%s: %s (later lines of this file are not reported)", origin, note)
                warned = True
            yield _parse_line(text, lineno, origin)
    if records == 0:
        yield SourceError(str(path), "empty file")


def _skip_rest_of_line(fh: Any) -> int:
    skipped = 0
    while True:
        chunk = fh.readline(_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def _parse_line(text: str, lineno: int, origin: str) -> Record:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return SourceError(
            origin,
            f"line {lineno}: invalid JSON at column {exc.colno}: {exc.msg}"
            " (each line must be one complete JSON object)",
        )
    except RecursionError:
        return SourceError(origin, f"line {lineno}: JSON nested too deeply")
    try:
        return article_from_record(obj, origin=origin)
    except ValueError as exc:
        return SourceError(origin, f"line {lineno}: {exc}")


__all__ = ["article_from_record", "read_jsonl_file"]
