"""RSS and Atom feeds (``.xml``, ``.rss``, ``.atom``): each entry is one document.

An entry's text is its full content where it has one, else its summary, with HTML stripped to
text keeping paragraphs. Broken XML with no entries is a Failure; broken XML that still gave
entries keeps them, with a note.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import feedparser

from newsevents.acquire import errors
from newsevents.acquire.files import FileText, read_text
from newsevents.acquire.html import fragment_to_text
from newsevents.acquire.urls import keep_http_url
from newsevents.records import Failure, Origin, RawDocument

log = logging.getLogger(__name__)


def read_feed(path: Path) -> Iterator[RawDocument | Failure]:
    """One RawDocument per feed entry (origin index = entry position)."""
    result = read_text(path)
    if not isinstance(result, FileText):
        yield result
        return
    yield from parse_feed(result.text, str(path), result.notes)


def parse_feed(
    text: str, name: str, notes: list[str] | None = None
) -> Iterator[RawDocument | Failure]:
    """Entries of a feed given as text."""
    parsed = feedparser.parse(text)
    entries = [entry for entry in parsed.get("entries") or [] if _has_text(entry)]
    base_notes = list(notes or [])
    if parsed.get("bozo"):
        problem = f"{type(parsed.get('bozo_exception')).__name__}: {parsed.get('bozo_exception')}"
        if not entries:
            yield errors.failure(name, None, errors.BROKEN_FEED, problem)
            return
        log.warning("feed %s is malformed (%s); keeping %d entries", name, problem, len(entries))
        base_notes.append(f"malformed feed XML, entries kept: {problem}")
    if not entries:
        yield errors.failure(name, None, errors.EMPTY_FEED)
        return
    source = (parsed.get("feed") or {}).get("title") or None
    for index, entry in enumerate(entries):
        yield _entry(entry, Origin(name, index), source, base_notes)


def _has_text(entry) -> bool:
    """Whether an entry has any content, summary or title (a cut ``<item>`` has none)."""
    contents = entry.get("content") or []
    return any((c.get("value") or "").strip() for c in contents) or bool(
        (entry.get("summary") or entry.get("title") or "").strip()
    )


def _entry(entry, origin: Origin, source: str | None, notes: list[str]) -> RawDocument | Failure:
    contents = entry.get("content") or []
    html = max((c.get("value") or "" for c in contents), key=len, default="")
    if not html.strip():
        html = entry.get("summary") or entry.get("description") or ""
    text, captions = fragment_to_text(html)
    if not text.strip():
        return errors.failure(origin.path, origin.index, errors.EMPTY_ENTRY)
    notes = list(notes)
    url = keep_http_url(entry.get("link"), notes)
    parsed_date = entry.get("published_parsed") or entry.get("updated_parsed")
    published = time.strftime("%Y-%m-%d", parsed_date) if parsed_date else None
    return RawDocument(
        origin=origin,
        content=text,
        title=(entry.get("title") or "").strip() or None,
        url=url,
        source=source,
        published=published or entry.get("published") or entry.get("updated"),
        byline=entry.get("author") or None,
        notes=notes,
        captions=captions,
    )
