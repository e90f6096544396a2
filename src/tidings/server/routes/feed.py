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
    """The newest alerts, through the watchlist module's reader when there is one."""
    if not db.has_table("alerts"):
        return []
    try:
        from tidings import alerts as alerts_module  # written beside the watchlists
    except ImportError:
        alerts_module = None
    reader = getattr(alerts_module, "read_alerts", None)
    if reader is not None:
        with db.cursor() as cur:
            rows = reader(cur, limit=limit)
        return [_as_dict(row) for row in rows]
    columns = db.columns("alerts")
    order = next((c for c in ("created_at", "alerted_at", "at") if c in columns), None)
    sql = "SELECT * FROM alerts" + (f' ORDER BY "{order}" DESC' if order else "") + " LIMIT ?"
    return db.records(sql, [limit])


def _as_dict(row: Any) -> dict[str, Any]:
    if isinstance(row, dict):
        return row
    if hasattr(row, "_asdict"):
        return row._asdict()
    if hasattr(row, "__dataclass_fields__"):
        return {k: getattr(row, k) for k in row.__dataclass_fields__}
    return dict(row)


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
    stamps = [_timestamp(_first(a, "created_at", "alerted_at", "at")) for a in alerts]
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = max(stamps) if stamps else _timestamp(None)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=base.rstrip("/") + "/alerts.atom")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "tidings"
    for alert, stamp in zip(alerts, stamps, strict=True):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        key = _first(alert, "alert_id", "id") or hashlib.sha1(repr(sorted(
            (k, str(v)) for k, v in alert.items())).encode()).hexdigest()[:16]
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:tidings:alert:{key}"
        watchlist = _first(alert, "watchlist", "watchlist_name", "watchlist_id", "name")
        event = _first(alert, "event_id", "cluster_id")
        summary = _first(alert, "summary", "title", "message", "text")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = _plain(
            summary or f"{watchlist or 'watchlist'}: event {event or '?'}")
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = stamp
        if event is not None and _first(alert, "event_id") is not None:
            ET.SubElement(entry, f"{{{ATOM}}}link",
                          href=base.rstrip("/") + f"/events/{alert['event_id']}")
        content = ET.SubElement(entry, f"{{{ATOM}}}content", type="text")
        content.text = "\n".join(f"{k}: {_plain(v)}" for k, v in alert.items() if v is not None)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _plain(value: Any) -> str:
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    # XML 1.0 cannot carry most control characters: drop them rather than emit a broken feed.
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)
