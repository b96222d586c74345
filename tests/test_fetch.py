"""Fetching pages and feeds over HTTP: politeness, caching, and every network failure.

A real HTTP server runs on 127.0.0.1 in a thread (a free port, short timeouts); nothing here
touches the internet. The articles served are invented.
"""

from __future__ import annotations

import json
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from newsevents.acquire import fetch
from newsevents.acquire.fetch import Fetcher, default_cache_path, sniff_kind
from newsevents.acquire.readers import read_paths, url_of
from newsevents.clean.documents import documents_from_raw
from newsevents.records import Failure, RawDocument
from newsevents.serve.cli import app

# ---- invented content ---------------------------------------------------------------------

PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ferry workers end strike in Port Alder | Northern Tide</title>
<meta property="og:site_name" content="Northern Tide">
<meta property="og:title" content="Ferry workers end strike in Port Alder">
<meta property="article:published_time" content="2025-03-04T08:15:00+01:00">
<meta name="author" content="Maren Holt">
</head><body>
<nav><a href="/">Home</a> <a href="/region">Region</a></nav>
<main><h1>Ferry workers end strike in Port Alder</h1>
<article>
<p>Ferry crews in Port Alder returned to work on Monday after a nine-day strike over night-shift
pay that left island villages without a daily crossing.</p>
<p>The union said members had accepted an offer of a seven percent rise spread over two years,
and the operator said all routes would run normally by Wednesday.</p>
<p>"We are glad the boats are moving again," said Tove Lund, who runs a bakery on Skerry Island
and had been sending bread across by fishing boat.</p>
</article></main>
<footer><p>Northern Tide, all rights reserved.</p></footer>
</body></html>
"""

ARTICLE_1 = b"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Wind farm approved off Cape Mira</title>
<meta property="og:site_name" content="Coastal Ledger"></head><body><main><article>
<h1>Wind farm approved off Cape Mira</h1>
<p>The regional planning board on Thursday approved a wind farm of forty turbines off Cape Mira,
ending a dispute with fishermen that had lasted three years.</p>
<p>The developer agreed to pay into a fund for boats that lose access to their grounds during
construction, the board said in a statement.</p>
</article></main></body></html>
"""

ARTICLE_2 = b"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Bridge on the Vell river reopens</title></head>
<body><main><article><h1>Bridge on the Vell river reopens</h1>
<p>The road bridge over the Vell river reopened to traffic on Friday, four months after floods
damaged two of its piers, the transport ministry said.</p>
<p>Heavy lorries will stay barred until inspectors finish load tests later this month.</p>
</article></main></body></html>
"""


def feed_xml(base: str) -> bytes:
    """An RSS feed of two invented stories whose links point back at the test server."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Coastal Ledger</title><link>{base}/</link><description>Regional news</description>
<item>
  <title>Wind farm approved off Cape Mira</title>
  <link>{base}/news/wind-farm.html</link>
  <pubDate>Thu, 06 Mar 2025 10:00:00 +0000</pubDate>
  <description>&lt;p&gt;The regional planning board on Thursday approved a wind farm of forty
  turbines off Cape Mira, ending a three-year dispute with fishermen.&lt;/p&gt;</description>
</item>
<item>
  <title>Bridge on the Vell river reopens</title>
  <link>{base}/news/vell-bridge.html</link>
  <pubDate>Fri, 07 Mar 2025 16:30:00 +0000</pubDate>
  <description>&lt;p&gt;The road bridge over the Vell river reopened to traffic on Friday,
  four months after floods damaged two of its piers.&lt;/p&gt;</description>
