"""HTML pages: the article's main text and metadata, extracted with trafilatura.

Choices, all in favour of precision because every line of boilerplate that slips through can
become a false event (a "Related: Army shells border town" teaser is not this article's news):

* trafilatura runs with ``favor_precision``; reader comments and tables are left out.
* The published date is taken only from explicit markup (meta tags, JSON-LD, ``<time>``, the
  URL) with htmldate's ``original_date``; its free-text guessing is off, because on a page with
  no date it reads the copyright line and dates every article to the 1st of January.
* ``outlet`` is the site name the page declares, else its host name; ``url`` is the canonical
  URL when the page gives one; ``title`` and ``language`` come from the page metadata.
* A page whose extracted text has no sentence-like line (navigation, teasers, cookie and
  copyright notices only) is refused with a SourceError rather than coded.

trafilatura is imported on first use, so runs over text or JSON Lines do not pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tidings.records import Article, SourceError
from tidings.sources.base import (
    DEFAULT_MAX_BYTES,
    Record,
    Unreadable,
    decode_text,
    is_binary,
    parse_published,
    read_bytes,
)

_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")

NO_ARTICLE = "no article text found in HTML (boilerplate only?)"

_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f][\"'\u201d\u2019)\]]*\s*$")


def _looks_like_prose(text: str) -> bool:
    """At least one line that reads as a sentence: some words, ending like a sentence."""
    for line in text.splitlines():
        if not _SENTENCE_END.search(line):
            continue
        words = sum(1 for w in line.split() if any(c.isalpha() for c in w))
        letters = sum(1 for c in line if c.isalpha())
        if words >= 6 or (letters >= 20 and words <= 2):  # unspaced scripts (CJK)
            return True
    return False


def article_from_html(
    html: bytes | str, *, origin: str | None = None, url: str | None = None
) -> Article | SourceError:
    """One article from a page's HTML, or a SourceError when the page has no article text.

    ``url`` is where the page came from (a crawl, a WARC record); it helps trafilatura resolve
    relative links and date the page, and is used when the page declares no canonical URL.
    """
    import trafilatura

    where = origin or url or "<html>"
    try:
        doc: Any = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            favor_precision=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # noqa: BLE001 - trafilatura/lxml on pathological markup
        return SourceError(where, f"cannot parse HTML ({type(exc).__name__}: {exc})")
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text or not _looks_like_prose(text):
        return SourceError(where, NO_ARTICLE)
    try:
        published = parse_published(doc.date)
    except ValueError:
        published = None
    return Article(
        text=text,
        published=published,
        outlet=doc.sitename or doc.hostname or None,
        url=doc.url or url,
        title=doc.title or None,
        language=doc.language or None,
        origin=origin,
    )


def read_html_file(path: Path, max_bytes: int | None = DEFAULT_MAX_BYTES) -> Iterator[Record]:
    """Yield the page's article, or one :class:`SourceError` saying why there is none."""
    origin = str(path)
    try:
        data = read_bytes(path, max_bytes)
    except Unreadable as exc:
        yield SourceError(origin, str(exc))
        return
    if not data.strip():
        yield SourceError(origin, "empty file")
        return
    html: bytes | str = data  # trafilatura reads the page's declared charset itself ...
    if data.startswith(_WIDE_BOMS):  # ... but not UTF-16/32, whose NUL bytes look binary
        html = decode_text(data, origin)
    elif is_binary(data):
        yield SourceError(origin, "binary file, not text")
        return
    yield article_from_html(html, origin=origin)
