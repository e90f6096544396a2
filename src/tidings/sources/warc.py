"""WARC and WARC.gz files in the Common Crawl CC-NEWS layout: one article per HTML response.

CC-NEWS publishes ``CC-NEWS-*.warc.gz`` files in which every record is its own gzip member,
so a reader can start at any record's byte offset. This reader walks the file record by record
and never holds more than one record in memory (``max_bytes`` bounds one record's decompressed
size). Per record:

* ``response`` records with an HTTP 200 status and an HTML content type become articles: the
  main text by trafilatura (:func:`tidings.sources.html.article_from_html`), ``url`` from
  ``WARC-Target-URI``, ``outlet`` from the URL's host (``www.`` dropped: CC-NEWS has no other
  outlet field), ``published`` from the page's own date markup, else the day of ``WARC-Date``
  (the crawl time, which for a news crawl is at most a day or so after publication).
* Other records (``warcinfo``, ``request``, ``metadata``, redirects, images, PDFs) are not
  articles and are passed over silently; :func:`warc_counts` says how many of each there were.
* ``origin`` is ``path@offset``: the byte offset of the record in the file as stored (of its gzip
  member for ``.warc.gz``), which is what CC-NEWS indexes use and what a resumed run keys on.

Damage never stops the file. A corrupt record (a gzip member that fails to inflate or fails its
CRC, a WARC header that does not parse, a Content-Length that runs past the next record) becomes
a :class:`~tidings.records.SourceError` naming the file, the byte offset and the record number,
and reading resumes at the next record boundary found after it (the next gzip member, or the
next ``WARC/1.x`` line in a plain file). A file that ends inside a record gives one error saying
so and how many records were read before it.
"""

from __future__ import annotations

import io
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from tidings.records import SourceError
from tidings.sources.base import DEFAULT_MAX_BYTES, Record, format_size, os_error_message
from tidings.sources.base import parse_published as _parse_published

_CHUNK = 1 << 16
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
_MAX_HEADER_LINES = 512
_MAX_HEADER_LINE = 1 << 16
_HTML_TYPES = ("text/html", "application/xhtml+xml")

# How many records of each kind the last reads saw (per process); for run summaries and tests.
_COUNTS: Counter[str] = Counter()


def warc_counts() -> Counter[str]:
    """Records seen by WARC reads in this process, by kind (``article``, ``not-html`` ...)."""
    return _COUNTS


class _Corrupt(Exception):
    """The record at this offset cannot be read; the message says why."""


class _Truncated(Exception):
    """The file ends inside the record at this offset."""


# ---------------------------------------------------------------------------------------------
# framing: byte offset -> one record's raw (decompressed) bytes and the next record's offset


def _gzip_member_at(fh: BinaryIO, offset: int, max_bytes: int | None) -> tuple[bytes | None, int]:
    """Inflate the gzip member starting at ``offset``; (bytes or None if too big, end offset)."""
    fh.seek(offset)
    inflater = zlib.decompressobj(31)
    parts: list[bytes] = []
    size = 0
    fed = 0
    pending = b""
    while not inflater.eof:
        if not pending:
            pending = fh.read(_CHUNK)
            if not pending:
                if fed == 0:
                    raise EOFError
                raise _Truncated
            fed += len(pending)
        limit = _CHUNK if max_bytes is None or size > max_bytes else max_bytes + 1 - size
        try:
            out = inflater.decompress(pending, max(limit, 1))
        except zlib.error as exc:
            raise _Corrupt(f"gzip data does not inflate ({exc})") from None
        pending = inflater.unconsumed_tail
        size += len(out)
        if max_bytes is None or size <= max_bytes:
            parts.append(out)
        else:
            parts.clear()  # over the limit: keep inflating only to find where the member ends
    end = offset + fed - len(inflater.unused_data) - len(pending)
    return (b"".join(parts) if max_bytes is None or size <= max_bytes else None), end