</item>
</channel></rss>
""".encode()


ROBOTS = b"User-agent: *\nDisallow: /private/\n"

# ---- the local server ---------------------------------------------------------------------


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0
    send_length: bool = True  # without it the body ends when the connection closes


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    at: float


class Site:
    """Routes to serve and a log of every request received."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {"/robots.txt": Route(ROBOTS, content_type="text/plain")}
        self.hits: list[Hit] = []
        self.base = ""

    def hits_on(self, path: str) -> list[Hit]:
        return [hit for hit in self.hits if hit.path == path]


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        site = self.server.site  # type: ignore[attr-defined]
        site.hits.append(Hit(self.path, dict(self.headers), time.monotonic()))
        route = site.routes.get(self.path) or Route(b"no such page", 404, "text/plain")
        if route.delay:
            time.sleep(route.delay)
        unchanged = (route.etag and self.headers.get("If-None-Match") == route.etag) or (
            route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
        )
        try:
            if unchanged:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            if route.send_length:
                self.send_header("Content-Length", str(len(route.body)))
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading (size cap): expected

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


def _serve(site: Site, context: ssl.SSLContext | None = None) -> Iterator[Site]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.site = site  # type: ignore[attr-defined]
    scheme = "http"
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    site.base = f"{scheme}://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def site() -> Iterator[Site]:
    yield from _serve(Site())


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """Every test gets its own cache dir, no politeness delay, and no proxy."""
    monkeypatch.setenv("NEWSEVENTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("NEWSEVENTS_FETCH_CACHE", raising=False)
    monkeypatch.setattr(fetch, "HOST_DELAY_SECONDS", 0.0)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)


def read(*urls: str, **options) -> list[RawDocument | Failure]:
    with Fetcher(**options) as fetcher:
        return list(read_paths(list(urls), fetcher=fetcher))


def docs(items) -> list[RawDocument]:
    return [item for item in items if isinstance(item, RawDocument)]


def failures(items) -> list[Failure]:
    return [item for item in items if isinstance(item, Failure)]


def serve_feed(site: Site, **route) -> str:
    site.routes["/feed.xml"] = Route(
        feed_xml(site.base), content_type="application/rss+xml", **route
    )
    return f"{site.base}/feed.xml"


# ---- pages and feeds ----------------------------------------------------------------------


def test_page_goes_through_the_html_reader(site):
    site.routes["/story.html"] = Route(PAGE)
    url = f"{site.base}/story.html"
    (raw,) = read(url)
    assert raw.origin.path == url and raw.origin.index == 0
    assert raw.title == "Ferry workers end strike in Port Alder"
    assert raw.source == "Northern Tide"
    assert raw.byline == "Maren Holt"
    assert raw.published == "2025-03-04"
    assert raw.url == url  # no canonical link: the fetched URL
    assert "nine-day strike" in raw.content and "Home" not in raw.content
    (hit,) = site.hits_on("/story.html")
    assert hit.headers["User-Agent"].startswith("newsevents/")


def test_feed_entries_become_documents_via_the_feed_reader(site):
    url = serve_feed(site)
    items = read(url)
    assert [(item.origin.path, item.origin.index) for item in items] == [(url, 0), (url, 1)]
    first, second = items
    assert first.title == "Wind farm approved off Cape Mira"
    assert first.url == f"{site.base}/news/wind-farm.html"
    assert first.source == "Coastal Ledger"
    assert first.published == "2025-03-06" and second.published == "2025-03-07"
    assert "forty turbines" in first.content
    assert site.hits_on("/news/wind-farm.html") == []  # links are not followed by default


def test_a_feed_sent_as_html_is_still_read_as_a_feed(site):
    site.routes["/latest"] = Route(feed_xml(site.base), content_type="text/html")
    items = read(f"{site.base}/latest")
    assert [item.title for item in docs(items)] == [
        "Wind farm approved off Cape Mira",
        "Bridge on the Vell river reopens",
    ]


