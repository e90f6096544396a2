"""Reading articles: files and folders in, a stream of Article or SourceError out.

``read_sources`` is the one entry point a run needs. It picks a reader by file suffix from
:data:`READERS`, a plain registry that later readers (WARC, RSS) join with
:func:`register_reader` instead of growing an ``if`` chain. Every reader is a generator
``(path, max_bytes) -> Iterator[Article | SourceError]``: a document that cannot be read becomes
a :class:`~tidings.records.SourceError` with a message that says what to do, and the run goes on.

* Suffixes: ``.txt``, ``.text`` and no suffix -> :mod:`.text`; ``.jsonl``, ``.ndjson`` ->
  :mod:`.jsonl`; ``.html``, ``.htm`` -> :mod:`.html`. A ``.gz`` on top of a known suffix is
  decompressed on the fly (``news.jsonl.gz``) unless a reader claims the double suffix itself
  (as a WARC reader will for ``.warc.gz``).
* Folders are walked recursively in sorted order (names compared as strings), so runs are
  reproducible. Hidden files and folders (``.git``, ``.DS_Store``) are skipped, and so are files
  of other types, which are common beside articles (a README, a manifest); a folder in which no
  file could be read at all gives one SourceError saying so. Symbolic links to folders are not
  followed inside a walk (no cycles); a path given explicitly is always followed.
* A file named explicitly with an unknown suffix is a SourceError, not silently dropped.
* ``max_bytes`` bounds what one document may cost in memory: a whole text or HTML file, one
  JSON Lines record. ``None`` lifts the limit.
* Everything streams: one file is read at a time, and only one folder's listing is held.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from tidings.records import Article, SourceError
from tidings.sources.base import DEFAULT_MAX_BYTES, Reader, Record, parse_published
from tidings.sources.html import article_from_html, read_html_file
from tidings.sources.jsonl import article_from_record, read_jsonl_file
from tidings.sources.text import parse_text, read_text_file

READERS: dict[str, Reader] = {
    "": read_text_file,
    ".txt": read_text_file,
    ".text": read_text_file,
    ".jsonl": read_jsonl_file,
    ".ndjson": read_jsonl_file,
    ".html": read_html_file,
    ".htm": read_html_file,
}


def register_reader(suffix: str, reader: Reader) -> None:
    """Read files ending in ``suffix`` (".warc", ".warc.gz", ".rss") with ``reader``."""
    suffix = suffix.lower()
    if suffix and not suffix.startswith("."):
        suffix = "." + suffix
    READERS[suffix] = reader


# Readers in their own modules, registered like a user's would be (issue 7: feeds and scale).
from tidings.sources.rss import read_feed_file, read_feed_url
from tidings.sources.warc import read_warc_file

for _suffix in (".warc", ".warc.gz"):
    register_reader(_suffix, read_warc_file)
for _suffix in (".rss", ".atom", ".xml"):
    register_reader(_suffix, read_feed_file)


def reader_for(path: Path) -> Reader | None:
    """The reader for a path by its suffix, or None; the longest registered suffix wins."""
    name = path.name.lower()
    suffixes = [s.lower() for s in path.suffixes]
    if name.startswith(".") and len(suffixes) == 1:  # ".profile" has no suffix
        suffixes = []
    if len(suffixes) >= 2 and "".join(suffixes[-2:]) in READERS:
        return READERS["".join(suffixes[-2:])]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]  # inner suffix; the readers decompress .gz themselves
        if not suffixes:
            return None
    last = suffixes[-1] if suffixes else ""
    if last and not _is_suffix(last):  # "report.2025" or "v1.0": a dot in the name, no suffix
        last = ""
    return READERS.get(last)


def _is_suffix(suffix: str) -> bool:
    return any(c.isalpha() for c in suffix)


def supported_suffixes() -> list[str]:
    return sorted(s for s in READERS if s)


def read_sources(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Iterator[Article | SourceError]:
    """Every article in ``paths`` (files and folders), in order, with errors in their place.

    Never raises for a bad document or path; a reader bug is reported as a SourceError too, so
    that one file cannot stop a batch. A single path may be passed on its own.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for item in paths:
        if isinstance(item, str) and item.startswith(("http://", "https://")):
            yield from _guarded(read_feed_url, item, max_bytes)  # type: ignore[arg-type]
            continue
        path = Path(item)
        if path.is_dir():
            yield from _read_dir(path, max_bytes)
        elif not path.exists():
            hint = "broken symbolic link" if path.is_symlink() else "no such file or directory"
            yield SourceError(str(path), f"{hint} (check the path)")
        else:
            reader = reader_for(path)
            if reader is None:
                yield SourceError(str(path), _unsupported(path))
            else:
                yield from _guarded(reader, path, max_bytes)


def _read_dir(root: Path, max_bytes: int | None) -> Iterator[Record]:
    read = skipped = 0
    for path in _walk(root):
        reader = reader_for(path)
        if reader is None:
            skipped += 1
            continue
        read += 1
        yield from _guarded(reader, path, max_bytes)
    if read == 0:
        others = f"; {skipped} file(s) of other types were skipped" if skipped else ""
        yield SourceError(
            str(root),
            f"no readable files in directory (looked for {', '.join(supported_suffixes())}"
            f" and files without a suffix){others}",
        )


def _walk(root: Path) -> Iterator[Path]:
    try:
        entries = sorted(root.iterdir(), key=lambda p: p.name)
    except OSError:
        return  # unreadable folder: nothing to list; its parent already counted it
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            if not entry.is_symlink():
                yield from _walk(entry)
        elif entry.is_file() or entry.is_symlink():  # a broken link is reported by its reader
            yield entry  # (pipes, sockets and devices are skipped: reading one could block)


def _guarded(reader: Reader, path: Path, max_bytes: int | None) -> Iterator[Record]:
    try:
        yield from reader(path, max_bytes)
    except Exception as exc:  # noqa: BLE001 - a reader bug must not end the batch
        yield SourceError(
            str(path),
            f"unexpected error while reading ({type(exc).__name__}: {exc}); please report it",
        )


def _unsupported(path: Path) -> str:
    kind = "".join(path.suffixes[-1:]) or path.name
    return (
        f"unsupported file type {kind!r}; tidings reads {', '.join(supported_suffixes())}"
        " and files without a suffix (save it as .txt to read it as plain text)"
    )


def article_from_text(
    text: str,
    *,
    published: str | dt.date | None = None,
    outlet: str | None = None,
    url: str | None = None,
    title: str | None = None,
    id: str | None = None,
) -> Article:
    """An article from text in hand (the Python API's way in); the text is used verbatim.

    ``published`` may be a date, a datetime or a string (ISO 8601 or RFC 2822). Raises
    ``ValueError`` for empty text or an unreadable date: here the caller is a program, not a
    batch, and can fix its call.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if not text.strip():
        raise ValueError("text is empty")
    return Article(
        text=text,
        id=id or "",
        published=parse_published(published),
        outlet=outlet,
        url=url,
        title=title,
    )


__all__ = [
    "DEFAULT_MAX_BYTES",
    "READERS",
    "Reader",
    "article_from_html",
    "article_from_record",
    "article_from_text",
    "parse_text",
    "read_html_file",
    "read_jsonl_file",
    "read_sources",
    "read_text_file",
    "reader_for",
    "register_reader",
    "supported_suffixes",
]
