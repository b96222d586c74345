"""Read queries the HTTP API and web UI need beyond ``Store``'s own methods.

Keyset pages (a stable order and the last row's sort key, so a page never shifts when rows are
added), counts for charts (events by day, type, country and actor), and the events of other
documents that report the same event. Everything here reads through SQLAlchemy against the
models and returns the contract records of ``newsevents.records``; nothing writes.

An event's *day* is its own date when the text gives a full day, else its document's publication
day: one expression (:func:`event_day`) drives the order, the ``since``/``until`` filters and the
timeline buckets, so a bar of the chart and the list it links to always agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import Session

from newsevents.records import (
    Actor,
    Claim,
    Contradiction,
    Count,
    DateValue,
    Document,
    Event,
    Evidence,
    Location,
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
from newsevents.store.store import COUNTED_STATUSES, MAX_LIMIT, Store

PAGE_MAX = 200  # the most items one API page returns
CHUNK = 500  # ids per IN (...) clause


@dataclass(slots=True)
class EventQuery:
    """Filters of an events list or chart; all optional, combined with AND."""

    actor: str | None = None  # a source/target actor's name (substring) or country code
    sector: str | None = None  # a source/target actor's sector
    country: str | None = None  # the event location's country (ISO alpha-3)
    type: str | None = None
    mode: str | None = None
    statuses: Sequence[str] | None = None  # None: every status
    place: str | None = None  # location name or admin1 (substring)
    since: str | None = None  # ISO date, compared with the event's day
    until: str | None = None
    source: str | None = None  # outlet (substring)
    q: str | None = None  # evidence sentence (substring)
    doc: str | None = None
    located: bool | None = None  # True: only events with coordinates


@dataclass(slots=True)
class Page:
    """One page of records and the sort key of its last row (None on the last page)."""

    items: list[Any]
    next_key: list[Any] | None = None


@dataclass(slots=True)
class Related:
    """An event of another document that reports the same event, with its document."""

    event: Event
    document: dict[str, Any]
    reasons: list[str] = field(default_factory=list)


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _ilike(column: Any, value: str) -> Any:
    return column.ilike(_like(value), escape="\\")


def _limit(limit: int | None, cap: int = PAGE_MAX) -> int:
    return max(1, min(int(limit or 50), cap))


def _until(column: Any, until: str) -> Any:
    """``column <= until``, where a shorter ``until`` ("2024-03") covers its whole period."""
    if len(until) >= 10:
        return column <= until
    return func.substr(column, 1, len(until)) <= until


def event_day() -> Any:
    """SQL: the event's day (YYYY-MM-DD, or shorter when only that is known; '' when none)."""
    return case(
        (func.length(EventRow.date_value) >= 10, func.substr(EventRow.date_value, 1, 10)),
        else_=func.coalesce(
            func.substr(EventRow.published, 1, 10), EventRow.date_value, literal("")
        ),
    )


def day_of(event: Event) -> str:
    """The Python twin of :func:`event_day` for one record."""
    value = event.date.value if event.date else None
    if value and len(value) >= 10:
        return value[:10]
    if event.published:
        return event.published[:10]
    return value or ""


# ---- records from rows -----------------------------------------------------------------------


def _actors(conn: Session, ids: Iterable[str | None]) -> dict[str, Actor]:
    wanted = sorted({i for i in ids if i})
    found: dict[str, Actor] = {}
    for start in range(0, len(wanted), CHUNK):
        query = select(ActorRow).where(ActorRow.id.in_(wanted[start : start + CHUNK]))
        for (row,) in conn.execute(query):
            found[row.id] = Actor(row.name, row.role, row.country, row.sector, row.anonymous)
    return found


def _count(low: int | None, high: int | None, text: str | None) -> Count | None:
    if low is None and high is None and text is None:
        return None
    return Count(low, high, text or "")


def _evidence(row: Any) -> Evidence:
    return Evidence(row.sentence, row.ev_start, row.ev_end, row.ev_text, row.trigger)