@pytest.mark.parametrize(
    ("content_type", "body", "kind"),
    [
        ("text/html", b"<?xml version='1.0'?>\n<rss version='2.0'><channel/></rss>", "feed"),
        ("text/plain", b"\xef\xbb\xbf<feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
        ("application/xml", b"<!-- generated --><rdf:RDF xmlns:rdf='x'>", "feed"),
        ("application/xml", b"<?xml version='1.0'?><!DOCTYPE html><html>", "html"),
        ("application/octet-stream", b"<html><body><p>x</p></body></html>", "html"),
        ("text/html", b"<div>fragment</div>", "html"),
        ("application/atom+xml", b"not markup at all", "feed"),
        ("text/plain", b"Storm closes the coast road\n\nThe road was shut.", "text"),
        ("image/png", b"\x89PNG\r\n\x1a\n", None),
        ("application/json", b'{"a": 1}', None),
    ],
)
def test_sniffing_uses_the_root_element_then_the_content_type(content_type, body, kind):
    assert sniff_kind(content_type, body) == kind


def test_an_image_is_an_unsupported_content_type(site):
    site.routes["/photo.png"] = Route(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")
    (failure,) = read(f"{site.base}/photo.png")
    assert failure.reason == "unsupported content type: image/png"


def test_follow_links_reads_each_entry_page_and_keeps_the_entry_when_it_fails(site):
    url = serve_feed(site)
    site.routes["/news/wind-farm.html"] = Route(ARTICLE_1)  # vell-bridge.html is a 404
    items = read(url, follow_links=True)
    (page,) = [item for item in docs(items) if item.origin.index == 0]
    assert page.origin.path == f"{site.base}/news/wind-farm.html"
    assert "fund for boats" in page.content  # the full article, not the feed summary
    assert page.source == "Coastal Ledger" and page.published == "2025-03-06"  # from the entry
    (failure,) = failures(items)
    assert failure.origin.path == f"{site.base}/news/vell-bridge.html"
    assert failure.reason == "HTTP error: 404 Not Found"
    (kept,) = [item for item in docs(items) if item.origin.path == url]
    assert kept.title == "Bridge on the Vell river reopens"
    assert any("linked page not read: HTTP error: 404" in note for note in kept.notes)


# ---- robots.txt ---------------------------------------------------------------------------


def test_robots_disallow_is_a_failure_and_the_page_is_never_requested(site):
    site.routes["/private/memo.html"] = Route(PAGE)
    site.routes["/story.html"] = Route(PAGE)
    items = read(f"{site.base}/private/memo.html", f"{site.base}/story.html")
    (failure,) = failures(items)
    assert failure == Failure(
        origin=failure.origin, stage="acquire", reason="disallowed by robots.txt"
    )
    assert failure.origin.path == f"{site.base}/private/memo.html"
    assert failure.origin.index is None
    assert site.hits_on("/private/memo.html") == []
    assert len(docs(items)) == 1  # the batch went on
    assert len(site.hits_on("/robots.txt")) == 1  # cached per host


def test_robots_rules_for_our_agent_apply(site):
    site.routes["/robots.txt"] = Route(
        b"User-agent: newsevents\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
        content_type="text/plain",
    )
    site.routes["/story.html"] = Route(PAGE)
    (failure,) = read(f"{site.base}/story.html")
    assert failure.reason == "disallowed by robots.txt"


def test_missing_robots_allows_everything_and_a_failing_one_disallows(site):
    site.routes["/story.html"] = Route(PAGE)
    del site.routes["/robots.txt"]  # 404
    assert len(docs(read(f"{site.base}/story.html"))) == 1
    site.routes["/robots.txt"] = Route(b"down", 503, "text/plain")
    (failure,) = read(f"{site.base}/story.html")
    assert failure.reason == "disallowed by robots.txt"


# ---- HTTP errors, size, redirects ---------------------------------------------------------


def test_404_and_500_are_failures_and_the_batch_goes_on(site):
    site.routes["/boom"] = Route(b"oops", 500, "text/plain")
    site.routes["/story.html"] = Route(PAGE)
    items = read(f"{site.base}/gone.html", f"{site.base}/boom", f"{site.base}/story.html")
    assert [f.reason for f in failures(items)] == [
        "HTTP error: 404 Not Found",
        "HTTP error: 500 Internal Server Error",
    ]
    assert all(f.stage == "acquire" for f in failures(items))
    assert [d.title for d in docs(items)] == ["Ferry workers end strike in Port Alder"]


@pytest.mark.parametrize("send_length", [True, False])
def test_a_body_over_the_cap_is_response_too_large(site, send_length):
    big = b"<html><body>" + b"<p>" + b"word " * 20_000 + b"</p></body></html>"
    site.routes["/huge.html"] = Route(big, send_length=send_length)
    (failure,) = read(f"{site.base}/huge.html", max_bytes=10_000)
    assert failure.reason == "response too large: over 10000 bytes"


def test_redirect_is_followed_and_origin_keeps_the_url_asked(site):
    site.routes["/old-story"] = Route(status=301, headers={"Location": "/story.html"})
    site.routes["/story.html"] = Route(PAGE)
    (raw,) = read(f"{site.base}/old-story")
    assert raw.origin.path == f"{site.base}/old-story"
    assert raw.url == f"{site.base}/story.html"
    assert f"redirected to {site.base}/story.html" in raw.notes


def test_redirect_loops_are_bounded_and_redirects_into_disallowed_paths_refused(site):
    site.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
    site.routes["/to-private"] = Route(status=302, headers={"Location": "/private/x.html"})
    loop, private = read(f"{site.base}/loop", f"{site.base}/to-private", max_redirects=3)
    assert loop.reason == "too many redirects: more than 3"
    assert len(site.hits_on("/loop")) == 4
    assert private.reason == f"disallowed by robots.txt: {site.base}/private/x.html"
    assert site.hits_on("/private/x.html") == []


# ---- conditional requests -----------------------------------------------------------------


def test_by_default_a_second_run_reads_the_content_again_and_stores_no_validators(site, tmp_path):
    url = serve_feed(site, etag='"ledger-42"')
    site.routes["/story.html"] = Route(PAGE, last_modified="Tue, 04 Mar 2025 07:00:00 GMT")
    page = f"{site.base}/story.html"
    assert len(docs(read(url, page))) == 3
    assert len(docs(read(url, page))) == 3  # a re-run (or a new database) gets everything
    for hit in site.hits_on("/feed.xml") + site.hits_on("/story.html"):
        assert "If-None-Match" not in hit.headers and "If-Modified-Since" not in hit.headers
    assert not (tmp_path / "cache" / "fetch.json").exists()


def test_the_environment_turns_conditional_requests_on(site, monkeypatch):
    url = serve_feed(site, etag='"ledger-42"')
    monkeypatch.setenv("NEWSEVENTS_FETCH_CACHE", "1")
    assert len(docs(read(url))) == 2
    assert read(url) == []
    monkeypatch.setenv("NEWSEVENTS_FETCH_CACHE", "0")
    assert len(docs(read(url))) == 2
    assert len(docs(read(url, conditional=False))) == 2


def test_etag_gives_304_and_the_second_run_yields_nothing(site, tmp_path, caplog):
    url = serve_feed(site, etag='"ledger-42"')
    assert len(docs(read(url, conditional=True))) == 2
    cache_file = tmp_path / "cache" / "fetch.json"
    stored = json.loads(cache_file.read_text())["urls"][url]
    assert stored["etag"] == '"ledger-42"'
    with caplog.at_level("WARNING", logger="newsevents.acquire.fetch"):
        assert read(url, conditional=True) == []  # not modified: no documents and no failure
    assert any("304" in r.getMessage() and url in r.getMessage() for r in caplog.records)
    first, second = site.hits_on("/feed.xml")
    assert "If-None-Match" not in first.headers
    assert second.headers["If-None-Match"] == '"ledger-42"'


def test_last_modified_gives_304_on_the_next_run(site):
    stamp = "Tue, 04 Mar 2025 07:00:00 GMT"
    site.routes["/story.html"] = Route(PAGE, last_modified=stamp)
    url = f"{site.base}/story.html"
    assert len(read(url, conditional=True)) == 1
    assert read(url, conditional=True) == []
    assert site.hits_on("/story.html")[1].headers["If-Modified-Since"] == stamp


def test_a_changed_resource_is_read_again(site):
    url = serve_feed(site, etag='"v1"')
    assert len(read(url, conditional=True)) == 2
    site.routes["/feed.xml"].etag = '"v2"'
    assert len(docs(read(url, conditional=True))) == 2


def test_a_broken_feed_is_not_remembered(site):
    site.routes["/feed.xml"] = Route(
        b"<rss><channel><item><title", content_type="application/rss+xml", etag='"bad"'
    )
    url = f"{site.base}/feed.xml"
    assert read(url, conditional=True)[0].reason.startswith("broken feed XML")
    assert read(url, conditional=True)[0].reason.startswith("broken feed XML")
    assert "If-None-Match" not in site.hits_on("/feed.xml")[1].headers


def test_extract_cli_twice_writes_the_documents_both_times(site, tmp_path):
    url = serve_feed(site, etag='"ledger-42"', last_modified="Thu, 06 Mar 2025 10:00:00 GMT")
    for run in ("first", "second"):
        out = tmp_path / f"{run}.jsonl"
        result = CliRunner().invoke(app, ["extract", url, "--out", str(out)])
        assert result.exit_code == 0, result.output
        records = [json.loads(line) for line in out.read_text().splitlines()]
        assert len([r for r in records if r["kind"] == "document"]) == 2, run


def test_extract_cli_warns_when_a_url_answered_304(site, tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("NEWSEVENTS_FETCH_CACHE", "1")
    url = serve_feed(site, etag='"ledger-42"')
    CliRunner().invoke(app, ["extract", url, "--out", str(tmp_path / "a.jsonl")])
    with caplog.at_level("WARNING"):
        result = CliRunner().invoke(app, ["extract", url, "--out", str(tmp_path / "b.jsonl")])
    assert result.exit_code == 0, result.output
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any("304 Not Modified" in w and url in w for w in warnings)


def test_cache_dir_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSEVENTS_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert default_cache_path() == tmp_path / "elsewhere" / "fetch.json"
    monkeypatch.delenv("NEWSEVENTS_CACHE_DIR")
    assert default_cache_path() == Path.home() / ".cache" / "newsevents" / "fetch.json"


def test_an_unreadable_cache_file_is_ignored(site, tmp_path):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "fetch.json").write_text("{not json", encoding="utf-8")
    url = serve_feed(site, etag='"e"')
    assert len(read(url, conditional=True)) == 2
    assert json.loads((tmp_path / "cache" / "fetch.json").read_text())["urls"][url]["etag"] == '"e"'


# ---- politeness and network failures ------------------------------------------------------


def test_requests_to_one_host_are_spaced_by_the_delay(site):
    site.routes["/a.html"] = Route(PAGE)
    site.routes["/b.html"] = Route(ARTICLE_1)
    read(f"{site.base}/a.html", f"{site.base}/b.html", delay=0.3)
    times = [hit.at for hit in site.hits]  # robots.txt, a.html, b.html
    assert len(times) == 3
    assert all(later - earlier >= 0.25 for earlier, later in zip(times, times[1:], strict=False))


def test_a_slow_server_hits_the_read_timeout(site):
    site.routes["/slow.html"] = Route(PAGE, delay=1.5)
    started = time.monotonic()
    (failure,) = read(f"{site.base}/slow.html", read_timeout=0.2)
    assert failure.reason.startswith("read timeout")
    assert time.monotonic() - started < 1.4


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_connection_refused_is_a_failure_and_the_batch_goes_on(site):
    site.routes["/story.html"] = Route(PAGE)
    items = read(f"http://127.0.0.1:{_closed_port()}/feed.xml", f"{site.base}/story.html")
    assert failures(items)[0].reason.startswith("connection refused")
    assert len(docs(items)) == 1


def test_tls_to_a_plain_http_server_is_a_tls_error(site):
    https = site.base.replace("http://", "https://")
    (failure,) = read(f"{https}/story.html")
    assert failure.reason.startswith("TLS error")


def test_dns_and_other_connect_errors_are_named():
    try:
        raise socket.gaierror(-2, "Name or service not known")
    except socket.gaierror as cause:
        try:
            raise httpx.ConnectError("[Errno -2] Name or service not known") from cause
        except httpx.ConnectError as exc:
            assert fetch._network_reason(exc)[0] == "DNS lookup failed"
    assert fetch._network_reason(httpx.ConnectTimeout("timed out"))[0] == "connect timeout"
    assert fetch._network_reason(httpx.RemoteProtocolError("bad"))[0] == "network error"


def test_read_paths_never_raises_on_a_fetcher_bug(monkeypatch):
    def broken(url, fetcher):
        raise RuntimeError("boom")
        yield  # a generator, like read_url

    monkeypatch.setattr("newsevents.acquire.readers.read_url", broken)
    (failure,) = read("http://127.0.0.1:9/x")
    assert failure.reason == "fetch failed: RuntimeError: boom"


# ---- paths, ids and the CLI ---------------------------------------------------------------


def test_url_of_recognises_urls_even_after_path_collapsed_them(tmp_path):
    assert url_of("https://news.example/feed.xml") == "https://news.example/feed.xml"
    assert url_of(Path("https://news.example/a/feed.xml?x=1")) == (
        "https://news.example/a/feed.xml?x=1"
    )
    assert url_of(Path("HTTP://news.example")) == "HTTP://news.example"
    assert url_of(tmp_path / "feed.xml") is None
    assert url_of(Path("feed.xml")) is None


def test_ids_are_stable_across_runs_and_distinct_per_document(site, tmp_path, monkeypatch):
    url = serve_feed(site)
    site.routes["/story.html"] = Route(PAGE)

    def ids() -> list[str]:
        items = read(url, f"{site.base}/story.html")
        return [doc.id for raw in docs(items) for doc in documents_from_raw(raw)]

    first = ids()
    monkeypatch.setenv("NEWSEVENTS_CACHE_DIR", str(tmp_path / "fresh"))  # forget validators
    assert ids() == first
    assert len(set(first)) == 3


def test_extract_cli_reads_a_feed_url_end_to_end(site, tmp_path):
    url = serve_feed(site)
    out = tmp_path / "x.jsonl"
    result = CliRunner().invoke(app, ["extract", url, "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    documents = [r for r in records if r["kind"] == "document"]
    assert [d["origin"] for d in documents] == [
        {"path": url, "index": 0},
        {"path": url, "index": 1},
    ]
    assert documents[0]["title"] == "Wind farm approved off Cape Mira"
    assert documents[0]["published"] == "2025-03-06"
    assert not [r for r in records if r["kind"] == "failure"]


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_site(tmp_path) -> Iterator[tuple[Site, Path]]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    for site in _serve(Site(), context):
        yield site, cert


def test_untrusted_certificate_is_a_tls_error(tls_site):
    site, _ = tls_site
    site.routes["/story.html"] = Route(PAGE)
    (failure,) = read(f"{site.base}/story.html")
    assert failure.reason.startswith("TLS error")
    assert "CERTIFICATE_VERIFY_FAILED" in failure.reason


def test_extract_cli_reads_an_https_feed_end_to_end(tls_site, tmp_path, monkeypatch):
    site, cert = tls_site
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the test certificate
    url = serve_feed(site)
    out = tmp_path / "x.jsonl"
    result = CliRunner().invoke(app, ["extract", url, "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["origin"]["path"] for r in records if r["kind"] == "document"] == [url, url]
