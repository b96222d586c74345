"""The record contract (DESIGN.md section 3): typed records every stage passes on.

Field names here are the contract read by the scorer, the exports and the API; extra fields are
allowed, renames are not. Records are plain dataclasses so they pickle cheaply (process pools)
and turn into JSON with :func:`to_dict`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

SECTORS = (
    "GOV", "MIL", "COP", "LEG", "JUD", "PTY", "NSA",
    "IGO", "NGO", "MED", "BUS", "CVL", "REF", "REL",
)  # fmt: skip
EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
STATUSES = ("asserted", "planned", "claimed", "denied", "hypothetical")

Status = Literal["asserted", "planned", "claimed", "denied", "hypothetical"]
QuoteType = Literal["direct", "indirect", "mixed"]
Stance = Literal["asserts", "denies"]
Basis = Literal["explicit_denial", "conflicting_figures", "conflicting_account"]


def stable_id(prefix: str, *parts: object) -> str:
    """A short id from content and position: the same input gives the same id everywhere."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:16]}"


@dataclass(slots=True)
class Origin:
    """Where a document came from: its container and its 0-based position in it."""

    path: str
    index: int | None = 0


@dataclass(slots=True)
class RawDocument:
    """What a reader yields: text or HTML plus whatever metadata the container gives."""

    origin: Origin
    content: str
    content_type: Literal["text", "html"] = "text"
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    byline: str | None = None
    notes: list[str] = field(default_factory=list)  # e.g. "replaced 3 undecodable bytes"
    captions: list[Caption] = field(default_factory=list)  # figcaptions of an HTML page


@dataclass(slots=True)
class Caption:
    text: str
    credit: str | None = None


@dataclass(slots=True)
class Document:
    id: str
    title: str
    text: str  # the body only; every offset points into it
    origin: Origin
    source: str | None = None
    url: str | None = None
    published: str | None = None
    published_precision: str | None = None
    byline: str | None = None
    dateline: str | None = None
    captions: list[Caption] = field(default_factory=list)
    duplicate_of: str | None = None
    notes: list[str] = field(default_factory=list)
    kind: str = "document"


@dataclass(slots=True)
class Actor:
    name: str | None = None
    role: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3
    sector: str | None = None
    anonymous: bool = False


@dataclass(slots=True)
class Evidence:
    sentence: int
    start: int
    end: int
    text: str
    trigger: str | None = None


@dataclass(slots=True)
class Location:
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None  # point|city|admin1|country|region


@dataclass(slots=True)
class DateValue:
    value: str | None
    precision: str | None
    text: str


@dataclass(slots=True)
class Count:
    min: int | None
    max: int | None
    text: str


@dataclass(slots=True)
class Event:
    id: str
    doc: str
    type: str
    evidence: Evidence
    mode: str | None = None
    status: str = "asserted"
    source_actors: list[Actor] = field(default_factory=list)
    target_actors: list[Actor] = field(default_factory=list)
    location: Location | None = None
    date: DateValue | None = None
    fatalities: Count | None = None
    injuries: Count | None = None
    reported_by: Actor | None = None
    published: str | None = None
    confidence: float = 0.5
    cameo: str | None = None
    kind: str = "event"


@dataclass(slots=True)
class Quote:
    id: str
    doc: str
    text: str
    type: str
    evidence: Evidence
    speaker: Actor | None = None
    cue: str | None = None
    kind: str = "quote"


@dataclass(slots=True)
class Claim:
    id: str
    doc: str
    claimant: Actor
    text: str
    stance: str
    evidence: Evidence
    about: str | None = None
    figure: Count | None = None  # a number the claim gives (a toll), for figure comparison
    kind: str = "claim"


@dataclass(slots=True)
class Contradiction:
    id: str
    claims: list[str]
    basis: str
    note: str | None = None
    kind: str = "contradiction"


@dataclass(slots=True)
class Failure:
    origin: Origin
    stage: str
    reason: str
    kind: str = "failure"


Record = Document | Event | Quote | Claim | Contradiction | Failure


@dataclass(slots=True)
class DocumentResult:
    """One document and everything extracted from it: what the pipeline hands on to the store.

    It lives here, beside the records, so that ``store`` can write it without knowing how it was
    made (``pipeline`` re-exports it under its old name).
    """

    document: Document
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def records(self) -> list[Record]:
        """The document and its records, in the order the JSON Lines output lists them."""
        return [self.document, *self.events, *self.quotes, *self.claims]


def to_dict(record: Any) -> dict[str, Any]:
    """The JSON form of a record, with ``kind`` first as in the contract."""
    data = dataclasses.asdict(record)
    kind = data.pop("kind", None)
    return {"kind": kind, **data} if kind else data


def from_dict(cls: type, data: dict[str, Any]) -> Any:
    """Rebuild a record (and its nested records) from its JSON form."""
    nested = {
        "origin": Origin,
        "evidence": Evidence,
        "location": Location,
        "date": DateValue,
        "fatalities": Count,
        "injuries": Count,
        "figure": Count,
        "reported_by": Actor,
        "speaker": Actor,
        "claimant": Actor,
    }
    lists = {"captions": Caption, "source_actors": Actor, "target_actors": Actor}
    names = {f.name for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in names:
            continue
        if key in nested and isinstance(value, dict):
            value = nested[key](**value)
        elif key in lists and isinstance(value, list):
            value = [lists[key](**v) if isinstance(v, dict) else v for v in value]
        kwargs[key] = value
    return cls(**kwargs)
