"""Ingest: run the pipeline over inputs and write every batch to the store in one transaction.

This is orchestration above the stages (DESIGN.md section 5): it may use ``pipeline``,
``parallel``, ``link`` and ``store``; the store itself only knows the records it is handed.

Resumable by construction. Raw inputs are read in batches; each batch's documents, records,
failures and contradictions are written together with a mark per raw input (path, index and a
hash of its content) in ONE transaction. A killed ingest therefore leaves whole batches only;
started again it skips the marked inputs, first replaying what is stored into the linker (in the
original input order) so cross-document linking sees exactly what a clean run would have seen.
Upserts on the stable ids make any overlap harmless.

With ``workers > 1`` the parent cleans each batch and a :class:`~newsevents.parallel.WorkerPool`
annotates and extracts it (split over the workers, two batches in flight); the parent links the
results in input order with ``pipeline.link_results`` and commits the batch as above, so the
output, the per-batch transactions and resume are the same as with one worker.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsevents.acquire.readers import iter_files, read_paths
from newsevents.annotate.pipeline import BATCH_SIZE
from newsevents.link.linker import Linker
from newsevents.parallel import WINDOW, Pending, WorkerPool
from newsevents.pipeline import batches, clean_all, link_results, load_data, run_results
from newsevents.records import (
    Contradiction,
    Document,
    DocumentResult,
    Failure,
    RawDocument,
    stable_id,
)
from newsevents.store import InputMark, Store

log = logging.getLogger(__name__)

RAW_BATCH = 32  # raw inputs per transaction: small enough to lose little on a kill


@dataclass(slots=True)
class IngestReport:
    """What one ingest did; ``counts`` are records written (including re-written ones)."""

    run_id: int
    counts: Counter[str] = field(default_factory=Counter)
    inputs: int = 0  # raw inputs seen
    skipped: int = 0  # raw inputs already committed by an earlier run
    batches: int = 0
    failed_paths: set[str] = field(default_factory=set)
    ok_paths: set[str] = field(default_factory=set)
    batch_seconds: list[float] = field(default_factory=list)


Progress = Callable[[int, Counter[str]], None]  # (files advanced, running counts)


def raw_input_id(raw: RawDocument) -> str:
    """The resume key of a raw input: its position and a hash of its content."""
    digest = hashlib.sha1(raw.content.encode("utf-8", "surrogatepass")).hexdigest()
    return stable_id("r", raw.origin.path, raw.origin.index, digest)


def count_files(paths: Sequence[Path]) -> int:
    """How many files the readers will visit (for the progress bar's total)."""
    total = 0
    for path in paths:
        path = Path(path)
        if path.is_dir():
            total += sum(1 for _ in iter_files(path))
        else:
            total += 1
    return total


def make_linker() -> Any:
    """The cross-document linker an ingest uses (one per ingest, seeded from the store)."""
    return Linker()


def seed_linker(linker: Any, store: Store) -> int:
    """Give the linker what is already stored, in ingest order; returns how many documents.

    Uses ``linker.seed(documents, claims)`` where the Linker has it; otherwise replays each
    stored document with its events and claims through ``linker.add`` (its output is stored).
    """
    if hasattr(linker, "seed"):
        documents, claims = store.load_linker_state()
        if documents:
            linker.seed(documents, claims)
        return len(documents)
    n = 0
    for document, events, claims in store.iter_history():
        linker.add(document, events, claims)
        n += 1
    return n


class _Plan:
    """One raw batch: what to process, what to mark done, and the files it advances."""

    def __init__(self, items: list[Any], todo: list[Any], marks: list[InputMark], files: int):
        self.items = items
        self.todo = todo
        self.marks = marks
        self.files = files


def ingest(
    store: Store,
    paths: Sequence[Path],
    *,
    workers: int = 1,
    raw_batch: int = RAW_BATCH,
    source: str | None = None,
    published: str | None = None,
    progress: Progress | None = None,
    resume: bool = True,
    linker: Any | None = None,
) -> IngestReport:
    """Read, extract, link and store everything under ``paths``; see the module docstring.

    A broken data file raises ``pipeline.DataFileError`` before anything is written.
    """
    load_data()
    store.migrate()
    run_id = store.start_run([str(p) for p in paths], workers=workers)
    report = IngestReport(run_id=run_id)
    linker = linker if linker is not None else make_linker()
    seeded = False
    seen_paths: set[str] = set()
    position = 0

    def plan(items: list[Any]) -> _Plan:
        raws = [i for i in items if isinstance(i, RawDocument)]
        ids = [raw_input_id(r) for r in raws]
        done = store.done_inputs(ids) if resume else set()
        todo: list[Any] = [i for i in items if isinstance(i, Failure)]
        marks = []
        for raw, key in zip(raws, ids, strict=True):
            if key in done:
                report.skipped += 1
                continue
            todo.append(raw)
            marks.append(InputMark(key, raw.origin.path, raw.origin.index))
        new_files = {i.origin.path for i in items} - seen_paths
        seen_paths.update(new_files)
        report.inputs += len(raws)
        return _Plan(items, todo, marks, len(new_files))

    def commit(p: _Plan, results: list[Any]) -> None:
        nonlocal position
        started = time.perf_counter()
        docs = [r for r in results if isinstance(r, DocumentResult)]
        failures = [r for r in results if isinstance(r, Failure)]
        contradictions = [r for r in results if isinstance(r, Contradiction)]
        written = store.write_batch(docs, failures, contradictions, run_id, p.marks, position)
        position += len(docs)
        report.counts.update(written)
        report.batches += 1
        report.failed_paths.update(f.origin.path for f in failures)
        report.ok_paths.update(d.document.origin.path for d in docs)
        report.batch_seconds.append(time.perf_counter() - started)
        if progress:
            progress(p.files, report.counts)

    def drain(pool: WorkerPool, p: _Plan, failures: list[Failure], pending: Pending) -> None:
        """Collect one batch from the workers, link it in input order and commit it."""
        results = [*failures, *pool.results(pending)]
        if p.todo:
            ensure_seeded()
        commit(p, list(link_results(results, linker)))

    def ensure_seeded() -> None:
        nonlocal seeded
        if not seeded:
            n = seed_linker(linker, store) if resume else 0
            log.info("linker seeded with %d stored documents", n)
            seeded = True

    status = "failed"
    try:
        plans = (plan(items) for items in batches(read_paths(paths, source, published), raw_batch))
        if workers <= 1:
            for p in plans:
                if p.todo:
                    ensure_seeded()
                results = list(run_results(p.todo, batch_size=BATCH_SIZE, linker=linker))
                commit(p, results)
        else:
            with WorkerPool(workers) as pool:  # spawned: no forked DB connections or threads
                window: deque[tuple[_Plan, list[Failure], Pending]] = deque()
                for p in plans:
                    clean = list(clean_all(p.todo))
                    failures = [i for i in clean if isinstance(i, Failure)]
                    documents = [i for i in clean if isinstance(i, Document)]
                    window.append((p, failures, pool.submit(documents, BATCH_SIZE)))
                    if len(window) >= WINDOW:
                        drain(pool, *window.popleft())
                while window:
                    drain(pool, *window.popleft())
        status = "done"
    finally:
        store.finish_run(run_id, dict(report.counts), status)
    return report


def retry(store: Store, progress: Progress | None = None, workers: int = 1) -> dict[str, Any]:
    """Re-run the paths of open failures; mark the failures of paths that now succeed resolved."""
    paths = sorted({f.origin.path for f in store.failures()})
    if not paths:
        return {"retried": 0, "resolved": 0, "still_failing": []}
    store.forget_inputs(paths)
    report = ingest(store, [Path(p) for p in paths], workers=workers, progress=progress)
    fixed = [p for p in paths if p not in report.failed_paths]
    resolved = store.resolve_failures(fixed)
    return {
        "retried": len(paths),
        "resolved": resolved,
        "still_failing": sorted(set(paths) & report.failed_paths),
        "run_id": report.run_id,
    }
