"""JSON Lines (``.jsonl``): one article per line, fields ``text`` or ``html``, optional ``title``,
``url``, ``published``, ``source``, ``id``, ``byline``.

The origin index is the 0-based line number counting every line (blank and bad ones too), so a
record keeps its position when a neighbour is fixed. Failure messages name the line 1-based, as
an editor does ("line 2" is the second line, origin index 1). A bad line is a Failure; the rest
go on.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

from newsevents.acquire import errors
from newsevents.acquire.decode import MAX_FILE_BYTES, decode_bytes
from newsevents.acquire.htmlpage import raw_from_html
from newsevents.acquire.urls import keep_http_url
from newsevents.records import Failure, Origin, RawDocument

log = logging.getLogger(__name__)


def read_jsonl(path: Path) -> Iterator[RawDocument | Failure]:
    """One RawDocument (or Failure) per non-blank line, streamed: the file size is not capped."""
    name = str(path)
    seen_any = False
    try:
        with path.open("rb") as handle:
            for index, line in enumerate(handle):
                if not line.strip():
                    continue
                seen_any = True
                yield _record(line, Origin(name, index))
    except FileNotFoundError:
        yield errors.failure(name, None, errors.NOT_FOUND)
        return
    except OSError as exc:
        yield errors.failure(name, None, errors.UNREADABLE, f"{type(exc).__name__}: {exc}")
        return
    if not seen_any:
        yield errors.failure(name, None, errors.EMPTY)


def _text_field(data: dict, key: str) -> str | None:
    value = data.get(key)
    return value.strip() or None if isinstance(value, str) else None


def _record(line: bytes, origin: Origin) -> RawDocument | Failure:
    where = f"line {(origin.index or 0) + 1}"  # 1-based for people; origin.index stays 0-based
    if len(line) > MAX_FILE_BYTES:
        return errors.failure(
            origin.path, origin.index, errors.TOO_LARGE, f"{where} over {MAX_FILE_BYTES} bytes"
        )
    text, notes = decode_bytes(line)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return errors.failure(origin.path, origin.index, errors.BAD_JSON_LINE, f"{where}: {exc}")
    if not isinstance(data, dict):
        return errors.failure(
            origin.path, origin.index, errors.BAD_JSON_LINE, f"{where}: not a JSON object"
        )
    body, html = _text_field(data, "text"), _text_field(data, "html")
    if body is None and html is None:
        return errors.failure(origin.path, origin.index, errors.NO_TEXT_FIELD, where)
    if isinstance(data.get("id"), str | int):
        notes.append(f"record id {data['id']}")
    for key in ("title", "url", "source", "published", "byline", "author"):
        if data.get(key) is not None and not isinstance(data[key], str):
            notes.append(f"ignored field {key!r}: not a string ({type(data[key]).__name__})")
    fields = {
        "title": _text_field(data, "title"),
        "url": keep_http_url(_text_field(data, "url"), notes),
        "source": _text_field(data, "source"),
        "published": _text_field(data, "published"),
        "byline": _text_field(data, "byline") or _text_field(data, "author"),
    }
    if body is not None:
        return RawDocument(origin=origin, content=body, notes=notes, **fields)
    raw = raw_from_html(html, origin, url=fields["url"], notes=notes)
    if isinstance(raw, RawDocument):  # the record's own fields come before the page's
        for key, value in fields.items():
            if value:
                setattr(raw, key, value)
    return raw
