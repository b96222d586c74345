"""Plain-text dumps (``.txt``): one RawDocument per file; clean/ splits it into articles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newsevents.acquire.files import FileText, read_text
from newsevents.records import Failure, Origin, RawDocument


def read_textdump(path: Path) -> Iterator[RawDocument | Failure]:
    """The whole dump as one text RawDocument with no position (its articles get theirs later)."""
    result = read_text(path)
    if not isinstance(result, FileText):
        yield result
        return
    yield RawDocument(origin=Origin(str(path), None), content=result.text, notes=result.notes)
