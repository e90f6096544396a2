"""Watchlists: saved queries over event clusters, checked after each ingest.

A watchlist says what to look out for ("any asserted material-conflict event between USA and
MEX"); ``check_watchlists`` runs every active watchlist over ``event_clusters`` and writes one
alert per watchlist and event cluster to ``alerts`` (never twice, however often it runs),
then delivers the new alerts by webhook POST where the watchlist has a URL. Alerts are read
back as JSON lines (``tidings alerts --json``), as a frame (``alerts_frame``, which the API's
Atom feed serves) or from the table.

Matching (the same rule as ``tidings.query``): an actor code matches an actor whose country is
that code or whose CAMEO code starts with it (``MEX`` matches ``MEX``, ``MEXGOV``; ``---COP``
matches police of any country). A watchlist matches a cluster on its representative fields
(docs/SCHEMA.md): source, target, root code, quad class, modality, event date, place country
and the number of independent sources.

Every value reaches SQL as a bound parameter; the SQL text is built from fixed fragments only.
A webhook that fails is recorded (``delivery_error``) and retried at the next check, up to
``MAX_DELIVERY_ATTEMPTS``; it never stops an ingest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import pyarrow as pa

from tidings.records import MODALITIES

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from tidings.store import Store

MAX_DELIVERY_ATTEMPTS = 5
WEBHOOK_TIMEOUT_S = 5.0

_CODE = re.compile(r"^[A-Za-z0-9-]{1,20}$")
_NAME = re.compile(r"^[\w.-]{1,64}$")


class WatchlistError(ValueError):
    """A watchlist definition the caller can fix; the message names the field."""


def _codes(values: Iterable[str] | str | None, what: str) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    out = []
    for value in values:
        value = str(value).strip().upper()
        if not _CODE.match(value):
            raise WatchlistError(
                f"{what}: {value!r} is not an actor code; give a country (USA) or a CAMEO code "
                "prefix (USAGOV, ---COP): letters, digits and '-' only"
            )
        out.append(value)
    return tuple(out)


def _roots(values: Iterable[str | int] | str | int | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, (str, int)):
        values = [values]
    out = []
    for value in values:
        text = str(value).strip()
        if not text.isdigit() or not 1 <= int(text) <= 20:
            raise WatchlistError(f"root: {value!r} is not a CAMEO root code (01 to 20)")
        out.append(f"{int(text):02d}")
    return tuple(out)


def _quads(values: Iterable[int | str] | int | str | None) -> tuple[int, ...]:
    if values is None:
        return ()
    if isinstance(values, (str, int)):
        values = [values]
    out = []
    for value in values:
        if str(value).strip() not in {"1", "2", "3", "4"}:
            raise WatchlistError(
                f"quad: {value!r} is not a quad class (1 verbal cooperation, 2 material "
                "cooperation, 3 verbal conflict, 4 material conflict)"
            )
        out.append(int(value))
    return tuple(out)


def _modalities(values: Iterable[str] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    out = tuple(str(v).strip().lower() for v in values)
    for value in out:
        if value not in MODALITIES:
            raise WatchlistError(f"modality: {value!r} is not one of {', '.join(MODALITIES)}")
    return out


def _date(value: str | dt.date | None, what: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise WatchlistError(f"{what}: {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _webhook(url: str | None) -> str | None:
    if not url:
        return None
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise WatchlistError(f"webhook: {url!r} is not an http(s) URL")
    return url


@dataclass(frozen=True)
class Watchlist:
    """A saved query over event clusters. Empty fields match anything."""

    name: str
    actor: tuple[str, ...] = ()  # source actor codes (any of)
    target: tuple[str, ...] = ()  # target actor codes (any of)
    both_directions: bool = False  # also match target -> actor ("between USA and MEX")
    roots: tuple[str, ...] = ()  # CAMEO root codes, two digits
    quad_classes: tuple[int, ...] = ()
    modalities: tuple[str, ...] = ("asserted",)  # cluster modality (asserted if any report asserts)
    since: dt.date | None = None  # event date on or after
    place_country: tuple[str, ...] = ()
    min_independent: int = 1  # independent sources needed (syndicated copies count once)
    webhook_url: str | None = None

    @classmethod
    def build(
        cls,
        name: str,
        *,
        actor: Iterable[str] | str | None = None,
        target: Iterable[str] | str | None = None,
        both_directions: bool = False,
        root: Iterable[str | int] | str | int | None = None,
        quad: Iterable[int | str] | int | str | None = None,
        modality: Iterable[str] | str | None = ("asserted",),
        since: str | dt.date | None = None,
        place_country: Iterable[str] | str | None = None,
        min_independent: int = 1,
        webhook_url: str | None = None,
    ) -> Watchlist:
        """A validated watchlist; raises :class:`WatchlistError` naming the field at fault."""
        if not _NAME.match(name or ""):
            raise WatchlistError(f"name: {name!r} must be 1-64 letters, digits, '_', '-' or '.'")
        if int(min_independent) < 1:
            raise WatchlistError("min_independent: must be at least 1")
        return cls(
            name=name,
            actor=_codes(actor, "actor"),
            target=_codes(target, "target"),
            both_directions=bool(both_directions),
            roots=_roots(root),
            quad_classes=_quads(quad),
            modalities=_modalities(modality),
            since=_date(since, "since"),
            place_country=_codes(place_country, "place_country"),
            min_independent=int(min_independent),
            webhook_url=_webhook(webhook_url),
        )

    def definition(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("name")
        d.pop("webhook_url")
        d["since"] = self.since.isoformat() if self.since else None
        return d

    @classmethod
    def from_row(cls, name: str, definition: str | dict, webhook_url: str | None) -> Watchlist:
        d = json.loads(definition) if isinstance(definition, str) else dict(definition)
        return cls.build(
            name,
            actor=d.get("actor") or None,
            target=d.get("target") or None,
            both_directions=d.get("both_directions", False),
            root=d.get("roots") or None,
            quad=d.get("quad_classes") or None,
            modality=d.get("modalities") or None,
            since=d.get("since"),
            place_country=d.get("place_country") or None,
            min_independent=d.get("min_independent", 1),
            webhook_url=webhook_url,
        )

    def describe(self) -> str:
        """One line a person can read: what this watchlist looks for."""
        arrow = "<->" if self.both_directions else "->"
        who = f"{'|'.join(self.actor) or 'any'} {arrow} {'|'.join(self.target) or 'any'}"
        parts = [who]
        if self.roots:
            parts.append("root " + ",".join(self.roots))
        if self.quad_classes:
            parts.append("quad " + ",".join(map(str, self.quad_classes)))
        if self.modalities:
            parts.append("/".join(self.modalities))
        if self.place_country:
            parts.append("in " + ",".join(self.place_country))
        if self.since:
            parts.append(f"since {self.since}")
        if self.min_independent > 1:
            parts.append(f">= {self.min_independent} independent sources")
        return "; ".join(parts)

    # -- SQL ---------------------------------------------------------------------------------

    def where(self) -> tuple[str, list[Any]]:
        """The WHERE clause (over ``event_clusters c``) and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []

        def slot(name: str, codes: Sequence[str]) -> str:
            # name is "source" or "target": fixed here
            parts = []
            for code in codes:
                parts.append(f"(c.{name}_country = ? OR starts_with(c.{name}_cameo, ?))")
                params.extend([code, code])
            return "(" + " OR ".join(parts) + ")"

        def direction(src: Sequence[str], tgt: Sequence[str]) -> str:
            parts = []
            if src:
                parts.append(slot("source", src))
            if tgt:
                parts.append(slot("target", tgt))
            return "(" + " AND ".join(parts) + ")" if parts else "TRUE"

        if self.actor or self.target:
            forward = direction(self.actor, self.target)
            if self.both_directions:
                clauses.append(f"({forward} OR {direction(self.target, self.actor)})")
            else:
                clauses.append(forward)
        for column, values in (
            ("c.root_code", self.roots),
            ("c.quad_class", self.quad_classes),
            ("c.modality", self.modalities),
            ("c.place_country", self.place_country),
        ):
            if values:
                clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
                params.extend(values)
        if self.since:
            clauses.append("c.event_date >= ?")
            params.append(self.since)
        if self.min_independent > 1:
            clauses.append("c.n_independent >= ?")
            params.append(self.min_independent)
        return (" AND ".join(clauses) or "TRUE"), params


