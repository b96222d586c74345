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


# ---- invented records --------------------------------------------------------------------

ARTICLE_A = (
    "Officials from Norway and Chile held talks in Oslo on Monday about fishing quotas.\n\n"
    "The talks ended without agreement, the Norwegian ministry said.\n\n"
    "Police in Valparaiso detained 14 protesters on Tuesday, a police spokesman said. "
    '"We acted within the law," the spokesman said.'
)
ARTICLE_B = (
    "An air strike on the village of Kafr Tala killed at least 9 people on Sunday.\n\n"
    "The army denied that its aircraft hit the village.\n\n"
    "Local medics said dozens were wounded."
)


def _span(text: str, sentence: str) -> tuple[int, int]:
    start = text.index(sentence)
    return start, start + len(sentence)


def sample_results():
    """Two invented documents with events, quotes and claims, plus one contradiction."""
    from newsevents.pipeline import DocumentResult
    from newsevents.records import (
        Actor,
        Caption,
        Claim,
        Contradiction,
        Count,
        DateValue,
        Document,
        Event,
        Evidence,
        Location,
        Origin,
        Quote,
    )

    doc_a = Document(
        id="d-aaaa000000000001", title="Norway and Chile talk fish", text=ARTICLE_A,
        origin=Origin("inputs/a.txt", 0), source="Harbour Gazette", url="https://example.org/a",
        published="2024-03-05", published_precision="day", byline="By Ana Vik",
        dateline="OSLO, March 5", captions=[Caption("Boats in Oslo harbour.", "Photo/Ana Vik")],
    )  # fmt: skip
    doc_b = Document(
        id="d-bbbb000000000002", title="Strike on Kafr Tala", text=ARTICLE_B,
        origin=Origin("inputs/b.jsonl", 3), source="Valley Post", published="2024-03-11",
        published_precision="day",
    )  # fmt: skip
    s0 = "Officials from Norway and Chile held talks in Oslo on Monday about fishing quotas."
    s2 = "Police in Valparaiso detained 14 protesters on Tuesday, a police spokesman said."
    s3 = '"We acted within the law," the spokesman said.'
    b0 = "An air strike on the village of Kafr Tala killed at least 9 people on Sunday."
    b1 = "The army denied that its aircraft hit the village."
    b2 = "Local medics said dozens were wounded."
    nor = Actor(None, None, "NOR", "GOV", False)
    chl = Actor(None, None, "CHL", "GOV", False)
    police = Actor("Valparaiso police", None, "CHL", "COP", False)
    army = Actor(None, None, "SYR", "MIL", False)
    consult = Event(
        id="e-aaaa000000000001", doc=doc_a.id, type="CONSULT", mode="meeting", status="asserted",
        evidence=Evidence(0, *_span(ARTICLE_A, s0), s0, "held talks"),
        source_actors=[nor], target_actors=[chl],
        location=Location("Oslo", "NOR", "Oslo", 59.91, 10.75, "city"),
        date=DateValue("2024-03-04", "day", "on Monday"), published="2024-03-05", confidence=0.8,
    )  # fmt: skip
    arrest = Event(
        id="e-aaaa000000000002", doc=doc_a.id, type="COERCE", mode="arrest", status="claimed",
        evidence=Evidence(2, *_span(ARTICLE_A, s2), s2, "detained"),
        source_actors=[police], target_actors=[Actor(None, "protesters", "CHL", "CVL", False)],
        location=Location("Valparaiso", "CHL", "Valparaiso", -33.05, -71.62, "city"),
        date=DateValue("2024-03-05", "day", "on Tuesday"), reported_by=police,
        published="2024-03-05", confidence=0.7,
    )  # fmt: skip
    strike = Event(
        id="e-bbbb000000000001", doc=doc_b.id, type="ASSAULT", mode="aerial", status="asserted",
        evidence=Evidence(0, *_span(ARTICLE_B, b0), b0, "air strike"),
        source_actors=[army], target_actors=[Actor(None, "villagers", "SYR", "CVL", False)],
        location=Location("Kafr Tala", "SYR", "Hama", 35.1, 36.5, "point"),
        date=DateValue("2024-03-10", "day", "on Sunday"),
        fatalities=Count(9, None, "at least 9"), injuries=Count(24, None, "dozens"),
        published="2024-03-11", confidence=0.9,
    )  # fmt: skip
    denied = Event(
        id="e-bbbb000000000002", doc=doc_b.id, type="ASSAULT", mode="aerial", status="denied",
        evidence=Evidence(1, *_span(ARTICLE_B, b1), b1, "hit"), source_actors=[army],
        published="2024-03-11", confidence=0.4,
    )  # fmt: skip
    quote = Quote(
        id="q-aaaa000000000001", doc=doc_a.id, text="We acted within the law", type="direct",
        evidence=Evidence(3, *_span(ARTICLE_A, s3), s3, None),
        speaker=Actor(None, "police spokesman", "CHL", "COP", True), cue="said",
    )  # fmt: skip
    claim_1 = Claim(
        id="c-bbbb000000000001", doc=doc_b.id, claimant=army, text="its aircraft hit the village",
        stance="denies", evidence=Evidence(1, *_span(ARTICLE_B, b1), b1, "denied"),
        about=strike.id,
    )  # fmt: skip
    claim_2 = Claim(
        id="c-bbbb000000000002", doc=doc_b.id, claimant=Actor(None, "medics", "SYR", "CVL"),
        text="dozens were wounded", stance="asserts",
        evidence=Evidence(2, *_span(ARTICLE_B, b2), b2, "said"), figure=Count(24, None, "dozens"),
    )  # fmt: skip
    results = [
        DocumentResult(doc_a, [consult, arrest], [quote], []),
        DocumentResult(doc_b, [strike, denied], [], [claim_1, claim_2]),
    ]
    contradiction = Contradiction(
        id="x-bbbb000000000001", claims=[claim_1.id, claim_2.id], basis="explicit_denial"
    )
    return results, [contradiction]


@pytest.fixture
def filled_store(store):
    """A store holding the invented sample records (and one failure)."""
    from newsevents.records import Failure, Origin

    results, contradictions = sample_results()
    run = store.start_run(["inputs"])
    store.write_batch(
        results, [Failure(Origin("inputs/bad.html", None), "acquire", "invalid HTML")],
        contradictions, run_id=run,
    )  # fmt: skip
    store.finish_run(run, {"document": 2})
    return store
