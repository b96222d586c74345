"""The multi-process pipeline gives exactly the records of one process, in the same order."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import pytest

from newsevents.acquire.readers import read_paths
from newsevents.parallel import _chunks, _collect, run_parallel
from newsevents.pipeline import run
from newsevents.records import Document, Failure, Origin, RawDocument, to_dict

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "inputs"


def _inputs() -> list:
    items = list(read_paths([FIXTURES]))
    items += list(read_paths([FIXTURES / "does_not_exist.txt"]))  # a failure mid-stream
    items += list(read_paths([FIXTURES / "wire.jsonl"]))  # the same articles again, later
    return items


@pytest.mark.slow
def test_two_workers_give_the_records_of_one_process():
    items = _inputs()
    one = [to_dict(r) for r in run(items, batch_size=2)]
    two = [to_dict(r) for r in run_parallel(items, batch_size=2, workers=2)]
    assert len(one) > 10
    assert any(r["kind"] == "failure" for r in one)
    assert sum(r["kind"] == "document" for r in one) >= 5
    assert [r.get("id") for r in two] == [r.get("id") for r in one]
    assert two == one


def test_one_worker_runs_in_process():
    items = list(read_paths([FIXTURES / "wire.jsonl"]))
    assert [to_dict(r) for r in run_parallel(items, workers=1)] == [to_dict(r) for r in run(items)]


def test_a_crashed_worker_turns_its_documents_into_failures():
    documents = [
        Document(id=f"d-{i}", title="T", text="Text.", origin=Origin("a.txt", i)) for i in (0, 1)
    ]
    future: Future = Future()
    future.set_exception(RuntimeError("worker died"))
    results = _collect(documents, future)
    assert [r.origin for r in results] == [d.origin for d in documents]
    assert all(isinstance(r, Failure) and r.stage == "worker" for r in results)
    assert "worker died" in results[0].reason


def test_chunks_keep_order_and_cover_everything():
    assert _chunks(list(range(7)), 2) == [[0, 1, 2, 3], [4, 5, 6]]
    assert _chunks([1], 4) == [[1]]
    assert _chunks([], 2) == []


def test_link_results_turns_a_linking_error_into_a_failure_and_goes_on():
    from newsevents.pipeline import NullLinker, link_results
    from newsevents.records import Contradiction, DocumentResult

    docs = [
        Document(id=f"d-{i}", title="T", text="Text.", origin=Origin("a.txt", i)) for i in (0, 1)
    ]
    early = Failure(Origin("b.txt", 0), "clean", "empty")
    contradiction = Contradiction(id="x-1", claims=["c-1", "c-2"], basis="explicit_denial")

    class Flaky:
        def add(self, document, events, claims):
            if document.id == "d-0":
                raise KeyError("boom")
            return [contradiction]

    items = [early, DocumentResult(docs[0]), DocumentResult(docs[1])]
    out = list(link_results(items, Flaky()))
    assert out[0] is early
    assert isinstance(out[1], Failure) and out[1].stage == "link" and "boom" in out[1].reason
    assert out[1].origin == docs[0].origin
    assert [type(o).__name__ for o in out[2:]] == [
        "DocumentResult",
        "DocumentResult",
        "Contradiction",
    ]
    assert list(link_results(items, NullLinker())) == items


def _killer_document(mark: str, index: int) -> RawDocument:
    text = (
        "Dockworkers strike at Port Halvren\n\n"
        f"Dockworkers walked off the job at Port Halvren on Tuesday, the union said. {mark}\n"
    )
    return RawDocument(origin=Origin("killer.txt", index), content=text)


@pytest.mark.slow
def test_a_document_that_kills_its_worker_is_one_failure_and_the_run_goes_on(worker_killer):
    wire = list(read_paths([FIXTURES / "wire.jsonl"]))
    killer = _killer_document(worker_killer, 0)
    items = [*wire[:2], killer, *wire[2:], *wire]  # the culprit mid-stream, more batches after
    one = [to_dict(r) for r in run(items, batch_size=2)]  # in this process nothing dies
    two = [to_dict(r) for r in run_parallel(items, batch_size=2, workers=2)]
    failures = [r for r in two if r["kind"] == "failure"]
    assert len(failures) == 1
    assert failures[0]["stage"] == "worker" and "died" in failures[0]["reason"]
    assert failures[0]["origin"] == {"path": "killer.txt", "index": 0}
    killed = {
        r["id"] for r in one if r["kind"] == "document" and r["origin"]["path"] == "killer.txt"
    }
    assert len(killed) == 1
    expected = [r for r in one if r.get("id") not in killed and r.get("doc") not in killed]
    assert [r for r in two if r["kind"] != "failure"] == expected
    assert sum(r["kind"] == "document" for r in two) == len(wire) * 2


def test_workers_that_die_on_start_up_stop_the_run(monkeypatch):
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    from newsevents import parallel

    def dying_pool(workers, warmup=None):
        context = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(workers, mp_context=context, initializer=os._exit, initargs=(3,))

    monkeypatch.setattr(parallel, "make_pool", dying_pool)
    documents = [
        Document(id=f"d-{i}", title="T", text="Text.", origin=Origin("a.txt", i)) for i in (0, 1)
    ]
    with parallel.WorkerPool(2) as pool:
        pending = pool.submit(documents)
        with pytest.raises(parallel.WorkerStartError, match="start-up"):
            list(pool.results(pending))


@pytest.mark.slow
def test_a_pool_broken_between_batches_is_replaced_on_submit():
    import os
    from concurrent.futures.process import BrokenProcessPool

    from newsevents.parallel import WorkerPool

    documents = [
        Document(id="d-0", title="Talks", text="The ministers met in Velm on Monday.",
                 origin=Origin("a.txt", 0))
    ]  # fmt: skip
    with WorkerPool(1) as pool:
        with pytest.raises(BrokenProcessPool):
            pool.executor.submit(os._exit, 1).result()  # the worker dies between batches
        broken = pool.executor
        results = list(pool.results(pool.submit(documents)))
        assert pool.executor is not broken
    assert [type(r).__name__ for r in results] == ["DocumentResult"]
    assert results[0].document.id == "d-0"