# ---------------------------------------------------------------------------------------------
# watchlists in the store


def add_watchlist(store: Store, watchlist: Watchlist, *, replace: bool = False) -> Watchlist:
    """Save a watchlist; an existing name is an error unless ``replace``."""
    con = store.con
    exists = con.execute("SELECT 1 FROM watchlists WHERE name = ?", [watchlist.name]).fetchone()
    if exists and not replace:
        raise WatchlistError(
            f"name: a watchlist called {watchlist.name!r} exists; remove it first or replace it"
        )
    con.execute(
        "INSERT INTO watchlists (name, definition, webhook_url, created_at, active) "
        "VALUES (?, ?, ?, ?, TRUE) ON CONFLICT (name) DO UPDATE SET "
        "definition = excluded.definition, webhook_url = excluded.webhook_url, active = TRUE",
        [
            watchlist.name,
            json.dumps(watchlist.definition(), sort_keys=True),
            watchlist.webhook_url,
            dt.datetime.now(),
        ],
    )
    return watchlist


def remove_watchlist(store: Store, name: str, *, keep_alerts: bool = True) -> bool:
    """Delete a watchlist (and its alerts unless ``keep_alerts``); True when there was one."""
    con = store.con
    gone = con.execute("DELETE FROM watchlists WHERE name = ? RETURNING name", [name]).fetchall()
    if not keep_alerts:
        con.execute("DELETE FROM alerts WHERE watchlist = ?", [name])
    return bool(gone)


