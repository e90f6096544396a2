"""Watchlists and alerts: saved queries checked after each ingest, one alert per watchlist and
event cluster, delivered as JSON lines, as a frame (the Atom feed's source) and by webhook."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import socket
import threading
from typing import ClassVar

import pytest
from click.testing import CliRunner
from dataset_fixtures import LATER, REPRINT, REWRITE, WIRE, WIRE_UPDATE, code_into, make_article

from tidings.alerts import (
    Watchlist,
    WatchlistError,
    add_watchlist,
    alerts_frame,
    check_watchlists,
    list_watchlists,
    remove_watchlist,
)
from tidings.dedupe import clusters_frame, mentions_frame, update_dedupe
from tidings.store import open_store
from tidings.store.runs import compare_runs


class _Hook(http.server.BaseHTTPRequestHandler):
    received: ClassVar[list[dict]]  # set per test (the webhook fixture)

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append(
            {"content_type": self.headers["Content-Type"], "json": json.loads(body)}
        )
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args) -> None:  # keep the test output clean
        pass


@pytest.fixture
def webhook():
    """A local webhook receiver on 127.0.0.1; yields (url, received requests)."""
    received: list[dict] = []
    handler = type("Hook", (_Hook,), {"received": received})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hook", received
    finally:
        server.shutdown()
        server.server_close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- watchlists ---------------------------------------------------------------------------------


def test_watchlists_are_validated_with_the_field_named():
    w = Watchlist.build("usa-mex", actor="usa", target=["MEX"], root=[18, "19"], quad="4")
    assert (w.actor, w.target, w.roots, w.quad_classes, w.modalities) == (
        ("USA",), ("MEX",), ("18", "19"), (4,), ("asserted",))  # fmt: skip
    for kwargs, field in (
        ({"actor": "USA'; DROP TABLE events; --"}, "actor"),
        ({"root": 27}, "root"),
        ({"quad": 5}, "quad"),
        ({"modality": "rumoured"}, "modality"),
        ({"since": "last week"}, "since"),
        ({"webhook_url": "file:///etc/passwd"}, "webhook"),
        ({"min_independent": 0}, "min_independent"),
    ):
        with pytest.raises(WatchlistError, match=field):
            Watchlist.build("w", **kwargs)
    with pytest.raises(WatchlistError, match="name"):
        Watchlist.build("no spaces allowed")


def test_watchlists_are_stored_and_round_trip():
    w = Watchlist.build("between", actor="USA", target="MEX", both_directions=True, quad=[3, 4],
                        since="2025-08-01", min_independent=2, webhook_url="http://127.0.0.1:9/x")  # fmt: skip
    with open_store(":memory:") as store:
        add_watchlist(store, w)
        assert list_watchlists(store) == [w]
        with pytest.raises(WatchlistError, match="exists"):
            add_watchlist(store, w)
        add_watchlist(store, Watchlist.build("between", actor="CAN"), replace=True)
        assert list_watchlists(store)[0].actor == ("CAN",)
        assert remove_watchlist(store, "between") and not list_watchlists(store)


# --- checked after each ingest (the team's articles, through tidings.code_paths) -----------------


@pytest.fixture(scope="module")
def watched(tmp_path_factory):
    db = tmp_path_factory.mktemp("alerts") / "alerts.duckdb"
    with open_store(db) as store:
        add_watchlist(store, Watchlist.build("chile-bolivia", actor="CHL", target="BOL", quad=4))
        add_watchlist(
            store,
            Watchlist.build("corroborated", actor="CHL", target="BOL", root=17, min_independent=2),
        )
        add_watchlist(store, Watchlist.build("reverse", actor="BOL", target="CHL", quad=4))
        add_watchlist(
            store,
            Watchlist.build("either-way", actor="BOL", target="CHL", quad=4, both_directions=True),
        )
        add_watchlist(store, Watchlist.build("late", actor="CHL", target="BOL", since="2025-03-10"))
    code_into(db, [WIRE, WIRE_UPDATE, REWRITE])
    code_into(db, [REPRINT, LATER])
    return db


def _alerts(db, watchlist=None):
    with open_store(db, read_only=True) as store:
        return alerts_frame(store, watchlist=watchlist)


def test_ingest_raises_one_alert_per_matching_event(watched):
    frame = _alerts(watched, "chile-bolivia")
    # the arrests of 3 March (4 reports, after two ingests) and of 20 March
    assert sorted(str(d) for d in frame.event_date) == ["2025-03-03", "2025-03-20"]
    assert frame.cluster_id.is_unique
    first = frame[frame.event_date == "2025-03-03"].iloc[0]
    assert first.cameo_code == "173" and first.source_cameo == "CHLCOP"
    assert "Chilean police" in first.title and "2025-03-03" in first.title
    assert "arrested" in first.summary or "detained" in first.summary
    assert first.link.startswith("https://andeswire.example/")
    payload = json.loads(first.payload)
    assert payload["cluster"]["cluster_id"] == first.cluster_id
    assert {m["outlet"] for m in payload["mentions"]} <= {
        "Andes Wire",
        "Pacific Courier",
        "Altiplano Times",
    }


def test_watchlist_filters_apply(watched):
    corroborated = _alerts(watched, "corroborated")
    assert list(corroborated.n_independent) == [
        2
    ]  # only the event two independent outlets reported
    assert _alerts(watched, "reverse").empty  # Bolivia did nothing to Chile
    assert len(_alerts(watched, "either-way")) == 2  # ... but "between" matches both directions
    late = _alerts(watched, "late")
    assert [str(d) for d in late.event_date] == ["2025-03-20"]


def test_alerts_are_never_repeated(watched, tmp_path):
    before = _alerts(watched)
    with open_store(watched) as store:
        assert check_watchlists(store).new_alerts == []
    code_into(watched, [WIRE, REPRINT])  # re-ingest: no new alerts
    after = _alerts(watched)
    assert sorted(after.alert_id) == sorted(before.alert_id)


def test_alerts_since_and_command_line(watched):
    from tidings.cli import main

    runner = CliRunner()
    out = runner.invoke(main, ["alerts", "--db", str(watched), "--json"])
    assert out.exit_code == 0, out.output
    lines = [json.loads(line) for line in out.output.splitlines()]
    assert len(lines) == len(_alerts(watched))
    assert all({"alert_id", "watchlist", "title", "cluster", "mentions"} <= set(x) for x in lines)
    future = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    assert runner.invoke(main, ["alerts", "--db", str(watched), "--since", future]).output == ""
    text = runner.invoke(main, ["alerts", "--db", str(watched), "--watchlist", "corroborated"])
    assert "2 independent" in text.output and text.output.count("\n") == 1
    listed = runner.invoke(main, ["watch", "list", "--db", str(watched)])
    assert "chile-bolivia: CHL -> BOL; quad 4; asserted" in listed.output
    bad = runner.invoke(main, ["alerts", "--db", str(watched), "--since", "yesterday"])
    assert bad.exit_code == 2 and "since" in bad.output


# --- webhooks -----------------------------------------------------------------------------------


def _clash(day: str, outlet: str) -> object:
    return make_article(
        f"Mexican troops fired on a US patrol on {day}, officials said ({outlet}).",
        [{"source": "MEXMIL", "source_country": "MEX", "target": "USAMIL", "target_country": "USA",
          "code": "190", "date": day}],
        outlet=outlet, published=day,
    )  # fmt: skip


def test_webhook_receives_each_new_alert_once(webhook):
    url, received = webhook
    with open_store(":memory:") as store:
        add_watchlist(
            store, Watchlist.build("mex-usa", actor="MEX", target="USA", quad=4, webhook_url=url)
        )
        first = _clash("2025-08-01", "Border Daily")
        store.write_results([first])
        update_dedupe(store, [first.article.id])
        report = check_watchlists(store)
        assert (len(report.new_alerts), report.delivered, report.failed) == (1, 1, 0)
        assert len(received) == 1 and received[0]["content_type"] == "application/json"
        body = received[0]["json"]
        assert body["watchlist"] == "mex-usa" and body["cluster"]["cameo_code"] == "190"
        assert body["mentions"][0]["outlet"] == "Border Daily"
        # a second report of the same clash joins the cluster: no new alert, no new POST
        second = _clash("2025-08-01", "Valley Herald")
        store.write_results([second])
        update_dedupe(store, [second.article.id])
        assert check_watchlists(store).new_alerts == [] and len(received) == 1
        assert clusters_frame(store).iloc[0].n_outlets == 2
        frame = alerts_frame(store)
        assert frame.delivered_at.notna().all() and frame.delivery_error.isna().all()


def test_a_failing_webhook_is_recorded_and_retried(webhook):
    url, received = webhook
    dead = f"http://127.0.0.1:{_closed_port()}/hook"
    with open_store(":memory:") as store:
        add_watchlist(store, Watchlist.build("mex-usa", actor="MEX", webhook_url=dead))
        clash = _clash("2025-08-01", "Border Daily")
        store.write_results([clash])
        update_dedupe(store, [clash.article.id])
        report = check_watchlists(store)  # never raises
        assert (len(report.new_alerts), report.delivered, report.failed) == (1, 0, 1)
        frame = alerts_frame(store)
        assert frame.delivered_at.isna().all() and "URLError" in frame.delivery_error.iloc[0]
        add_watchlist(store, Watchlist.build("mex-usa", actor="MEX", webhook_url=url), replace=True)
        report = check_watchlists(store)
        assert (len(report.new_alerts), report.delivered) == (0, 1)
        assert len(received) == 1 and alerts_frame(store).delivered_at.notna().all()


def test_code_paths_delivers_webhooks_after_ingest(webhook, tmp_path):
    from tidings.cli import main

    url, received = webhook
    db = tmp_path / "hook.duckdb"
    added = CliRunner().invoke(main, ["watch", "add", "arrests", "--db", str(db), "--actor", "CHL",
                                      "--root", "17", "--webhook", url])  # fmt: skip
    assert added.exit_code == 0, added.output
    code_into(db, [WIRE, REWRITE])
    assert len(received) == 1 and received[0]["json"]["cluster"]["n_outlets"] == 2


# --- every value is a bound parameter -----------------------------------------------------------


class _Recording:
    """Stands in for the DuckDB connection and keeps every SQL text it is given."""

    def __init__(self, con):
        self._con = con
        self.sql: list[str] = []

    def execute(self, sql, params=None):
        self.sql.append(sql)
        return self._con.execute(sql, params) if params is not None else self._con.execute(sql)

    def __getattr__(self, name):
        return getattr(self._con, name)


HOSTILE = "X' OR '1'='1"


def test_query_values_never_reach_the_sql_text():
    result = make_article("Troops clashed.", [{"source": "USAMIL", "source_country": "USA", "target": "MEX",
                                               "target_country": "MEX", "code": "190"}])  # fmt: skip
    with open_store(":memory:") as store:
        store.write_results([result], store.start_run("v", "l", "m"))
        update_dedupe(store, [result.article.id])
        add_watchlist(store, Watchlist.build("w", actor="USA"))
        check_watchlists(store)
        recorder = _Recording(store._con)
        store._con = recorder
        try:
            assert clusters_frame(store, source_country=HOSTILE, cameo_code=[HOSTILE, "190"]).empty
            assert clusters_frame(store, since="2000-01-01", min_independent=1).shape[0] == 1
            assert mentions_frame(store, cluster_id=HOSTILE, article_id=HOSTILE).empty
            assert alerts_frame(store, watchlist=HOSTILE).empty
            assert alerts_frame(store, watchlist=["w", HOSTILE]).shape[0] == 1
            assert not remove_watchlist(store, HOSTILE)
            with pytest.raises(LookupError):
                compare_runs(store, HOSTILE, HOSTILE)
            update_dedupe(store, [HOSTILE])  # an id that is not stored: nothing to do, no error
            check_watchlists(store, [HOSTILE])
        finally:
            store._con = recorder._con
        assert recorder.sql, "nothing was recorded"
        assert not [sql for sql in recorder.sql if "OR '1'" in sql or HOSTILE in sql]
        # the stored tables are untouched
        assert store.con.execute("SELECT count(*) FROM event_clusters").fetchone()[0] == 1
