"""Fetch feed and page URLs politely, then read them with the same readers as files.

One :class:`Fetcher` serves a batch of URLs. Each request is identified by a descriptive
User-Agent, waits its turn per host (:data:`HOST_DELAY_SECONDS`, or a longer robots.txt
``Crawl-delay``), asks robots.txt first (cached per host, RFC 9309 semantics), follows at most
:data:`MAX_REDIRECTS` redirects (each hop checked against robots.txt), and streams the body up to
:data:`MAX_RESPONSE_BYTES`. Conditional requests (``If-None-Match`` / ``If-Modified-Since`` from
a small JSON cache) are opt-in (``Fetcher(conditional=True)`` or ``NEWSEVENTS_FETCH_CACHE=1``):
a 304 gives no documents, so with them on a second run of ``extract`` or an ``ingest`` into a
new database would read nothing; off, every run gets the content (ids are stable, so a
re-ingest is idempotent). The body is then sniffed (bytes first, then ``Content-Type``) and
handed to the file readers' parsers: a feed to :func:`~newsevents.acquire.feed.parse_feed`, a
page to :func:`~newsevents.acquire.htmlpage.raw_from_html`. Nothing raises out of
:func:`read_url`: every network or HTTP problem is a ``Failure`` and the batch goes on.
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from newsevents.acquire import errors
from newsevents.acquire.decode import MAX_FILE_BYTES, decode_bytes
from newsevents.acquire.feed import parse_feed
from newsevents.acquire.htmlpage import raw_from_html
from newsevents.records import Failure, Origin, RawDocument

log = logging.getLogger(__name__)

# ---- tunables -----------------------------------------------------------------------------

# Who we are. Sites read this to decide whether to let us in: name, version, purpose, manners.
USER_AGENT = (
    "newsevents/0.1 (news event extraction for analysts; polite fetcher: robots.txt, "
    "one request per host per second, conditional requests)"
)
# The robots.txt product token matched against ``User-agent:`` lines.
ROBOTS_AGENT = "newsevents"
# Seconds to open a connection (TLS handshake included) and to wait for each read of the body.
# News sites answer within a second or two; 10 s / 20 s only cut off hosts that are down.
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 20.0
# Wall-clock bound on one whole response, so a server trickling bytes cannot hold a batch.
MAX_FETCH_SECONDS = 60.0
# The same cap as a single-document file (5 MB): no article or daily feed comes near it.
MAX_RESPONSE_BYTES = MAX_FILE_BYTES
# RFC 9309 asks crawlers to parse at least 500 KiB of robots.txt; more is ignored.
ROBOTS_MAX_BYTES = 512_000
# Redirect hops followed before giving up (browsers allow ~20; news URLs need 1-3).
MAX_REDIRECTS = 5
# Pause between two requests to the same host. Small, since a batch rarely holds more than a
# feed and its pages per host; robots.txt ``Crawl-delay`` raises it up to MAX_CRAWL_DELAY.
HOST_DELAY_SECONDS = 1.0
MAX_CRAWL_DELAY = 10.0
# Validators remembered; the oldest are dropped beyond this (the file stays well under 2 MB).
MAX_CACHE_ENTRIES = 10_000
CACHE_ENV = "NEWSEVENTS_CACHE_DIR"
# Conditional requests are off unless this is set to 1/true/yes/on (or Fetcher(conditional=True)).
CONDITIONAL_ENV = "NEWSEVENTS_FETCH_CACHE"
CACHE_FILE = "fetch.json"
SNIFF_BYTES = 2048

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, "
    "text/html;q=0.9, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1"
)
FEED_TYPES = frozenset(
    "application/rss+xml application/atom+xml application/rdf+xml application/xml text/xml".split()
)
HTML_TYPES = frozenset(["text/html", "application/xhtml+xml"])
REDIRECT_STATUSES = frozenset([301, 302, 303, 307, 308])

# ---- failure reasons (stable phrases; details follow a colon) -----------------------------

DISALLOWED = "disallowed by robots.txt"
TOO_LARGE_RESPONSE = "response too large"
HTTP_ERROR = "HTTP error"
CONNECTION_REFUSED = "connection refused"
DNS_FAILED = "DNS lookup failed"
TLS_ERROR = "TLS error"
CONNECTION_FAILED = "connection failed"
CONNECT_TIMEOUT_REASON = "connect timeout"
READ_TIMEOUT_REASON = "read timeout"
TOO_MANY_REDIRECTS = "too many redirects"
BAD_URL = "bad URL"
NETWORK_ERROR = "network error"
UNSUPPORTED_TYPE = "unsupported content type"
EMPTY_RESPONSE = "empty response"
FETCH_FAILED = "fetch failed"


class FetchError(Exception):
    """A fetch that cannot give a body; ``reason`` is one of the phrases above."""

    def __init__(self, reason: str, detail: str | None = None) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


# ---- results ------------------------------------------------------------------------------


@dataclass(slots=True)
class Fetched:
    """A 2xx answer: the body and what is needed to read and re-validate it."""

    url: str  # as asked
    final_url: str  # after redirects
    content_type: str
    charset: str | None
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class NotModified:
    """A 304: the resource is unchanged since the validators we sent were stored."""

    url: str
    final_url: str


# ---- the validator cache ------------------------------------------------------------------


def default_cache_path() -> Path:
    """``$NEWSEVENTS_CACHE_DIR/fetch.json``, else ``~/.cache/newsevents/fetch.json``."""
    base = os.environ.get(CACHE_ENV)
    root = Path(base).expanduser() if base else Path.home() / ".cache" / "newsevents"
    return root / CACHE_FILE


def conditional_from_env() -> bool:
    """Whether ``$NEWSEVENTS_FETCH_CACHE`` turns conditional requests on (default: off)."""
    return os.environ.get(CONDITIONAL_ENV, "").strip().lower() in ("1", "true", "yes", "on")


class ValidatorCache:
    """ETag and Last-Modified per URL, in a small JSON file written atomically.

    A broken or unreadable file is logged and treated as empty: the worst case is a full fetch.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, dict[str, str]] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            log.warning("ignoring unreadable fetch cache %s: %s", path, exc)
            return
        urls = data.get("urls") if isinstance(data, dict) else None
        if isinstance(urls, dict):
            self.entries = {k: v for k, v in urls.items() if isinstance(v, dict)}

    def headers_for(self, url: str) -> dict[str, str]:
        """The conditional request headers for ``url`` (empty when nothing is remembered)."""
        entry = self.entries.get(url) or {}
        headers = {}
        if entry.get("etag"):
            headers["If-None-Match"] = entry["etag"]
        if entry.get("last_modified"):
            headers["If-Modified-Since"] = entry["last_modified"]
        return headers

    def remember(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Store the validators of a body that was read, and save the file."""
        if not etag and not last_modified:
            if self.entries.pop(url, None) is not None:
                self.save()
            return
        stored = datetime.now(UTC).isoformat(timespec="seconds")
        entry = {"etag": etag, "last_modified": last_modified, "stored": stored}
        self.entries[url] = {k: v for k, v in entry.items() if v}
        self.save()

    def save(self) -> None:
        """Write the cache (newest MAX_CACHE_ENTRIES); a write error is logged, not raised."""
        if len(self.entries) > MAX_CACHE_ENTRIES:
            newest = sorted(self.entries.items(), key=lambda kv: kv[1].get("stored", ""))
            self.entries = dict(newest[-MAX_CACHE_ENTRIES:])
        payload = json.dumps({"version": 1, "urls": self.entries}, indent=1, sort_keys=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            tmp.write_text(payload, encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("could not write fetch cache %s: %s", self.path, exc)


# ---- the fetcher --------------------------------------------------------------------------


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _network_reason(exc: Exception) -> tuple[str, str]:
    """A stable reason phrase and a detail for an httpx exception (and what caused it)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 8:
        chain.append(current)
        current = current.__cause__ or current.__context__
    detail = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.ConnectTimeout):
        return CONNECT_TIMEOUT_REASON, detail
    if isinstance(exc, httpx.TimeoutException):
        return READ_TIMEOUT_REASON, detail
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return BAD_URL, detail
    if any(isinstance(c, ssl.SSLError | ssl.CertificateError) for c in chain) or "SSL" in detail:
        return TLS_ERROR, detail
    if any(isinstance(c, socket.gaierror) for c in chain) or "Name or service" in detail:
        return DNS_FAILED, detail
    if any(isinstance(c, ConnectionRefusedError) for c in chain) or "refused" in detail.lower():
        return CONNECTION_REFUSED, detail
    if isinstance(exc, httpx.ConnectError):
        return CONNECTION_FAILED, detail
    return NETWORK_ERROR, f"{type(exc).__name__}: {detail}"


