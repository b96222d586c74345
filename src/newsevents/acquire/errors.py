"""The catalogue of acquire failure reasons: stable, greppable phrases.

Each reason starts with a fixed phrase (``empty file``, ``truncated WARC`` ...) so that
``newsevents failures | grep`` and tests can find one kind of problem; details follow a colon.
"""

from __future__ import annotations

from newsevents.records import Failure, Origin

STAGE = "acquire"

NOT_FOUND = "not found"
UNREADABLE = "unreadable file"
EMPTY = "empty file"
UNKNOWN_FORMAT = "unknown format"
NO_HTML_TEXT = "no article text found in HTML"
TRUNCATED_WARC = "truncated WARC"
BROKEN_FEED = "broken feed XML"
EMPTY_FEED = "feed has no entries"
EMPTY_ENTRY = "feed entry has no text"
BAD_JSON_LINE = "bad JSON line"
NO_TEXT_FIELD = "JSON record has no text or html field"
TOO_LARGE = "too large"


def failure(path: str, index: int | None, reason: str, detail: str | None = None) -> Failure:
    """A Failure of the acquire stage; ``detail`` is appended after the stable reason phrase."""
    text = f"{reason}: {detail}" if detail else reason
    return Failure(origin=Origin(path, index), stage=STAGE, reason=text)
