"""Pydantic models of the HTTP API: the record contract (DESIGN.md section 3) plus query filters.

Response models mirror ``newsevents.records`` field for field so the API, the JSONL output and
the scorer speak one language; detail responses add fields (the document, related events),
which the contract allows. Query models forbid unknown parameters, so a typo is a 422, not a
silently ignored filter.
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from newsevents.acquire.urls import http_url
from newsevents.records import EVENT_TYPES, SECTORS
from newsevents.store.filters import ClaimFilter, EventFilter, QuoteFilter

T = TypeVar("T")

Status = Literal["asserted", "planned", "claimed", "denied", "hypothetical"]
DatePattern = r"^\d{4}(-\d{2}(-\d{2})?)?$"
IsoDate = Annotated[str, Field(pattern=DatePattern, examples=["2024-03-05"])]
Text = Annotated[str, Field(min_length=1, max_length=200)]


class Record(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ActorModel(Record):
    name: str | None = None
    role: str | None = None
    country: str | None = None
    sector: str | None = None
    anonymous: bool = False


class EvidenceModel(Record):
    sentence: int
    start: int
    end: int
    text: str
    trigger: str | None = None


class LocationModel(Record):
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None


class DateModel(Record):
    value: str | None
    precision: str | None
    text: str


class CountModel(Record):
    min: int | None
    max: int | None
    text: str


class CaptionModel(Record):
    text: str
    credit: str | None = None


class OriginModel(Record):
    path: str
    index: int | None = None


class EventModel(Record):
    kind: Literal["event"] = "event"
    id: str
    doc: str
    type: str
    mode: str | None = None
    status: str
    source_actors: list[ActorModel] = []
    target_actors: list[ActorModel] = []
    location: LocationModel | None = None
    date: DateModel | None = None
    fatalities: CountModel | None = None
    injuries: CountModel | None = None
    reported_by: ActorModel | None = None
    published: str | None = None
    evidence: EvidenceModel
    confidence: float
    cameo: str | None = None


class QuoteModel(Record):
    kind: Literal["quote"] = "quote"
    id: str
    doc: str
    text: str
    type: str
    speaker: ActorModel | None = None
    cue: str | None = None
    evidence: EvidenceModel


class ClaimModel(Record):
    kind: Literal["claim"] = "claim"
    id: str
    doc: str
    claimant: ActorModel
    text: str
    stance: str
    about: str | None = None
    figure: CountModel | None = None
    evidence: EvidenceModel


class ContradictionModel(Record):
    kind: Literal["contradiction"] = "contradiction"
    id: str
    claims: list[str]
    basis: str
    note: str | None = None


class DocumentModel(Record):
    kind: Literal["document"] = "document"
    id: str
    source: str | None = None
    url: str | None = None
    title: str
    published: str | None = None
    published_precision: str | None = None
    byline: str | None = None
    dateline: str | None = None
    captions: list[CaptionModel] = []
    text: str
    origin: OriginModel
    duplicate_of: str | None = None


class DocumentMeta(BaseModel):
    """Where a record comes from: its document's outlet, title, URL and date."""

    id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None


class RelatedEvent(BaseModel):
    """An event of another document reporting the same event, and why we think so."""

    event: EventModel
    document: DocumentMeta
    reasons: list[str]


class EventDetail(EventModel):
    document: DocumentMeta
    related: list[RelatedEvent] = []


class QuoteDetail(QuoteModel):
    document: DocumentMeta


class ClaimDetail(ClaimModel):
    document: DocumentMeta


class ContradictionDetail(ContradictionModel):
    claim_records: list[ClaimDetail] = []


class DocumentDetail(DocumentModel):
    events: list[EventModel] = []
    quotes: list[QuoteModel] = []
    claims: list[ClaimModel] = []
    duplicates: list[str] = []


class Page(BaseModel, Generic[T]):
    """One page of a list; pass ``next`` back as ``cursor`` for the following page."""

    items: list[T]
    next: str | None = None


class DayCount(BaseModel):
    day: str
    type: str
    count: int


class TypeCount(BaseModel):
    type: str
    count: int


class CountryCount(BaseModel):
    country: str | None
    count: int


