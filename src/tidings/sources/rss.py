"""RSS and Atom feeds (files or URLs): one article per feed item, parsed with feedparser.

An item's text is, in order of preference:

1. the page its ``link`` points to, when that page is a local file (``file://`` URL, or a path
   relative to the feed's folder) — read with the HTML reader, so a feed saved beside its pages
   (an archive, a test fixture) codes the full articles;
2. the item's full ``content`` (Atom ``<content>``, RSS ``content:encoded``);
3. its ``summary`` / ``description``.

HTML in the feed is reduced to text by trafilatura's HTML-to-text path with paragraph breaks
kept (so sentences never run across paragraphs). Remote links are not fetched: a run over
feeds stays offline and reproducible; the feed's own text is coded instead.

Metadata: ``title``, ``url`` from ``link``, ``published`` from ``published`` or ``updated``,
``outlet`` from the feed's title (else the link's host). ``origin`` is ``feed#N`` (the N-th
item, from 1), stable across reads of the same feed. An item with no text becomes a
:class:`~tidings.records.SourceError` naming it; a file that is not a feed gives one error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from tidings.records import Article, SourceError
from tidings.sources.base import (
    DEFAULT_MAX_BYTES,
    Record,
    Unreadable,
    parse_published,
    read_bytes,
)
from tidings.sources.warc import outlet_from_url

_BLOCK = re.compile(r"</?(p|div|br|li|h[1-6]|blockquote|tr|article|section)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def html_fragment_text(fragment: str) -> str:
    """Feed HTML -> plain text, a paragraph per block element, entities decoded."""
    import html

    if "<" not in fragment:
        return html.unescape(fragment).strip()
    text = _BLOCK.sub("\n\n", fragment)
    text = html.unescape(_TAG.sub("", text))
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    for key in ("published", "updated"):
        if entry.get(key):
            try:
                return parse_published(entry.get(key))
            except ValueError:
                return None
    return None


def _local_page(link: str | None, base: Path | None) -> Path | None:
    if not link:
        return None
    parts = urlsplit(link)
    if parts.scheme == "file":
        path = Path(unquote(parts.path))
    elif parts.scheme or base is None:
        return None
    else:
        path = base / unquote(parts.path)
    return path if path.is_file() else None


def _entry_text(entry: Any) -> str:
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if value.strip():
            return html_fragment_text(value)
    return html_fragment_text(entry.get("summary") or entry.get("description") or "")


def articles_from_feed(parsed: Any, name: str, base: Path | None, max_bytes: int | None) -> Iterator[Record]:
    """Articles and errors from a feedparser result; ``base`` resolves relative local links."""
    from tidings.sources.html import read_html_file

    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            reason = parsed.get("bozo_exception")
            yield SourceError(name, f"not a readable RSS/Atom feed ({reason})")
        else:
            yield SourceError(name, "feed has no items")
        return
    feed = parsed.get("feed") or {}
    feed_title = (feed.get("title") or "").strip() or None
    for number, entry in enumerate(entries, start=1):
        origin = f"{name}#{number}"
        link = entry.get("link")
        title = (entry.get("title") or "").strip() or None
        published = _entry_date(entry)
        outlet = feed_title or outlet_from_url(link)
        page = _local_page(link, base)
        if page is not None:
            found = next(iter(read_html_file(page, max_bytes)), None)
            if isinstance(found, Article):
                yield Article(
                    text=found.text, published=published or found.published,
                    outlet=outlet or found.outlet, url=link, title=title or found.title,
                    language=found.language, origin=origin,
                )  # fmt: skip
                continue
        text = _entry_text(entry)
        if not text.strip():
            yield SourceError(origin, f"item {number} ({title or link or 'untitled'}) has no text")
            continue
        yield Article(text=text, published=published, outlet=outlet, url=link, title=title,
                      origin=origin)  # fmt: skip


def read_feed_file(path: Path, max_bytes: int | None = DEFAULT_MAX_BYTES) -> Iterator[Record]:
    """The reader registered for ``.rss``, ``.atom`` and ``.xml``."""
    import feedparser

    try:
        data = read_bytes(path, max_bytes)
    except Unreadable as exc:
        yield SourceError(str(path), str(exc))
        return
    if not data.strip():
        yield SourceError(str(path), "empty file")
        return
    head = data[:2048].lower()
    if b"<rss" not in head and b"<feed" not in head and b"<rdf" not in head:
        yield SourceError(str(path), "not an RSS or Atom feed (no <rss>, <feed> or <rdf> element)")
        return
    yield from articles_from_feed(feedparser.parse(data), str(path), path.parent, max_bytes)


def read_feed_url(url: str, max_bytes: int | None = DEFAULT_MAX_BYTES) -> Iterator[Record]:
    """A feed fetched over HTTP(S) by feedparser; items' remote links are not fetched."""
    import feedparser

    try:
        parsed = feedparser.parse(url)
    except Exception as exc:  # noqa: BLE001 - network errors of every kind
        yield SourceError(url, f"cannot fetch feed ({type(exc).__name__}: {exc})")
        return
    status = parsed.get("status")
    if status is not None and status >= 400:
        yield SourceError(url, f"cannot fetch feed: HTTP {status}")
        return
    yield from articles_from_feed(parsed, url, None, max_bytes)


__all__ = ["articles_from_feed", "html_fragment_text", "read_feed_file", "read_feed_url"]
