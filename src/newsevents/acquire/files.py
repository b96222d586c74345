"""Read one file into text: size cap, encoding detection, and the failures both can give."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newsevents.acquire import errors
from newsevents.acquire.decode import MAX_FILE_BYTES, decode_bytes, read_capped, truncate_note
from newsevents.records import Failure


@dataclass(slots=True)
class FileText:
    """A file's decoded text and the notes on what reading it took."""

    text: str
    notes: list[str] = field(default_factory=list)


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> FileText | Failure:
    """The decoded text of ``path`` (truncated at ``limit``), or a Failure saying why not."""
    name = str(path)
    try:
        data, truncated = read_capped(path, limit)
    except FileNotFoundError:
        return errors.failure(name, None, errors.NOT_FOUND)
    except OSError as exc:
        return errors.failure(name, None, errors.UNREADABLE, f"{type(exc).__name__}: {exc}")
    if not data.strip():
        return errors.failure(name, None, errors.EMPTY)
    text, notes = decode_bytes(data)
    if truncated:
        notes.append(truncate_note(limit))
    if not text.strip("\ufeff \t\r\n"):
        return errors.failure(name, None, errors.EMPTY)
    return FileText(text, notes)
