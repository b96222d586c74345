"""Read queries the HTTP API and web UI need beyond ``Store``'s own methods.

Keyset pages (a stable order and the last row's sort key, so a page never shifts when rows are
added), counts for charts (events by day, type, country and actor), and the events of other
documents that report the same event. Filters are the store's (:mod:`newsevents.store.filters`:
``EventFilter`` through ``event_where``, the same for quotes and claims) and rows become records
through :mod:`newsevents.store.convert`, so the API, the UI and the CLI agree on both; nothing
here writes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.orm import Session

from newsevents.records import Actor, Event, to_dict
from newsevents.store.convert import (
    actor_from_row,
    claims_from_rows,
    contradiction_from_row,
    document_from_row,
    events_from_rows,
    quotes_from_rows,
)
from newsevents.store.filters import (
    ClaimFilter,
    EventFilter,
    QuoteFilter,
    claim_where,
    event_day,
    event_where,
    ilike,
    quote_where,
    up_to,
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


def _limit(limit: int | None, cap: int = PAGE_MAX) -> int:
    return max(1, min(int(limit or 50), cap))


def day_of(event: Event) -> str:
    """The Python twin of :func:`event_day` for one record."""
    value = event.date.value if event.date else None
    if value and len(value) >= 10:
        return value[:10]
    if event.published:
        return event.published[:10]
    return value or ""


# ---- keyset pages ----------------------------------------------------------------------------


def _keyset(query: Any, key: Any, id_col: Any, after: Sequence[Any] | None) -> Any:
    """Rows after the key ``after`` in the order ``key`` descending, then id ascending."""
    if after is not None:
        last_key, last_id = str(after[0]), str(after[1])
        query = query.where(or_(key < last_key, and_(key == last_key, id_col > last_id)))
    return query.order_by(key.desc(), id_col)


def _page(
    store: Store, query: Any, size: int, convert: Callable[[Session, list[Any]], list[Any]]
) -> Page:
    """Run a keyset query selecting ``(row, key)`` and turn one page of rows into records."""
    with Session(store.engine) as conn:
        rows = conn.execute(query.limit(size + 1)).all()
        more = len(rows) > size
        rows = rows[:size]
        items = convert(conn, [r[0] for r in rows])
    return Page(items, [rows[-1][1], rows[-1][0].id] if more and rows else None)


def events_page(
    store: Store, f: EventFilter, limit: int | None = None, after: Sequence[Any] | None = None
) -> Page:
    """Events matching ``f``, latest day first then by id, after the key ``after``.

    ``limit`` (default ``f.limit``) is capped at ``MAX_LIMIT``."""
    day = event_day()
    query = _keyset(event_where(select(EventRow, day.label("day")), f), day, EventRow.id, after)
    size = _limit(f.limit if limit is None else limit, max(PAGE_MAX, MAX_LIMIT))
    return _page(store, query, size, events_from_rows)


def _doc_day() -> Any:
    return func.coalesce(func.substr(DocumentRow.published, 1, 10), literal(""))


def _by_document_day(
    store: Store, model: Any, query: Any, limit: int, after: Sequence[Any] | None, convert: Any
) -> Page:
    """A keyset page of quotes or claims (``query`` already filtered), latest document first."""
    key = _doc_day()
    query = query.add_columns(key.label("k")).join(DocumentRow, DocumentRow.id == model.doc_id)
    return _page(store, _keyset(query, key, model.id, after), _limit(limit), convert)


def quotes_page(
    store: Store, f: QuoteFilter, limit: int = 50, after: Sequence[Any] | None = None
) -> Page:
    """Quotes matching ``f``, latest document first."""
    query = quote_where(select(QuoteRow), f)
    return _by_document_day(store, QuoteRow, query, limit, after, quotes_from_rows)


def claims_page(
    store: Store, f: ClaimFilter, limit: int = 50, after: Sequence[Any] | None = None
) -> Page:
    """Claims matching ``f``, latest document first."""
    query = claim_where(select(ClaimRow), f)
    return _by_document_day(store, ClaimRow, query, limit, after, claims_from_rows)


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
    items = [contradiction_from_row(r) for r in rows]
    return Page(items, [rows[-1].id] if more and rows else None)


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
        query = query.where(ilike(DocumentRow.source, source))
    if q:
        query = query.where(or_(ilike(DocumentRow.title, q), ilike(DocumentRow.text, q)))
    if since:
        query = query.where(key >= since)
    if until:
        query = query.where(up_to(key, until))
    query = _keyset(query, key, DocumentRow.id, after)
    return _page(
        store, query, _limit(limit), lambda _conn, rows: list(map(document_from_row, rows))
    )


# ---- charts ----------------------------------------------------------------------------------


def _counted(f: EventFilter) -> EventFilter:
    """``f``, or with the counted statuses when it names none (charts count those by default)."""
    return f if f.statuses else replace(f, statuses=list(COUNTED_STATUSES))


def counts_by_day(store: Store, f: EventFilter) -> list[dict[str, Any]]:
    """Events per day and type (counted statuses unless ``f.statuses``), oldest day first."""
    day = event_day()
    query = event_where(select(day.label("day"), EventRow.type, func.count()), _counted(f))
    query = query.group_by(day, EventRow.type).order_by(day, EventRow.type)
    with Session(store.engine) as conn:
        return [{"day": d, "type": t, "count": n} for d, t, n in conn.execute(query).all() if d]


def counts_by(store: Store, f: EventFilter, what: str, limit: int = 50) -> list[dict[str, Any]]:
    """Events per ``type`` or location ``country``, most first."""
    column = {"type": EventRow.type, "country": EventRow.country}[what]
    query = event_where(select(column, func.count().label("n")), _counted(f))
    query = query.group_by(column).order_by(func.count().desc(), column).limit(_limit(limit))
    with Session(store.engine) as conn:
        return [{what: key, "count": n} for key, n in conn.execute(query).all()]


def counts_by_actor(store: Store, f: EventFilter, limit: int = 50) -> list[dict[str, Any]]:
    """Events per actor (source or target; an event counts once per actor), most first."""
    inner = event_where(select(EventRow.id), _counted(f)).subquery()
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
        for row, count in conn.execute(query).all():
            actor = actor_from_row(row)
            out.append({"actor": to_dict(actor), "label": actor_label(actor), "count": count})
        return out


def actor_label(actor: Actor | None) -> str:
    """A short human label: the name, else role and country and sector."""
    if actor is None:
        return ""
    if actor.name:
        return actor.name
    parts = [p for p in (actor.country, actor.role, actor.sector) if p]
    return " ".join(parts) or "unknown"


# ---- documents -------------------------------------------------------------------------------


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
    f = EventFilter(type=event.type, since=low, until=high)
    query = event_where(select(EventRow), f).where(EventRow.doc_id != event.doc)
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
