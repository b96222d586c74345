"""Metadata the container lacks: sidecar files, CLI options, and date normalization.

Order (each step fills only what is still empty): the container's own metadata (HTML meta tags,
WARC headers, feed and JSON fields), then the sidecar ``NAME.meta.json`` beside the file, then the
``--source`` / ``--published`` options.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from newsevents.acquire.urls import keep_http_url
from newsevents.records import RawDocument

log = logging.getLogger(__name__)

SIDECAR_SUFFIX = ".meta.json"
SIDECAR_FIELDS = ("source", "published", "url", "byline")
# Extensions stripped to find the sidecar's NAME (``x.warc.gz`` -> ``x.meta.json``).
COMPOUND_SUFFIXES = (".warc.gz", ".arc.gz")

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def normalize_date(value: Any) -> str | None:
    """A date as ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (its precision), or None if unreadable."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    text = str(value).strip()
    if not text:
        return None
    for pattern, width in ((_ISO_DAY, 3), (_ISO_MONTH, 2), (_YEAR, 1)):
        match = pattern.match(text)
        if match:
            parts = match.groups()[:width]
            return "-".join(parts) if _valid(parts) else None
    try:
        return parsedate_to_datetime(text).date().isoformat()  # RFC 2822 (RSS, HTTP)
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    return _dateparser_date(text)


def _valid(parts: tuple[str, ...]) -> bool:
    try:
        datetime(
            int(parts[0]),
            int(parts[1]) if len(parts) > 1 else 1,
            int(parts[2]) if len(parts) > 2 else 1,
        )
    except ValueError:
        return False
    return True


def _dateparser_date(text: str) -> str | None:
    """Last resort for free-form dates ("March 12, 2024"); needs a year to count."""
    if not re.search(r"\b\d{4}\b", text):
        return None
    import dateparser  # slow to import: only when ISO and RFC 2822 both failed

    parsed = dateparser.parse(text, settings={"STRICT_PARSING": True})
    return parsed.date().isoformat() if parsed else None


def precision_of(published: str | None) -> str | None:
    """``day``, ``month`` or ``year`` for a normalized date."""
    if not published:
        return None
    return {10: "day", 7: "month", 4: "year"}.get(len(published))


def sidecar_path(path: Path) -> Path:
    """Where the sidecar of ``path`` lives: ``a_dump1.txt`` -> ``a_dump1.meta.json``."""
    name = path.name
    for suffix in COMPOUND_SUFFIXES:
        if name.lower().endswith(suffix):
            return path.with_name(name[: -len(suffix)] + SIDECAR_SUFFIX)
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SIDECAR_SUFFIX)


def load_sidecar(path: Path) -> tuple[dict[str, str], list[str]]:
    """The sidecar's fields for ``path`` (empty if none) and notes on any problem with it."""
    candidates = [sidecar_path(path), path.with_name(path.name + SIDECAR_SUFFIX)]
    for candidate in candidates:
        if not candidate.is_file():
            continue
        try:
            data = json.loads(candidate.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            log.warning("ignoring unreadable sidecar %s: %s", candidate, exc)
            return {}, [f"ignored unreadable sidecar {candidate.name}"]
        if not isinstance(data, dict):
            return {}, [f"ignored sidecar {candidate.name}: not a JSON object"]
        fields: dict[str, str] = {}
        notes: list[str] = []
        for key in SIDECAR_FIELDS:
            value = data.get(key)
            if key == "published" and isinstance(value, int) and not isinstance(value, bool):
                value = str(value)  # a bare year
            if isinstance(value, str):
                if value.strip():
                    fields[key] = value.strip()
            elif value is not None:  # a list or object is not a field value: never "['a']"
                notes.append(f"ignored field {key!r}: not a string ({type(value).__name__})")
        if "url" in fields and keep_http_url(fields["url"], notes) is None:
            del fields["url"]
        return fields, [f"sidecar {candidate.name}: {note}" for note in notes]
    return {}, []


def fill_metadata(
    raw: RawDocument, sidecar: dict[str, str], source: str | None, published: str | None
) -> RawDocument:
    """Fill the empty metadata of ``raw``: container first, then sidecar, then CLI options.

    A container URL that is not absolute http(s) is dropped first (with a note), so a sidecar's
    URL can take its place.
    """
    raw.url = keep_http_url(raw.url, raw.notes)
    for name in SIDECAR_FIELDS:
        if not getattr(raw, name) and sidecar.get(name):
            setattr(raw, name, sidecar[name])
    if not raw.source and source:
        raw.source = source
    if not raw.published and published:
        raw.published = published
    if raw.published:
        normalized = normalize_date(raw.published)
        if normalized is None:
            raw.notes.append(f"unreadable publication date {raw.published!r} dropped")
        raw.published = normalized
    return raw
