"""The one pipeline entry point: raw documents in, contract records out.

The CLI (``extract``, ``ingest``), the API's ingest endpoint, and the benchmark all
call :func:`run`; none of them re-wires the stages. Each document's failure at any stage becomes a
:class:`~newsevents.records.Failure` and the batch goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TypeVar

from newsevents.acquire.readers import read_paths
from newsevents.annotate.pipeline import BATCH_SIZE, annotate
from newsevents.clean.documents import documents_from_raw
from newsevents.extract.claims import extract_claims
from newsevents.extract.events import extract_events
from newsevents.extract.lexicon import load_lexicon
from newsevents.extract.quotes import extract_quotes
from newsevents.link.linker import Linker
from newsevents.records import (  # DocumentResult: re-exported, it used to live here
    Claim,
    Contradiction,
    Document,
    DocumentResult,
    Event,
    Failure,
    RawDocument,
    Record,
)
from newsevents.resolve.document import resolve_document
from newsevents.resolve.gazetteer import load_gazetteer

log = logging.getLogger(__name__)

T = TypeVar("T")


class DataFileError(RuntimeError):
    """A data file the stages need (lexicon, gazetteer) is broken: the run cannot go on."""


def load_data() -> None:
    """Load and check the trigger lexicon and the gazetteer once, before the first document.

    Both are cached per process. Loaded lazily inside the per-document ``try``, a malformed
    ``data/triggers.yaml`` would turn every document into an ``extract`` failure; loaded here, it
    stops the run at once with the loader's own message (e.g. its ``LexiconError``).
    """
    for what, loader in (
        ("the event lexicon (data/triggers.yaml)", load_lexicon),
        (
            "the gazetteer (data/countries.tsv, actors.yaml, roles.yaml, regions.yaml)",
            load_gazetteer,
        ),
    ):
        try:
            loader()
        except Exception as exc:
            raise DataFileError(f"cannot load {what}: {type(exc).__name__}: {exc}") from exc


def clean_all(items: Iterable[RawDocument | Failure]) -> Iterator[Document | Failure]:
    """Split and clean each raw document; a document that cannot be cleaned becomes a Failure."""
    for item in items:
        if isinstance(item, Failure):
            yield item
            continue
        try:
            yield from documents_from_raw(item)
        except Exception as exc:  # one bad document must not stop the batch
            log.warning("clean failed for %s: %s", item.origin.path, exc)
            yield Failure(origin=item.origin, stage="clean", reason=f"{type(exc).__name__}: {exc}")


def extract_document(annotated) -> DocumentResult:
    """Resolve and extract one annotated document."""
    resolution = resolve_document(annotated)
    events = extract_events(annotated, resolution)
    quotes = extract_quotes(annotated, resolution)
    claims = extract_claims(annotated, resolution, events, quotes)
    return DocumentResult(annotated.document, events, quotes, claims)


def process_documents(
    documents: list[Document], batch_size: int = BATCH_SIZE
) -> Iterator[DocumentResult | Failure]:
    """Annotate and extract a batch of clean documents, isolating each document's failure."""
    try:
        annotated_docs = list(annotate(documents, batch_size=batch_size))
    except Exception as exc:  # a batch-level parse error: retry one by one to find the culprit
        log.warning("annotate failed on a batch (%s); retrying one document at a time", exc)
        annotated_docs = []
        for document in documents:
            try:
                annotated_docs.extend(annotate([document]))
            except Exception as one_exc:
                yield Failure(document.origin, "annotate", f"{type(one_exc).__name__}: {one_exc}")
    for annotated in annotated_docs:
        try:
            yield extract_document(annotated)
        except Exception as exc:
            log.exception("extract failed for %s", annotated.document.id)
            yield Failure(annotated.document.origin, "extract", f"{type(exc).__name__}: {exc}")


class NullLinker:
    """A linker that links nothing: for worker processes and warm-ups (the parent links)."""

    def add(self, document: Document, events: list[Event], claims: list[Claim]) -> list:
        return []


LinkerLike = Linker | NullLinker


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter), read lazily."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def link_results(
    results: Iterable[DocumentResult | Failure], linker: LinkerLike
) -> Iterator[DocumentResult | Failure | Contradiction]:
    """Link each document's result in input order, then yield it and its contradictions.

    Failures pass through; a linking error becomes a ``Failure(stage="link")`` (yielded before
    the document's result, which is kept) and the batch goes on.
    """
    for item in results:
        if not isinstance(item, DocumentResult):
            yield item
            continue
        try:
            contradictions = linker.add(item.document, item.events, item.claims)
        except Exception as exc:  # one document's linking must not stop the batch
            log.exception("link failed for %s", item.document.id)
            yield Failure(item.document.origin, "link", f"{type(exc).__name__}: {exc}")
            contradictions = []
        yield item
        yield from contradictions


def run_results(
    items: Iterable[RawDocument | Failure],
    batch_size: int = BATCH_SIZE,
    linker: LinkerLike | None = None,
) -> Iterator[DocumentResult | Failure | Contradiction]:
    """The pipeline over raw documents, yielding per-document results, failures and contradictions.

    Memory stays flat: documents flow through in batches; the linker keeps only signatures and
    claims. A broken data file raises :class:`DataFileError` before the first document.
    """
    load_data()
    linker = linker if linker is not None else Linker()
    for batch in batches(clean_all(items), batch_size):
        documents = [item for item in batch if isinstance(item, Document)]
        yield from (item for item in batch if isinstance(item, Failure))
        yield from link_results(process_documents(documents, batch_size=batch_size), linker)


def run(
    items: Iterable[RawDocument | Failure],
    batch_size: int = BATCH_SIZE,
    linker: LinkerLike | None = None,
) -> Iterator[Record]:
    """The pipeline as a flat stream of contract records."""
    for item in run_results(items, batch_size=batch_size, linker=linker):
        if isinstance(item, DocumentResult):
            yield from item.records()
        else:
            yield item


def run_paths(
    paths: Iterable[Path | str], source: str | None = None, published: str | None = None
) -> Iterator[Record]:
    """Read, clean, annotate, resolve, extract and link everything under ``paths``."""
    return run(read_paths(paths, source=source, published=published))