def list_watchlists(store: Store, *, active_only: bool = False) -> list[Watchlist]:
    sql = "SELECT name, definition, webhook_url FROM watchlists"
    if active_only:
        sql += " WHERE active"
    rows = store.con.execute(sql + " ORDER BY name").fetchall()
    return [Watchlist.from_row(*row) for row in rows]


# ---------------------------------------------------------------------------------------------
# checking


@dataclass
class Alert:
    alert_id: str
    watchlist: str
    cluster_id: str
    created_at: dt.datetime
    payload: dict[str, Any]
    delivered_at: dt.datetime | None = None
    delivery_error: str | None = None

    def to_json(self) -> str:
        return json.dumps(self.payload, ensure_ascii=False, sort_keys=True)


@dataclass
class CheckReport:
    new_alerts: list[Alert] = field(default_factory=list)
    delivered: int = 0
    failed: int = 0


def alert_id_for(watchlist: str, cluster_id: str) -> str:
    return hashlib.sha1(f"{watchlist}\x1f{cluster_id}".encode()).hexdigest()[:16]


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


_PAYLOAD_CLUSTER_FIELDS = (
    "cluster_id", "source_cameo", "source_name", "source_country", "target_cameo",
    "target_name", "target_country", "cameo_code", "root_code", "quad_class", "goldstein",
    "plover_type", "event_date", "date_precision", "place_name", "place_country", "place_lat",
    "place_lon", "modality", "first_seen", "source_url", "n_mentions", "n_articles",
    "n_outlets", "n_independent",
)  # fmt: skip


def _title(cluster: dict[str, Any]) -> str:
    from tidings import ontology

    code = cluster.get("cameo_code") or ""
    try:
        name = ontology.cameo_code(code).name
    except Exception:  # noqa: BLE001 - a code outside CAMEO: show the code alone
        name = ""
    who = cluster.get("source_name") or cluster.get("source_cameo") or "?"
    whom = cluster.get("target_name") or cluster.get("target_cameo")
    text = f"{who} ({cluster.get('source_cameo') or '-'}) {code}"
    if name:
        text += f" {name.lower()}"
    if whom:
        text += f" {whom} ({cluster.get('target_cameo') or '-'})"
    if cluster.get("event_date"):
        text += f" on {cluster['event_date']}"
    return text


def _payload(
    watchlist: Watchlist,
    alert_id: str,
    cluster: dict[str, Any],
    mentions: list[dict[str, Any]],
    now: dt.datetime,
) -> dict[str, Any]:
    plain_cluster = {k: _plain(cluster.get(k)) for k in _PAYLOAD_CLUSTER_FIELDS}
    return {
        "alert_id": alert_id,
        "watchlist": watchlist.name,
        "query": watchlist.describe(),
        "created_at": now.isoformat(),
        "title": _title(plain_cluster),
        "cluster": plain_cluster,
        "mentions": [{k: _plain(v) for k, v in m.items() if k != "cluster_id"} for m in mentions],
    }


