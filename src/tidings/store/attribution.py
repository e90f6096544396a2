"""Quotes in the store: which events each quote supports, and quote rows as plain records.

``quote_event_links`` gives the rows of the ``quote_events`` table: pure functions over an
``ArticleResult`` (no spaCy, no SQL), so that the link is derived the same way wherever results
are written:

- ``content``: the event was read inside the quote's content (its trigger lies in the quoted or
  reported words): the quote is the evidence for the event, and its speaker the reporter;
- ``speech``: the event is the speech act itself (its trigger is the quote's cue and its source
  the quote's speaker: "Segura commented" coded as a criticism).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import Any

from tidings.records import ArticleResult, Event, Quote

CONTENT = "content"
SPEECH = "speech"


def _trigger(event: Event) -> tuple[int, int] | None:
    trigger = event.evidence.trigger
    return (trigger.start, trigger.end) if trigger is not None else None


def relation(quote: Quote, event: Event) -> str | None:
    """How ``quote`` supports ``event``, or None."""
    trigger = _trigger(event)
    if trigger is None:
        return None
    cue = quote.cue_span
    if (
        cue is not None
        and cue.start < trigger[1]
        and trigger[0] < cue.end
        and quote.speaker is not None
        and event.source is not None
        and event.source.id == quote.speaker.id
    ):
        return SPEECH
    if quote.start <= trigger[0] and trigger[1] <= quote.end:
        return CONTENT
    return None


def quote_event_links(result: ArticleResult) -> Iterator[tuple[str, str, str]]:
    """(quote_id, event_id, relation) for every quote and event of one article, each pair once."""
    for quote in result.quotes:
        for event in result.events:
            found = relation(quote, event)
            if found is not None:
                yield quote.id, event.id, found


def _plain(value: Any) -> Any:
    """A DataFrame cell as a plain Python value (lists, None for missing, dates)."""
    import pandas as pd

    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()  # numpy arrays and scalars
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def plain_records(frame: Any) -> list[dict[str, Any]]:
    """The rows of a quotes DataFrame (``Store.find_quotes``) as plain dicts."""
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]