class Fetcher:
    """Polite HTTP GETs for one batch: robots.txt, per-host delay, validators, size cap.

    Use as a context manager (or call :meth:`close`). Settings default to the module constants,
    read when the fetcher is made, so tests can lower them. ``conditional`` (default: the
    ``NEWSEVENTS_FETCH_CACHE`` environment variable, else off) sends stored validators and
    stores new ones; off, no cache file is read or written and every fetch gets the body.
    """

    def __init__(
        self,
        *,
        cache_path: Path | None = None,
        delay: float | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        max_bytes: int | None = None,
        max_redirects: int | None = None,
        follow_links: bool = False,
        user_agent: str | None = None,
        verify: bool | str | ssl.SSLContext = True,
        conditional: bool | None = None,
    ) -> None:
        self.delay = HOST_DELAY_SECONDS if delay is None else delay
        self.max_bytes = MAX_RESPONSE_BYTES if max_bytes is None else max_bytes
        self.max_redirects = MAX_REDIRECTS if max_redirects is None else max_redirects
        self.follow_links = follow_links
        self.user_agent = user_agent or USER_AGENT
        self.conditional = conditional_from_env() if conditional is None else conditional
        self.cache: ValidatorCache | None = (
            ValidatorCache(cache_path or default_cache_path()) if self.conditional else None
        )
        connect = CONNECT_TIMEOUT if connect_timeout is None else connect_timeout
        read = READ_TIMEOUT if read_timeout is None else read_timeout
        self._client = httpx.Client(
            timeout=httpx.Timeout(read, connect=connect),
            headers={"User-Agent": self.user_agent, "Accept": ACCEPT},
            follow_redirects=False,
            max_redirects=self.max_redirects,
            verify=verify,
        )
        self._robots: dict[str, RobotFileParser | FetchError] = {}
        self._last_request: dict[str, float] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- public ------------------------------------------------------------------------------

    def get(self, url: str) -> Fetched | NotModified | Failure:
        """GET ``url`` with every courtesy; a Failure (origin ``url``) says why not."""
        try:
            return self._get(url)
        except FetchError as exc:
            return errors.failure(url, None, exc.reason, exc.detail)
        except httpx.HTTPError as exc:
            reason, detail = _network_reason(exc)
            return errors.failure(url, None, reason, detail)
        except Exception as exc:  # a bug or an odd URL must not stop the batch
            log.exception("fetching %s failed", url)
            return errors.failure(url, None, FETCH_FAILED, f"{type(exc).__name__}: {exc}")

    def remember(self, fetched: Fetched) -> None:
        """Keep the validators of a body that gave documents, for the next run's 304."""
        if self.cache is not None:
            self.cache.remember(fetched.final_url, fetched.etag, fetched.last_modified)

    # -- internals ---------------------------------------------------------------------------

    def _get(self, url: str) -> Fetched | NotModified:
        current = url
        notes: list[str] = []
        for _ in range(self.max_redirects + 1):
            if urlsplit(current).scheme.lower() not in ("http", "https"):
                raise FetchError(BAD_URL, f"not http(s): {current}")
            if not self._allowed(current):
                raise FetchError(DISALLOWED, None if current == url else current)
            headers = self.cache.headers_for(current) if self.cache is not None else {}
            status, response_headers, body = self._send(current, headers, self.max_bytes)
            if status in REDIRECT_STATUSES:
                location = response_headers.get("location")
                if not location:
                    raise FetchError(HTTP_ERROR, f"{status} redirect without a Location")
                current = urljoin(current, location.strip())
                notes.append(f"redirected to {current}")
                continue
            if status == 304:
                return NotModified(url, current)
            if not 200 <= status < 300:
                phrase = _reason_phrase(status)
                raise FetchError(HTTP_ERROR, f"{status} {phrase}".strip())
            if body is None:
                raise FetchError(TOO_LARGE_RESPONSE, f"over {self.max_bytes} bytes")
            if not body.strip():
                raise FetchError(EMPTY_RESPONSE)
            content_type = response_headers.get("content-type", "")
            return Fetched(
                url=url,
                final_url=current,
                content_type=content_type.split(";")[0].strip().lower(),
                charset=_charset(content_type),
                body=body,
                etag=response_headers.get("etag"),
                last_modified=response_headers.get("last-modified"),
                notes=notes,
            )
        raise FetchError(TOO_MANY_REDIRECTS, f"more than {self.max_redirects}")

    def _send(
        self, url: str, headers: dict[str, str], limit: int, robots: bool = False
    ) -> tuple[int, httpx.Headers, bytes | None]:
        """One GET: status, headers, and the body of a 2xx (None when it passes ``limit``).

        For robots.txt (``robots=True``) redirects are followed by httpx and a long body is cut
        at ``limit`` instead of refused.
        """
        self._wait_turn(url)
        started = time.monotonic()
        with self._client.stream("GET", url, headers=headers, follow_redirects=robots) as resp:
            if not 200 <= resp.status_code < 300:
                return resp.status_code, resp.headers, b""
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit and not robots:
                return resp.status_code, resp.headers, None
            body = bytearray()
            for chunk in resp.iter_bytes():
                body.extend(chunk)
                if len(body) > limit:
                    return resp.status_code, resp.headers, bytes(body[:limit]) if robots else None
                if time.monotonic() - started > MAX_FETCH_SECONDS:
                    raise FetchError(READ_TIMEOUT_REASON, f"over {MAX_FETCH_SECONDS:g} s in all")
            return resp.status_code, resp.headers, bytes(body)

    def _wait_turn(self, url: str) -> None:
        """Sleep until this host's delay (ours or its Crawl-delay) has passed since last time."""
        host = _host_key(url)
        delay = self.delay
        rules = self._robots.get(host)
        if isinstance(rules, RobotFileParser) and delay > 0:
            crawl_delay = rules.crawl_delay(ROBOTS_AGENT)
            if crawl_delay:
                delay = max(delay, min(float(crawl_delay), MAX_CRAWL_DELAY))
        last = self._last_request.get(host)
        if last is not None and delay > 0:
            wait = last + delay - time.monotonic()
            if wait > 0:
                log.debug("waiting %.2f s before the next request to %s", wait, host)
                time.sleep(wait)
        self._last_request[host] = time.monotonic()

    def _allowed(self, url: str) -> bool:
        """Whether robots.txt lets us fetch ``url`` (an unreachable host raises FetchError)."""
        host = _host_key(url)
        if host not in self._robots:
            self._robots[host] = self._load_robots(host)
        rules = self._robots[host]
        if isinstance(rules, FetchError):
            raise FetchError(rules.reason, rules.detail)
        return rules.can_fetch(ROBOTS_AGENT, url)

    def _load_robots(self, host: str) -> RobotFileParser | FetchError:
        """The host's robots.txt rules, RFC 9309: 4xx allows all, 5xx disallows all."""
        rules = RobotFileParser(f"{host}/robots.txt")
        try:
            status, _, body = self._send(rules.url, {}, ROBOTS_MAX_BYTES, robots=True)
        except httpx.HTTPError as exc:
            return FetchError(*_network_reason(exc))
        except FetchError as exc:
            return exc
        if 200 <= status < 300:
            text, _ = decode_bytes(body or b"")
            rules.parse(text.splitlines())
        elif 400 <= status < 500:
            rules.parse([])  # unavailable: no rules, everything allowed
        else:
            log.warning(
                "robots.txt of %s answered %s: treating the host as disallowed", host, status
            )
            rules.disallow_all = True
        return rules


