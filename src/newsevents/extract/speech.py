"""Speech lexicons and quotation-mark segments, shared by quote and claim extraction.

Two jobs, both free of spaCy so they can be tested on plain strings:

* :func:`lexicon` loads ``data/speech_verbs.yaml`` once (speech verbs, denial verbs, clause
  breakers...).
* :func:`quoted_segments` finds the spans between quotation marks in a body, in every style
  (straight ``"…"``, curly ``“…”``, single ``‘…’`` when it really is a quote, guillemets ``«…»``),
  robust to unbalanced marks: a quote never runs past the end of its paragraph unless the next
  paragraph opens with a quotation mark (a quote continued over paragraphs).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SPEECH_FILE = DATA_DIR / "speech_verbs.yaml"

# Opening mark -> closing marks it accepts. Straight quotes close themselves.
DOUBLE_PAIRS = {"“": '”"', "«": "»", "„": "“”", '"': '"”'}
SINGLE_PAIRS = {"‘": "’", "'": "'’"}
ALL_MARKS = "“”«»„\"‘’'"
MIN_SINGLE_WORDS = 2  # a single-quoted span needs this many words to count as a quote


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The speech lexicon as sets of lower-case lemmas or words."""

    speech: frozenset[str]
    need_that: frozenset[str]
    deny: frozenset[str]
    document_nouns: frozenset[str]
    participles: frozenset[str]
    clause_breakers: frozenset[str]
    comment_nouns: frozenset[str]
    falsity: frozenset[str]
    labeling: frozenset[str]


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load ``speech_verbs.yaml`` once per process."""
    data: dict[str, Any] = yaml.safe_load(SPEECH_FILE.read_text(encoding="utf-8"))
    fields = Lexicon.__dataclass_fields__
    return Lexicon(
        **{name: frozenset(str(w).lower() for w in data.get(name, [])) for name in fields}
    )


@dataclass(frozen=True, slots=True)
class Segment:
    """The words between a pair of quotation marks (offsets exclude the marks).

    ``open_at``/``close_at`` are the offsets of the marks themselves (``close_at`` is None when
    the quote was never closed and was capped at its paragraph's end).
    """

    start: int
    end: int
    open_at: int
    close_at: int | None

    @property
    def outer_end(self) -> int:
        return self.close_at + 1 if self.close_at is not None else self.end


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: runs of text separated by line breaks."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            spans.append((match.start(), match.end()))
    return spans


def _is_word_char(char: str) -> bool:
    return char.isalnum()


def _opens(text: str, i: int) -> bool:
    """A straight or single mark at ``i`` can open a quote (not after a letter: not "it's")."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not _is_word_char(before) and not after.isspace()


def _closes(text: str, i: int) -> bool:
    """A single mark at ``i`` can close a quote (not before a letter: not "Syria’s")."""
    after = text[i + 1] if i + 1 < len(text) else " "
    before = text[i - 1] if i > 0 else " "
    return not _is_word_char(after) and not before.isspace()


def _find_close(text: str, i: int, end: int, closers: str, single: bool) -> int | None:
    """Offset of the mark closing the quote opened at ``i``, within ``[i+1, end)``."""
    j = i + 1
    while j < end:
        char = text[j]
        if char in closers and (not single or _closes(text, j)):
            return j
        j += 1
    return None


def _paragraph_segments(text: str, start: int, end: int) -> list[tuple[int, int | None]]:
    """(open offset, close offset or None) of the quotes inside one paragraph."""
    found: list[tuple[int, int | None]] = []
    i = start
    while i < end:
        char = text[i]
        if char in DOUBLE_PAIRS and (char != '"' or _opens(text, i) or i == start):
            close = _find_close(text, i, end, DOUBLE_PAIRS[char], single=False)
            found.append((i, close))
            if close is None:
                break
            i = close + 1
            continue
        if char in SINGLE_PAIRS and _opens(text, i):
            close = _find_close(text, i, end, SINGLE_PAIRS[char], single=True)
            if close is not None and len(text[i + 1 : close].split()) >= MIN_SINGLE_WORDS:
                found.append((i, close))
                i = close + 1
                continue
        i += 1
    return found


def quoted_segments(text: str) -> list[Segment]:
    """Every quoted span of ``text``, in order; unclosed quotes are capped at the paragraph end.

    An unclosed quote whose next paragraph starts with an opening mark continues there (the
    newspaper convention for quotes over several paragraphs): the segments are joined.
    """
    paras = paragraphs(text)
    segments: list[Segment] = []
    carry: Segment | None = None  # an unclosed quote waiting for its continuation
    for p_start, p_end in paras:
        found = _paragraph_segments(text, p_start, p_end)
        for n, (open_at, close_at) in enumerate(found):
            content_end = close_at if close_at is not None else p_end
            segment = Segment(open_at + 1, content_end, open_at, close_at)
            if carry is not None:
                if n == 0 and open_at == p_start:
                    segment = Segment(carry.start, content_end, carry.open_at, close_at)
                else:
                    segments.append(carry)
                carry = None
            if close_at is None:
                carry = segment
            else:
                segments.append(segment)
        if not found and carry is not None:
            segments.append(carry)
            carry = None
    if carry is not None:
        segments.append(carry)
    return [s for s in (_trim(text, s) for s in segments) if s.end > s.start]


def _trim(text: str, segment: Segment) -> Segment:
    """Drop whitespace at the ends of a segment's content."""
    start, end = segment.start, segment.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Segment(start, end, segment.open_at, segment.close_at)


def strip_marks(text: str) -> str:
    """A quote's text without quotation marks at its ends."""
    return text.strip().strip(ALL_MARKS).strip()
