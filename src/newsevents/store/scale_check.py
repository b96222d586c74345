"""Store-side scale check: write >= 100,000 synthetic events in batches and time every batch.

The per-batch time must stay flat as the database grows (bulk upserts, no per-row SELECTs, the
indexes are B-trees). Run: ``python -m newsevents.store.scale_check --events 100000``; it prints
the first and last batch times, their ratio, and the rate. No NLP runs: records are invented.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from newsevents.records import (
    Actor,
    Count,
    DateValue,
    Document,
    DocumentResult,
    Event,
    Evidence,
    Location,
    Origin,
    Quote,
    stable_id,
)
from newsevents.store.store import Store

log = logging.getLogger(__name__)

COUNTRIES = ["SYR", "LBN", "ISR", "TUR", "RUS", "UKR", "COD", "SDN", "YEM", "IRQ"]
SECTORS = ["GOV", "MIL", "COP", "NSA", "CVL", "IGO"]
TYPES = ["ASSAULT", "CONSULT", "ACCUSE", "PROTEST", "COERCE", "AID", "AGREE", "REQUEST"]


def synthetic_result(i: int, events_per_doc: int) -> DocumentResult:
    """One invented document with ``events_per_doc`` events and a quote."""
    sentence = f"Forces in district {i} reported an incident involving group {i % 97}."
    text = " ".join([sentence] * events_per_doc)
    doc = Document(
        id=stable_id("d", "synthetic", i), title=f"Synthetic report {i}", text=text,
        origin=Origin(f"synthetic/{i // 1000}.jsonl", i % 1000), source=f"Outlet {i % 13}",
        published=f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}", published_precision="day",
    )  # fmt: skip
    events = []
    step = len(sentence) + 1
    for k in range(events_per_doc):
        n = i * events_per_doc + k
        country = COUNTRIES[n % len(COUNTRIES)]
        events.append(
            Event(
                id=stable_id("e", doc.id, k),
                doc=doc.id,
                type=TYPES[n % len(TYPES)],
                evidence=Evidence(k, k * step, k * step + len(sentence), sentence, "incident"),
                status="asserted" if n % 5 else "claimed",
                source_actors=[Actor(None, None, country, SECTORS[n % len(SECTORS)])],
                target_actors=[Actor(f"Group {n % 211}", None, None, "NSA")],
                location=Location(
                    f"Town {n % 503}", country, None, 30 + n % 10, 35 + n % 7, "city"
                ),
                date=DateValue(doc.published, "day", "on Monday"),
                fatalities=Count(n % 9, None, str(n % 9)) if n % 3 == 0 else None,
                published=doc.published,
                confidence=0.5,
            )  # fmt: skip
        )
    quote = Quote(
        id=stable_id("q", doc.id), doc=doc.id, text="an incident", type="indirect",
        evidence=events[0].evidence, speaker=Actor(None, "spokesman", "SYR", "GOV", True),
    )  # fmt: skip
    return DocumentResult(doc, events, [quote], [])


def run(url: str, total_events: int, batch_events: int, events_per_doc: int) -> dict[str, Any]:
    """Write ``total_events`` events in batches; return the timing report."""
    store = Store(url)
    store.migrate()
    docs_per_batch = max(1, batch_events // events_per_doc)
    n_docs = -(-total_events // events_per_doc)
    times: list[float] = []
    doc = 0
    started = time.perf_counter()
    while doc < n_docs:
        batch = [
            synthetic_result(i, events_per_doc)
            for i in range(doc, min(n_docs, doc + docs_per_batch))
        ]
        t0 = time.perf_counter()
        store.write_batch(batch, position=doc)
        times.append(time.perf_counter() - t0)
        doc += len(batch)
    elapsed = time.perf_counter() - started
    counts = store.counts()
    store.close()
    tenth = max(1, len(times) // 10)
    return {
        "url": url, "events": counts["events"], "documents": counts["documents"],
        "actors": counts["actors"], "batches": len(times), "events_per_batch": batch_events,
        "first_batch_s": round(times[0], 4), "last_batch_s": round(times[-1], 4),
        "first_tenth_median_s": round(statistics.median(times[:tenth]), 4),
        "last_tenth_median_s": round(statistics.median(times[-tenth:]), 4),
        "ratio_last_to_first_tenth": round(
            statistics.median(times[-tenth:]) / statistics.median(times[:tenth]), 2
        ),
        "median_s_by_tenth": [
            round(statistics.median(times[k * tenth : (k + 1) * tenth]), 4)
            for k in range(len(times) // tenth)
        ],
        "write_seconds": round(sum(times), 2), "wall_seconds": round(elapsed, 2),
        "events_per_second": round(counts["events"] / sum(times)),
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000, help="events per transaction")
    parser.add_argument("--per-doc", type=int, default=10, help="events per document")
    parser.add_argument("--db", default=None, help="database URL (default: a temp SQLite file)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'scale.db'}"
        report = run(url, args.events, args.batch, args.per_doc)
    sys.stdout.write(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