def _charset(content_type: str) -> str | None:
    match = re.search(r"charset\s*=\s*\"?([\w.:-]+)", content_type, re.I)
    return match.group(1) if match else None


def _reason_phrase(status: int) -> str:
    try:
        from http import HTTPStatus

        return HTTPStatus(status).phrase
    except ValueError:
        return ""


# ---- sniffing and reading -----------------------------------------------------------------

_PROLOG = re.compile(r"^(?:\s|<\?.*?\?>|<!--.*?-->)*", re.S)
_ROOT = re.compile(r"<([A-Za-z][\w:.-]*)")


def sniff_kind(content_type: str, body: bytes) -> str | None:
    """``"feed"``, ``"html"`` or ``"text"``: the root element first, then ``Content-Type``.

    Bytes win because servers mislabel (feeds sent as ``text/html`` or ``text/plain``); a body
    whose first element is neither ``rss``/``feed``/``rdf:RDF`` nor ``html`` falls back on the
    declared type.
    """
    head = body[:SNIFF_BYTES].decode("utf-8", errors="ignore").lstrip("\ufeff")
    text = _PROLOG.sub("", head, count=1).lower()
    if text.startswith("<!doctype html"):
        return "html"
    text = re.sub(r"^<!doctype[^>]*>\s*", "", text)
    root = _ROOT.match(text)
    if root and root.group(1) in ("rss", "feed", "rdf:rdf"):
        return "feed"
    if root and root.group(1) == "html":
        return "html"
    if content_type in FEED_TYPES:
        return "feed"
    if content_type in HTML_TYPES:
        return "html"
    if content_type == "text/plain" and not root:
        return "text"
    if root and content_type in ("", "application/octet-stream"):
        return "html"
    return None


