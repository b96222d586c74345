"""Rows to contract records: one function per record kind, used by every read.

``Store`` and the API's pages both turn ORM rows into ``newsevents.records`` objects here, so a
record read by the CLI, the API, an export or the linker replay is built the same way. Actors
are fetched in one query per batch of rows (``CHUNK`` ids per ``IN``), never one per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

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
from newsevents.store.models import (
    ActorRow,
    ClaimRow,
    ContradictionRow,
    DocumentRow,
    EventActorRow,
    EventRow,
    QuoteRow,
)

CHUNK = 500  # ids per IN (...) clause


def actors_by_id(conn: Session, ids: Iterable[str | None]) -> dict[str, Actor]:
    """The actors with these ids (None and unknown ids are skipped)."""
    wanted = sorted({i for i in ids if i})
    found: dict[str, Actor] = {}
    for start in range(0, len(wanted), CHUNK):
        query = select(ActorRow).where(ActorRow.id.in_(wanted[start : start + CHUNK]))
        for (row,) in conn.execute(query):
            found[row.id] = actor_from_row(row)
    return found


def actor_from_row(row: ActorRow) -> Actor:
    return Actor(row.name, row.role, row.country, row.sector, bool(row.anonymous))


def _count(low: int | None, high: int | None, text: str | None) -> Count | None:
    if low is None and high is None and text is None:
        return None
    return Count(low, high, text or "")


def _evidence(row: Any) -> Evidence:
    return Evidence(row.sentence, row.ev_start, row.ev_end, row.ev_text, row.trigger)


def events_from_rows(conn: Session, rows: Sequence[EventRow]) -> list[Event]:
    """Contract events (with their actors) for these rows, in the rows' order."""
    if not rows:
        return []
    ids = [r.id for r in rows]
    links: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for start in range(0, len(ids), CHUNK):
        query = select(EventActorRow).where(EventActorRow.event_id.in_(ids[start : start + CHUNK]))
        for (link,) in conn.execute(query):
            links[link.event_id].append((link.role, link.position, link.actor_id))
    actors = actors_by_id(
        conn, [a for ls in links.values() for *_, a in ls] + [r.reported_by_id for r in rows]
    )
    events = []
    for row in rows:
        ordered = sorted(links.get(row.id, []))
        location = None
        if row.location_name is not None:
            location = Location(
                row.location_name, row.country, row.admin1, row.lat, row.lon, row.geo_precision
            )
        when = None
        if row.date_value is not None or row.date_text is not None:
            when = DateValue(row.date_value, row.date_precision, row.date_text or "")
        events.append(
            Event(
                id=row.id,
                doc=row.doc_id,
                type=row.type,
                mode=row.mode,
                status=row.status,
                evidence=_evidence(row),
                source_actors=[actors[a] for role, _, a in ordered if role == "source"],
                target_actors=[actors[a] for role, _, a in ordered if role == "target"],
                location=location,
                date=when,
                fatalities=_count(row.fatalities_min, row.fatalities_max, row.fatalities_text),
                injuries=_count(row.injuries_min, row.injuries_max, row.injuries_text),
                reported_by=actors.get(row.reported_by_id) if row.reported_by_id else None,
                published=row.published,
                confidence=row.confidence,
                cameo=row.cameo,
            )  # fmt: skip
        )
    return events


def quotes_from_rows(conn: Session, rows: Sequence[QuoteRow]) -> list[Quote]:
    """Contract quotes (with their speakers) for these rows, in the rows' order."""
    actors = actors_by_id(conn, [r.speaker_id for r in rows])
    return [
        Quote(
            id=r.id,
            doc=r.doc_id,
            text=r.text,
            type=r.type,
            cue=r.cue,
            evidence=_evidence(r),
            speaker=actors.get(r.speaker_id) if r.speaker_id else None,
        )  # fmt: skip
        for r in rows
    ]


def claims_from_rows(conn: Session, rows: Sequence[ClaimRow]) -> list[Claim]:
    """Contract claims (with their claimants) for these rows, in the rows' order."""
    actors = actors_by_id(conn, [r.claimant_id for r in rows])
    return [
        Claim(
            id=r.id,
            doc=r.doc_id,
            text=r.text,
            stance=r.stance,
            about=r.about,
            claimant=actors.get(r.claimant_id) or Actor(),
            evidence=_evidence(r),
            figure=_count(r.figure_min, r.figure_max, r.figure_text),
        )  # fmt: skip
        for r in rows
    ]


def contradiction_from_row(row: ContradictionRow) -> Contradiction:
    return Contradiction(id=row.id, claims=list(row.claims or []), basis=row.basis, note=row.note)


def document_from_row(row: DocumentRow) -> Document:
    return Document(
        id=row.id, title=row.title, text=row.text,
        origin=Origin(row.origin_path, row.origin_index), source=row.source, url=row.url,
        published=row.published, published_precision=row.published_precision, byline=row.byline,
        dateline=row.dateline, captions=[Caption(**c) for c in row.captions or []],
        duplicate_of=row.duplicate_of, notes=list(row.notes or []),
    )  # fmt: skip