def _rows(cursor: Any) -> list[dict[str, Any]]:
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _matches(
    store: Store, watchlist: Watchlist
) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """The clusters this watchlist matches and has not alerted yet, and their mentions."""
    where, params = watchlist.where()
    matched = (
        f"SELECT c.* FROM event_clusters c WHERE {where} "
        # one alert per watchlist x cluster, and none for a cluster that only changed its id
        # (an earlier report became its first) when one of its events was already alerted
        "AND c.cluster_id NOT IN (SELECT cluster_id FROM alerts WHERE watchlist = ?) "
        "AND c.cluster_id NOT IN (SELECT m.cluster_id FROM mentions m JOIN "
        "  (SELECT unnest(event_ids) AS event_id FROM alerts WHERE watchlist = ?) seen USING (event_id))"
    )
    params = [*params, watchlist.name, watchlist.name]
    clusters = _rows(
        store.con.execute(f"{matched} ORDER BY c.event_date NULLS LAST, c.cluster_id", params)
    )
    mentions: dict[str, list[dict[str, Any]]] = {}
    if clusters:
        rows = _rows(
            store.con.execute(
                f"WITH matched AS ({matched}) "
                "SELECT m.cluster_id, m.article_id, m.event_id, m.outlet, m.published, m.url, "
                "m.sentence_index, m.modality, m.confidence, m.group_id, e.evidence_text, a.title "
                "FROM mentions m JOIN matched USING (cluster_id) JOIN events e USING (event_id) "
                "JOIN articles a ON a.id = m.article_id "
                "ORDER BY m.cluster_id, m.published NULLS LAST, m.article_id, m.sentence_index, m.event_id",
                params,
            )
        )
        for row in rows:
            mentions.setdefault(row["cluster_id"], []).append(row)
    return clusters, mentions


_ALERT_SCHEMA = pa.schema(
    [
        ("alert_id", pa.string()), ("watchlist", pa.string()), ("cluster_id", pa.string()),
        ("event_ids", pa.list_(pa.string())), ("created_at", pa.timestamp("us")),
        ("payload", pa.string()),
    ]
)  # fmt: skip


def check_watchlists(
    store: Store,
    names: Sequence[str] | None = None,
    *,
    deliver: bool = True,
    now: dt.datetime | None = None,
) -> CheckReport:
    """Run the active watchlists (or those named) over the event clusters; write new alerts,
    then POST undelivered alerts to the watchlists' webhooks. Never raises for a webhook."""
    now = (now or dt.datetime.now()).replace(microsecond=0)
    report = CheckReport()
    watchlists = [
        w for w in list_watchlists(store, active_only=True) if names is None or w.name in names
    ]
    con = store.con
    for watchlist in watchlists:
        clusters, mentions = _matches(store, watchlist)
        rows = []
        for cluster in clusters:
            cluster_mentions = mentions.get(cluster["cluster_id"], [])
            alert_id = alert_id_for(watchlist.name, cluster["cluster_id"])
            payload = _payload(watchlist, alert_id, cluster, cluster_mentions, now)
            rows.append(
                {
                    "alert_id": alert_id,
                    "watchlist": watchlist.name,
                    "cluster_id": cluster["cluster_id"],
                    "event_ids": [m["event_id"] for m in cluster_mentions],
                    "created_at": now,
                    "payload": json.dumps(payload, ensure_ascii=False, sort_keys=True),
                }
            )
            report.new_alerts.append(
                Alert(alert_id, watchlist.name, cluster["cluster_id"], now, payload)
            )
        if rows:  # one statement for the lot: a first check over a big store may raise thousands
            con.register("_tidings_new_alerts", pa.Table.from_pylist(rows, schema=_ALERT_SCHEMA))
            try:
                con.execute(
                    "INSERT INTO alerts (alert_id, watchlist, cluster_id, event_ids, created_at, payload) "
                    "SELECT * FROM _tidings_new_alerts ON CONFLICT DO NOTHING"
                )
            finally:
                con.unregister("_tidings_new_alerts")
    if deliver:
        report.delivered, report.failed = deliver_webhooks(store, [w.name for w in watchlists])
    return report


