"""The web UI in real headless Chromium (Debian's ``chromium``, driven by Playwright).

A uvicorn server on a free port of 127.0.0.1 serves a SQLite store filled with invented records;
the tests click from a timeline bar to a record page, check the highlighted sentence, walk the
document, contradictions and map pages, and save a screenshot of each: into the test's
temporary directory, or with ``NEWSEVENTS_SCREENSHOTS=1`` into ``docs/screenshots/`` for the
README (the tests never write into the tracked tree otherwise). Without chromium they skip,
except under ``CI`` where they fail.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from builders import evil_report, sample_results, third_report, timeline_reports

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("NEWSEVENTS_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
DOC_SHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
SHOTS_ENV = "NEWSEVENTS_SCREENSHOTS"  # =1: refresh docs/screenshots/ (README images)
STRIKE = "An air strike on the village of Kafr Tala killed at least 9 people on Sunday."


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """A real uvicorn server in a thread over a filled SQLite store; yields its base URL."""
    import uvicorn

    from newsevents.serve.api import create_app
    from newsevents.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'ui.db'}"
    store = Store(url)
    store.migrate()
    results, contradictions = sample_results()
    extra = [third_report(), evil_report(), *timeline_reports(12)]
    store.write_batch([*results, *extra], [], contradictions)
    store.close()

    port = _free_port()
    config = uvicorn.Config(
        create_app(url, preload=False), host="127.0.0.1", port=port, log_level="warning"
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{base}/api/stats", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline or not thread.is_alive():
            srv.should_exit = True
            pytest.fail("the uvicorn server did not start within 30 s")
        time.sleep(0.1)
    yield base
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (apt-get install chromium, or make system-deps)"
        if _in_ci():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server)
    # nothing may come from outside the server: fail any request that tries
    outside: list[str] = []

    def guard(route):
        if route.request.url.startswith(server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert outside == [], f"requests left the server: {outside}"
    assert dialogs == [], f"a script ran: {dialogs}"
    assert errors == [], f"script errors: {errors}"


def shots_dir(tmp_root: Path) -> Path:
    """Where screenshots go: ``docs/screenshots/`` only when asked for, else a temp dir."""
    return DOC_SHOTS if os.environ.get(SHOTS_ENV) == "1" else tmp_root / "screenshots"


@pytest.fixture(scope="module")
def shot(tmp_path_factory):
    """``shot(page, name)`` saves a PNG of the page (see :func:`shots_dir`)."""
    folder = shots_dir(tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)

    def save(page, name: str, full: bool = True) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=full)
        assert path.stat().st_size > 1000  # a real image, not an empty file
        return path

    return save


def test_screenshots_stay_out_of_the_tree_unless_asked(tmp_path, monkeypatch):
    monkeypatch.delenv(SHOTS_ENV, raising=False)
    assert shots_dir(tmp_path) == tmp_path / "screenshots"
    monkeypatch.setenv(SHOTS_ENV, "1")
    assert shots_dir(tmp_path) == DOC_SHOTS


def test_timeline_bar_to_record_page(page, shot):
    page.goto("/")
    page.wait_for_selector('#timeline[data-ready="1"] svg a.bar-link', timeout=10_000)
    bars = page.locator("#timeline a.bar-link")
    assert bars.count() == 16  # one bar per (day, type): 3 sample + 1 hostile + 12 timeline
    shot(page, "search")

    page.locator('a.bar-link[data-type="ASSAULT"][data-day="2024-03-10"] rect').click()
    page.wait_for_url("**/?*type=ASSAULT*")
    assert "since=2024-03-10" in page.url and "until=2024-03-10" in page.url
    rows = page.locator("tr.event")
    ids = sorted(rows.evaluate_all("rows => rows.map(r => r.dataset.id)"))
    assert ids == ["e-bbbb000000000001", "e-cccc000000000001"]

    page.locator('tr[data-id="e-bbbb000000000001"] a.record-link').click()
    page.wait_for_url("**/events/e-bbbb000000000001")
    marks = page.locator(".article mark")
    assert marks.count() == 1
    assert marks.inner_text() == STRIKE
    assert page.locator("blockquote.evidence").inner_text() == STRIKE
    assert "Hill Courier" in page.locator("section.related").inner_text()
    shot(page, "record")


def test_document_page_marks_records(page, shot):
    page.goto("/events/e-aaaa000000000002")
    page.locator("table.fields a[href^='/documents/']").first.click()
    page.wait_for_url("**/documents/d-aaaa000000000001*")
    marks = page.locator(".article mark")
    assert marks.count() == 3
    assert page.locator(".article mark.k-quote").inner_text().startswith('"We acted')
    shot(page, "document")
    page.locator(".article mark.k-quote a").click()
    page.wait_for_url("**/quotes/q-aaaa000000000001")


def test_contradictions_page(page, shot):
    page.goto("/contradictions")
    cards = page.locator(".claim-card")
    assert cards.count() == 2
    assert "denies" in cards.nth(0).inner_text()
    assert "Valley Post" in cards.nth(1).inner_text()
    shot(page, "contradictions")


def test_map_dots_lead_to_records(page, shot):
    page.goto("/map")
    assert page.locator("svg.map path.country").count() > 150
    assert page.locator("svg.map a.dot-link").count() == 17  # every located event
    shot(page, "map", full=False)
    page.locator('a.dot-link[href="/events/e-aaaa000000000001"] circle').click()
    page.wait_for_url("**/events/e-aaaa000000000001")
    assert "Oslo" in page.locator("table.fields").inner_text()


def test_hostile_article_stays_text(page):
    page.goto("/documents/d-eeee000000000001")
    text = page.locator(".article").inner_text()
    assert '<script>alert("pwned")</script>' in text
    assert "<b>thousands</b>" in text
    assert page.locator(".article script, .article b, .article img").count() == 0
    assert page.locator("h1").inner_text() == 'March <script>alert("title")</script>'


def test_api_docs_render_offline(page):
    page.goto("/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    assert page.locator(".opblock-summary-path", has_text="/api/events").count() >= 1