def _plain_record_at(fh: BinaryIO, offset: int, max_bytes: int | None) -> tuple[bytes | None, int]:
    """The uncompressed WARC record starting at ``offset``: header block, then Content-Length."""
    fh.seek(offset)
    first = fh.readline(_MAX_HEADER_LINE)
    while first in (b"\r\n", b"\n"):  # blank lines between records
        offset += len(first)
        first = fh.readline(_MAX_HEADER_LINE)
    if not first:
        raise EOFError
    if not first.startswith(_WARC_MAGIC):
        raise _Corrupt("no WARC/1.x version line where a record should start")
    lines = [first]
    length: int | None = None
    while True:
        line = fh.readline(_MAX_HEADER_LINE)
        if not line:
            raise _Truncated
        lines.append(line)
        if line in (b"\r\n", b"\n"):
            break
        if len(lines) > _MAX_HEADER_LINES:
            raise _Corrupt("WARC header does not end (no blank line)")
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            try:
                length = int(value.strip())
            except ValueError:
                raise _Corrupt(f"Content-Length is not a number ({value.strip()[:40]!r})") from None
    if length is None or length < 0:
        raise _Corrupt("WARC header has no Content-Length")
    header = b"".join(lines)
    body_start = offset + len(header)
    too_big = max_bytes is not None and length > max_bytes
    if too_big:
        fh.seek(body_start + length)
        body = b""
        if fh.tell() > _size(fh):
            raise _Truncated
    else:
        body = fh.read(length)
        if len(body) < length:
            if b"\nWARC/1." in body:  # the file goes on with another record: the length lies
                raise _Corrupt("Content-Length runs past the next record (length is wrong)")
            raise _Truncated
    trailer = fh.read(4)
    if trailer[:2] not in (b"\r\n", b"") and not trailer.startswith(b"\n"):
        raise _Corrupt("record does not end where its Content-Length says (length is wrong)")
    end = body_start + length + (len(trailer) - len(trailer.lstrip(b"\r\n")))
    return (None if too_big else header + body + b"\r\n\r\n"), end


def _size(fh: BinaryIO) -> int:
    here = fh.tell()
    fh.seek(0, io.SEEK_END)
    size = fh.tell()
    fh.seek(here)
    return size


def _resync(fh: BinaryIO, start: int, gzipped: bool, max_bytes: int | None) -> int | None:
    """The offset of the next readable record at or after ``start``, or None."""
    magic = _GZIP_MAGIC if gzipped else _WARC_MAGIC
    pos = start
    carry = b""
    fh.seek(pos)
    while True:
        chunk = fh.read(_CHUNK)
        if not chunk:
            return None
        data = carry + chunk
        base = pos - len(carry)
        at = data.find(magic)
        while at != -1:
            candidate = base + at
            if gzipped or candidate == 0 or _line_start(fh, candidate):
                try:
                    (_gzip_member_at if gzipped else _plain_record_at)(fh, candidate, max_bytes)
                    return candidate
                except _Truncated:
                    return candidate  # the tail record: the caller reports the truncation
                except (_Corrupt, EOFError):
                    pass
            at = data.find(magic, at + 1)
        carry = data[-(len(magic) - 1) :]
        pos += len(chunk)
        fh.seek(pos)


def _line_start(fh: BinaryIO, offset: int) -> bool:
    here = fh.tell()
    fh.seek(offset - 1)
    before = fh.read(1)
    fh.seek(here)
    return before == b"\n"


# ---------------------------------------------------------------------------------------------
# records -> articles


