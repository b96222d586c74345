"""Which URLs a document may keep: absolute ``http``/``https`` ones only.

A document's ``url`` ends up in an ``href`` of the web UI; a ``javascript:`` or ``data:`` URL
there runs script when clicked (autoescaping does not stop a scheme). So every reader, clean and
the API keep a URL only when it is absolute http(s) with a host, and drop it otherwise with a
note, and the UI checks again before making a link.
"""

from __future__ import annotations

from urllib.parse import urlsplit

SCHEMES = frozenset(["http", "https"])
MAX_URL_CHARS = 2000


def http_url(value: object) -> str | None:
    """``value`` stripped when it is an absolute http(s) URL with a host, else None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > MAX_URL_CHARS or any(ord(c) < 0x20 for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. a bad IPv6 literal
        return None
    if parts.scheme.lower() not in SCHEMES or not parts.netloc:
        return None
    return text


def dropped_url_note(value: object) -> str:
    """The note left when a URL is dropped: its scheme only, never the (hostile) text itself."""
    text = str(value).strip()
    scheme = text.split(":", 1)[0][:20] if ":" in text else ""
    what = f" (scheme {scheme!r})" if scheme.isalnum() else ""
    return f"dropped url{what}: only absolute http(s) URLs are kept"


def keep_http_url(value: object, notes: list[str]) -> str | None:
    """:func:`http_url` of ``value``, appending a note to ``notes`` when a value is dropped."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    url = http_url(value)
    if url is None:
        notes.append(dropped_url_note(value))
    return url
