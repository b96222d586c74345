"""HTML pages (``.html``, ``.htm``): one RawDocument each, text and metadata by :mod:`.html`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newsevents.acquire import errors
from newsevents.acquire.files import FileText, read_text
from newsevents.acquire.html import extract_html
from newsevents.records import Failure, Origin, RawDocument


def raw_from_html(
    html: str, origin: Origin, url: str | None = None, notes: list[str] | None = None
) -> RawDocument | Failure:
    """A text RawDocument for one page, or a Failure when no article text can be found."""
    article = extract_html(html, url=url)
    if article is None:
        return errors.failure(origin.path, origin.index, errors.NO_HTML_TEXT)
    return RawDocument(
        origin=origin,
        content=article.text,
        title=article.title,
        url=article.url,
        source=article.source,
        published=article.published,
        byline=article.byline,
        notes=list(notes or []),
        captions=article.captions,
    )


def read_html(path: Path) -> Iterator[RawDocument | Failure]:
    """The article of one HTML file (origin index 0)."""
    result = read_text(path)
    if not isinstance(result, FileText):
        yield result
        return
    yield raw_from_html(result.text, Origin(str(path), 0), notes=result.notes)
