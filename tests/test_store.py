"""The store on SQLite and PostgreSQL: migrations agree with the models, upserts are idempotent,
records come back as they went in, queries filter and use indexes."""

from __future__ import annotations

import dataclasses

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from builders import sample_results
from newsevents.records import to_dict
from newsevents.store import MAX_LIMIT, EventFilter, Store
from newsevents.store.models import Base


def test_migration_creates_every_table_and_matches_models(db_url):
    s = Store(db_url)
    s.migrate()
    tables = set(inspect(s.engine).get_table_names())
    expected = {
        "documents", "sentences", "actors", "events", "event_actors", "quotes", "claims",
        "contradictions", "duplicates", "failures", "ingest_runs", "ingested_inputs",
        "alembic_version",
    }  # fmt: skip
    assert expected <= tables
    with s.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    s.migrate()  # a second upgrade is a no-op
    s.close()


def test_indexes_on_filtered_columns(store):
    insp = inspect(store.engine)

    def indexed(table):
        return {col for ix in insp.get_indexes(table) for col in ix["column_names"]}

    assert {"type", "status", "country", "date_value", "published", "doc_id"} <= indexed("events")
    assert {"actor_id"} <= indexed("event_actors")
    assert {"country", "sector", "name"} <= indexed("actors")
    assert {"source", "published"} <= indexed("documents")


def test_write_batch_roundtrip_and_counts(filled_store):
    counts = filled_store.counts()
    assert counts["documents"] == 2
    assert counts["events"] == 4
    assert counts["quotes"] == 1
    assert counts["claims"] == 2
    assert counts["contradictions"] == 1
    assert counts["failures"] == 1
    # nor, chl, police, protesters, army, villagers, spokesman, medics
    assert counts["actors"] == 8
    # the sentences the records point to: a0, a2, a3, b0, b1, b2
    assert counts["sentences"] == 6
    results, _ = sample_results()
    for result in results:
        for record in result.records():
            assert to_dict(filled_store.get(record.id)) == to_dict(record), record.id
    assert filled_store.get("e-doesnotexist") is None
    assert filled_store.get("zzz") is None


def test_second_write_adds_zero_rows(filled_store):
    before = filled_store.counts()
    results, contradictions = sample_results()
    filled_store.write_batch(results, [], contradictions, run_id=None)
    filled_store.write_batch(results, [], contradictions, run_id=None)
    assert filled_store.counts() == before


def test_upsert_updates_changed_fields_and_replaces_actors(filled_store):
    results, _ = sample_results()
    event = results[0].events[0]
    event.status = "planned"
    event.target_actors = []
    filled_store.write_batch(results, run_id=None)
    again = filled_store.get(event.id)
    assert again.status == "planned"
    assert again.target_actors == []
    assert again.source_actors[0].country == "NOR"


def test_sentence_offsets_point_into_text(filled_store):
    doc = filled_store.get("d-aaaa000000000001")
    start, end, sentence = filled_store.sentence(doc.id, 2)
    assert doc.text[start:end] == sentence
    assert sentence.startswith("Police in Valparaiso detained 14")


def _ids(events):
    return sorted(e.id for e in events)


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (EventFilter(), ["e-aaaa000000000001", "e-aaaa000000000002", "e-bbbb000000000001",
                         "e-bbbb000000000002"]),
        (EventFilter(type="assault"), ["e-bbbb000000000001", "e-bbbb000000000002"]),
        (EventFilter(type="ASSAULT", statuses=["asserted", "claimed"]), ["e-bbbb000000000001"]),
        (EventFilter(country="chl"), ["e-aaaa000000000002"]),
        (EventFilter(actor="NOR"), ["e-aaaa000000000001"]),
        (EventFilter(actor="valparaiso"), ["e-aaaa000000000002"]),
        (EventFilter(sector="CVL"), ["e-aaaa000000000002", "e-bbbb000000000001"]),
        (EventFilter(mode="arrest"), ["e-aaaa000000000002"]),
        (EventFilter(place="kafr"), ["e-bbbb000000000001"]),
        (EventFilter(place="hama"), ["e-bbbb000000000001"]),
        (EventFilter(since="2024-03-06"), ["e-bbbb000000000001", "e-bbbb000000000002"]),
        (EventFilter(until="2024-03-04"), ["e-aaaa000000000001"]),
        (EventFilter(until="2024-03"), ["e-aaaa000000000001", "e-aaaa000000000002",
                                        "e-bbbb000000000001", "e-bbbb000000000002"]),
        (EventFilter(source="valley"), ["e-bbbb000000000001", "e-bbbb000000000002"]),
        (EventFilter(text="air strike"), ["e-bbbb000000000001"]),
        (EventFilter(text="100%"), []),
        (EventFilter(type="AGREE"), []),
    ],
)  # fmt: skip
def test_event_filters(filled_store, flt, expected):
    assert _ids(filled_store.events(flt)) == expected