def events_from_rows(conn: Session, rows: Sequence[EventRow]) -> list[Event]:
    """Contract events (with their actors) for these rows, in the rows' order."""
    ids = [r.id for r in rows]
    links: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for start in range(0, len(ids), CHUNK):
        query = select(EventActorRow).where(EventActorRow.event_id.in_(ids[start : start + CHUNK]))
        for (link,) in conn.execute(query):
            links[link.event_id].append((link.role, link.position, link.actor_id))
    actors = _actors(
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
    actors = _actors(conn, [r.speaker_id for r in rows])
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
    actors = _actors(conn, [r.claimant_id for r in rows])
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


def _contradiction(row: ContradictionRow) -> Contradiction:
    return Contradiction(id=row.id, claims=list(row.claims or []), basis=row.basis, note=row.note)


# ---- events ----------------------------------------------------------------------------------


def _event_where(query: Any, f: EventQuery) -> Any:
    day = event_day()
    if f.type:
        query = query.where(EventRow.type == f.type.upper())
    if f.mode:
        query = query.where(EventRow.mode == f.mode)
    if f.statuses:
        query = query.where(EventRow.status.in_(list(f.statuses)))
    if f.country:
        query = query.where(EventRow.country == f.country.upper())
    if f.doc:
        query = query.where(EventRow.doc_id == f.doc)
    if f.place:
        query = query.where(
            or_(_ilike(EventRow.location_name, f.place), _ilike(EventRow.admin1, f.place))
        )
    if f.since:
        query = query.where(day >= f.since)
    if f.until:  # "2024-03" as until covers the whole month
        query = query.where(_until(day, f.until))
    if f.q:
        query = query.where(_ilike(EventRow.ev_text, f.q))
    if f.located:
        query = query.where(EventRow.lat.is_not(None), EventRow.lon.is_not(None))
    if f.source:
        query = query.where(
            exists().where(DocumentRow.id == EventRow.doc_id, _ilike(DocumentRow.source, f.source))
        )
    if f.actor or f.sector:
        conds = [EventActorRow.event_id == EventRow.id, ActorRow.id == EventActorRow.actor_id]
        if f.actor:
            conds.append(or_(_ilike(ActorRow.name, f.actor), ActorRow.country == f.actor.upper()))
        if f.sector:
            conds.append(ActorRow.sector == f.sector.upper())
        query = query.where(exists().where(*conds))
    return query


def events_page(
    store: Store, f: EventQuery, limit: int = 50, after: Sequence[Any] | None = None
) -> Page:
    """Events matching ``f``, latest day first then by id, after the key ``after``."""
    day = event_day()
    query = _event_where(select(EventRow, day.label("day")), f)
    if after is not None:
        last_day, last_id = str(after[0]), str(after[1])
        query = query.where(or_(day < last_day, and_(day == last_day, EventRow.id > last_id)))
    size = _limit(limit, max(PAGE_MAX, MAX_LIMIT))
    query = query.order_by(day.desc(), EventRow.id).limit(size + 1)
    with Session(store.engine) as conn:
        rows = conn.execute(query).all()
        more = len(rows) > size
        rows = rows[:size]
        items = events_from_rows(conn, [r[0] for r in rows])
    next_key = [rows[-1][1], rows[-1][0].id] if more and rows else None
    return Page(items, next_key)


def events_by_ids(store: Store, ids: Sequence[str]) -> list[Event]:
    """These events (in the order given; unknown ids are left out)."""
    with Session(store.engine) as conn:
        rows: dict[str, EventRow] = {}
        for start in range(0, len(ids), CHUNK):
            query = select(EventRow).where(EventRow.id.in_(list(ids[start : start + CHUNK])))
            rows.update({r.id: r for (r,) in conn.execute(query)})
        return events_from_rows(conn, [rows[i] for i in ids if i in rows])


def _counted(f: EventQuery) -> EventQuery:
    if f.statuses:
        return f
    return EventQuery(**{**_fields(f), "statuses": list(COUNTED_STATUSES)})


def _fields(f: EventQuery) -> dict[str, Any]:
    return {name: getattr(f, name) for name in f.__slots__}


def counts_by_day(store: Store, f: EventQuery) -> list[dict[str, Any]]:
    """Events per day and type (counted statuses unless ``f.statuses``), oldest day first."""
    day = event_day()
    query = _event_where(select(day.label("day"), EventRow.type, func.count()), _counted(f))
    query = query.group_by(day, EventRow.type).order_by(day, EventRow.type)
    with Session(store.engine) as conn:
        return [{"day": d, "type": t, "count": n} for d, t, n in conn.execute(query).all() if d]


def counts_by(store: Store, f: EventQuery, what: str, limit: int = 50) -> list[dict[str, Any]]:
    """Events per ``type`` or location ``country``, most first."""
    column = {"type": EventRow.type, "country": EventRow.country}[what]
    query = _event_where(select(column, func.count().label("n")), _counted(f))
    query = query.group_by(column).order_by(func.count().desc(), column).limit(_limit(limit))
    with Session(store.engine) as conn:
        return [{what: key, "count": n} for key, n in conn.execute(query).all()]


def counts_by_actor(store: Store, f: EventQuery, limit: int = 50) -> list[dict[str, Any]]:
    """Events per actor (source or target; an event counts once per actor), most first."""
    inner = _event_where(select(EventRow.id), _counted(f)).subquery()
    n = func.count(func.distinct(EventActorRow.event_id))
    query = (
        select(ActorRow, n.label("n"))
        .join(EventActorRow, EventActorRow.actor_id == ActorRow.id)
        .where(EventActorRow.event_id.in_(select(inner.c.id)))
        .group_by(ActorRow.id)
        .order_by(n.desc(), ActorRow.id)
        .limit(_limit(limit))
    )
    with Session(store.engine) as conn:
        out = []
        for actor, count in conn.execute(query).all():
            out.append(
                {
                    "actor": {
                        "name": actor.name,
                        "role": actor.role,
                        "country": actor.country,
                        "sector": actor.sector,
                        "anonymous": bool(actor.anonymous),
                    },  # fmt: skip
                    "label": actor_label(
                        Actor(actor.name, actor.role, actor.country, actor.sector, actor.anonymous)
                    ),
                    "count": count,
                }
            )
        return out


def actor_label(actor: Actor | None) -> str:
    """A short human label: the name, else role and country and sector."""
    if actor is None:
        return ""
    if actor.name:
        return actor.name
    parts = [p for p in (actor.country, actor.role, actor.sector) if p]
    return " ".join(parts) or "unknown"


# ---- quotes, claims, contradictions, documents --------------------------------------------


def _doc_day() -> Any:
    return func.coalesce(func.substr(DocumentRow.published, 1, 10), literal(""))


def _keyset(query: Any, key: Any, id_col: Any, after: Sequence[Any] | None) -> Any:
    if after is not None:
        last_key, last_id = str(after[0]), str(after[1])
        query = query.where(or_(key < last_key, and_(key == last_key, id_col > last_id)))
    return query.order_by(key.desc(), id_col)


def quotes_page(
    store: Store,
    speaker: str | None = None,
    q: str | None = None,
    doc: str | None = None,
    source: str | None = None,
    limit: int = 50,
    after: Sequence[Any] | None = None,
) -> Page:
    """Quotes by speaker (name, role or country) and text, latest document first."""
    key = _doc_day()
    query = select(QuoteRow, key.label("k")).join(DocumentRow, DocumentRow.id == QuoteRow.doc_id)
    if speaker:
        query = query.where(
            exists().where(
                ActorRow.id == QuoteRow.speaker_id,
                or_(
                    _ilike(ActorRow.name, speaker),
                    _ilike(ActorRow.role, speaker),
                    ActorRow.country == speaker.upper(),
                ),
            )
        )
    if q:
        query = query.where(or_(_ilike(QuoteRow.text, q), _ilike(QuoteRow.ev_text, q)))
    if doc:
        query = query.where(QuoteRow.doc_id == doc)
    if source:
        query = query.where(_ilike(DocumentRow.source, source))
    size = _limit(limit)
    query = _keyset(query, key, QuoteRow.id, after).limit(size + 1)
    with Session(store.engine) as conn:
        rows = conn.execute(query).all()
        more = len(rows) > size
        rows = rows[:size]
        items = quotes_from_rows(conn, [r[0] for r in rows])
    return Page(items, [rows[-1][1], rows[-1][0].id] if more and rows else None)


def claims_page(
    store: Store,
    claimant: str | None = None,
    stance: str | None = None,
    q: str | None = None,
    doc: str | None = None,
    about: str | None = None,
    limit: int = 50,
    after: Sequence[Any] | None = None,
) -> Page:
    """Claims by claimant (name, role or country), stance and text, latest document first."""
    key = _doc_day()
    query = select(ClaimRow, key.label("k")).join(DocumentRow, DocumentRow.id == ClaimRow.doc_id)
    if claimant:
        query = query.where(
            exists().where(
                ActorRow.id == ClaimRow.claimant_id,
                or_(
                    _ilike(ActorRow.name, claimant),
                    _ilike(ActorRow.role, claimant),
                    ActorRow.country == claimant.upper(),
                ),
            )
        )
    if stance:
        query = query.where(ClaimRow.stance == stance)
    if q:
        query = query.where(or_(_ilike(ClaimRow.text, q), _ilike(ClaimRow.ev_text, q)))
    if doc:
        query = query.where(ClaimRow.doc_id == doc)
    if about:
        query = query.where(ClaimRow.about == about)
    size = _limit(limit)
    query = _keyset(query, key, ClaimRow.id, after).limit(size + 1)
    with Session(store.engine) as conn:
        rows = conn.execute(query).all()
        more = len(rows) > size
        rows = rows[:size]
        items = claims_from_rows(conn, [r[0] for r in rows])
    return Page(items, [rows[-1][1], rows[-1][0].id] if more and rows else None)


def contradictions_page(
    store: Store,
    basis: str | None = None,
    limit: int = 50,
    after: Sequence[Any] | None = None,
) -> Page:
    """Contradictions by id (their only stable order)."""
    query = select(ContradictionRow)
    if basis:
        query = query.where(ContradictionRow.basis == basis)
    if after is not None:
        query = query.where(ContradictionRow.id > str(after[0]))
    size = _limit(limit)
    query = query.order_by(ContradictionRow.id).limit(size + 1)
    with Session(store.engine) as conn:
        rows = [r for (r,) in conn.execute(query)]
    more = len(rows) > size
    rows = rows[:size]
    return Page([_contradiction(r) for r in rows], [rows[-1].id] if more and rows else None)


def documents_page(
    store: Store,
    source: str | None = None,
    q: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
    after: Sequence[Any] | None = None,
) -> Page:
    """Documents by outlet, title and publication date, latest first."""
    key = _doc_day()
    query = select(DocumentRow, key.label("k"))
    if source:
        query = query.where(_ilike(DocumentRow.source, source))
    if q:
        query = query.where(or_(_ilike(DocumentRow.title, q), _ilike(DocumentRow.text, q)))
    if since:
        query = query.where(key >= since)
    if until:
        query = query.where(_until(key, until))
    size = _limit(limit)
    query = _keyset(query, key, DocumentRow.id, after).limit(size + 1)
    with Session(store.engine) as conn:
        rows = conn.execute(query).all()
    more = len(rows) > size
    rows = rows[:size]
    docs = store.documents(ids=[r[0].id for r in rows], limit=MAX_LIMIT)
    by_id = {d.id: d for d in docs}
    items: list[Document] = [by_id[r[0].id] for r in rows if r[0].id in by_id]
    return Page(items, [rows[-1][1], rows[-1][0].id] if more and rows else None)


def duplicates_of(store: Store, doc_id: str) -> list[str]:
    """Ids of documents recorded as repeating ``doc_id`` (or that it repeats)."""
    with Session(store.engine) as conn:
        found = set(conn.scalars(select(DocumentRow.id).where(DocumentRow.duplicate_of == doc_id)))
        original = conn.scalar(select(DocumentRow.duplicate_of).where(DocumentRow.id == doc_id))
    if original:
        found.add(original)
    found.discard(doc_id)
    return sorted(found)


# ---- the same event in other documents ------------------------------------------------------


def _actor_keys(event: Event) -> set[tuple[str | None, ...]]:
    keys: set[tuple[str | None, ...]] = set()
    for actor in [*event.source_actors, *event.target_actors]:
        if actor.name:
            keys.add(("name", actor.name.lower()))
        if actor.country and actor.sector:
            keys.add(("cs", actor.country, actor.sector))
    return keys


def related_events(store: Store, event: Event, days: int = 3, limit: int = 20) -> list[Related]:
    """Events of other documents of the same type, within ``days`` of this event's day, that
    share an actor (name, or country and sector) or the place (name or country); the best one
    of each document."""
    day = day_of(event)
    try:
        center = date.fromisoformat(day[:10])
    except ValueError:
        return []
    low, high = (
        (center - timedelta(days=days)).isoformat(),
        (center + timedelta(days=days)).isoformat(),
    )
    f = EventQuery(type=event.type, since=low, until=high)
    query = _event_where(select(EventRow), f).where(EventRow.doc_id != event.doc)
    query = query.order_by(EventRow.id).limit(MAX_LIMIT)
    with Session(store.engine) as conn:
        candidates = events_from_rows(conn, [r for (r,) in conn.execute(query)])
    mine = _actor_keys(event)
    place = event.location
    out: list[Related] = []
    for other in candidates:
        reasons = []
        if mine & _actor_keys(other):
            reasons.append("actors")
        loc = other.location
        if place and loc:
            if place.name and loc.name and place.name.lower() == loc.name.lower():
                reasons.append("place")
            elif place.country and place.country == loc.country:
                reasons.append("country")
        if reasons:
            out.append(Related(other, {}, reasons))
    # one entry per document: its best match (most reasons, then a counted status)
    out.sort(key=lambda r: (-len(r.reasons), r.event.status not in COUNTED_STATUSES, r.event.id))
    best: dict[str, Related] = {}
    for r in out:
        best.setdefault(r.event.doc, r)
    out = list(best.values())[:limit]
    meta = store.document_meta(r.event.doc for r in out)
    for r in out:
        r.document = meta.get(r.event.doc, {"id": r.event.doc})
    return out
