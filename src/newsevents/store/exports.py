"""Exports of stored events to the formats analysts already use.

ACLED-style CSV, POLECAT-like PLOVER JSON, tab-separated CAMEO, GeoJSON, Parquet and contract
JSON Lines. Every export streams events from the store in pages, so memory stays flat. Only
``asserted`` and ``claimed`` events are exported unless the caller asks for all statuses. The
code tables (PLOVER -> ACLED/CAMEO, precisions, vague counts) are data files in ``data/``;
docs/exports.md documents every column.
"""

from __future__ import annotations

import csv
import functools
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from newsevents.records import Actor, Event, to_dict
from newsevents.store.filters import EventFilter
from newsevents.store.store import COUNTED_STATUSES, Store

DATA = Path(__file__).resolve().parent.parent / "data"
FORMATS = ("acled", "plover", "cameo", "geojson", "parquet", "jsonl")
CIVILIAN_SECTORS = {"CVL", "REF", "MED", "NGO"}
ACLED_COLUMNS = [
    "event_id", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "iso3", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "source_url", "notes", "fatalities", "status",
]  # fmt: skip
CAMEO_COLUMNS = ["date", "source", "target", "event_code", "root_code", "event_id"]


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        yield from csv.DictReader(line for line in handle if not line.startswith("#"))


@functools.lru_cache(maxsize=1)
def acled_table() -> dict[tuple[str, str, str], dict[str, str]]:
    """(type, mode or '*', target '' or 'civilian') -> ACLED event/sub-event type and CAMEO."""
    return {(r["type"], r["mode"], r["target"]): r for r in _rows(DATA / "export_acled.csv")}


@functools.lru_cache(maxsize=1)
def codes() -> dict[str, dict[str, str]]:
    """kind -> key -> value from export_codes.csv (sector, precisions, vague fatalities)."""
    table: dict[str, dict[str, str]] = {}
    with (DATA / "export_codes.csv").open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            kind, key, value = line.rstrip("\n").split(",", 2)
            table.setdefault(kind, {})[key] = value
    return table


def actor_label(actor: Actor | None) -> str:
    """A readable actor: its name or role, with country and sector ("police (CHL COP)")."""
    if actor is None:
        return ""
    label = actor.name or actor.role or ""
    codes_ = " ".join(x for x in (actor.country, actor.sector) if x)
    if label and codes_:
        return f"{label} ({codes_})"
    return label or codes_ or ("anonymous" if actor.anonymous else "")


def mapping(event: Event) -> dict[str, str]:
    """The ACLED/CAMEO row for an event's type and mode (see the lookup order in the data file)."""
    table = acled_table()
    targets = event.target_actors
    civilian = "civilian" if targets and all(a.sector in CIVILIAN_SECTORS for a in targets) else ""
    mode = event.mode or "*"
    for key in ((mode, civilian), (mode, ""), ("*", civilian), ("*", "")):
        row = table.get((event.type, *key))
        if row:
            return row
    return {"event_type": "Strategic developments", "sub_event_type": "Other", "cameo": ""}


def cameo_code(event: Event) -> str:
    """The event's CAMEO code: the extractor's if it set one, else from type and mode."""
    return event.cameo or mapping(event)["cameo"]


def cameo_actor(actor: Actor | None) -> str:
    """A CAMEO actor code: country plus role code, e.g. TURGOV; IGOs without country: IGO."""
    if actor is None:
        return ""
    role = codes()["sector"].get(actor.sector or "", "")
    return f"{actor.country or ''}{role}" or "---"


def acled_fatalities(event: Event) -> int:
    """ACLED's count: the vague-word code where the text is vague ("dozens" = 12), else min."""
    f = event.fatalities
    if f is None:
        return 0
    text = (f.text or "").lower()
    for word, value in codes()["vague_fatalities"].items():
        if word in text:
            return int(value)
    if f.min is not None:
        return f.min
    return f.max or 0


def event_date(event: Event) -> tuple[str, str]:
    """(YYYY-MM-DD, precision) for formats that need a full date; the publication date if none.

    A month or year value becomes its first day with that precision; an undated event gets its
    document's publication date with ``"publication"`` precision (ACLED time_precision 3).
    """
    if event.date and event.date.value:
        value = event.date.value
        parts = value.split("-")
        full = "-".join(parts + ["01"] * (3 - len(parts)))
        return full, event.date.precision or ("day" if len(parts) == 3 else "month")
    if event.published:
        parts = event.published.split("-")
        return "-".join(parts + ["01"] * (3 - len(parts))), "publication"
    return "", ""


def country_name(iso3: str | None) -> str:
    if not iso3:
        return ""
    try:
        import pycountry

        found = pycountry.countries.get(alpha_3=iso3)
    except (ImportError, KeyError, LookupError):
        found = None
    return getattr(found, "common_name", None) or getattr(found, "name", None) or iso3


