"""Dispatch paths to the reader for their format (placeholder until the readers land)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from newsevents.records import Failure, Origin, RawDocument


def read_paths(
    paths: Iterable[Path], source: str | None = None, published: str | None = None
) -> Iterator[RawDocument | Failure]:
    for path in paths:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            yield Failure(Origin(str(path), None), "acquire", str(exc))
            continue
        yield RawDocument(
            origin=Origin(str(path), None), content=text, source=source, published=published
        )
