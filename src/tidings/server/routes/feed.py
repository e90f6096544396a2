"""``/alerts.atom``: the alerts of saved watchlists as an Atom feed (RFC 4287).

Alerts are written by the watchlist checks (``tidings.alerts``) into the ``alerts`` table; this
route only reads them. A store without that table (coded before watchlists existed) gives a
valid, empty feed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Any
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from tidings.server.db import Database

router = APIRouter(tags=["alerts"])
ATOM = "http://www.w3.org/2005/Atom"


@router.get(
    "/alerts.atom",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {}}, "description": "an Atom feed"}},
    summary="Watchlist alerts as an Atom feed, newest first",
)
def alerts_feed(
    request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> Response:
    db: Database = request.app.state.db
    alerts = read_alerts(db, limit)
    return Response(atom_feed(alerts, base=str(request.base_url), store=db.path),
                    media_type="application/atom+xml")


def read_alerts(db: Database, limit: int) -> list[dict[str, Any]]:
    """The newest alerts, read by the watchlist module (``tidings.alerts.alerts_frame``)."""
    if not db.has_table("alerts"):
        return []
    from types import SimpleNamespace

    from tidings.alerts import alerts_frame
    from tidings.query import records_from_frame

    with db.cursor() as cur:
        # alerts_frame reads through `store.con`; this request's own cursor stands in for it
        frame = alerts_frame(SimpleNamespace(con=cur))  # type: ignore[arg-type]
    return records_from_frame(frame.head(limit))


def _first(row: dict[str, Any], *names: str) -> Any:
    for name in names:
        if row.get(name) is not None:
            return row[name]
    return None


def _timestamp(value: Any) -> str:
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)
    elif isinstance(value, str) and value:
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            moment = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
    else:
        moment = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return moment.isoformat().replace("+00:00", "Z")


def atom_feed(alerts: list[dict[str, Any]], *, base: str, store: str) -> bytes:
    """An Atom document; text is escaped by ElementTree, never pasted into markup."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    feed_id = hashlib.sha1(store.encode()).hexdigest()[:16]
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"urn:tidings:alerts:{feed_id}"
    ET.SubElement(feed, f"{{{ATOM}}}title").text = "tidings alerts"
    stamps = [_timestamp(_first(a, "created_at")) for a in alerts]
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = max(stamps) if stamps else _timestamp(None)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=base.rstrip("/") + "/alerts.atom")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "tidings"
    for alert, stamp in zip(alerts, stamps, strict=True):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        key = _plain(_first(alert, "alert_id") or "unknown")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:tidings:alert:{key}"
        watchlist = _first(alert, "watchlist") or "watchlist"
        title = _first(alert, "title") or f"cluster {_first(alert, 'cluster_id') or '?'}"
        ET.SubElement(entry, f"{{{ATOM}}}title").text = _plain(f"[{watchlist}] {title}")
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = stamp
        ET.SubElement(entry, f"{{{ATOM}}}category", term=_plain(watchlist))
        link = _first(alert, "link")
        if isinstance(link, str) and link.startswith(("http://", "https://")):
            ET.SubElement(entry, f"{{{ATOM}}}link", href=_plain(link))
        fields = ("summary", "watchlist", "cluster_id", "event_date", "source_cameo",
                  "target_cameo", "cameo_code", "quad_class", "goldstein", "place_name",
                  "n_mentions", "n_outlets", "n_independent")
        content = ET.SubElement(entry, f"{{{ATOM}}}content", type="text")
        content.text = "\n".join(f"{k}: {_plain(alert[k])}" for k in fields
                                 if alert.get(k) is not None)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _plain(value: Any) -> str:
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    # XML 1.0 cannot carry most control characters: drop them rather than emit a broken feed.
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)
