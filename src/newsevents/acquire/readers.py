"""Dispatch paths to the reader for their format, by extension, else by sniffing the first bytes.

Directories are walked recursively in sorted order (the same input gives the same output
everywhere); files of other kinds are skipped and logged, ``*.meta.json`` sidecars silently.
``http://`` and ``https://`` URLs among the paths go to :mod:`.fetch`, one polite fetcher per
call. Nothing raises out of :func:`read_paths`: every problem is a ``Failure`` record.
"""

from __future__ import annotations

import gzip
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from newsevents.acquire import errors
from newsevents.acquire.feed import read_feed
from newsevents.acquire.fetch import FETCH_FAILED, Fetcher, read_url
from newsevents.acquire.htmlpage import read_html
from newsevents.acquire.jsonl import read_jsonl
from newsevents.acquire.meta import fill_metadata, is_sidecar, load_sidecar
from newsevents.acquire.textdump import read_textdump
from newsevents.acquire.warc import read_warc
from newsevents.records import Failure, RawDocument

log = logging.getLogger(__name__)

Reader = Callable[[Path], Iterator[RawDocument | Failure]]

READERS: dict[str, Reader] = {
    ".txt": read_textdump,
    ".text": read_textdump,
    ".html": read_html,
    ".htm": read_html,
    ".warc": read_warc,
    ".warc.gz": read_warc,
    ".xml": read_feed,
    ".rss": read_feed,
    ".atom": read_feed,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
}
SNIFF_BYTES = 2048
# ``Path("https://host/feed.xml")`` collapses ``//`` to ``/``: a path argument that went through
# ``Path`` (as the CLI's do) is recognised by this and repaired.
_COLLAPSED_URL = re.compile(r"^(https?):/(?!/)", re.IGNORECASE)


def url_of(path: Path | str) -> str | None:
    """The http(s) URL a path argument names, or None for a file path.

    A string keeps its ``//``; a ``Path`` made from a URL has lost one slash, which is put back.
    An existing local file or directory that happens to look like a URL stays a path.
    """
    text = str(path)
    if text[:8].lower().startswith(("http://", "https://")):
        return text
    match = _COLLAPSED_URL.match(text)
    if match is None or Path(text).exists():
        return None
    return f"{match.group(1)}://{text[match.end() :]}"


def format_of(path: Path) -> str | None:
    """The format key of ``path`` from its name (``.warc.gz`` before ``.gz``), or None."""
    name = path.name.lower()
    for suffix in sorted(READERS, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    return None


def sniff(path: Path) -> str | None:
    """The format key of a file without a known extension, from its first bytes."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return None
    if head.startswith(b"\x1f\x8b"):
        try:
            with gzip.open(path, "rb") as handle:
                head = handle.read(16)
        except (OSError, EOFError):
            return None
        return ".warc.gz" if head.startswith(b"WARC/") else None
    if head.startswith(b"WARC/"):
        return ".warc"
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n").lower()
    if text.startswith("<?xml") and ("<rss" in text or "<feed" in text or "<rdf" in text):
        return ".xml"
    if text.startswith(("<rss", "<feed")):
        return ".xml"
    if text.startswith(("<!doctype html", "<html")) or "<body" in text:
        return ".html"
    if text.startswith("{"):
        return ".jsonl"
    if b"\x00" in head:
        return None  # binary
    return ".txt"


def iter_files(path: Path) -> Iterator[Path]:
    """The readable files under a directory, sorted; others are logged and skipped."""
    skipped: list[str] = []
    for child in sorted(path.rglob("*")):
        if not child.is_file() or is_sidecar(child):
            continue
        if any(part.startswith(".") for part in child.relative_to(path).parts):
            continue
        if format_of(child) is None:
            skipped.append(str(child.relative_to(path)))
            continue
        yield child
    if skipped:
        log.warning("skipped %d file(s) of unknown kind under %s: %s", len(skipped), path, skipped)


def read_paths(
    paths: Iterable[Path | str],
    source: str | None = None,
    published: str | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[RawDocument | Failure]:
    """Every RawDocument (or Failure) in ``paths``, with metadata filled as documented.

    URLs are fetched with ``fetcher``, or with a default :class:`~.fetch.Fetcher` made at the
    first URL and closed at the end.
    """
    own: Fetcher | None = None
    try:
        for path in paths:
            url = url_of(path)
            if url is not None:
                if fetcher is None:
                    fetcher = own = Fetcher()
                yield from read_fetched(url, fetcher, source=source, published=published)
                continue
            path = Path(path)
            try:
                files = list(iter_files(path)) if path.is_dir() else [path]
            except OSError as exc:
                detail = f"{type(exc).__name__}: {exc}"
                yield errors.failure(str(path), None, errors.UNREADABLE, detail)
                continue
            for file in files:
                yield from read_file(file, source=source, published=published)
    finally:
        if own is not None:
            own.close()


def read_fetched(
    url: str, fetcher: Fetcher, source: str | None = None, published: str | None = None
) -> Iterator[RawDocument | Failure]:
    """The documents at ``url``, metadata filled from the options (URLs have no sidecar)."""
    try:
        for item in read_url(url, fetcher):
            if isinstance(item, RawDocument):
                item = fill_metadata(item, {}, source, published)
            yield item
    except Exception as exc:  # a fetcher bug must not stop the batch
        log.exception("fetching %s failed", url)
        yield errors.failure(url, None, FETCH_FAILED, f"{type(exc).__name__}: {exc}")


def read_file(
    path: Path, source: str | None = None, published: str | None = None
) -> Iterator[RawDocument | Failure]:
    """The documents of one file; any unexpected error becomes a Failure for that file."""
    name = str(path)
    if not path.exists():
        yield errors.failure(name, None, errors.NOT_FOUND)
        return
    kind = format_of(path) or sniff(path)
    if kind is None:
        yield errors.failure(name, None, errors.UNKNOWN_FORMAT)
        return
    sidecar, sidecar_notes = load_sidecar(path)
    try:
        for item in READERS[kind](path):
            if isinstance(item, RawDocument):
                item.notes.extend(sidecar_notes)
                item = fill_metadata(item, sidecar, source, published)
            yield item
    except Exception as exc:  # a reader bug must not stop the batch
        log.exception("reading %s failed", name)
        yield errors.failure(name, None, errors.UNREADABLE, f"{type(exc).__name__}: {exc}")