def test_limit_is_capped(filled_store):
    assert len(filled_store.events(EventFilter(limit=1))) == 1
    assert len(filled_store.events(EventFilter(limit=MAX_LIMIT * 10))) == 4


def test_quotes_and_contradictions(filled_store):
    assert [q.id for q in filled_store.quotes(speaker="spokesman")] == ["q-aaaa000000000001"]
    assert [q.id for q in filled_store.quotes(speaker="CHL")] == ["q-aaaa000000000001"]
    assert filled_store.quotes(speaker="medics") == []
    assert [q.id for q in filled_store.quotes(text="within the LAW")] == ["q-aaaa000000000001"]
    (x,) = filled_store.contradictions()
    assert x.claims == ["c-bbbb000000000001", "c-bbbb000000000002"]
    claims = filled_store.claims(ids=x.claims)
    assert {c.stance for c in claims} == {"asserts", "denies"}


def test_failures_and_resolution(filled_store):
    (failure,) = filled_store.failures()
    assert failure.origin.path == "inputs/bad.html" and failure.stage == "acquire"
    assert filled_store.resolve_failures(["inputs/bad.html"]) == 1
    assert filled_store.failures() == []
    assert len(filled_store.failures(include_resolved=True)) == 1


def test_stats_count_only_asserted_and_claimed(filled_store):
    stats = filled_store.stats()
    assert stats["events_by_type"] == {"CONSULT": 1, "COERCE": 1, "ASSAULT": 1}
    assert stats["events_by_status"]["denied"] == 1
    assert stats["open_failures"] == 1
    everything = filled_store.stats(statuses=None)
    assert everything["events_by_type"]["ASSAULT"] == 2


def test_linker_state_in_ingest_order(filled_store):
    documents, claims = filled_store.load_linker_state()
    assert [d.id for d in documents] == ["d-aaaa000000000001", "d-bbbb000000000002"]
    assert documents[1].published == "2024-03-11"
    assert sorted(c.id for c in claims) == ["c-bbbb000000000001", "c-bbbb000000000002"]
    history = list(filled_store.iter_history(chunk=1))
    assert [len(events) for _, events, _ in history] == [2, 2]


def test_iter_events_pages_through_everything(filled_store):
    assert len(list(filled_store.iter_events(chunk=1))) == 4
    counted = EventFilter(statuses=["asserted", "claimed"])
    assert len(list(filled_store.iter_events(counted, chunk=2))) == 3


def test_duplicates_table_mirrors_duplicate_of(store):
    results, _ = sample_results()
    copy = dataclasses.replace(results[1].document, id="d-bbbb00000000dup1")
    copy.duplicate_of = results[1].document.id
    results.append(type(results[0])(copy))
    store.write_batch(results)
    assert store.counts()["duplicates"] == 1
    assert store.get("d-bbbb00000000dup1").duplicate_of == "d-bbbb000000000002"


def test_sqlite_filtered_query_uses_an_index(sqlite_url):
    s = Store(sqlite_url)
    s.migrate()
    results, contradictions = sample_results()
    s.write_batch(results, [], contradictions)
    details = []
    for flt in (EventFilter(type="ASSAULT"), EventFilter(country="SYR", since="2024-01-01")):
        stmt = s.events_statement(flt)  # the very statement Store.events runs
        sql = str(stmt.compile(s.engine, compile_kwargs={"literal_binds": True}))
        with s.engine.connect() as conn:
            plan = conn.execute(text("EXPLAIN QUERY PLAN " + sql)).all()
        details.append(" ".join(str(row[-1]) for row in plan))
    assert "USING INDEX ix_events_type" in details[0]
    assert "USING INDEX ix_events_country" in details[1]
    s.close()


def test_scale_check_small(db_url):
    from newsevents.store.scale_check import run

    report = run(db_url, total_events=600, batch_events=200, events_per_doc=10)
    assert report["events"] == 600 and report["documents"] == 60 and report["batches"] == 3
    again = run(db_url, total_events=600, batch_events=200, events_per_doc=10)
    assert again["events"] == 600  # the same synthetic ids: upserts, no new rows


def test_store_imports_no_stage_that_makes_records():
    """DESIGN.md section 5: ``store`` knows records, not how they were extracted."""
    import ast
    from pathlib import Path

    import newsevents.store

    banned = ("acquire", "clean", "annotate", "resolve", "extract", "link", "pipeline",
              "parallel", "ingest", "serve")  # fmt: skip
    found = []
    for path in Path(newsevents.store.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "newsevents" and len(parts) > 1 and parts[1] in banned:
                    found.append(f"{path.name}: {name}")
    assert not found, found
