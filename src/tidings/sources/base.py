"""What every reader shares: bounded reading, text decoding, date parsing.

Readers are generators ``(path, max_bytes) -> Iterator[Article | SourceError]``. They turn every
problem with a document into a :class:`~tidings.records.SourceError` and go on; the helpers here
signal problems by raising :class:`Unreadable`, whose message is already the user-facing one, so
that a reader needs a single ``except Unreadable`` around its I/O.

Encoding policy (one place, used by every reader of raw bytes):

* UTF-8 (with or without a BOM) and BOM-marked UTF-16/UTF-32 are decoded as such.
* NUL bytes, or a high share of control bytes, mean a binary file: it is refused, never guessed.
* Text that is not valid UTF-8 but is clearly text is decoded rather than refused: mostly-UTF-8
  text with a few broken bytes keeps UTF-8 (broken bytes become U+FFFD); otherwise it is read as
  Windows-1252, the usual legacy encoding of Western news archives, which is a superset of
  Latin-1 for printable text. Either way a warning is logged on the ``tidings.sources`` logger,
  because the article is still worth coding: a mis-decoded accent rarely changes who did what to
  whom, while a dropped article always loses the event.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import logging
import re
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, cast

from tidings.records import Article, SourceError

log = logging.getLogger("tidings.sources")

DEFAULT_MAX_BYTES = 10_000_000

Record = Article | SourceError
Reader = Callable[[Path, int | None], Iterator[Record]]
"""A reader: ``(path, max_bytes)`` -> articles and errors, never raising."""


class Unreadable(Exception):
    """A document cannot be read; the message is what the user sees."""


# ---------------------------------------------------------------------------------------------
# sizes and bounded reading


def format_size(n: float, *, whole: bool = False) -> str:
    """Bytes as the user thinks of them ("20.0 MB"); ``whole`` drops a trailing ".0"."""
    for unit, scale in (("MB", 1e6), ("KB", 1e3)):
        if n >= scale:
            value = f"{n / scale:.1f}"
            if whole and value.endswith(".0"):
                value = value[:-2]
            return f"{value} {unit}"
    return f"{int(n)} bytes"


def too_big(size: int, max_bytes: int, what: str = "file") -> str:
    return (
        f"{what} is {format_size(size)}, over the {format_size(max_bytes, whole=True)} limit"
        " (--max-bytes)"
    )


def is_gzip(path: Path) -> bool:
    return path.suffix.lower() == ".gz"


def open_binary(path: Path) -> BinaryIO:
    """Open for binary reading, decompressing ``.gz`` transparently."""
    if is_gzip(path):
        return cast(BinaryIO, gzip.open(path, "rb"))
    return path.open("rb")


def os_error_message(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory (check the path)"
    if isinstance(exc, PermissionError):
        return "permission denied (check the file's permissions)"
    if isinstance(exc, IsADirectoryError):
        return "is a directory, not a file"
    return f"cannot read: {exc.strerror or exc}"


def read_bytes(path: Path, max_bytes: int | None) -> bytes:
    """The whole document, refusing (before reading) anything over ``max_bytes``.

    For ``.gz`` files the limit applies to the decompressed size, which is what costs memory.
    """
    try:
        if not is_gzip(path):
            size = path.stat().st_size
            if max_bytes is not None and size > max_bytes:
                raise Unreadable(too_big(size, max_bytes))
            return path.read_bytes()
        with gzip.open(path, "rb") as fh:
            data = fh.read(-1 if max_bytes is None else max_bytes + 1)
        if max_bytes is not None and len(data) > max_bytes:
            raise Unreadable(
                f"file is over the {format_size(max_bytes, whole=True)} limit once decompressed"
                " (--max-bytes)"
            )
        return data
    except OSError as exc:
        if isinstance(exc, gzip.BadGzipFile):
            raise Unreadable(f"not a valid gzip file ({exc}); check it with `gzip -t`") from exc
        raise Unreadable(os_error_message(exc)) from exc
    except (EOFError, zlib.error) as exc:
        raise Unreadable(
            "truncated or corrupt gzip file; check it with `gzip -t` or decompress what you can"
        ) from exc


# ---------------------------------------------------------------------------------------------
# decoding

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# C0 control bytes that never occur in text (tab, newlines, form feed and escape are allowed).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_BINARY_CONTROL_SHARE = 0.01


def is_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes: an image, a PDF stream, an archive, not text."""
    if not data:
        return False
    if b"\x00" in data:
        return True
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    return controls / len(sample) > _BINARY_CONTROL_SHARE


def decode_text(data: bytes, origin: str) -> str:
    """Bytes -> text under the module's encoding policy; raises :class:`Unreadable` for binary."""
    text, note = decode_with_note(data)
    if note:
        log.warning("%s: %s", origin, note)
    return text


def decode_with_note(data: bytes) -> tuple[str, str | None]:
    """Like :func:`decode_text`, returning the fallback taken (None for clean text) unlogged."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            if encoding != "utf-8-sig":
                return text.lstrip("\ufeff"), None
            if "\ufffd" not in text:
                return text, None
            data = data[len(bom) :]
            break
    if is_binary(data):
        raise Unreadable("binary file, not text")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    broken = lenient.count("\ufffd")
    multibyte = sum(1 for ch in lenient if ord(ch) > 127) - broken
    if multibyte > broken:
        note = f"not valid UTF-8 ({broken} broken byte sequences); kept as UTF-8 with U+FFFD"
        return lenient, note
    return data.decode("cp1252", errors="replace"), "not valid UTF-8; decoded as Windows-1252"


# ---------------------------------------------------------------------------------------------
# dates

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_published(value: object) -> dt.date | None:
    """A publication date from a date, a datetime, or a string.

    Strings may be ISO 8601 dates or datetimes ("2025-08-08", "2025-08-08T14:03:00Z") or RFC 2822
    dates as found in RSS and e-mail ("Fri, 08 Aug 2025 14:03:00 GMT"). A datetime keeps the
    calendar date it was written with: the publisher's local day, which is what the article's
    own "on Friday" counts from. Raises ``ValueError`` with the accepted forms otherwise.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(  # noqa: TRY004 - ValueError is the contract for a bad document field
            f"published date must be a string or a date, got {type(value).__name__} {value!r}"
        )
    text = value.strip()
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    if _ISO_DAY.match(text):
        try:  # an ISO day followed by a time in a shape fromisoformat refuses
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            pass
    else:
        try:
            return email.utils.parsedate_to_datetime(text).date()
        except (TypeError, ValueError, IndexError):
            pass
    raise ValueError(
        f"cannot read published date {value!r}; write it as YYYY-MM-DD or an ISO 8601 datetime"
    )