class ActorCount(BaseModel):
    actor: ActorModel
    label: str
    count: int


class IngestResult(BaseModel):
    """What ``POST /api/documents`` stored."""

    documents: list[str]
    counts: dict[str, int]
    failures: list[dict[str, Any]] = []


class IngestJson(BaseModel):
    """A document to ingest: ``text`` or ``html``, plus optional metadata."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = None
    html: str | None = None
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=200)
    published: IsoDate | None = None

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        """Only an absolute http(s) URL: a ``javascript:`` one would be a link in the UI."""
        if value is None or not value.strip():
            return None
        url = http_url(value)
        if url is None:
            raise ValueError("url must be an absolute http:// or https:// URL")
        return url


# ---- query filters ------------------------------------------------------------------------


class PageQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(50, ge=1, le=200, description="items per page (1..200)")
    cursor: str | None = Field(None, max_length=400, description="the previous page's `next`")


class EventFilters(BaseModel):
    """Filters of events lists and charts; all optional, combined with AND."""

    model_config = ConfigDict(extra="forbid")

    actor: Text | None = Field(None, description="source/target actor name (substring) or ISO3")
    sector: str | None = Field(None, description="source/target actor sector, e.g. GOV, MIL")
    type: str | None = Field(None, description="PLOVER event type, e.g. ASSAULT")
    mode: Text | None = None
    status: list[Status] | None = Field(None, description="one or more statuses")
    place: Text | None = Field(None, description="location name or admin1 (substring)")
    country: str | None = Field(None, pattern=r"^[A-Za-z]{3}$", description="location ISO3")
    since: IsoDate | None = Field(None, description="from this day (event day, else published)")
    until: IsoDate | None = None
    source: Text | None = Field(None, description="outlet (substring)")
    q: Text | None = Field(None, description="text in the evidence sentence")
    doc: str | None = Field(None, max_length=40)
    located: bool | None = Field(None, description="only events with coordinates")

    @field_validator("type")
    @classmethod
    def _type(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if value.upper() not in EVENT_TYPES:
            raise ValueError(f"unknown event type; one of {', '.join(EVENT_TYPES)}")
        return value.upper()

    @field_validator("sector")
    @classmethod
    def _sector(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if value.upper() not in SECTORS:
            raise ValueError(f"unknown sector; one of {', '.join(SECTORS)}")
        return value.upper()

    def to_filter(self) -> EventFilter:
        """The store's filter for these validated parameters (the one place they are mapped)."""
        return EventFilter(
            actor=self.actor, sector=self.sector, country=self.country, type=self.type,
            mode=self.mode, statuses=list(self.status) if self.status else None,
            place=self.place, since=self.since, until=self.until, source=self.source,
            text=self.q, doc=self.doc, located=self.located,
        )  # fmt: skip


class EventListQuery(EventFilters, PageQuery):
    pass


class StatsQuery(EventFilters):
    top: int = Field(50, ge=1, le=200, description="at most this many rows (type/country/actor)")


class QuoteQuery(PageQuery):
    speaker: Text | None = Field(None, description="speaker name, role (substring) or ISO3")
    q: Text | None = Field(None, description="text of the quote (substring)")
    doc: str | None = Field(None, max_length=40)
    source: Text | None = None

    def to_filter(self) -> QuoteFilter:
        return QuoteFilter(speaker=self.speaker, text=self.q, doc=self.doc, source=self.source)


class ClaimQuery(PageQuery):
    claimant: Text | None = None
    stance: Literal["asserts", "denies"] | None = None
    q: Text | None = None
    doc: str | None = Field(None, max_length=40)
    about: str | None = Field(None, max_length=40)

    def to_filter(self) -> ClaimFilter:
        return ClaimFilter(
            claimant=self.claimant, stance=self.stance, text=self.q, doc=self.doc, about=self.about
        )


class ContradictionQuery(PageQuery):
    basis: Literal["explicit_denial", "conflicting_figures", "conflicting_account"] | None = None


class DocumentQuery(PageQuery):
    source: Text | None = None
    q: Text | None = Field(None, description="text in the title or body")
    since: IsoDate | None = None
    until: IsoDate | None = None
