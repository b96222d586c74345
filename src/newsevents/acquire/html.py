"""HTML pages: main text by trafilatura, metadata from meta tags, captions from ``<figcaption>``.

Metadata sources are tried in order, each filling only what is still empty:
title: ``og:title``, ``<h1>``, ``<title>`` (without its `` | Site`` suffix), trafilatura;
byline: ``<meta name="author">``, trafilatura's author; source: ``og:site_name``, trafilatura;
url: ``<link rel="canonical">``, ``og:url``, the container's URL; published:
``article:published_time``, trafilatura's date (JSON-LD, other tags).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from newsevents.acquire.urls import http_url
from newsevents.records import Caption

log = logging.getLogger(__name__)

BLOCK_TAGS = frozenset(
    "p div li ul ol h1 h2 h3 h4 h5 h6 blockquote section article header footer tr table pre "
    "figure dd dt".split()
)
DROP_TAGS = ("script", "style", "noscript", "template")
TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ")


@dataclass(slots=True)
class HtmlArticle:
    """What one HTML page gives: body text (paragraphs split by blank lines) and metadata."""

    text: str
    title: str | None = None
    byline: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    captions: list[Caption] = field(default_factory=list)


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    return text or None


def _meta(tree, *keys: str) -> str | None:
    """The first non-empty ``content`` of a meta tag named or propertied by one of ``keys``."""
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            values = tree.xpath(f"//meta[@{attr}=$key]/@content", key=key)
            for value in values:
                if _clean(value):
                    return _clean(value)
    return None


def strip_site_suffix(title: str, site: str | None) -> str:
    """``"Talks resume | The Levant Post"`` -> ``"Talks resume"`` (needs the site's name)."""
    if site:
        for sep in TITLE_SEPARATORS:
            suffix = f"{sep}{site}"
            if title.lower().endswith(suffix.lower()):
                return title[: -len(suffix)].strip()
    return title


def _parse(html: str):
    try:
        return lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        log.info("lxml could not parse the page: %s", exc)
        return None


def figcaptions(tree) -> list[Caption]:
    """Every ``<figcaption>`` text, each once, in page order (credits are split later)."""
    seen: dict[str, None] = {}
    for node in tree.iter("figcaption"):
        text = _clean(node.text_content())
        if text:
            seen.setdefault(text, None)
    return [Caption(text=text) for text in seen]


def extract_html(html: str, url: str | None = None) -> HtmlArticle | None:
    """The article in ``html``, or None when trafilatura finds no main text."""
    tree = _parse(html)
    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            # no guessing from copyright lines or URLs: a wrong date is worse than none
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura may trip on odd markup; a failure, not a crash
        log.info("trafilatura failed: %s", exc)
        result = None
    data = result.as_dict() if hasattr(result, "as_dict") else (result or {})
    body = (data.get("text") or "").strip()
    if not body:
        return None
    captions = figcaptions(tree) if tree is not None else []
    article = HtmlArticle(text="", captions=captions)
    if tree is not None:
        article.source = _meta(tree, "og:site_name")
        h1 = tree.xpath("//h1")
        title_tag = tree.xpath("//title")
        article.title = _meta(tree, "og:title") or (_clean(h1[0].text_content()) if h1 else None)
        if not article.title and title_tag:
            article.title = _clean(title_tag[0].text_content())
        article.byline = _byline(_meta(tree, "author", "article:author", "dc.creator"))
        canonical = tree.xpath("//link[@rel='canonical']/@href")
        candidates = [_clean(canonical[0]) if canonical else None, _meta(tree, "og:url")]
        article.url = _page_url(candidates, url)
        article.published = _meta(
            tree, "article:published_time", "datePublished", "pubdate", "publish-date"
        )
    article.title = article.title or _clean(data.get("title"))
    article.source = article.source or _clean(data.get("sitename"))
    article.byline = article.byline or _byline(data.get("author"))
    article.url = article.url or _page_url([_clean(data.get("url"))], url) or url
    article.published = article.published or _clean(data.get("date"))
    if article.title:
        article.title = strip_site_suffix(article.title, article.source)
    article.text = _body(body, article.title, captions)
    return article if article.text else None


def _page_url(candidates: list[str | None], base: str | None) -> str | None:
    """The first candidate that is (or, relative to ``base``, makes) an absolute http(s) URL.

    A ``javascript:`` canonical link is passed over for the next candidate, so a page never
    hands a script URL on as its ``url`` (see :mod:`.urls`).
    """
    for candidate in candidates:
        if not candidate:
            continue
        joined = urljoin(base, candidate) if base and http_url(base) else candidate
        if http_url(joined):
            return joined
    return None


def _byline(value: str | None) -> str | None:
    """An author name, not a profile URL; a leading "By" is dropped."""
    value = _clean(value)
    if not value or re.match(r"^(https?:|www\.)", value):
        return None
    return re.sub(r"^by\s+", "", value, flags=re.IGNORECASE) or None


def _body(text: str, title: str | None, captions: list[Caption]) -> str:
    """Paragraphs joined by blank lines, without a repeated title or any caption line."""
    skip = {c.text.casefold() for c in captions}
    if title:
        skip.add(title.casefold())
    paragraphs = [_clean(line) for line in text.splitlines()]
    kept = [p for p in paragraphs if p and p.casefold() not in skip]
    return "\n\n".join(kept)


def fragment_to_text(fragment: str) -> tuple[str, list[Caption]]:
    """An HTML fragment (feed content) as text with paragraphs kept, and its figcaptions."""
    if "<" not in fragment:
        paragraphs = [_clean(p) for p in re.split(r"\n\s*\n", fragment)]
        return "\n\n".join(p for p in paragraphs if p), []
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return _clean(re.sub(r"<[^>]+>", " ", fragment)) or "", []
    for bad in root.xpath("|".join(f"//{tag}" for tag in DROP_TAGS)):
        bad.drop_tree()
    captions = figcaptions(root)
    for node in list(root.iter("figcaption")):
        node.drop_tree()
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        if node.tag == "br":
            node.tail = "\n" + (node.tail or "")
        elif node.tag in BLOCK_TAGS:
            node.tail = "\n\n" + (node.tail or "")
            node.text = "\n\n" + (node.text or "")
    paragraphs = [_clean(p) for p in re.split(r"\n\s*\n", root.text_content())]
    return "\n\n".join(p for p in paragraphs if p), captions