def outlet_from_url(url: str | None) -> str | None:
    """The outlet as CC-NEWS knows it: the URL's host, without ``www.``."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def _article_from_record(record: object, origin: str) -> Record | None:
    """An article, an error, or None for a record that is not an article (not HTML, not 200)."""
    from tidings.sources.html import article_from_html

    rec_type = getattr(record, "rec_type", None)
    if rec_type != "response":
        _COUNTS[f"not-response:{rec_type}"] += 1
        return None
    headers = record.rec_headers  # type: ignore[attr-defined]
    url = headers.get_header("WARC-Target-URI")
    http = record.http_headers  # type: ignore[attr-defined]
    if http is not None:
        status = http.get_statuscode()
        if status != "200":
            _COUNTS["not-200"] += 1
            return None
        content_type = (http.get_header("Content-Type") or "").lower()
        if content_type and not content_type.startswith(_HTML_TYPES):
            _COUNTS["not-html"] += 1
            return None
    body = record.content_stream().read()  # type: ignore[attr-defined]
    if not body.strip():
        _COUNTS["empty"] += 1
        return SourceError(origin, "response record has an empty body")
    found = article_from_html(body, origin=origin, url=url)
    if isinstance(found, SourceError):
        _COUNTS["no-article"] += 1
        return found
    _COUNTS["article"] += 1
    published = found.published
    if published is None:
        try:
            published = _parse_published(headers.get_header("WARC-Date"))
        except ValueError:
            published = None
    return replace(
        found,
        url=url or found.url,
        outlet=outlet_from_url(url) or found.outlet,
        published=published,
        origin=origin,
    )


def _parse_raw(raw: bytes, origin: str) -> Iterator[Record]:
    from warcio.archiveiterator import ArchiveIterator

    try:
        for record in ArchiveIterator(io.BytesIO(raw), arc2warc=False):
            result = _article_from_record(record, origin)
            if result is not None:
                yield result
    except Exception as exc:  # noqa: BLE001 - warcio raises several kinds on a bad header
        yield SourceError(origin, f"record does not parse as WARC ({type(exc).__name__}: {exc})")


def read_warc_stream(
    fh: BinaryIO, name: str, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> Iterator[Record]:
    """Articles and errors from a seekable binary stream of WARC or WARC.gz (sniffed)."""
    head = fh.read(3)
    fh.seek(0)
    if not head:
        yield SourceError(name, "empty file")
        return
    gzipped = head == _GZIP_MAGIC
    frame = _gzip_member_at if gzipped else _plain_record_at
    offset = 0
    number = 0  # records framed so far, good or bad
    good = 0
    while True:
        try:
            raw, end = frame(fh, offset, max_bytes)
        except EOFError:
            return
        except _Truncated:
            yield SourceError(
                f"{name}@{offset}",
                f"cannot read {name}: truncated record at byte {offset} (record {number + 1}; the"
                f" file ends inside it); the {good} records before it were read",
            )
            return
        except _Corrupt as exc:
            number += 1
            following = _resync(fh, offset + 1, gzipped, max_bytes)
            then = (
                f"reading resumes at byte {following}"
                if following is not None
                else "no readable record follows it"
            )
            yield SourceError(
                f"{name}@{offset}",
                f"cannot read {name}: corrupt record at byte {offset} (record {number}): {exc};"
                f" {then}",
            )
            if following is None:
                return
            offset = following
            continue
        number += 1
        origin = f"{name}@{offset}"
        if raw is None:
            size = end - offset
            yield SourceError(
                origin,
                f"record {number} at byte {offset} is over the "
                f"{format_size(max_bytes or 0, whole=True)} limit ({format_size(size)} stored;"
                " --max-bytes)",
            )
        else:
            good += 1
            yield from _parse_raw(raw, origin)
        offset = end


def read_warc_file(path: Path, max_bytes: int | None = DEFAULT_MAX_BYTES) -> Iterator[Record]:
    """The reader registered for ``.warc`` and ``.warc.gz``."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield SourceError(str(path), os_error_message(exc))
        return
    with fh:
        yield from read_warc_stream(fh, str(path), max_bytes)


__all__ = ["outlet_from_url", "read_warc_file", "read_warc_stream", "warc_counts"]
