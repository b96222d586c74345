"""Split text dumps into articles and take each apart (DESIGN.md section 2.1).

Layout handled: articles separated by two or more blank lines; a title line; a header block of
photo captions (each printed once or twice, the copy sometimes with a leading space; a credit in
trailing parentheses or none), marker lines (``TT``), the title and captions repeated, a byline
("By Name"); then body paragraphs separated by blank lines, the first possibly opening with a
dateline ("LIMA, Feb 7 (Reuters) - ").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsevents.clean.captions import caption_of, has_credit, strongly_credited
from newsevents.clean.fields import match_byline, split_dateline
from newsevents.clean.normalize import squeeze
from newsevents.clean.patterns import marker_rules
from newsevents.records import Caption

# How far after the title a repeat of it still counts as the repeated header block, and how long
# a line between the two copies may be (longer lines are body paragraphs, not captions).
HEADER_WINDOW = 20
MAX_CAPTION_CHARS = 500
# A chunk whose first line reads as a paragraph continues the article before it (a dump with
# stray double blank lines inside a body): more words than a headline has, or a final period.
MAX_TITLE_WORDS = 30
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*$")
_TITLE_END = re.compile(r"\b(?:[A-Z]\.|U\.S|U\.N|U\.K|Jr|St|Inc|Co|Corp|Ltd)\.$")


@dataclass(slots=True)
class ArticleParts:
    """One article as the dump gives it."""

    title: str
    body: str
    captions: list[Caption] = field(default_factory=list)
    byline: str | None = None
    dateline: str | None = None


def is_marker(line: str) -> bool:
    """A stray scraper line ("TT", "Advertisement") that belongs to no article."""
    rules = marker_rules()
    line = line.strip()
    return line.casefold() in rules.exact or bool(rules.pattern.match(line))


def _same(a: str, b: str) -> bool:
    return squeeze(a).casefold() == squeeze(b).casefold()


def split_chunks(text: str) -> list[list[str]]:
    """The text cut at runs of two or more blank lines; each chunk a list of lines."""
    chunks: list[list[str]] = []
    current: list[str] = []
    blanks = 0
    for line in text.split("\n"):
        if not line.strip():
            blanks += 1
            current.append("")
            continue
        if blanks >= 2 and any(current_line.strip() for current_line in current):
            chunks.append(current)
            current = []
        blanks = 0
        current.append(line)
    if any(line.strip() for line in current):
        chunks.append(current)
    return chunks


def _first_line(chunk: list[str]) -> str:
    return next((squeeze(line) for line in chunk if line.strip()), "")


def reads_as_paragraph(line: str) -> bool:
    """Whether a chunk's first line is body text rather than a headline."""
    if len(line.split()) > MAX_TITLE_WORDS:
        return True
    return (
        bool(_SENTENCE_END.search(line)) and not line.endswith("?") and not _TITLE_END.search(line)
    )


def split_dump(text: str) -> list[ArticleParts]:
    """Every article of a normalized dump, in order."""
    chunks = [c for c in split_chunks(text) if not all(is_marker(x) for x in c if x.strip())]
    merged: list[list[str]] = []
    for chunk in chunks:
        if merged and reads_as_paragraph(_first_line(chunk)):
            merged[-1] = [*merged[-1], "", *chunk]  # a body cut by stray blank lines
        else:
            merged.append(chunk)
    articles: list[ArticleParts] = []
    pending: list[str] = []
    for chunk in merged:
        lines = [*pending, "", *chunk] if pending else chunk
        parts = parse_article(lines)
        if not parts.body:  # a header with no body yet (its repeat came after blank lines)
            pending = lines
            continue
        pending = []
        articles.append(parts)
    if pending:
        articles.append(parse_article(pending))
    return articles


def _groups(lines: list[str]) -> list[list[str]]:
    """Blank-line separated groups of (unstripped) lines."""
    groups: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _repeated_block(title: str, rest: list[str]) -> set[str]:
    """Lines between the title and its repeat: the caption block printed twice."""
    seen: list[str] = []
    for line in [line for line in rest if line.strip()][:HEADER_WINDOW]:
        if _same(line, title):
            return {squeeze(x) for x in seen if not is_marker(x) and not match_byline(x)}
        if len(line) > MAX_CAPTION_CHARS:
            break
        seen.append(line)
    return set()


class _Captions:
    """Captions in order, each once."""

    def __init__(self) -> None:
        self.items: dict[str, Caption] = {}

    def add(self, line: str) -> None:
        caption = caption_of(squeeze(line))
        self.items.setdefault(caption.text.casefold(), caption)

    def __contains__(self, line: str) -> bool:
        return caption_of(squeeze(line)).text.casefold() in self.items


def parse_article(lines: list[str], title: str | None = None) -> ArticleParts:
    """Title, captions, byline, dateline and body of one article's lines.

    With ``title`` given (a container knew it), a first line repeating it is dropped;
    otherwise the first line is the title.
    """
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    if not nonblank:
        return ArticleParts(title=title or "", body="")
    start = nonblank[0]
    if title is None:
        title = squeeze(lines[start])
        rest = lines[start + 1 :]
    else:
        rest = lines[start + 1 :] if _same(lines[start], title) else lines[start:]
    known = _repeated_block(title, rest)
    captions = _Captions()
    byline: str | None = None
    body_groups: list[list[str]] = []
    in_header = True
    for group in _groups(rest):
        if not in_header:
            body_groups.append(group)
            continue
        for i, line in enumerate(group):
            text = squeeze(line)
            twin = (i + 1 < len(group) and _same(group[i + 1], line)) or (
                i > 0 and _same(group[i - 1], line)
            )
            if _same(text, title) or is_marker(text):
                continue
            if byline is None and match_byline(text):
                byline = match_byline(text)
                continue
            if len(text) <= MAX_CAPTION_CHARS and (
                text in known
                or twin
                or has_credit(text)
                or text in captions
                or _sandwiched(group, i, captions)
            ):
                captions.add(text)
                continue
            in_header = False
            body_groups.append(group[i:])
            break
    paragraphs = _body_paragraphs(body_groups, captions)
    dateline = None
    if paragraphs:
        dateline, first = split_dateline(paragraphs[0])
        if dateline:
            paragraphs[0] = first.strip()
        paragraphs = [p for p in paragraphs if p]
    return ArticleParts(
        title=title,
        body="\n\n".join(paragraphs),
        captions=list(captions.items.values()),
        byline=byline,
        dateline=dateline,
    )


def _sandwiched(group: list[str], i: int, captions: _Captions) -> bool:
    """A line between two caption lines of one header block is a caption without credit."""
    if i == 0 or i + 1 >= len(group) or squeeze(group[i - 1]) not in captions:
        return False
    following = squeeze(group[i + 1])
    return has_credit(following) or (i + 2 < len(group) and _same(group[i + 2], following))


def _body_paragraphs(groups: list[list[str]], captions: _Captions) -> list[str]:
    """Body paragraphs with markers and captions (known, doubled or photo-credited) removed."""
    paragraphs: list[str] = []
    for group in groups:
        kept: list[str] = []
        for i, line in enumerate(group):
            text = squeeze(line)
            twin = (i + 1 < len(group) and _same(group[i + 1], line)) or (
                i > 0 and _same(group[i - 1], line)
            )
            if is_marker(text):
                continue
            if text in captions or (strongly_credited(text) and (twin or len(group) <= 2)):
                captions.add(text)
                continue
            kept.append(text)
        if kept:
            paragraphs.append(" ".join(kept))
    return paragraphs
