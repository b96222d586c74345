"""Read files with a size cap and turn bytes into text without ever raising on bad bytes."""

from __future__ import annotations

import logging
from pathlib import Path

from charset_normalizer import from_bytes

log = logging.getLogger(__name__)

# Single-document files (a dump, a page, a feed) above this size are truncated, and the
# truncation is noted. 5 MB is some 800,000 words: far beyond any article or daily dump, so
# only a wrong or runaway file reaches it. Streamed containers (JSONL, WARC) apply it per record.
MAX_FILE_BYTES = 5_000_000


def read_capped(path: Path, limit: int = MAX_FILE_BYTES) -> tuple[bytes, bool]:
    """The first ``limit`` bytes of ``path`` and whether the file was longer (OSError passes)."""
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) <= limit:
        return data, False
    data = data[:limit]
    cut = data.rfind(b"\n")  # end on a whole line, never inside a multi-byte character
    return (data[: cut + 1] if cut > 0 else data), True


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, list[str]]:
    """Decode ``data`` and say in notes what had to be guessed or replaced.

    Order: UTF-8 (with or without BOM); a declared charset (HTTP header) if it decodes cleanly;
    UTF-8 with the bad bytes replaced when most non-ASCII text is valid UTF-8 (a few damaged bytes
    in a UTF-8 file); otherwise the encoding charset-normalizer detects (legacy code pages).
    """
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    if declared and declared.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            return data.decode(declared), [f"decoded as {declared}"]
        except (UnicodeDecodeError, LookupError):
            pass
    escaped = data.decode("utf-8", errors="surrogateescape")
    bad = sum(1 for char in escaped if "\udc80" <= char <= "\udcff")
    good_multibyte = sum(1 for char in escaped if ord(char) > 0x7F) - bad
    if good_multibyte < bad:
        best = from_bytes(data).best()
        if best is not None and best.encoding not in ("utf_8", "utf-8"):
            log.info("decoded as %s (detected)", best.encoding)
            return str(best), [f"decoded as {best.encoding}"]
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return text, [f"replaced {bad} undecodable bytes"]


def truncate_note(limit: int = MAX_FILE_BYTES) -> str:
    """The note left on a document whose file was cut at the size cap."""
    return f"{TRUNCATED_NOTE} at {limit} bytes"


TRUNCATED_NOTE = "file truncated"