def post_json(url: str, payload: dict[str, Any], timeout: float = WEBHOOK_TIMEOUT_S) -> None:
    """POST one JSON document; raises ``OSError``/``urllib.error.URLError`` on failure."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "User-Agent": "tidings-alerts"},
    )
    with urllib.request.urlopen(
        request, timeout=timeout
    ) as response:  # http(s) only: checked in Watchlist
        if not 200 <= response.status < 300:
            raise urllib.error.HTTPError(
                url, response.status, "webhook refused", response.headers, None
            )


def deliver_webhooks(store: Store, names: Sequence[str] | None = None) -> tuple[int, int]:
    """POST every undelivered alert of watchlists with a webhook; (delivered, failed)."""
    con = store.con
    sql = (
        "SELECT al.alert_id, al.payload, w.webhook_url FROM alerts al "
        "JOIN watchlists w ON w.name = al.watchlist "
        "WHERE w.webhook_url IS NOT NULL AND al.delivered_at IS NULL AND al.delivery_attempts < ?"
    )
    params: list[Any] = [MAX_DELIVERY_ATTEMPTS]
    if names is not None:
        if not names:
            return 0, 0
        sql += f" AND al.watchlist IN ({', '.join('?' * len(names))})"
        params.extend(names)
    delivered = failed = 0
    for alert_id, payload, url in con.execute(
        sql + " ORDER BY al.created_at, al.alert_id", params
    ).fetchall():
        try:
            post_json(url, json.loads(payload))
        except (OSError, ValueError) as exc:  # URLError and HTTPError are OSErrors
            failed += 1
            con.execute(
                "UPDATE alerts SET delivery_attempts = delivery_attempts + 1, delivery_error = ? "
                "WHERE alert_id = ?",
                [f"{type(exc).__name__}: {exc}", alert_id],
            )
        else:
            delivered += 1
            con.execute(
                "UPDATE alerts SET delivery_attempts = delivery_attempts + 1, delivered_at = ?, "
                "delivery_error = NULL WHERE alert_id = ?",
                [dt.datetime.now(), alert_id],
            )
    return delivered, failed


# ---------------------------------------------------------------------------------------------
# reading alerts back


def _since(value: str | dt.date | dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise WatchlistError(f"since: {value!r} is not an ISO date or date-time") from None


def alerts_frame(
    store: Store,
    watchlist: str | Sequence[str] | None = None,
    since: str | dt.date | dt.datetime | None = None,
) -> pd.DataFrame:
    """Alerts, newest first, one row each: what the API's Atom feed and ``tidings alerts`` show.

    Columns: ``alert_id``, ``watchlist``, ``cluster_id``, ``created_at``, ``title`` (one line),
    ``summary`` (the first evidence sentence and the outlets), ``link`` (the first report's
    URL), the cluster's fields as they were when the alert fired (``source_cameo``,
    ``target_cameo``, ``cameo_code``, ``quad_class``, ``goldstein``, ``event_date``,
    ``place_name``, ``n_mentions``, ``n_outlets``, ``n_independent`` ...), ``delivered_at``,
    ``delivery_error`` and the full ``payload`` (a JSON string: what the webhook received).
    ``since`` keeps alerts created at or after that date(-time).
    """
    import pandas as pd

    clauses: list[str] = []
    params: list[Any] = []
    if watchlist is not None:
        names = [watchlist] if isinstance(watchlist, str) else list(watchlist)
        clauses.append(f"watchlist IN ({', '.join('?' * len(names))})" if names else "FALSE")
        params.extend(names)
    if since is not None:
        clauses.append("created_at >= ?")
        params.append(_since(since))
    sql = "SELECT alert_id, watchlist, cluster_id, created_at, delivered_at, delivery_error, payload FROM alerts"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += " ORDER BY created_at DESC, alert_id"
    rows = store.con.execute(sql, params).fetchall()
    records = []
    for alert_id, name, cluster_id, created_at, delivered_at, error, payload in rows:
        data = json.loads(payload)
        cluster = data.get("cluster", {})
        mentions = data.get("mentions", [])
        outlets = sorted({m["outlet"] for m in mentions if m.get("outlet")})
        evidence = mentions[0]["evidence_text"] if mentions else ""
        record = {
            "alert_id": alert_id,
            "watchlist": name,
            "cluster_id": cluster_id,
            "created_at": created_at,
            "title": data.get("title", ""),
            "summary": f"{evidence} ({', '.join(outlets) or 'outlet unknown'})" if evidence else "",
            "link": cluster.get("source_url"),
        }
        record.update(
            {
                k: cluster.get(k)
                for k in _PAYLOAD_CLUSTER_FIELDS
                if k not in ("cluster_id", "source_url")
            }
        )
        record.update({"delivered_at": delivered_at, "delivery_error": error, "payload": payload})
        records.append(record)
    columns = [
        "alert_id", "watchlist", "cluster_id", "created_at", "title", "summary", "link",
        *[k for k in _PAYLOAD_CLUSTER_FIELDS if k not in ("cluster_id", "source_url")],
        "delivered_at", "delivery_error", "payload",
    ]  # fmt: skip
    return pd.DataFrame.from_records(records, columns=columns)
