"""The pipeline in several processes, with the same output as one.

The parent reads and cleans (cheap) and cuts the clean stream into the very batches
:func:`newsevents.pipeline.run_results` makes; each batch's documents are split over the workers
of a :class:`WorkerPool` (``spawn``ed, each loading the spaCy model once in its initializer),
which annotate, resolve and extract them. The parent then yields each batch as ``run_results``
does (its clean failures first, then each result linked in input order by the one real Linker,
with :func:`newsevents.pipeline.link_results`), so :func:`run_results_parallel` yields exactly
what ``run_results`` yields: the same records, ids and order. A bounded window of batches in
flight keeps memory flat. ``newsevents.ingest`` uses the same pool, batch by batch.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from newsevents.annotate.pipeline import BATCH_SIZE, load_nlp
from newsevents.link.linker import Linker
from newsevents.pipeline import (
    LinkerLike,
    NullLinker,
    batches,
    clean_all,
    link_results,
    process_documents,
    run_results,
)
from newsevents.records import (
    Contradiction,
    Document,
    DocumentResult,
    Failure,
    RawDocument,
    Record,
)

log = logging.getLogger(__name__)

WINDOW = 2  # batches in flight, each split over all workers: busy workers, flat memory

Pending = list[tuple[list[Document], Future]]  # one batch's chunks, each with its future


def _init_worker(warmup: list[RawDocument] | None = None) -> None:
    """Load the spaCy pipeline once per worker process, before the first batch arrives.

    ``warmup`` documents, if given, are run through once so lazily loaded lexicons and
    gazetteers are in memory too (their output is thrown away).
    """
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


def _process(documents: list[Document], batch_size: int) -> list[DocumentResult | Failure]:
    """Annotate, resolve and extract clean documents (in a worker); results in input order."""
    return list(process_documents(documents, batch_size=batch_size))


def _chunks(items: list[Any], parts: int) -> list[list[Any]]:
    """``items`` cut into at most ``parts`` contiguous, nearly equal pieces."""
    size = -(-len(items) // max(1, parts))
    return [items[i : i + size] for i in range(0, len(items), size)] if items else []


def _collect(documents: list[Document], future: Future) -> list[DocumentResult | Failure]:
    """A chunk's results; a chunk whose worker raised turns each of its documents into a Failure."""
    try:
        return future.result()
    except Exception as exc:
        log.error("worker failed on %d documents: %s", len(documents), exc)
        reason = f"{type(exc).__name__}: {exc}"
        return [Failure(document.origin, "worker", reason) for document in documents]


class WorkerPool:
    """Worker processes that annotate, resolve and extract batches of clean documents.

    :meth:`submit` splits a batch over the workers and returns at once; :meth:`results` gives
    that batch's results back in input order. ``executor`` (from :func:`make_pool`) reuses
    already started workers and is left open; otherwise the pool owns its processes.
    """

    def __init__(
        self,
        workers: int,
        warmup: list[RawDocument] | None = None,
        executor: ProcessPoolExecutor | None = None,
    ) -> None:
        self.workers = workers
        self.warmup = warmup
        self.own = executor is None
        self.executor = executor if executor is not None else make_pool(workers, warmup)

    def submit(self, documents: list[Document], batch_size: int = BATCH_SIZE) -> Pending:
        """Start one batch: its documents in one contiguous chunk per worker."""
        return [
            (chunk, self.executor.submit(_process, chunk, batch_size))
            for chunk in _chunks(documents, self.workers)
        ]

    def results(self, pending: Pending) -> Iterator[DocumentResult | Failure]:
        """One submitted batch's results, in input order, chunk by chunk as they finish."""
        for documents, future in pending:
            yield from _collect(documents, future)

    def close(self) -> None:
        if self.own:
            self.executor.shutdown(cancel_futures=True)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def run_results_parallel(
    items: Iterable[RawDocument | Failure],
    batch_size: int = BATCH_SIZE,
    linker: LinkerLike | None = None,
    workers: int = 2,
    pool: ProcessPoolExecutor | None = None,
) -> Iterator[DocumentResult | Failure | Contradiction]:
    """``pipeline.run_results`` over ``workers`` processes; one worker runs in-process.

    ``pool`` (from :func:`make_pool`) reuses already started workers; it is left open.
    """
    linker = linker if linker is not None else Linker()
    if workers <= 1:
        yield from run_results(items, batch_size=batch_size, linker=linker)
        return
    with WorkerPool(workers, executor=pool) as worker_pool:
        window: deque[tuple[list[Failure], Pending]] = deque()
        for batch in batches(clean_all(items), batch_size):  # the batches run_results makes
            failures = [item for item in batch if isinstance(item, Failure)]
            documents = [item for item in batch if isinstance(item, Document)]
            window.append((failures, worker_pool.submit(documents, batch_size)))
            if len(window) >= WINDOW:
                yield from _finish(worker_pool, *window.popleft(), linker)
        while window:
            yield from _finish(worker_pool, *window.popleft(), linker)


def _finish(
    pool: WorkerPool, failures: list[Failure], pending: Pending, linker: LinkerLike
) -> Iterator[DocumentResult | Failure | Contradiction]:
    """One batch as ``run_results`` yields it: its clean failures first, then linked results."""
    yield from failures
    yield from link_results(pool.results(pending), linker)


def run_parallel(
    items: Iterable[RawDocument | Failure],
    batch_size: int = BATCH_SIZE,
    linker: LinkerLike | None = None,
    workers: int = 2,
) -> Iterator[Record]:
    """``pipeline.run`` over ``workers`` processes: a flat stream of contract records."""
    for item in run_results_parallel(items, batch_size=batch_size, linker=linker, workers=workers):
        if isinstance(item, DocumentResult):
            yield from item.records()
        else:
            yield item
