"""The pipeline in several processes, with the same output as one.

The parent reads and cleans (cheap) and cuts the clean stream into the very batches
:func:`newsevents.pipeline.run_results` makes; each batch's documents are split over the workers
(``spawn``ed, each loading the spaCy model once in its initializer), which annotate, resolve and
extract them. The parent then yields each batch as ``run_results`` does (its clean failures
first, then each result linked in input order by the one real Linker), so
:func:`run_results_parallel` yields exactly what ``run_results`` yields: the same records, ids
and order. A bounded window of batches in flight keeps memory flat.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any

from newsevents.annotate.pipeline import BATCH_SIZE
from newsevents.records import Claim, Document, Event, Failure, RawDocument, Record

log = logging.getLogger(__name__)

WINDOW = 2  # batches in flight, each split over all workers: busy workers, flat memory


class NullLinker:
    """Links nothing: the worker side; the parent links in input order."""

    def add(self, document: Document, events: list[Event], claims: list[Claim]) -> list:
        return []


def _init_worker(warmup: list[RawDocument] | None = None) -> None:
    """Load the spaCy pipeline once per worker process, before the first batch arrives.

    ``warmup`` documents, if given, are run through once so lazily loaded lexicons and
    gazetteers are in memory too (their output is thrown away).
    """
    from newsevents.annotate.pipeline import load_nlp
    from newsevents.pipeline import run_results

    load_nlp()
    if warmup:
        for _ in run_results(warmup, linker=NullLinker()):
            pass


def _ready(delay: float) -> int:
    time.sleep(delay)  # holds this worker so the next task has to start another
    return os.getpid()


def make_pool(workers: int, warmup: list[RawDocument] | None = None) -> ProcessPoolExecutor:
    """A spawned pool of ``workers`` processes, each with the model loaded (and warmed up)."""
    context = multiprocessing.get_context("spawn")  # no forked model state, threads or handles
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(warmup,)
    )


def start_pool(pool: ProcessPoolExecutor, workers: int) -> set[int]:
    """Start every worker now (each runs its initializer); returns their process ids."""
    pids: set[int] = set()
    for attempt in range(10):
        futures = [pool.submit(_ready, 0.2 * (attempt + 1)) for _ in range(workers)]
        pids.update(f.result() for f in futures)
        if len(pids) >= workers:
            break
    return pids


def _process(documents: list[Document], batch_size: int) -> list[Any]:
    """Annotate, resolve and extract clean documents (in a worker); results in input order."""
    from newsevents.pipeline import process_documents

    return list(process_documents(documents, batch_size=batch_size))


def _chunks(items: list[Any], parts: int) -> list[list[Any]]:
    """``items`` cut into at most ``parts`` contiguous, nearly equal pieces."""
    size = -(-len(items) // max(1, parts))
    return [items[i : i + size] for i in range(0, len(items), size)] if items else []


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _link(results: list[Any], linker: Any) -> Iterator[Any]:
    """Link one batch's results in order, exactly as ``run_results`` does in one process."""
    from newsevents.pipeline import DocumentResult

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


def _collect(documents: list[Document], future: Future) -> list[Any]:
    """A chunk's results; a crashed worker turns each of its documents into a Failure."""
    try:
        return future.result()
    except Exception as exc:
        log.error("worker failed on %d documents: %s", len(documents), exc)
        reason = f"{type(exc).__name__}: {exc}"
        return [Failure(document.origin, "worker", reason) for document in documents]


def run_results_parallel(
    items: Iterable[RawDocument | Failure],
    batch_size: int = BATCH_SIZE,
    linker: Any | None = None,
    workers: int = 2,
    pool: ProcessPoolExecutor | None = None,
) -> Iterator[Any]:
    """``pipeline.run_results`` over ``workers`` processes; one worker runs in-process.

    ``pool`` (from :func:`make_pool`) reuses already started workers; it is left open.
    """
    from newsevents.link.linker import Linker
    from newsevents.pipeline import clean_all, run_results

    linker = linker if linker is not None else Linker()
    if workers <= 1:
        yield from run_results(items, batch_size=batch_size, linker=linker)
        return
    own = pool is None
    executor = make_pool(workers) if pool is None else pool
    try:
        window: deque[tuple[list[Failure], list[tuple[list[Document], Future]]]] = deque()
        for batch in _batches(clean_all(items), batch_size):  # the batches run_results makes
            failures = [item for item in batch if isinstance(item, Failure)]
            documents = [item for item in batch if isinstance(item, Document)]
            chunks = [
                (chunk, executor.submit(_process, chunk, batch_size))
                for chunk in _chunks(documents, workers)
            ]
            window.append((failures, chunks))
            if len(window) >= WINDOW:
                yield from _finish(*window.popleft(), linker)
        while window:
            yield from _finish(*window.popleft(), linker)
    finally:
        if own:
            executor.shutdown(cancel_futures=True)


def _finish(
    failures: list[Failure], chunks: list[tuple[list[Document], Future]], linker: Any
) -> Iterator[Any]:
    """One batch as ``run_results`` yields it: its clean failures first, then linked results."""
    yield from failures
    for documents, future in chunks:
        yield from _link(_collect(documents, future), linker)


def run_parallel(
    items: Iterable[RawDocument | Failure],
    batch_size: int = BATCH_SIZE,
    linker: Any | None = None,
    workers: int = 2,
) -> Iterator[Record]:
    """``pipeline.run`` over ``workers`` processes: a flat stream of contract records."""
    from newsevents.pipeline import DocumentResult

    for item in run_results_parallel(items, batch_size=batch_size, linker=linker, workers=workers):
        if isinstance(item, DocumentResult):
            yield from item.records()
        else:
            yield item