def acled_row(event: Event, doc: dict[str, Any]) -> dict[str, Any]:
    m = mapping(event)
    date, precision = event_date(event)
    loc = event.location
    time_precision = codes()["time_precision"].get(precision, "3") if date else ""
    geo = codes()["geo_precision"].get(loc.precision or "", "") if loc else ""
    return {
        "event_id": event.id, "event_date": date, "year": date[:4],
        "time_precision": time_precision, "event_type": m["event_type"],
        "sub_event_type": m["sub_event_type"],
        "actor1": actor_label(event.source_actors[0]) if event.source_actors else "",
        "actor2": actor_label(event.target_actors[0]) if event.target_actors else "",
        "country": country_name(loc.country if loc else None),
        "iso3": (loc.country or "") if loc else "", "admin1": (loc.admin1 or "") if loc else "",
        "location": loc.name if loc else "",
        "latitude": "" if not loc or loc.lat is None else loc.lat,
        "longitude": "" if not loc or loc.lon is None else loc.lon,
        "geo_precision": geo, "source": doc.get("source") or "",
        "source_url": doc.get("url") or "", "notes": " ".join(event.evidence.text.split()),
        "fatalities": acled_fatalities(event), "status": event.status,
    }  # fmt: skip


def _actor_json(actor: Actor | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {"name": actor.name, "role": actor.role, "country": actor.country,
            "sector": actor.sector, "anonymous": actor.anonymous}  # fmt: skip


def plover_record(event: Event, doc: dict[str, Any]) -> dict[str, Any]:
    """A POLECAT-like PLOVER record: one actor and recipient, plus the full actor lists."""
    loc = event.location
    return {
        "event_id": event.id,
        "story_date": event.published,
        "event_date": event.date.value if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        "event_type": event.type,
        "event_mode": event.mode,
        "event_status": event.status,
        "actor": _actor_json(event.source_actors[0]) if event.source_actors else None,
        "recipient": _actor_json(event.target_actors[0]) if event.target_actors else None,
        "actors": [_actor_json(a) for a in event.source_actors],
        "recipients": [_actor_json(a) for a in event.target_actors],
        "location": None if loc is None else {
            "name": loc.name, "country": loc.country, "admin1": loc.admin1, "lat": loc.lat,
            "lon": loc.lon, "precision": loc.precision},
        "fatalities": None if event.fatalities is None else to_dict(event.fatalities),
        "injuries": None if event.injuries is None else to_dict(event.injuries),
        "reported_by": _actor_json(event.reported_by),
        "cameo": cameo_code(event),
        "event_text": event.evidence.text,
        "doc_id": event.doc,
        "source": doc.get("source"),
        "url": doc.get("url"),
        "confidence": event.confidence,
    }  # fmt: skip


def flat_event(event: Event, doc: dict[str, Any] | None = None) -> dict[str, Any]:
    """One flat row per event (CSV query output and the Parquet export)."""
    loc, date, fat, inj = event.location, event.date, event.fatalities, event.injuries
    doc = doc or {}
    return {
        "id": event.id, "doc": event.doc, "type": event.type, "mode": event.mode,
        "status": event.status,
        "source_actors": "; ".join(actor_label(a) for a in event.source_actors),
        "target_actors": "; ".join(actor_label(a) for a in event.target_actors),
        "date_value": date.value if date else None,
        "date_precision": date.precision if date else None,
        "date_text": date.text if date else None, "published": event.published,
        "location_name": loc.name if loc else None, "country": loc.country if loc else None,
        "admin1": loc.admin1 if loc else None, "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None, "geo_precision": loc.precision if loc else None,
        "fatalities_min": fat.min if fat else None, "fatalities_max": fat.max if fat else None,
        "fatalities_text": fat.text if fat else None,
        "injuries_min": inj.min if inj else None, "injuries_max": inj.max if inj else None,
        "injuries_text": inj.text if inj else None,
        "reported_by": actor_label(event.reported_by) or None,
        "confidence": event.confidence, "cameo": cameo_code(event),
        "sentence": event.evidence.sentence, "start": event.evidence.start,
        "end": event.evidence.end, "evidence": event.evidence.text,
        "trigger": event.evidence.trigger, "source": doc.get("source"), "url": doc.get("url"),
    }  # fmt: skip


def _with_docs(store: Store, events: Iterator[Event], page: int = 1000):
    """(event, document metadata) pairs, fetching metadata a page at a time."""
    batch: list[Event] = []
    for event in events:
        batch.append(event)
        if len(batch) >= page:
            meta = store.document_meta(e.doc for e in batch)
            yield from ((e, meta.get(e.doc, {})) for e in batch)
            batch = []
    if batch:
        meta = store.document_meta(e.doc for e in batch)
        yield from ((e, meta.get(e.doc, {})) for e in batch)


def export(
    store: Store, fmt: str, out: Path, all_statuses: bool = False, flt: EventFilter | None = None
) -> int:
    """Write the events (or, for jsonl, every record) to ``out``; returns events written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    flt = replace(flt or EventFilter(), statuses=None if all_statuses else COUNTED_STATUSES)
    pairs = _with_docs(store, store.iter_events(flt))
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        return _parquet(pairs, out)
    with out.open("w", encoding="utf-8", newline="") as handle:
        return {"acled": _acled, "plover": _plover, "cameo": _cameo, "geojson": _geojson,
                "jsonl": lambda p, h: _jsonl(store, p, h)}[fmt](pairs, handle)  # fmt: skip


def _acled(pairs, handle: TextIO) -> int:
    writer = csv.DictWriter(handle, fieldnames=ACLED_COLUMNS)
    writer.writeheader()
    n = 0
    for event, doc in pairs:
        writer.writerow(acled_row(event, doc))
        n += 1
    return n


def _cameo(pairs, handle: TextIO) -> int:
    writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
    writer.writerow(CAMEO_COLUMNS)
    n = 0
    for event, _doc in pairs:
        date, _ = event_date(event)
        code = cameo_code(event)
        writer.writerow([
            date.replace("-", ""),
            cameo_actor(event.source_actors[0]) if event.source_actors else "---",
            cameo_actor(event.target_actors[0]) if event.target_actors else "---",
            code, code[:2], event.id,
        ])  # fmt: skip
        n += 1
    return n


def _stream_array(items: Iterator[Any], handle: TextIO, head: str, tail: str) -> int:
    handle.write(head)
    n = 0
    for item in items:
        handle.write(("," if n else "") + "\n" + json.dumps(item, ensure_ascii=False))
        n += 1
    handle.write("\n" + tail)
    return n


def _plover(pairs, handle: TextIO) -> int:
    return _stream_array((plover_record(e, d) for e, d in pairs), handle, "[", "]\n")


def _geojson(pairs, handle: TextIO) -> int:
    def features():
        for event, doc in pairs:
            loc = event.location
            if loc is None or loc.lat is None or loc.lon is None:
                continue
            date, _ = event_date(event)
            yield {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]},
                "properties": {
                    "id": event.id, "type": event.type, "mode": event.mode,
                    "status": event.status, "date": date or None, "place": loc.name,
                    "country": loc.country, "admin1": loc.admin1, "precision": loc.precision,
                    "fatalities": event.fatalities.min if event.fatalities else None,
                    "text": event.evidence.text, "doc": event.doc, "source": doc.get("source"),
                },
            }  # fmt: skip

    return _stream_array(features(), handle, '{"type": "FeatureCollection", "features": [', "]}\n")


def _jsonl(store: Store, pairs, handle: TextIO) -> int:
    def write(record: Any) -> None:
        handle.write(json.dumps(to_dict(record), ensure_ascii=False) + "\n")

    for document in store.iter_records("document"):
        write(document)
    n = 0
    for event, _doc in pairs:
        write(event)
        n += 1
    for kind in ("quote", "claim", "contradiction"):
        for record in store.iter_records(kind):
            write(record)
    return n


def parquet_schema():
    """The Parquet export's schema (documented in docs/exports.md)."""
    import pyarrow as pa

    string, f64, i64 = pa.string(), pa.float64(), pa.int64()
    fields = [
        ("id", string), ("doc", string), ("type", string), ("mode", string), ("status", string),
        ("source_actors", string), ("target_actors", string), ("date_value", string),
        ("date_precision", string), ("date_text", string), ("published", string),
        ("location_name", string), ("country", string), ("admin1", string), ("lat", f64),
        ("lon", f64), ("geo_precision", string), ("fatalities_min", i64),
        ("fatalities_max", i64), ("fatalities_text", string), ("injuries_min", i64),
        ("injuries_max", i64), ("injuries_text", string), ("reported_by", string),
        ("confidence", f64), ("cameo", string), ("sentence", i64), ("start", i64),
        ("end", i64), ("evidence", string), ("trigger", string), ("source", string),
        ("url", string),
    ]  # fmt: skip
    return pa.schema([pa.field(name, kind) for name, kind in fields])


def _parquet(pairs, out: Path, page: int = 5000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        rows: list[dict[str, Any]] = []
        for event, doc in pairs:
            rows.append(flat_event(event, doc))
            if len(rows) >= page:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                n += len(rows)
                rows = []
        if rows or n == 0:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            n += len(rows)
    return n
