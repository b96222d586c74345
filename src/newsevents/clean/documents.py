"""Turn one RawDocument into clean Documents.

A RawDocument without a position (``origin.index is None``: a text dump) is split into articles
numbered 0, 1, ... in order; one with a position (a page, a feed entry, a JSON line, a WARC
record) is one article, titled by its container, else by a first headline line set off by a
blank line, else untitled (``""``) with the whole text as body. Text is normalized before
anything else, so every offset later taken into ``Document.text`` is stable.
"""

from __future__ import annotations

import logging
from pathlib import Path

from newsevents.acquire.htmlpage import raw_from_html
from newsevents.acquire.meta import normalize_date, precision_of
from newsevents.acquire.urls import keep_http_url
from newsevents.clean.captions import caption_of
from newsevents.clean.dump import ArticleParts, parse_article, reads_as_paragraph, split_dump
from newsevents.clean.fields import dateline_date, match_byline
from newsevents.clean.normalize import clean_field, normalize_text, squeeze
from newsevents.records import Caption, Document, Failure, Origin, RawDocument, stable_id

log = logging.getLogger(__name__)


def document_id(origin: Origin, index: int, url: str | None, title: str, body: str) -> str:
    """A stable id from content and origin.

    A file is named by its name only (the same dump in another folder gives the same ids). A
    fetched URL is named whole ("https://a.example/rss" and "https://b.example/rss" differ), and
    an entry with its own link is named by that link, not its position, so a feed that grows
    at the top keeps its old entries' ids.
    """
    if "://" in origin.path:
        if url and url != origin.path:
            return stable_id("d", url, title, body)
        return stable_id("d", origin.path, index, title, body)
    return stable_id("d", Path(origin.path).name, index, title, body)


class CleanError(ValueError):
    """A raw document that cannot become any article (the reason is greppable)."""


def documents_from_raw(raw: RawDocument) -> list[Document]:
    """The clean articles of ``raw`` (raises CleanError when it holds none)."""
    if raw.content_type == "html":
        raw = _from_html(raw)
    text = normalize_text(raw.content)
    if raw.origin.index is None:
        articles = list(enumerate(split_dump(text)))
    else:
        lines = text.split("\n")
        articles = [(raw.origin.index, parse_article(lines, title=_container_title(raw, lines)))]
    documents = [_document(raw, index, parts) for index, parts in articles if parts.body]
    if not documents:
        raise CleanError("no article body found")
    return documents


def _container_title(raw: RawDocument, lines: list[str]) -> str | None:
    """The title of one positioned article: the container's, else None or "".

    None lets :func:`parse_article` take the first line as the title, which is right only for a
    headline: a short line not read as a paragraph, followed by a blank line and more text.
    Otherwise the title is "" and the whole text is the body, so a one-paragraph record or a
    page without ``<title>``/``<h1>`` keeps its text instead of failing with no body.
    """
    title = clean_field(raw.title)
    if title is not None:
        return title
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    if len(nonblank) < 2:
        return ""
    first, second = nonblank[0], nonblank[1]
    blank_between = any(not line.strip() for line in lines[first + 1 : second])
    head = squeeze(lines[first])
    if blank_between and not reads_as_paragraph(head) and not match_byline(head):
        return None
    return ""


def _from_html(raw: RawDocument) -> RawDocument:
    """A raw HTML document turned into text by the acquire HTML extractor."""
    origin = raw.origin if raw.origin.index is not None else Origin(raw.origin.path, 0)
    page = raw_from_html(raw.content, origin, url=raw.url, notes=raw.notes)
    if isinstance(page, Failure):
        raise CleanError(page.reason)
    for name in ("title", "url", "source", "published", "byline"):
        if getattr(raw, name):
            setattr(page, name, getattr(raw, name))
    return page


def _captions(raw_captions: list[Caption], parts: ArticleParts) -> list[Caption]:
    """Captions from the container (figcaptions) and from the text, each once."""
    merged: dict[str, Caption] = {}
    for caption in raw_captions:
        if caption.credit is None:
            caption = caption_of(clean_field(caption.text) or "")
        if caption.text:
            merged.setdefault(caption.text.casefold(), caption)
    for caption in parts.captions:
        merged.setdefault(caption.text.casefold(), caption)
    return list(merged.values())


def _document(raw: RawDocument, index: int, parts: ArticleParts) -> Document:
    published = normalize_date(raw.published) or dateline_date(parts.dateline)
    origin = Origin(raw.origin.path, index)
    title = parts.title
    body = parts.body
    notes = list(raw.notes)
    url = keep_http_url(clean_field(raw.url), notes)  # never a javascript: href in the UI
    return Document(
        id=document_id(origin, index, raw.url if url else None, title, body),
        title=title,
        text=body,
        origin=origin,
        source=clean_field(raw.source),
        url=url,
        published=published,
        published_precision=precision_of(published),
        byline=clean_field(raw.byline) or parts.byline,
        dateline=parts.dateline,
        captions=_captions(raw.captions, parts),
        notes=notes,
    )
