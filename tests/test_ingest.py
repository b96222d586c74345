"""End-to-end ingest of invented input files: idempotent re-ingest, kill and resume, workers,
failures and retry, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsevents.serve.cli import app
from newsevents.store import Store

runner = CliRunner()

PLACES = ["Marlow", "Tessin", "Qarabel", "Odenvik", "Saltmere", "Brakka", "Velm", "Rudno"]
MONTHS = ["March", "April", "May", "June"]


def article(i: int) -> str:
    """An invented wire story; numbers, places and dates vary with ``i``."""
    place = PLACES[i % len(PLACES)]
    other = PLACES[(i + 3) % len(PLACES)]
    return (
        f"Clashes near {place} leave {i % 7 + 2} dead\n\n"
        f"Gunmen attacked a police checkpoint near {place} on Monday, killing {i % 7 + 2} "
        f"officers, the regional governor said.\n\n"
        f"Officials from {place} and {other} met in the capital on {MONTHS[i % 4]} {i % 27 + 1} "
        f"to discuss water rights, a spokesman for the ministry said.\n\n"
        f'"We will not accept new dams upstream," the spokesman said, adding that talks would '
        f"resume next week.\n"
    )


def write_inputs(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"story_{i:04d}.txt").write_text(article(i), encoding="utf-8")
    (folder / "story_0000.meta.json").write_text(
        json.dumps({"source": "Invented Wire", "published": "2024-05-02"}), encoding="utf-8"
    )
    return folder


def ingest(paths: list[Path], db: str, *extra: str) -> None:
    result = runner.invoke(app, ["ingest", *map(str, paths), "--db", db, *extra])
    assert result.exit_code == 0, result.output


def snapshot(db: str) -> dict:
    """Row counts of every table plus the exact ids of documents and events."""
    s = Store(db)
    counts = s.counts()
    docs = sorted(d.id for d in s.documents(limit=1000))
    events = sorted(e.id for e in s.iter_events())
    s.close()
    return {"counts": counts, "docs": docs, "events": events}


def test_reingest_adds_zero_rows(db_url, tmp_path):
    inputs = write_inputs(tmp_path / "in", 12)
    ingest([inputs], db_url)
    first = snapshot(db_url)
    assert first["counts"]["documents"] == 12
    assert first["counts"]["events"] >= 12  # the extractor finds at least the attacks
    assert first["counts"]["ingested_inputs"] == 12
    ingest([inputs], db_url)
    assert snapshot(db_url) == first
    # also when resume is bypassed: every record is re-written, none is added
    from newsevents.ingest import ingest as ingest_fn

    s = Store(db_url)
    report = ingest_fn(s, [inputs], resume=False)
    s.close()
    assert report.counts["document"] == 12
    assert snapshot(db_url) == first


def test_workers_give_the_same_records(sqlite_url, tmp_path):
    inputs = write_inputs(tmp_path / "in", 16)
    ingest([inputs], sqlite_url, "--batch-size", "4")
    two = f"sqlite:///{tmp_path / 'two.db'}"
    ingest([inputs], two, "--workers", "2", "--batch-size", "4")
    assert snapshot(two) == snapshot(sqlite_url)
    a, b = Store(sqlite_url), Store(two)
    ids = [e.id for e in a.iter_events()]
    assert [e for e in a.iter_events()] == [e for e in b.iter_events()]
    assert ids
    a.close()
    b.close()


def _count(db: str, table: str) -> int:
    s = Store(db)
    try:
        return s.counts()[table]
    except Exception:  # tables not migrated yet
        return 0
    finally:
        s.close()


@pytest.mark.slow
def test_killed_ingest_resumes_to_exactly_one_clean_run(db_url, tmp_path):
    inputs = write_inputs(tmp_path / "in", 120)
    clean = f"sqlite:///{tmp_path / 'clean.db'}"
    ingest([inputs], clean, "--batch-size", "4")
    expected = snapshot(clean)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsevents", "ingest", str(inputs), "--db", db_url,
         "--batch-size", "4"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    committed = 0
    while time.monotonic() < deadline and proc.poll() is None:
        committed = _count(db_url, "ingested_inputs")
        if committed >= 12:  # at least three batches are in
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    partial = _count(db_url, "ingested_inputs")
    assert 12 <= partial < 120
    assert partial % 4 == 0  # whole batches only
    ingest([inputs], db_url, "--batch-size", "4")
    resumed = snapshot(db_url)
    assert resumed == expected
    s = Store(db_url)
    runs = s.runs()
    s.close()
    assert [r["status"] for r in runs] == ["done", "running"]  # the killed run stays visible


def test_failures_listed_and_retry_resolves(store, tmp_path):
    inputs = write_inputs(tmp_path / "in", 3)
    broken = inputs / "broken.txt"
    broken.write_bytes(b"")  # an empty file cannot be split into a document
    missing = tmp_path / "later.txt"
    db = store.url
    result = runner.invoke(app, ["ingest", str(inputs), str(missing), "--db", db])
    assert result.exit_code == 1
    listed = runner.invoke(app, ["failures", "--db", db, "--format", "json"])
    assert listed.exit_code == 0
    rows = json.loads(listed.stdout)
    paths = {Path(r["path"]).name for r in rows}
    assert "later.txt" in paths
    assert all(r["stage"] and r["reason"] for r in rows)
    missing.write_text(article(99), encoding="utf-8")
    retried = runner.invoke(app, ["retry", "--db", db])
    still = {Path(f.origin.path).name for f in store.failures()}
    assert "later.txt" not in still
    assert any(d.origin.path.endswith("later.txt") for d in store.documents(limit=100))
    resolved = {Path(f.origin.path).name for f in store.failures(include_resolved=True)} - still
    assert "later.txt" in resolved
    assert retried.exit_code == (1 if still else 0)


class RecordingLinker:
    """A linker that remembers what it was given (replay through ``add``)."""

    def __init__(self) -> None:
        self.added: list[str] = []

    def add(self, document, events, claims):
        self.added.append(document.id)
        return []


class SeedingLinker(RecordingLinker):
    def seed(self, documents, claims):
        self.seeded = [d.id for d in documents]


def test_linker_sees_stored_documents_first_in_input_order(sqlite_url, tmp_path):
    from newsevents.ingest import ingest as ingest_fn

    first = write_inputs(tmp_path / "first", 5)
    second = tmp_path / "second"
    second.mkdir()
    (second / "late.txt").write_text(article(42), encoding="utf-8")
    s = Store(sqlite_url)
    one = RecordingLinker()
    ingest_fn(s, [first], linker=one, raw_batch=2)
    assert len(one.added) == 5
    replay = RecordingLinker()
    ingest_fn(s, [second], linker=replay)
    assert replay.added[:5] == one.added  # stored documents replayed in their original order
    assert len(replay.added) == 6
    seeding = SeedingLinker()
    (second / "later.txt").write_text(article(43), encoding="utf-8")
    ingest_fn(s, [second], linker=seeding)
    assert seeding.seeded == one.added + replay.added[5:]
    assert len(seeding.added) == 1  # only the new input went through add
    s.close()


@pytest.mark.slow
def test_a_worker_killed_mid_ingest_costs_one_input_and_the_ingest_goes_on(
    sqlite_url, tmp_path, worker_killer
):
    inputs = write_inputs(tmp_path / "in", 9)
    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    ingest([inputs], reference, "--batch-size", "4")  # in-process: nothing dies
    (inputs / "story_0004b.txt").write_text(
        article(4).replace("Monday,", f"Monday, {worker_killer}"), encoding="utf-8"
    )
    result = runner.invoke(
        app, ["ingest", str(inputs), "--db", sqlite_url, "--workers", "2", "--batch-size", "4"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output  # a failure was recorded
    s = Store(sqlite_url)
    failures = s.failures()
    runs = s.runs()
    s.close()
    assert [(Path(f.origin.path).name, f.stage) for f in failures] == [
        ("story_0004b.txt", "worker")
    ]
    assert "died" in failures[0].reason
    assert [r["status"] for r in runs] == ["done"]
    got, want = snapshot(sqlite_url), snapshot(reference)
    assert got["docs"] == want["docs"] and got["events"] == want["events"]
    assert got["counts"]["ingested_inputs"] == 10  # the culprit's batch is committed too
    again = runner.invoke(app, ["ingest", str(inputs), "--db", sqlite_url, "--workers", "2"])
    assert again.exit_code == 0, again.output  # resumes past it: everything is marked done
    assert snapshot(sqlite_url) == got
