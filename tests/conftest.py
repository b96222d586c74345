"""Shared fixtures: a fresh database per test, on SQLite and on PostgreSQL.

``db_url`` is parametrized over both databases. Each PostgreSQL test gets its own schema
(``t_<random>``, via ``search_path``), dropped afterwards, so parallel runs never collide. Where
the server is unreachable the PostgreSQL cases skip, except under ``CI=true`` where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_URL = os.environ.get("NEWSEVENTS_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _pg_admin():
    import psycopg

    conninfo = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    return psycopg.connect(conninfo, autocommit=True, connect_timeout=5)


def _pg_unavailable(exc: Exception) -> None:
    message = f"PostgreSQL at {PG_URL} unreachable: {exc}"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


def pg_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema; drops it afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    try:
        admin = _pg_admin()
    except Exception as exc:  # the server is not there
        _pg_unavailable(exc)
    with admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield f"{PG_URL}?options=-csearch_path%3D{schema}"
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> Iterator[str]:
    """A URL of an empty database: a SQLite file in tmp_path, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
    else:
        yield from pg_schema_url()


@pytest.fixture
def store(db_url):
    """A migrated, empty Store on each database."""
    from newsevents.store import Store

    s = Store(db_url)
    s.migrate()
    yield s
    s.close()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """A URL of an empty SQLite database file (for SQLite-only tests)."""
    return f"sqlite:///{tmp_path / 'sqlite-only.db'}"


# ---- invented records (built in tests/builders.py) ----------------------------------------


@pytest.fixture
def filled_store(store):
    """A store holding the invented sample records (and one failure)."""
    from builders import sample_results
    from newsevents.records import Failure, Origin

    results, contradictions = sample_results()
    run = store.start_run(["inputs"])
    store.write_batch(
        results, [Failure(Origin("inputs/bad.html", None), "acquire", "invalid HTML")],
        contradictions, run_id=run,
    )  # fmt: skip
    store.finish_run(run, {"document": 2})
    return store


# ---- a document that kills its worker process ---------------------------------------------

KILL_MARK = "QX-THIS-DOCUMENT-KILLS-ITS-WORKER"
_SITECUSTOMIZE = '''\
"""Test hook, imported by every new Python process: a worker dies on a marked document."""
import os

MARK = os.environ.get("NEWSEVENTS_TEST_KILL_MARK")
if MARK:
    import newsevents.pipeline as _pipeline

    _extract = _pipeline.extract_document

    def _extract_or_die(annotated):
        if MARK in annotated.document.text:
            os._exit(1)  # as the OOM killer or a segfault: no exception, no cleanup
        return _extract(annotated)

    _pipeline.extract_document = _extract_or_die
'''


@pytest.fixture
def worker_killer(tmp_path, monkeypatch) -> str:
    """A text mark that makes any spawned worker process die (``os._exit``) on its document.

    Spawned workers are new interpreters that inherit the environment: a ``sitecustomize``
    module on ``PYTHONPATH`` wraps ``pipeline.extract_document`` in them. This test process is
    not affected (its ``site`` ran long ago), so in-process runs are the reference.
    """
    hook = tmp_path / "kill-hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(_SITECUSTOMIZE, encoding="utf-8")
    path = os.environ.get("PYTHONPATH")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(hook), *([path] if path else [])]))
    monkeypatch.setenv("NEWSEVENTS_TEST_KILL_MARK", KILL_MARK)
    return KILL_MARK
