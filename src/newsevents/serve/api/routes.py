"""The read and ingest endpoints under ``/api``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, status

from newsevents.records import to_dict
from newsevents.serve.api import models as m
from newsevents.serve.api.deps import StoreDep, decode_cursor, encode_cursor, require_token
from newsevents.serve.api.ingest import ingest_request
from newsevents.store import MAX_LIMIT, EventFilter, Store
from newsevents.store import api_queries as aq

router = APIRouter(prefix="/api")

RecordId = Annotated[str, Path(pattern=r"^[a-z]-[A-Za-z0-9_-]{1,38}$", max_length=40)]
NOT_FOUND = {404: {"description": "no such record"}}


def _meta(store: Store, doc_id: str) -> m.DocumentMeta:
    found = store.document_meta([doc_id]).get(doc_id)
    return m.DocumentMeta(**found) if found else m.DocumentMeta(id=doc_id)


def _get(store: Store, record_id: str, prefix: str) -> Any:
    record = store.get(record_id) if record_id.startswith(prefix + "-") else None
    if record is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no record {record_id}")
    return record


def event_detail(store: Store, record_id: str) -> m.EventDetail:
    event = _get(store, record_id, "e")
    related = [
        m.RelatedEvent(
            event=m.EventModel.model_validate(to_dict(r.event)),
            document=m.DocumentMeta(**{"id": r.event.doc, **r.document}),
            reasons=r.reasons,
        )
        for r in aq.related_events(store, event)
    ]
    return m.EventDetail(**to_dict(event), document=_meta(store, event.doc), related=related)


def document_detail(store: Store, record_id: str) -> m.DocumentDetail:
    document = _get(store, record_id, "d")
    return m.DocumentDetail(
        **to_dict(document),
        events=[to_dict(e) for e in store.events(EventFilter(doc=document.id, limit=MAX_LIMIT))],
        quotes=[to_dict(q) for q in store.quotes(doc=document.id, limit=MAX_LIMIT)],
        claims=[to_dict(c) for c in store.claims(doc=document.id, limit=MAX_LIMIT)],
        duplicates=aq.duplicates_of(store, document.id),
    )


def contradiction_detail(store: Store, contradiction: Any) -> m.ContradictionDetail:
    claims = {c.id: c for c in store.claims(ids=list(contradiction.claims))}
    meta = store.document_meta(c.doc for c in claims.values())
    return m.ContradictionDetail(
        **to_dict(contradiction),
        claim_records=[
            m.ClaimDetail(
                **to_dict(claims[i]),
                document=m.DocumentMeta(**meta.get(claims[i].doc, {"id": claims[i].doc})),
            )
            for i in contradiction.claims
            if i in claims
        ],
    )


# ---- lists ----------------------------------------------------------------------------------


def _listing(kind: str, page: aq.Page, render: Callable[[Any], Any] = to_dict) -> dict[str, Any]:
    """The JSON of one list page: its items and the cursor of the next page (None at the end)."""
    return {"items": [render(x) for x in page.items], "next": encode_cursor(kind, page.next_key)}


@router.get("/events", response_model=m.Page[m.EventModel], tags=["events"])
def list_events(store: StoreDep, params: Annotated[m.EventListQuery, Query()]) -> Any:
    """Events matching the filters, latest day first (keyset pages)."""
    after = decode_cursor("e", params.cursor)
    return _listing("e", aq.events_page(store, params.to_filter(), params.limit, after))


@router.get("/quotes", response_model=m.Page[m.QuoteModel], tags=["quotes"])
def list_quotes(store: StoreDep, params: Annotated[m.QuoteQuery, Query()]) -> Any:
    """Quotes by speaker and text, latest document first."""
    after = decode_cursor("q", params.cursor)
    return _listing("q", aq.quotes_page(store, params.to_filter(), params.limit, after))


@router.get("/claims", response_model=m.Page[m.ClaimModel], tags=["claims"])
def list_claims(store: StoreDep, params: Annotated[m.ClaimQuery, Query()]) -> Any:
    """Claims by claimant, stance and text, latest document first."""
    after = decode_cursor("c", params.cursor)
    return _listing("c", aq.claims_page(store, params.to_filter(), params.limit, after))


@router.get("/contradictions", response_model=m.Page[m.ContradictionDetail], tags=["claims"])
def list_contradictions(store: StoreDep, params: Annotated[m.ContradictionQuery, Query()]) -> Any:
    """Contradictions with both claims and their documents."""
    after = decode_cursor("x", params.cursor, size=1)
    page = aq.contradictions_page(store, params.basis, params.limit, after)
    return _listing("x", page, lambda x: contradiction_detail(store, x))


@router.get("/documents", response_model=m.Page[m.DocumentModel], tags=["documents"])
def list_documents(store: StoreDep, params: Annotated[m.DocumentQuery, Query()]) -> Any:
    """Documents by outlet, text and publication date, latest first."""
    after = decode_cursor("d", params.cursor)
    page = aq.documents_page(
        store, params.source, params.q, params.since, params.until, params.limit, after
    )
    return _listing("d", page)


# ---- one record ------------------------------------------------------------------------------


@router.get("/events/{record_id}", response_model=m.EventDetail, responses=NOT_FOUND,
            tags=["events"])  # fmt: skip
def get_event(store: StoreDep, record_id: RecordId) -> Any:
    """One event with its evidence, its document and other documents reporting it."""
    return event_detail(store, record_id)


@router.get("/quotes/{record_id}", response_model=m.QuoteDetail, responses=NOT_FOUND,
            tags=["quotes"])  # fmt: skip
def get_quote(store: StoreDep, record_id: RecordId) -> Any:
    quote = _get(store, record_id, "q")
    return m.QuoteDetail(**to_dict(quote), document=_meta(store, quote.doc))


@router.get("/claims/{record_id}", response_model=m.ClaimDetail, responses=NOT_FOUND,
            tags=["claims"])  # fmt: skip
def get_claim(store: StoreDep, record_id: RecordId) -> Any:
    claim = _get(store, record_id, "c")
    return m.ClaimDetail(**to_dict(claim), document=_meta(store, claim.doc))


@router.get("/contradictions/{record_id}", response_model=m.ContradictionDetail,
            responses=NOT_FOUND, tags=["claims"])  # fmt: skip
def get_contradiction(store: StoreDep, record_id: RecordId) -> Any:
    return contradiction_detail(store, _get(store, record_id, "x"))


@router.get("/documents/{record_id}", response_model=m.DocumentDetail, responses=NOT_FOUND,
            tags=["documents"])  # fmt: skip
def get_document(store: StoreDep, record_id: RecordId) -> Any:
    """One document with its text and every event, quote and claim found in it."""
    return document_detail(store, record_id)


# ---- charts ----------------------------------------------------------------------------------


@router.get("/stats", tags=["stats"])
def stats(store: StoreDep) -> dict[str, Any]:
    """Row counts and events by type, country and status (asserted and claimed)."""
    return store.stats()


@router.get("/stats/day", response_model=list[m.DayCount], tags=["stats"])
def stats_day(store: StoreDep, params: Annotated[m.StatsQuery, Query()]) -> Any:
    """Events per day and type (the timeline); asserted and claimed unless `status` is given."""
    return aq.counts_by_day(store, params.to_filter())


@router.get("/stats/type", response_model=list[m.TypeCount], tags=["stats"])
def stats_type(store: StoreDep, params: Annotated[m.StatsQuery, Query()]) -> Any:
    return aq.counts_by(store, params.to_filter(), "type", params.top)


@router.get("/stats/country", response_model=list[m.CountryCount], tags=["stats"])
def stats_country(store: StoreDep, params: Annotated[m.StatsQuery, Query()]) -> Any:
    return aq.counts_by(store, params.to_filter(), "country", params.top)


@router.get("/stats/actor", response_model=list[m.ActorCount], tags=["stats"])
def stats_actor(store: StoreDep, params: Annotated[m.StatsQuery, Query()]) -> Any:
    return aq.counts_by_actor(store, params.to_filter(), params.top)


# ---- ingest ----------------------------------------------------------------------------------


@router.post(
    "/documents",
    response_model=m.IngestResult,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Depends(require_token)],
    tags=["documents"],
    responses={
        401: {"description": "no bearer token"},
        403: {"description": "wrong token"},
        413: {"description": "body over the size cap"},
        415: {"description": "not JSON, a text/HTML file or a form upload"},
        503: {"description": "ingest disabled (NEWSEVENTS_API_TOKEN unset)"},
    },
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": m.IngestJson.model_json_schema()},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "file": {"type": "string", "format": "binary"},
                            "title": {"type": "string"},
                            "url": {"type": "string"},
                            "source": {"type": "string"},
                            "published": {"type": "string"},
                        },
                        "required": ["file"],
                    }
                },
                "text/plain": {"schema": {"type": "string"}},
                "text/html": {"schema": {"type": "string"}},
            }
        }
    },
)
async def post_document(request: Request, store: StoreDep) -> Any:
    """Ingest one document (JSON, an uploaded .txt/.html file, or a bare text/HTML body)."""
    return await ingest_request(request, store, request.app.state.ingestor)
