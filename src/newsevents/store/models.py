"""SQLAlchemy models of the store: one table per record kind, plural names, typed columns.

The schema is created and changed only by the Alembic migrations in ``store/migrations``; these
models are what the migrations must agree with (a test compares them). Nested contract fields
(an event's location, date and counts, every record's evidence) are flattened into columns so
queries can filter and index them; actors are normalized into one table keyed by a content hash.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ID = String(40)  # stable ids: "d-" + 16 hex digits today; room to grow

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class IngestRun(Base):
    """One ``newsevents ingest`` (or ``retry``) invocation and what it wrote."""

    __tablename__ = "ingest_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started: Mapped[datetime] = mapped_column(DateTime)
    finished: Mapped[datetime | None] = mapped_column(DateTime)
    inputs: Mapped[list[Any]] = mapped_column(JSON)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))  # running|done|failed
    workers: Mapped[int] = mapped_column(Integer, default=1)


class IngestedInput(Base):
    """A raw input (path, index, content hash) whose results are committed: resume skips it."""

    __tablename__ = "ingested_inputs"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    path: Mapped[str] = mapped_column(Text, index=True)
    index: Mapped[int | None] = mapped_column(Integer)
    run_id: Mapped[int | None] = mapped_column(Integer)


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(32), index=True)
    published_precision: Mapped[str | None] = mapped_column(String(16))
    byline: Mapped[str | None] = mapped_column(Text)
    dateline: Mapped[str | None] = mapped_column(Text)
    captions: Mapped[list[Any]] = mapped_column(JSON)
    notes: Mapped[list[Any]] = mapped_column(JSON)
    origin_path: Mapped[str] = mapped_column(Text)
    origin_index: Mapped[int | None] = mapped_column(Integer)
    duplicate_of: Mapped[str | None] = mapped_column(ID)
    run_id: Mapped[int | None] = mapped_column(Integer)
    position: Mapped[int | None] = mapped_column(Integer)  # order within its ingest run

    __table_args__ = (Index("ix_documents_run_id_position", "run_id", "position"),)


class SentenceRow(Base):
    """Every sentence some record points to, with its offsets into the document text."""

    __tablename__ = "sentences"

    doc_id: Mapped[str] = mapped_column(
        ID, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    index: Mapped[int] = mapped_column(Integer, primary_key=True)
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class ActorRow(Base):
    """A distinct normalized actor; the id hashes all five fields, so it is the unique key."""

    __tablename__ = "actors"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str | None] = mapped_column(String(300), index=True)
    role: Mapped[str | None] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(8), index=True)
    sector: Mapped[str | None] = mapped_column(String(8), index=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)


class EventRow(Base):
    __tablename__ = "events"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    doc_id: Mapped[str] = mapped_column(
        ID, ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(16), index=True)
    mode: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), index=True)
    cameo: Mapped[str | None] = mapped_column(String(8))
    location_name: Mapped[str | None] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(8), index=True)
    admin1: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[str | None] = mapped_column(String(16))
    date_value: Mapped[str | None] = mapped_column(String(32), index=True)
    date_precision: Mapped[str | None] = mapped_column(String(16))
    date_text: Mapped[str | None] = mapped_column(Text)
    fatalities_min: Mapped[int | None] = mapped_column(Integer)
    fatalities_max: Mapped[int | None] = mapped_column(Integer)
    fatalities_text: Mapped[str | None] = mapped_column(Text)
    injuries_min: Mapped[int | None] = mapped_column(Integer)
    injuries_max: Mapped[int | None] = mapped_column(Integer)
    injuries_text: Mapped[str | None] = mapped_column(Text)
    reported_by_id: Mapped[str | None] = mapped_column(ID, ForeignKey("actors.id"))
    published: Mapped[str | None] = mapped_column(String(32), index=True)
    confidence: Mapped[float] = mapped_column(Float)
    sentence: Mapped[int] = mapped_column(Integer)
    ev_start: Mapped[int] = mapped_column(Integer)
    ev_end: Mapped[int] = mapped_column(Integer)
    ev_text: Mapped[str] = mapped_column(Text)
    trigger: Mapped[str | None] = mapped_column(String(300))


class EventActorRow(Base):
    __tablename__ = "event_actors"

    event_id: Mapped[str] = mapped_column(
        ID, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(8), primary_key=True)  # source|target
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[str] = mapped_column(ID, ForeignKey("actors.id"), index=True)


class QuoteRow(Base):
    __tablename__ = "quotes"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    doc_id: Mapped[str] = mapped_column(
        ID, ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(16))
    speaker_id: Mapped[str | None] = mapped_column(ID, ForeignKey("actors.id"), index=True)
    cue: Mapped[str | None] = mapped_column(String(100))
    sentence: Mapped[int] = mapped_column(Integer)
    ev_start: Mapped[int] = mapped_column(Integer)
    ev_end: Mapped[int] = mapped_column(Integer)
    ev_text: Mapped[str] = mapped_column(Text)
    trigger: Mapped[str | None] = mapped_column(String(300))


class ClaimRow(Base):
    __tablename__ = "claims"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    doc_id: Mapped[str] = mapped_column(
        ID, ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    claimant_id: Mapped[str | None] = mapped_column(ID, ForeignKey("actors.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    stance: Mapped[str] = mapped_column(String(16))
    about: Mapped[str | None] = mapped_column(ID)
    figure_min: Mapped[int | None] = mapped_column(Integer)
    figure_max: Mapped[int | None] = mapped_column(Integer)
    figure_text: Mapped[str | None] = mapped_column(Text)
    sentence: Mapped[int] = mapped_column(Integer)
    ev_start: Mapped[int] = mapped_column(Integer)
    ev_end: Mapped[int] = mapped_column(Integer)
    ev_text: Mapped[str] = mapped_column(Text)
    trigger: Mapped[str | None] = mapped_column(String(300))


class ContradictionRow(Base):
    __tablename__ = "contradictions"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    claim_a: Mapped[str] = mapped_column(ID, index=True)
    claim_b: Mapped[str | None] = mapped_column(ID, index=True)
    claims: Mapped[list[Any]] = mapped_column(JSON)  # all claim ids, in record order
    basis: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)


class DuplicateRow(Base):
    """A document found to repeat an earlier one (mirrors ``documents.duplicate_of``)."""

    __tablename__ = "duplicates"

    doc_id: Mapped[str] = mapped_column(
        ID, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    duplicate_of: Mapped[str] = mapped_column(ID, index=True)


class FailureRow(Base):
    __tablename__ = "failures"

    id: Mapped[str] = mapped_column(ID, primary_key=True)  # hash of path, index, stage, reason
    path: Mapped[str] = mapped_column(Text, index=True)
    index: Mapped[int | None] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    run_id: Mapped[int | None] = mapped_column(Integer)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
