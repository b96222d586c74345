"""The filters of every read: one dataclass per record kind and one function that makes it SQL.

The CLI (``newsevents events``), the store's own methods (``Store.events``, ``iter_events``,
exports), the API's keyset pages, its charts and the web UI all build an :class:`EventFilter` and
hand it to :func:`event_where`, so a filter means the same everywhere. Quotes and claims have
their own filter and ``*_where`` function, shared the same way.

An event's *day* is its own date when the text gives a full day, else its document's publication
day: one expression (:func:`event_day`) drives the order, the ``since``/``until`` filters and the
timeline buckets, so a bar of the chart and the list it links to always agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, exists, func, literal, or_

from newsevents.store.models import (
    ActorRow,
    ClaimRow,
    DocumentRow,
    EventActorRow,
    EventRow,
    QuoteRow,
)

DEFAULT_LIMIT = 50


@dataclass(slots=True)
class EventFilter:
    """Filters of an events query; every field is optional and they combine with AND."""

    actor: str | None = None  # a source/target actor's name (substring) or country code
    country: str | None = None  # the event location's country (ISO alpha-3)
    sector: str | None = None  # a source/target actor's sector
    type: str | None = None
    mode: str | None = None
    statuses: Sequence[str] | None = None  # None: every status
    place: str | None = None  # location name or admin1 (substring)
    since: str | None = None  # ISO date (YYYY[-MM[-DD]]), compared with the event's day
    until: str | None = None  # "2024-03" covers the whole month
    source: str | None = None  # outlet (substring)
    text: str | None = None  # evidence sentence (substring)
    doc: str | None = None
    located: bool | None = None  # True: only events with coordinates
    limit: int = DEFAULT_LIMIT  # for lists; pages and charts take their own size


@dataclass(slots=True)
class QuoteFilter:
    """Filters of a quotes query; all optional, combined with AND."""

    speaker: str | None = None  # name or role (substring), or country code
    text: str | None = None  # the quote or its sentence (substring)
    doc: str | None = None
    source: str | None = None  # the document's outlet (substring)
    ids: Sequence[str] | None = None


@dataclass(slots=True)
class ClaimFilter:
    """Filters of a claims query; all optional, combined with AND."""

    claimant: str | None = None  # name or role (substring), or country code
    stance: str | None = None
    text: str | None = None  # the claim or its sentence (substring)
    doc: str | None = None
    about: str | None = None  # an event id
    ids: Sequence[str] | None = None


def like(value: str) -> str:
    """A LIKE pattern matching ``value`` anywhere, with ``%``, ``_`` and ``\\`` taken literally."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def ilike(column: Any, value: str) -> Any:
    """Case-insensitive substring match (``ILIKE`` on PostgreSQL, ``LIKE`` on SQLite)."""
    return column.ilike(like(value), escape="\\")


def up_to(column: Any, value: str) -> Any:
    """``column <= value``, where a shorter ``value`` ("2024-03") covers its whole period."""
    if len(value) >= 10:
        return column <= value
    return func.substr(column, 1, len(value)) <= value


def event_day() -> Any:
    """SQL: the event's day (YYYY-MM-DD, or shorter when only that is known; '' when none)."""
    return case(
        (func.length(EventRow.date_value) >= 10, func.substr(EventRow.date_value, 1, 10)),
        else_=func.coalesce(
            func.substr(EventRow.published, 1, 10), EventRow.date_value, literal("")
        ),
    )


def _party(id_col: Any, who: str) -> Any:
    """EXISTS an actor behind ``id_col`` whose name or role holds ``who``, or of that country."""
    return exists().where(
        ActorRow.id == id_col,
        or_(ilike(ActorRow.name, who), ilike(ActorRow.role, who), ActorRow.country == who.upper()),
    )


def event_where(query: Any, f: EventFilter) -> Any:
    """``query`` (a select over EventRow) restricted to the events ``f`` matches."""
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
            or_(ilike(EventRow.location_name, f.place), ilike(EventRow.admin1, f.place))
        )
    if f.since:
        query = query.where(day >= f.since)
    if f.until:
        query = query.where(up_to(day, f.until))
    if f.text:
        query = query.where(ilike(EventRow.ev_text, f.text))
    if f.located:
        query = query.where(EventRow.lat.is_not(None), EventRow.lon.is_not(None))
    if f.source:
        query = query.where(
            exists().where(DocumentRow.id == EventRow.doc_id, ilike(DocumentRow.source, f.source))
        )
    if f.actor or f.sector:
        conds = [EventActorRow.event_id == EventRow.id, ActorRow.id == EventActorRow.actor_id]
        if f.actor:
            conds.append(or_(ilike(ActorRow.name, f.actor), ActorRow.country == f.actor.upper()))
        if f.sector:
            conds.append(ActorRow.sector == f.sector.upper())
        query = query.where(exists().where(*conds))
    return query


def _said_where(
    query: Any, model: Any, ids: Sequence[str] | None, text: str | None, doc: str | None
) -> Any:
    """The filters quotes and claims share: ids, text (the record or its sentence), document."""
    if ids is not None:
        query = query.where(model.id.in_(list(ids)))
    if text:
        query = query.where(or_(ilike(model.text, text), ilike(model.ev_text, text)))
    if doc:
        query = query.where(model.doc_id == doc)
    return query


def quote_where(query: Any, f: QuoteFilter) -> Any:
    """``query`` (a select over QuoteRow) restricted to the quotes ``f`` matches."""
    query = _said_where(query, QuoteRow, f.ids, f.text, f.doc)
    if f.speaker:
        query = query.where(_party(QuoteRow.speaker_id, f.speaker))
    if f.source:
        query = query.where(
            exists().where(DocumentRow.id == QuoteRow.doc_id, ilike(DocumentRow.source, f.source))
        )
    return query


def claim_where(query: Any, f: ClaimFilter) -> Any:
    """``query`` (a select over ClaimRow) restricted to the claims ``f`` matches."""
    query = _said_where(query, ClaimRow, f.ids, f.text, f.doc)
    if f.claimant:
        query = query.where(_party(ClaimRow.claimant_id, f.claimant))
    if f.stance:
        query = query.where(ClaimRow.stance == f.stance)
    if f.about:
        query = query.where(ClaimRow.about == f.about)
    return query
