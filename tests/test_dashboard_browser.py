"""The dashboard in a real browser: `tidings serve` over the coded sample corpus, Debian's
Chromium driven by Playwright. Filter to a dyad, open an event, see its evidence sentence.

Screenshots go to tests/artifacts/ (git-ignored). The browser is never downloaded: the test
uses /usr/bin/chromium (`apt-get install chromium`, as .ci/run does) and skips, saying so,
only when it is absent.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

import tidings
from tidings.paths import PACKAGE_DIR

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is not installed (apt-get install -y chromium); "
           "tidings never downloads a browser",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("dashboard") / "sample.duckdb"
    summary = tidings.code_paths([PACKAGE_DIR / "samples"], db=db)
    assert summary.articles >= 6, summary.errors
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tidings.cli", "serve", "--db", str(db), "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"tidings serve exited: {process.stdout.read() if process.stdout else ''}")
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("tidings serve did not answer /health within 60 s")
            time.sleep(0.2)
        yield base, db
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def test_dashboard_filters_to_a_dyad_and_shows_the_evidence(server, browser):
    base, db = server
    ARTIFACTS.mkdir(exist_ok=True)
    expected = tidings.query(db, actor="IDN", target="VNM", both_directions=True)
    assert len(expected) >= 2, "the sample corpus should hold Indonesia-Vietnam events"

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "/")
    page.wait_for_selector("body[data-ready=true]", timeout=20_000)
    page.screenshot(path=str(ARTIFACTS / "dashboard-overview.png"), full_page=True)
    assert page.locator("#summary").inner_text().startswith("6 articles")
    assert page.locator("#map path").count() > 100  # the bundled world outline was drawn
    assert page.locator("#network .node").count() > 2

    page.fill("input[name=actor]", "IDN")
    page.fill("input[name=target]", "VNM")
    page.check("input[name=both_directions]")
    page.evaluate("document.body.dataset.ready = 'false'")
    page.click("#filters button[type=submit]")
    page.wait_for_selector("body[data-ready=true]", timeout=20_000)
    rows = page.locator("#event-list tbody tr")
    assert rows.count() == len(expected)
    shown = {rows.nth(i).get_attribute("data-event-id") for i in range(rows.count())}
    assert shown == set(expected["event_id"])
    assert page.locator("#timeline-title").inner_text() == "Timeline: IDN ↔ VNM"
    assert page.locator("#timeline rect").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "dashboard-dyad.png"), full_page=True)

    first_id = rows.nth(0).get_attribute("data-event-id")
    rows.nth(0).click()
    page.wait_for_selector("#event-detail:not([hidden])")
    event = expected[expected["event_id"] == first_id].iloc[0]
    evidence = page.locator("#detail-evidence")
    assert evidence.inner_text().strip() == event["evidence_text"].strip()
    assert page.locator("#detail-evidence mark").inner_text() == event["trigger_text"]
    assert event["outlet"] in page.locator("#detail-outlets").inner_text()
    assert page.locator("#detail-quotes li").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "dashboard-event.png"))

    assert not errors, errors
    offsite = [u for u in requests if not u.startswith(base) and not u.startswith("data:")]
    assert not offsite, f"the dashboard fetched from outside the server: {offsite}"
