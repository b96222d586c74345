"""The web UI: server-rendered Jinja2 pages over the same queries as the API.

Pages: search with a timeline chart (``/``), an offline map (``/map``), one record with its
sentence highlighted in the article (``/events/{id}``, ``/quotes/{id}``, ``/claims/{id}``), a
whole article with every record marked (``/documents/{id}``) and contradictions side by side
(``/contradictions``). Autoescape is on for every template and article text is only ever passed
as data, never as markup, so an article holding ``<script>`` shows it as text; a document's URL
is linked only through the ``http_href`` filter (absolute http(s), else no link).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader
from pydantic import ValidationError

from newsevents.acquire.urls import http_url
from newsevents.records import EVENT_TYPES, SECTORS, STATUSES, Document, to_dict
from newsevents.serve.api import models as m
from newsevents.serve.api.deps import StoreDep, decode_cursor, encode_cursor
from newsevents.serve.api.routes import contradiction_detail, document_detail, event_detail
from newsevents.store import ClaimFilter
from newsevents.store import api_queries as aq

router = APIRouter(include_in_schema=False)

_env = Environment(
    loader=PackageLoader("newsevents.serve", "templates"),
    autoescape=True,  # every template, whatever its name
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["actor"] = aq.actor_label
# A record's URL becomes an href only when it is absolute http(s): autoescape does not stop a
# ``javascript:`` scheme, and a store may hold rows written before URLs were checked.
_env.filters["http_href"] = http_url
_env.globals["http_href"] = http_url
templates = Jinja2Templates(env=_env)

FILTER_KEYS = ("q", "actor", "sector", "type", "mode", "status", "place", "country", "since",
               "until", "source")  # fmt: skip
MAP_LIMIT = 1000
PARAGRAPH = re.compile(r"\n\s*\n")


# ---- highlighting ---------------------------------------------------------------------------


@dataclass(slots=True)
class Mark:
    """A span of the article that a record points to."""

    start: int
    end: int
    kind: str  # event|quote|claim
    id: str
    label: str


@dataclass(slots=True)
class Segment:
    text: str
    marks: list[Mark] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)  # ids of marks starting here


def locate(text: str, start: int, end: int, evidence_text: str) -> tuple[int, int] | None:
    """The span of the evidence in ``text``: the offsets when they agree, else a search."""
    if 0 <= start < end <= len(text) and (not evidence_text or text[start:end] == evidence_text):
        return start, end
    if evidence_text and evidence_text in text:
        found = text.find(evidence_text)
        return found, found + len(evidence_text)
    start, end = max(0, start), min(end, len(text))
    return (start, end) if start < end else None


def paragraphs(text: str, marks: list[Mark]) -> list[list[Segment]]:
    """The text cut into paragraphs (blank lines), each cut into segments at mark boundaries."""
    out: list[list[Segment]] = []
    position = 0
    bounds = []
    for gap in PARAGRAPH.finditer(text):
        bounds.append((position, gap.start()))
        position = gap.end()
    bounds.append((position, len(text)))
    for p_start, p_end in bounds:
        if p_start >= p_end:
            continue
        inside = [mk for mk in marks if mk.start < p_end and mk.end > p_start]
        cuts = {p_start, p_end}
        for mk in inside:
            cuts.update((max(mk.start, p_start), min(mk.end, p_end)))
        points = sorted(cuts)
        segments = []
        for a, b in zip(points, points[1:], strict=False):
            covering = [mk for mk in inside if mk.start <= a and mk.end >= b]
            anchors = [mk.id for mk in inside if mk.start == a]
            segments.append(Segment(text[a:b], covering, anchors))
        out.append(segments)
    return out


def marks_for(text: str, records: list[Any]) -> list[Mark]:
    marks = []
    for record in records:
        ev = record.evidence
        span = locate(text, ev.start, ev.end, ev.text)
        if span is None:
            continue
        kind = record.kind
        if kind == "event":
            label = f"{record.type} ({record.status})"
        elif kind == "quote":
            label = f"quote: {aq.actor_label(record.speaker) or 'unknown speaker'}"
        else:
            label = f"claim ({record.stance}): {aq.actor_label(record.claimant)}"
        marks.append(Mark(span[0], span[1], kind, record.id, label))
    return marks


# ---- the map --------------------------------------------------------------------------------


def _unwrap(ring: list[list[float]]) -> list[list[tuple[float, float]]]:
    """A ring made continuous across the antimeridian (Russia, Fiji), plus a copy shifted by
    360 degrees so the part beyond the map's edge shows on the other side; else the ring."""
    points: list[tuple[float, float]] = []
    for lon, lat in ring:
        if points:
            previous = points[-1][0]
            while lon - previous > 180:
                lon -= 360
            while lon - previous < -180:
                lon += 360
        points.append((round(lon, 2), lat))
    low, high = min(p[0] for p in points), max(p[0] for p in points)
    if high > 180:
        return [points, [(lon - 360, lat) for lon, lat in points]]
    if low < -180:
        return [points, [(lon + 360, lat) for lon, lat in points]]
    return [points]


