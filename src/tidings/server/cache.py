"""Responses of the read routes, kept per store version.

A read route's answer is a function of its path, its query string and the store's contents.
The store changes only through this process (``POST /ingest`` holds DuckDB's one write lock;
a read-only server holds a shared lock that keeps writers out), and every such write moves
:attr:`tidings.server.db.Database.version` on once it is committed. So an answer kept under
(version, path, query) is the answer the route would compute again, until the version moves;
then every kept answer is dropped.

Only ``200`` answers of the routes in :data:`CACHED_PREFIXES` are kept (not the Atom feed,
whose links name the host asked, nor ``/health``), least recently used first out when the
kept bodies pass ``max_bytes``. ``max_bytes=0`` keeps nothing (``tidings serve --cache-mb 0``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CACHED_PREFIXES = ("/events", "/series/", "/dyads/", "/network", "/places", "/articles",
                   "/actors", "/quotes", "/mentions", "/summary")
HEADER = b"x-tidings-cache"


@dataclass(frozen=True)
class Entry:
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes


class ResponseCache:
    """Answers by (store version, path, query string), least recently used out first."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max(0, int(max_bytes))
        self.version: int | None = None
        self._entries: OrderedDict[tuple[str, bytes], Entry] = OrderedDict()
        self._bytes = 0
        self.hits = self.misses = 0

    def _at(self, version: int) -> None:
        if version != self.version:  # the store moved on: nothing kept is current
            self._entries.clear()
            self._bytes = 0
            self.version = version

    def get(self, version: int, key: tuple[str, bytes]) -> Entry | None:
        self._at(version)
        entry = self._entries.get(key)
        if entry is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return entry

    def put(self, version: int, key: tuple[str, bytes], entry: Entry) -> None:
        size = len(entry.body) + len(key[0]) + len(key[1])
        if self.version is not None and version < self.version:
            return  # computed over an older store
        self._at(version)  # versions only move on
        if size > self.max_bytes // 8:
            return  # too big to be worth a slot
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= len(old.body) + len(key[0]) + len(key[1])
        self._entries[key] = entry
        self._bytes += size
        while self._bytes > self.max_bytes and self._entries:
            (path, query), dropped = self._entries.popitem(last=False)
            self._bytes -= len(dropped.body) + len(path) + len(query)

    def __len__(self) -> int:
        return len(self._entries)


class CacheMiddleware:
    """ASGI middleware: answers a cached GET without running the route (no thread, no query)."""

    def __init__(self, app: ASGIApp, cache: ResponseCache, version: Callable[[], int]) -> None:
        self.app = app
        self.cache = cache
        self.version = version

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (scope["type"] != "http" or scope.get("method") != "GET" or not self.cache.max_bytes
                or not path.startswith(CACHED_PREFIXES)):
            await self.app(scope, receive, send)
            return
        version = self.version()
        key = (path, bytes(scope.get("query_string", b"")))
        entry = self.cache.get(version, key)
        if entry is not None:
            await send({"type": "http.response.start", "status": 200,
                        "headers": [*entry.headers, (HEADER, b"hit")]})
            await send({"type": "http.response.body", "body": entry.body})
            return
        start: Message = {}
        chunks: list[bytes] = []
        keep = True

        async def capture(message: Message) -> None:
            nonlocal keep
            if message["type"] == "http.response.start":
                start.update(message)
                keep = message["status"] == 200
                message = {**message, "headers": [*message.get("headers", []), (HEADER, b"miss")]}
            elif message["type"] == "http.response.body" and keep:
                chunks.append(bytes(message.get("body", b"")))
                if not message.get("more_body", False):
                    headers = tuple((bytes(k), bytes(v)) for k, v in start.get("headers", []))
                    self.cache.put(version, key, Entry(headers, b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, capture)