def documents_of(fetched: Fetched) -> tuple[str | None, list[RawDocument | Failure]]:
    """The kind of a fetched body and its documents, read by the same parsers as files."""
    url = fetched.url
    kind = sniff_kind(fetched.content_type, fetched.body)
    if kind is None:
        return None, [errors.failure(url, None, UNSUPPORTED_TYPE, fetched.content_type or "none")]
    text, notes = decode_bytes(fetched.body, fetched.charset)
    notes = [*fetched.notes, *notes]
    if kind == "feed":
        return kind, list(parse_feed(text, url, notes))
    if kind == "html":
        return kind, [raw_from_html(text, Origin(url, 0), url=fetched.final_url, notes=notes)]
    origin = Origin(url, None)  # a text dump: clean splits it into articles
    return kind, [RawDocument(origin=origin, content=text, url=fetched.final_url, notes=notes)]


def read_url(url: str, fetcher: Fetcher) -> Iterator[RawDocument | Failure]:
    """The documents at ``url``: a page's article or a feed's entries; never raises.

    A 304 (only with conditional requests on) yields nothing and is logged at WARNING, so a
    run that reads nothing says why. Validators are remembered only once the body gave at least
    one document, so a broken feed is fetched whole again next time. With
    ``fetcher.follow_links``, each feed entry's link page replaces the entry (see
    :func:`_entry_pages`).
    """
    result = fetcher.get(url)
    if isinstance(result, Failure):
        log.warning("fetching %s failed: %s", url, result.reason)
        yield result
        return
    if isinstance(result, NotModified):
        _warn_not_modified(url, fetcher)
        return
    try:
        kind, items = documents_of(result)
    except Exception as exc:  # a parser bug must not stop the batch
        log.exception("reading %s failed", url)
        yield errors.failure(url, None, FETCH_FAILED, f"{type(exc).__name__}: {exc}")
        return
    if any(isinstance(item, RawDocument) for item in items):
        fetcher.remember(result)
    if fetcher.follow_links and kind == "feed":
        yield from _entry_pages(items, fetcher)
    else:
        yield from items