@functools.lru_cache(maxsize=1)
def country_paths() -> list[dict[str, str]]:
    """SVG paths of the country outlines (equirectangular: x = lon, y = -lat), computed once."""
    source = resources.files("newsevents.data") / "countries.geojson"
    data = json.loads(source.read_text(encoding="utf-8"))
    paths = []
    for feature in data["features"]:
        parts = []
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                for shifted in _unwrap(ring):
                    points = " ".join(f"{lon:g} {-lat:g}" for lon, lat in shifted)
                    parts.append(f"M{points}Z")
        props = feature["properties"]
        paths.append({"d": "".join(parts), "name": props["name"], "iso3": props["iso3"] or ""})
    return paths


# ---- filters --------------------------------------------------------------------------------


def _filters(request: Request, extra: dict[str, Any] | None = None) -> m.EventListQuery:
    """The event filters of a page's query string; empty form fields are left out."""
    data: dict[str, Any] = {}
    for key in (*FILTER_KEYS, "limit", "cursor", "doc"):
        values = [v for v in request.query_params.getlist(key) if v.strip()]
        if values:
            data[key] = values if key == "status" else values[0].strip()
    data.update(extra or {})
    try:
        return m.EventListQuery.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise HTTPException(400, f"bad filter: {problems}") from exc


def _query_string(f: m.EventFilters) -> str:
    """The filters as a query string (for chart data and links), without paging."""
    pairs: list[tuple[str, str]] = []
    for key in FILTER_KEYS:
        value = getattr(f, key)
        if value is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            pairs.append((key, str(item)))
    return urlencode(pairs)


def _base(request: Request, **context: Any) -> dict[str, Any]:
    return {
        "request": request,
        "event_types": EVENT_TYPES,
        "sectors": SECTORS,
        "statuses": STATUSES,
        **context,
    }


def error_page(request: Request, status: int, detail: Any) -> Any:
    """An HTML error page (the API keeps its JSON errors)."""
    text = detail if isinstance(detail, str) else "the request could not be served"
    return templates.TemplateResponse(
        request, "error.html", _base(request, status=status, detail=text), status_code=status
    )


# ---- pages ----------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, store: StoreDep) -> Any:
    """Search and filters, the timeline chart and the results table."""
    f = _filters(request)
    after = decode_cursor("e", f.cursor)
    page = aq.events_page(store, f.to_filter(), f.limit, after)
    meta = store.document_meta(e.doc for e in page.items)
    query = _query_string(f)
    next_url = None
    if page.next_key:
        next_url = "/?" + urlencode(
            [*[(k, v) for k, v in request.query_params.multi_items() if k != "cursor"],
             ("cursor", encode_cursor("e", page.next_key))]
        )  # fmt: skip
    return templates.TemplateResponse(
        request,
        "index.html",
        _base(request, f=f, events=page.items, meta=meta, query=query, next_url=next_url),
    )


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, store: StoreDep) -> Any:
    """Located events as dots on country outlines, drawn offline as SVG."""
    f = _filters(request, {"located": True, "limit": 50})
    page = aq.events_page(store, f.to_filter(), MAP_LIMIT)
    by_country = {
        row["country"]: row["count"]
        for row in aq.counts_by(
            store, f.model_copy(update={"located": None}).to_filter(), "country", 200
        )  # fmt: skip
        if row["country"]
    }
    top = max(by_country.values(), default=1)
    shapes = [
        {**shape, "count": by_country.get(shape["iso3"], 0),
         "shade": round(by_country.get(shape["iso3"], 0) / top, 2)}
        for shape in country_paths()
    ]  # fmt: skip
    return templates.TemplateResponse(
        request,
        "map.html",
        _base(request, f=f, events=page.items, shapes=shapes, query=_query_string(f),
              truncated=page.next_key is not None, limit=MAP_LIMIT),
    )  # fmt: skip


