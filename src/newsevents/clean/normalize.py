"""Text normalization applied before any offset is taken: NFC, no BOM, LF, plain spaces."""

from __future__ import annotations

import unicodedata

# No-break and other fixed-width spaces become plain spaces; invisible marks go.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u3000\t\f\v"), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u2060\u00ad"), None)
_TABLE = {**_SPACES, **_INVISIBLE}


def normalize_text(text: str) -> str:
    """NFC, BOMs and zero-width marks removed, CRLF/CR -> LF, no-break spaces -> spaces."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    return text.translate(_TABLE)


def squeeze(line: str) -> str:
    """One line with runs of spaces collapsed and the ends stripped."""
    return " ".join(line.split())


def clean_field(value: str | None) -> str | None:
    """A metadata field (title, byline) normalized to one line, or None if empty."""
    if value is None:
        return None
    return squeeze(normalize_text(value)) or None