def _warn_not_modified(url: str, fetcher: Fetcher) -> None:
    """Say on stderr (WARNING) that a URL gave no documents because it answered 304."""
    log.warning(
        "%s answered 304 Not Modified (conditional requests are on): no documents read from it; "
        "unset %s or delete %s to read it again",
        url,
        CONDITIONAL_ENV,
        fetcher.cache.path if fetcher.cache is not None else default_cache_path(),
    )


ENTRY_FIELDS = ("title", "published", "source", "byline")


def _entry_pages(
    items: list[RawDocument | Failure], fetcher: Fetcher
) -> Iterator[RawDocument | Failure]:
    """Each feed entry's link page instead of the entry, the entry filling the page's gaps.

    A page not modified since the last run yields nothing (it was read then). A page that
    cannot be fetched or read yields its Failure, and the entry itself is kept with a note.
    """
    for item in items:
        link = item.url if isinstance(item, RawDocument) else None
        if not link or urlsplit(link).scheme.lower() not in ("http", "https"):
            yield item
            continue
        result = fetcher.get(link)
        if isinstance(result, NotModified):
            _warn_not_modified(link, fetcher)
            continue
        try:
            pages = documents_of(result)[1] if isinstance(result, Fetched) else [result]
        except Exception as exc:  # a parser bug: keep the entry
            log.exception("reading %s failed", link)
            pages = [errors.failure(link, None, FETCH_FAILED, f"{type(exc).__name__}: {exc}")]
        page = next((p for p in pages if isinstance(p, RawDocument)), None)
        if page is None:
            problem = next((p for p in pages if isinstance(p, Failure)), None)
            reason = problem.reason if problem else "no document"
            if problem:
                yield problem
            item.notes.append(f"linked page not read: {reason}")
            yield item
            continue
        fetcher.remember(result)
        for name in ENTRY_FIELDS:
            if not getattr(page, name) and getattr(item, name):
                setattr(page, name, getattr(item, name))
        page.notes.append(f"linked from feed entry {item.origin.path} #{item.origin.index}")
        yield page