def _document_or_none(store: Any, doc_id: str) -> Document | None:
    found = store.get(doc_id)
    return found if isinstance(found, Document) else None


@router.get("/events/{record_id}", response_class=HTMLResponse)
def event_page(request: Request, store: StoreDep, record_id: str) -> Any:
    """One event: its article with the evidence sentence marked, its fields, other reports."""
    detail = event_detail(store, record_id)
    return _record_page(request, store, "event", detail, related=detail.related)


@router.get("/quotes/{record_id}", response_class=HTMLResponse)
def quote_page(request: Request, store: StoreDep, record_id: str) -> Any:
    return _said_page(request, store, record_id, "quote", m.QuoteModel)


@router.get("/claims/{record_id}", response_class=HTMLResponse)
def claim_page(request: Request, store: StoreDep, record_id: str) -> Any:
    return _said_page(request, store, record_id, "claim", m.ClaimModel)


def _said_page(request: Request, store: Any, record_id: str, kind: str, model: Any) -> Any:
    """The page of a quote or a claim: 404 unless the id is of that kind and stored."""
    record = store.get(record_id) if record_id.startswith(kind[0] + "-") else None
    if record is None:
        raise HTTPException(404, f"no {kind} {record_id}")
    return _record_page(request, store, kind, model.model_validate(to_dict(record)))


def _record_page(request: Request, store: Any, kind: str, record: Any, related=()) -> Any:
    document = _document_or_none(store, record.doc)
    text = document.text if document else ""
    span = locate(text, record.evidence.start, record.evidence.end, record.evidence.text)
    marks = [Mark(span[0], span[1], kind, record.id, kind)] if span else []
    claims = []
    if kind == "event":
        claims = aq.claims_page(store, ClaimFilter(about=record.id), 50).items
    return templates.TemplateResponse(
        request,
        "record.html",
        _base(request, kind=kind, r=record, document=document,
              paragraphs=paragraphs(text, marks), related=list(related), claims=claims),
    )  # fmt: skip


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, store: StoreDep) -> Any:
    params = {k: v for k, v in request.query_params.items() if v.strip()}
    try:
        f = m.DocumentQuery.model_validate(params)
    except ValidationError as exc:
        raise HTTPException(400, "bad filter") from exc
    page = aq.documents_page(
        store, f.source, f.q, f.since, f.until, f.limit, decode_cursor("d", f.cursor)
    )
    next_url = None
    if page.next_key:
        params["cursor"] = encode_cursor("d", page.next_key)
        next_url = "/documents?" + urlencode(params)
    return templates.TemplateResponse(
        request, "documents.html", _base(request, docs=page.items, f=f, next_url=next_url)
    )


@router.get("/documents/{record_id}", response_class=HTMLResponse)
def document_page(request: Request, store: StoreDep, record_id: str) -> Any:
    """A whole article with every event, quote and claim found in it marked."""
    detail = document_detail(store, record_id)
    records = [*detail.events, *detail.quotes, *detail.claims]
    marks = marks_for(detail.text, records)
    return templates.TemplateResponse(
        request,
        "document.html",
        _base(request, d=detail, paragraphs=paragraphs(detail.text, marks)),
    )


@router.get("/contradictions", response_class=HTMLResponse)
def contradictions_page(request: Request, store: StoreDep) -> Any:
    """Each contradiction's claims side by side with their sources and the basis."""
    cursor = request.query_params.get("cursor") or None
    page = aq.contradictions_page(store, limit=50, after=decode_cursor("x", cursor, size=1))
    items = [contradiction_detail(store, x) for x in page.items]
    next_url = None
    if page.next_key:
        next_url = "/contradictions?" + urlencode({"cursor": encode_cursor("x", page.next_key)})
    return templates.TemplateResponse(
        request, "contradictions.html", _base(request, items=items, next_url=next_url)
    )
