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
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from newsevents.annotate.pipeline import BATCH_SIZE, load_nlp
from newsevents.link.linker import Linker
from newsevents.pipeline import (
    LinkerLike,
    NullLinker,
    batches,
    clean_all,
    link_results,
    load_data,
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


@dataclass(slots=True)
class Chunk:
    """A piece of a batch on its way through a worker: the documents, the future, the pool."""

    documents: list[Document]
    future: Future
    executor: ProcessPoolExecutor
    batch_size: int


Pending = list[Chunk]  # one submitted batch, in input order


class WorkerStartError(RuntimeError):
    """Worker processes die before any document reaches them (e.g. the model cannot load)."""


def _collect(documents: list[Document], future: Future) -> list[DocumentResult | Failure]:
    """A chunk's results; a chunk whose worker raised turns each of its documents into a Failure.

    A dead worker (:class:`BrokenProcessPool`) is not handled here: :class:`WorkerPool`
    re-runs its documents one by one to find the culprit.
    """
    try:
        return future.result()
    except BrokenProcessPool:
        raise
    except Exception as exc:
        log.error("worker failed on %d documents: %s", len(documents), exc)
        reason = f"{type(exc).__name__}: {exc}"
        return [Failure(document.origin, "worker", reason) for document in documents]


class WorkerPool:
    """Worker processes that annotate, resolve and extract batches of clean documents.

    :meth:`submit` splits a batch over the workers and returns at once; :meth:`results` gives
    that batch's results back in input order. ``executor`` (from :func:`make_pool`) reuses
    already started workers and is left open; otherwise the pool owns its processes.

    A worker that dies (killed, out of memory, a segfault in a C extension) breaks the whole
    process pool and every task in it. The pool is then replaced, and each broken chunk is
    re-run one document at a time in a separate one-worker pool, where nothing else runs, so a
    death there names its document: that one becomes ``Failure(stage="worker")`` and the run
    goes on. If even a fresh worker dies before it gets a document, :class:`WorkerStartError`
    stops the run (otherwise every document would be blamed in turn).
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
        self.isolator: ProcessPoolExecutor | None = None
        self.deaths = 0  # documents that killed a worker

    def submit(self, documents: list[Document], batch_size: int = BATCH_SIZE) -> Pending:
        """Start one batch: its documents in one contiguous chunk per worker."""
        return [self._submit(chunk, batch_size) for chunk in _chunks(documents, self.workers)]

    def _submit(self, documents: list[Document], batch_size: int) -> Chunk:
        try:
            future = self.executor.submit(_process, documents, batch_size)
        except BrokenProcessPool as exc:  # a worker died since the last batch was collected
            self._renew(exc)
            future = self.executor.submit(_process, documents, batch_size)
        return Chunk(documents, future, self.executor, batch_size)

    def results(self, pending: Pending) -> Iterator[DocumentResult | Failure]:
        """One submitted batch's results, in input order, chunk by chunk as they finish."""
        for chunk in pending:
            try:
                results = _collect(chunk.documents, chunk.future)
            except BrokenProcessPool as exc:
                log.error("a worker died; re-running %d documents one by one", len(chunk.documents))
                if chunk.executor is self.executor:
                    self._renew(exc)
                yield from self._isolate(chunk.documents, chunk.batch_size)
                continue
            yield from results

    def _renew(self, exc: BaseException) -> None:
        """Replace the broken pool (every task in it is lost) with a fresh one."""
        log.warning("replacing the broken worker pool (%s)", exc)
        if self.own:
            self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = make_pool(self.workers, self.warmup)
        self.own = True

    def _isolator(self) -> ProcessPoolExecutor:
        """The one-worker pool that re-runs documents alone, started and checked."""
        if self.isolator is None:
            pool = make_pool(1)
            try:
                pool.submit(_ready, 0).result()
            except BrokenProcessPool as exc:
                pool.shutdown(cancel_futures=True)
                raise WorkerStartError(f"worker processes die on start-up: {exc}") from exc
            self.isolator = pool
        return self.isolator

    def _isolate(self, documents: list[Document], batch_size: int) -> Iterator[Any]:
        """Each document alone in the isolation pool: a death there is that document's."""
        for document in documents:
            pool = self._isolator()
            future = pool.submit(_process, [document], batch_size)
            try:
                yield from future.result()
            except BrokenProcessPool as exc:
                self.deaths += 1
                log.error("the worker died on %s #%s", document.origin.path, document.origin.index)
                reason = f"the worker process died on this document ({exc})"
                yield Failure(document.origin, "worker", reason)
                pool.shutdown(wait=True, cancel_futures=True)
                self.isolator = None
            except Exception as exc:
                yield Failure(document.origin, "worker", f"{type(exc).__name__}: {exc}")

    def close(self) -> None:
        if self.own:
            self.executor.shutdown(cancel_futures=True)
        if self.isolator is not None:
            self.isolator.shutdown(cancel_futures=True)
            self.isolator = None

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
    load_data()  # a broken data file stops the run here, before any worker starts
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
