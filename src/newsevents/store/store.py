"""The store: the only place with SQL. SQLite by default, PostgreSQL with the same code.

Writes are bulk upserts keyed on the records' stable ids (``INSERT ... ON CONFLICT``), one
transaction per batch, so writing the same batch twice adds no rows and a killed ingest leaves
only whole batches behind. Reads go through query methods with a capped ``limit`` and return the
contract records of ``newsevents.records``, never ORM rows.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    and_,
    create_engine,
    delete,
    event,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from newsevents.records import (
    Actor,
    Claim,
    Contradiction,
    Document,
    Event,
    Evidence,
    Failure,
    Origin,
    Quote,
    stable_id,
)
from newsevents.store.convert import (
    claims_from_rows,
    contradiction_from_row,
    document_from_row,
    events_from_rows,
    quotes_from_rows,
)
from newsevents.store.filters import (
    DEFAULT_LIMIT,
    ClaimFilter,
    EventFilter,
    QuoteFilter,
    claim_where,
    event_day,
    event_where,
    ilike,
    quote_where,
)
from newsevents.store.models import (
    ActorRow,
    Base,
    ClaimRow,
    ContradictionRow,
    DocumentRow,
    DuplicateRow,
    EventActorRow,
    EventRow,
    FailureRow,
    IngestedInput,
    IngestRun,
    QuoteRow,
    SentenceRow,
)

log = logging.getLogger(__name__)

DEFAULT_URL = "sqlite:///newsevents.db"
COUNTED_STATUSES = ("asserted", "claimed")  # only these feed counts and exports by default
MAX_LIMIT = 1000  # the most rows one query returns
CHUNK = 1000  # rows per page when streaming (exports, linker state)


class StoreError(Exception):
    """A store operation the user can fix (bad URL, unreachable server, unknown id)."""


@dataclass(slots=True)
class InputMark:
    """A raw input whose results are in a batch; committed with it so resume can skip it."""

    id: str
    path: str
    index: int | None


def actor_id(actor: Actor) -> str:
    """The actor's unique key: a hash of all its fields."""
    return stable_id(
        "a", actor.name or "", actor.role or "", actor.country or "", actor.sector or "",
        bool(actor.anonymous),
    )  # fmt: skip


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _cap(limit: int | None) -> int:
    if limit is None or limit <= 0:
        return DEFAULT_LIMIT
    return min(limit, MAX_LIMIT)


class Store:
    """A database of documents and their records, reachable by one SQLAlchemy URL."""

    def __init__(self, url: str = DEFAULT_URL, echo: bool = False, create: bool = True) -> None:
        """Connect lazily to ``url``. With ``create=False`` a SQLite file must already exist
        (read-only callers: a typo in the path is an error, not a new empty database)."""
        self.url = url
        try:
            parsed = make_url(url)
        except Exception as exc:
            raise StoreError(f"not a database URL: {url!r}") from exc
        self.dialect = parsed.get_backend_name()
        if self.dialect not in ("sqlite", "postgresql"):
            raise StoreError(f"unsupported database {self.dialect!r}: use sqlite or postgresql")
        if self.dialect == "sqlite" and parsed.database not in (None, "", ":memory:"):
            path = Path(parsed.database).expanduser()
            if not create and not path.is_file():
                raise StoreError(
                    f"no database file at {path}: check --db, or create it with `newsevents ingest`"
                )
            if create:
                path.parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, echo=echo, future=True)
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- schema -------------------------------------------------------------------------

    def alembic_config(self):
        """An Alembic Config built in code, pointing at the migrations shipped in the package."""
        from alembic.config import Config

        config = Config()
        location = resources.files("newsevents.store") / "migrations"
        config.set_main_option("script_location", str(location))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        return config

    def migrate(self, revision: str = "head") -> None:
        """Create or upgrade the schema with the Alembic migrations (the only way it changes)."""
        from alembic import command

        config = self.alembic_config()
        try:
            with self.engine.begin() as conn:
                config.attributes["connection"] = conn
                command.upgrade(config, revision)
        except Exception as exc:
            if "connect" in str(exc).lower():
                raise StoreError(f"cannot reach the database {self._safe_url()}: {exc}") from exc
            if isinstance(exc, DBAPIError):  # e.g. "file is not a database", a read-only file
                message = f"cannot open the database {self._safe_url()}: {exc.orig}"
                raise StoreError(message) from exc
            raise

    def _safe_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    # ---- writes -------------------------------------------------------------------------

    def _insert(self, conn: Connection, table: Table, rows: list[dict[str, Any]], keys: list[str],
                update_cols: Iterable[str] | None = None) -> None:  # fmt: skip
        """Bulk upsert: ON CONFLICT (keys) DO UPDATE the given columns, or DO NOTHING."""
        if not rows:
            return
        dialect = sqlite if self.dialect == "sqlite" else postgresql
        stmt = dialect.insert(table)
        cols = list(update_cols or [])
        if cols:
            stmt = stmt.on_conflict_do_update(
                index_elements=keys, set_={c: stmt.excluded[c] for c in cols}
            )
        else:
            stmt = stmt.on_conflict_do_nothing(index_elements=keys)
        conn.execute(stmt, rows)

    def write_batch(
        self,
        results: Iterable[Any],
        failures: Iterable[Failure] = (),
        contradictions: Iterable[Contradiction] = (),
        run_id: int | None = None,
        inputs: Iterable[InputMark] = (),
        position: int = 0,
    ) -> dict[str, int]:
        """Upsert one batch of DocumentResults, failures and contradictions in one transaction.

        ``results`` are objects with ``document``, ``events``, ``quotes`` and ``claims``
        (``records.DocumentResult``). ``position`` numbers the documents within the run, so
        the linker can be replayed in input order. Returns how many records of each kind the
        batch held (not how many were new).
        """
        rows = _BatchRows()
        for offset, result in enumerate(results):
            rows.add_result(result, run_id, position + offset)
        for failure in failures:
            rows.add_failure(failure, run_id)
        for contradiction in contradictions:
            rows.add_contradiction(contradiction)
        marks = [{"id": m.id, "path": m.path, "index": m.index, "run_id": run_id} for m in inputs]
        with self.engine.begin() as conn:
            self._write_rows(conn, rows, marks)
        return rows.counts()

    def _write_rows(self, conn: Connection, rows: _BatchRows, marks: list[dict[str, Any]]) -> None:
        record_cols = lambda t, skip=(): [  # noqa: E731
            c.name for c in t.columns if not c.primary_key and c.name not in skip
        ]
        self._insert(conn, ActorRow.__table__, list(rows.actors.values()), ["id"])
        self._insert(
            conn, DocumentRow.__table__, list(rows.documents.values()), ["id"],
            record_cols(DocumentRow.__table__, ("run_id", "position")),
        )  # fmt: skip
        self._insert(
            conn, SentenceRow.__table__, list(rows.sentences.values()), ["doc_id", "index"],
            ["start_char", "end_char", "text"],
        )  # fmt: skip
        events = list(rows.events.values())
        self._insert(conn, EventRow.__table__, events, ["id"], record_cols(EventRow.__table__))
        if events:  # an event's actors are replaced as a whole
            ids = [e["id"] for e in events]
            for start in range(0, len(ids), 500):
                conn.execute(
                    delete(EventActorRow).where(
                        EventActorRow.event_id.in_(ids[start : start + 500])
                    )
                )
        self._insert(
            conn, EventActorRow.__table__, rows.event_actors, ["event_id", "role", "position"]
        )
        self._insert(conn, QuoteRow.__table__, list(rows.quotes.values()), ["id"],
                     record_cols(QuoteRow.__table__))  # fmt: skip
        self._insert(conn, ClaimRow.__table__, list(rows.claims.values()), ["id"],
                     record_cols(ClaimRow.__table__))  # fmt: skip
        self._insert(conn, DuplicateRow.__table__, list(rows.duplicates.values()), ["doc_id"],
                     ["duplicate_of"])  # fmt: skip
        self._insert(conn, ContradictionRow.__table__, list(rows.contradictions.values()), ["id"],
                     record_cols(ContradictionRow.__table__))  # fmt: skip
        self._insert(conn, FailureRow.__table__, list(rows.failures.values()), ["id"], ["resolved"])
        self._insert(conn, IngestedInput.__table__, marks, ["id"])

    def start_run(self, inputs: list[str], workers: int = 1) -> int:
        """Record the start of an ingest; returns its run id."""
        with self.engine.begin() as conn:
            result = conn.execute(
                IngestRun.__table__.insert().values(
                    started=_now(), inputs=inputs, counts={}, status="running", workers=workers
                )
            )
            return int(result.inserted_primary_key[0])

    def finish_run(self, run_id: int, counts: dict[str, int], status: str = "done") -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(IngestRun)
                .where(IngestRun.id == run_id)
                .values(finished=_now(), counts=dict(counts), status=status)
            )

    def runs(self, limit: int = DEFAULT_LIMIT) -> list[dict[str, Any]]:
        with Session(self.engine) as conn:
            query = select(*IngestRun.__table__.columns).order_by(IngestRun.id.desc())
            rows = conn.execute(query.limit(_cap(limit)))
            return [dict(r._mapping) for r in rows]

    def done_inputs(self, ids: Sequence[str]) -> set[str]:
        """Which of these raw-input ids are already committed (one query per call)."""
        found: set[str] = set()
        with Session(self.engine) as conn:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                found.update(
                    conn.scalars(select(IngestedInput.id).where(IngestedInput.id.in_(chunk)))
                )
        return found

    def forget_inputs(self, paths: Iterable[str]) -> None:
        """Drop the done-marks of these paths so the next ingest processes them again (retry)."""
        paths = list(paths)
        with self.engine.begin() as conn:
            for start in range(0, len(paths), 500):
                conn.execute(
                    delete(IngestedInput).where(IngestedInput.path.in_(paths[start : start + 500]))
                )

    def resolve_failures(self, paths: Iterable[str]) -> int:
        """Mark the open failures of these paths as resolved; returns how many."""
        paths = list(paths)
        total = 0
        with self.engine.begin() as conn:
            for start in range(0, len(paths), 500):
                result = conn.execute(
                    update(FailureRow)
                    .where(FailureRow.path.in_(paths[start : start + 500]))
                    .where(FailureRow.resolved.is_(False))
                    .values(resolved=True)
                )
                total += result.rowcount or 0
        return total

    # ---- reads --------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per table (for stats, tests and the idempotence check)."""
        tables = {
            "documents": DocumentRow, "sentences": SentenceRow, "actors": ActorRow,
            "events": EventRow, "event_actors": EventActorRow, "quotes": QuoteRow,
            "claims": ClaimRow, "contradictions": ContradictionRow, "duplicates": DuplicateRow,
            "failures": FailureRow, "ingested_inputs": IngestedInput,
        }  # fmt: skip
        with Session(self.engine) as conn:
            return {
                name: conn.scalar(select(func.count()).select_from(model)) or 0
                for name, model in tables.items()
            }

    def stats(self, statuses: Sequence[str] | None = COUNTED_STATUSES) -> dict[str, Any]:
        """Row counts plus events by type, country and status (counted statuses by default)."""
        counts = self.counts()
        with Session(self.engine) as conn:
            base = select(EventRow.type, func.count()).group_by(EventRow.type)
            by_country = select(EventRow.country, func.count()).group_by(EventRow.country)
            if statuses:
                base = base.where(EventRow.status.in_(statuses))
                by_country = by_country.where(EventRow.status.in_(statuses))
            by_type = dict(conn.execute(base).all())
            countries = dict(conn.execute(by_country).all())
            by_status = dict(
                conn.execute(select(EventRow.status, func.count()).group_by(EventRow.status)).all()
            )
            open_failures = conn.scalar(
                select(func.count()).select_from(FailureRow).where(FailureRow.resolved.is_(False))
            )
        return {
            "counts": counts,
            "events_by_type": dict(sorted(by_type.items(), key=lambda kv: -kv[1])),
            "events_by_country": dict(sorted(((k or "?"), v) for k, v in countries.items())),
            "events_by_status": by_status,
            "counted_statuses": list(statuses or []),
            "open_failures": open_failures or 0,
        }

    def events(self, f: EventFilter | None = None) -> list[Event]:
        """Events matching the filter, latest day first then by id, at most ``MAX_LIMIT``."""
        with Session(self.engine) as conn:
            rows = [r[0] for r in conn.execute(self.events_statement(f or EventFilter()))]
            return events_from_rows(conn, rows)

    def events_statement(self, f: EventFilter) -> Any:
        """The SELECT that ``events(f)`` runs (for query-plan checks)."""
        query = event_where(select(EventRow), f).order_by(event_day().desc(), EventRow.id)
        return query.limit(_cap(f.limit))

    def iter_events(self, f: EventFilter | None = None, chunk: int = CHUNK) -> Iterator[Event]:
        """Every matching event, by id, streamed in pages (exports); ``f.limit`` is ignored."""
        f = f or EventFilter()
        last = ""
        while True:
            query = event_where(select(EventRow), f).where(EventRow.id > last)
            with Session(self.engine) as conn:
                rows = [r[0] for r in conn.execute(query.order_by(EventRow.id).limit(chunk))]
                events = events_from_rows(conn, rows)
            if not events:
                return
            yield from events
            last = events[-1].id

    def quotes(
        self,
        speaker: str | None = None,
        text: str | None = None,
        doc: str | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> list[Quote]:
        """Quotes whose speaker (name, role or country) or text matches, at most MAX_LIMIT."""
        f = QuoteFilter(speaker=speaker, text=text, doc=doc)
        query = quote_where(select(QuoteRow), f)
        query = query.order_by(QuoteRow.doc_id, QuoteRow.ev_start, QuoteRow.id).limit(_cap(limit))
        with Session(self.engine) as conn:
            return quotes_from_rows(conn, [r[0] for r in conn.execute(query)])

    def claims(
        self, ids: Sequence[str] | None = None, doc: str | None = None, limit: int = MAX_LIMIT
    ) -> list[Claim]:
        """Claims by id or document (at most MAX_LIMIT)."""
        query = claim_where(select(ClaimRow), ClaimFilter(ids=ids, doc=doc))
        query = query.order_by(ClaimRow.doc_id, ClaimRow.ev_start, ClaimRow.id).limit(_cap(limit))
        with Session(self.engine) as conn:
            return claims_from_rows(conn, [r[0] for r in conn.execute(query)])

    def contradictions(self, limit: int = DEFAULT_LIMIT) -> list[Contradiction]:
        query = select(ContradictionRow).order_by(ContradictionRow.id).limit(_cap(limit))
        with Session(self.engine) as conn:
            return [contradiction_from_row(r) for (r,) in conn.execute(query)]

    def documents(
        self,
        source: str | None = None,
        ids: Sequence[str] | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> list[Document]:
        query = select(DocumentRow)
        if source:
            query = query.where(ilike(DocumentRow.source, source))
        if ids is not None:
            query = query.where(DocumentRow.id.in_(list(ids)))
        query = query.order_by(DocumentRow.run_id, DocumentRow.position, DocumentRow.id)
        with Session(self.engine) as conn:
            return [document_from_row(r) for (r,) in conn.execute(query.limit(_cap(limit)))]

    def failures(self, include_resolved: bool = False, limit: int = MAX_LIMIT) -> list[Failure]:
        query = select(FailureRow).order_by(FailureRow.path, FailureRow.index, FailureRow.stage)
        if not include_resolved:
            query = query.where(FailureRow.resolved.is_(False))
        with Session(self.engine) as conn:
            return [
                Failure(Origin(r.path, r.index), r.stage, r.reason)
                for (r,) in conn.execute(query.limit(_cap(limit)))
            ]

    def sentence(self, doc_id: str, index: int) -> tuple[int, int, str] | None:
        with Session(self.engine) as conn:
            row = conn.execute(
                select(SentenceRow).where(SentenceRow.doc_id == doc_id, SentenceRow.index == index)
            ).first()
        return None if row is None else (row[0].start_char, row[0].end_char, row[0].text)

    def get(self, record_id: str) -> Document | Event | Quote | Claim | Contradiction | None:
        """One record by its stable id (the prefix says which kind), or None."""
        prefix = record_id.split("-", 1)[0]
        if prefix == "d":
            found = self.documents(ids=[record_id], limit=1)
        elif prefix == "e":
            query = select(EventRow).where(EventRow.id == record_id)
            with Session(self.engine) as conn:
                found = events_from_rows(conn, [r[0] for r in conn.execute(query)])
        elif prefix == "q":
            query = quote_where(select(QuoteRow), QuoteFilter(ids=[record_id]))
            with Session(self.engine) as conn:
                found = quotes_from_rows(conn, [r[0] for r in conn.execute(query)])
        elif prefix == "c":
            found = self.claims(ids=[record_id])
        elif prefix == "x":
            query = select(ContradictionRow).where(ContradictionRow.id == record_id)
            with Session(self.engine) as conn:
                found = [contradiction_from_row(r) for (r,) in conn.execute(query)]
        else:
            return None
        return found[0] if found else None

    def document_meta(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Outlet, URL, title and publication date of these documents (no text), by id."""
        wanted = sorted(set(ids))
        cols = (DocumentRow.id, DocumentRow.source, DocumentRow.url, DocumentRow.title,
                DocumentRow.published)  # fmt: skip
        found: dict[str, dict[str, Any]] = {}
        with Session(self.engine) as conn:
            for start in range(0, len(wanted), 500):
                query = select(*cols).where(DocumentRow.id.in_(wanted[start : start + 500]))
                for row in conn.execute(query):
                    found[row.id] = dict(row._mapping)
        return found

    def iter_records(self, kind: str, chunk: int = CHUNK) -> Iterator[Any]:
        """Every stored document, quote, claim or contradiction, by id, streamed in pages."""
        model = {"document": DocumentRow, "quote": QuoteRow, "claim": ClaimRow,
                 "contradiction": ContradictionRow}[kind]  # fmt: skip
        last = ""
        while True:
            query = select(model).where(model.id > last).order_by(model.id).limit(chunk)
            with Session(self.engine) as conn:
                rows = [r[0] for r in conn.execute(query)]
                if not rows:
                    return
                if kind == "document":
                    records: list[Any] = [document_from_row(r) for r in rows]
                elif kind == "claim":
                    records = claims_from_rows(conn, rows)
                elif kind == "contradiction":
                    records = [contradiction_from_row(r) for r in rows]
                else:
                    records = quotes_from_rows(conn, rows)
            yield from records
            last = rows[-1].id

    # ---- cross-document linking ---------------------------------------------------------

    def iter_history(self, chunk: int = 200) -> Iterator[tuple[Document, list[Event], list[Claim]]]:
        """Every stored document with its events and claims, in ingest order (linker replay)."""
        last: tuple[int, int, str] = (-1, -1, "")
        run = func.coalesce(DocumentRow.run_id, -1)
        pos = func.coalesce(DocumentRow.position, -1)
        while True:
            query = (
                select(DocumentRow)
                .where(
                    or_(
                        run > last[0],
                        and_(run == last[0], pos > last[1]),
                        and_(run == last[0], pos == last[1], DocumentRow.id > last[2]),
                    )
                )
                .order_by(run, pos, DocumentRow.id)
                .limit(chunk)
            )
            with Session(self.engine) as conn:
                rows = [r[0] for r in conn.execute(query)]
                if not rows:
                    return
                ids = [r.id for r in rows]
                event_rows = [
                    r[0] for r in conn.execute(select(EventRow).where(EventRow.doc_id.in_(ids)))
                ]
                events = events_from_rows(conn, event_rows)
                claim_rows = [
                    r[0] for r in conn.execute(select(ClaimRow).where(ClaimRow.doc_id.in_(ids)))
                ]
                claims = claims_from_rows(conn, claim_rows)
            by_doc_e: dict[str, list[Event]] = defaultdict(list)
            by_doc_c: dict[str, list[Claim]] = defaultdict(list)
            for e in sorted(events, key=lambda e: (e.evidence.start, e.id)):
                by_doc_e[e.doc].append(e)
            for c in sorted(claims, key=lambda c: (c.evidence.start, c.id)):
                by_doc_c[c.doc].append(c)
            for row in rows:
                yield document_from_row(row), by_doc_e[row.id], by_doc_c[row.id]
            tail = rows[-1]
            last = (
                tail.run_id if tail.run_id is not None else -1,
                tail.position if tail.position is not None else -1,
                tail.id,
            )

    def load_linker_state(self) -> tuple[list[Document], list[Claim]]:
        """Stored documents (id, title, text, published...) and claims, to seed a Linker."""
        documents: list[Document] = []
        claims: list[Claim] = []
        for document, _events, doc_claims in self.iter_history():
            documents.append(document)
            claims.extend(doc_claims)
        return documents, claims


# ---- row building ------------------------------------------------------------------------


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB: random-key index pages stay cached
    cursor.close()


def _evidence_cols(evidence: Evidence) -> dict[str, Any]:
    return {
        "sentence": evidence.sentence, "ev_start": evidence.start, "ev_end": evidence.end,
        "ev_text": evidence.text, "trigger": evidence.trigger,
    }  # fmt: skip


class _BatchRows:
    """The rows of one batch, deduplicated by key (a key may appear once per INSERT)."""

    def __init__(self) -> None:
        self.actors: dict[str, dict[str, Any]] = {}
        self.documents: dict[str, dict[str, Any]] = {}
        self.sentences: dict[tuple[str, int], dict[str, Any]] = {}
        self.events: dict[str, dict[str, Any]] = {}
        self.event_actors: list[dict[str, Any]] = []
        self.quotes: dict[str, dict[str, Any]] = {}
        self.claims: dict[str, dict[str, Any]] = {}
        self.duplicates: dict[str, dict[str, Any]] = {}
        self.contradictions: dict[str, dict[str, Any]] = {}
        self.failures: dict[str, dict[str, Any]] = {}
        self._n: Counter[str] = Counter()

    def counts(self) -> dict[str, int]:
        return dict(self._n)

    def actor(self, actor: Actor | None) -> str | None:
        if actor is None:
            return None
        key = actor_id(actor)
        self.actors.setdefault(
            key,
            {"id": key, "name": actor.name, "role": actor.role, "country": actor.country,
             "sector": actor.sector, "anonymous": bool(actor.anonymous)},
        )  # fmt: skip
        return key

    def sentence(self, doc_id: str, evidence: Evidence) -> None:
        self.sentences.setdefault(
            (doc_id, evidence.sentence),
            {"doc_id": doc_id, "index": evidence.sentence, "start_char": evidence.start,
             "end_char": evidence.end, "text": evidence.text},
        )  # fmt: skip

    def add_result(self, result: Any, run_id: int | None, position: int) -> None:
        doc: Document = result.document
        self._n["document"] += 1
        self.documents[doc.id] = {
            "id": doc.id, "title": doc.title, "text": doc.text, "source": doc.source,
            "url": doc.url, "published": doc.published,
            "published_precision": doc.published_precision, "byline": doc.byline,
            "dateline": doc.dateline,
            "captions": [{"text": c.text, "credit": c.credit} for c in doc.captions],
            "notes": list(doc.notes), "origin_path": doc.origin.path,
            "origin_index": doc.origin.index, "duplicate_of": doc.duplicate_of,
            "run_id": run_id, "position": position,
        }  # fmt: skip
        if doc.duplicate_of:
            self.duplicates[doc.id] = {"doc_id": doc.id, "duplicate_of": doc.duplicate_of}
        for ev in result.events:
            self._n["event"] += 1
            self.sentence(ev.doc, ev.evidence)
            loc, date, fat, inj = ev.location, ev.date, ev.fatalities, ev.injuries
            self.events[ev.id] = {
                "id": ev.id, "doc_id": ev.doc, "type": ev.type, "mode": ev.mode,
                "status": ev.status, "cameo": ev.cameo,
                "location_name": loc.name if loc else None,
                "country": loc.country if loc else None, "admin1": loc.admin1 if loc else None,
                "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
                "geo_precision": loc.precision if loc else None,
                "date_value": date.value if date else None,
                "date_precision": date.precision if date else None,
                "date_text": date.text if date else None,
                "fatalities_min": fat.min if fat else None,
                "fatalities_max": fat.max if fat else None,
                "fatalities_text": fat.text if fat else None,
                "injuries_min": inj.min if inj else None,
                "injuries_max": inj.max if inj else None,
                "injuries_text": inj.text if inj else None,
                "reported_by_id": self.actor(ev.reported_by), "published": ev.published,
                "confidence": float(ev.confidence), **_evidence_cols(ev.evidence),
            }  # fmt: skip
            for role, actors in (("source", ev.source_actors), ("target", ev.target_actors)):
                for pos, actor in enumerate(actors):
                    self.event_actors.append(
                        {"event_id": ev.id, "role": role, "position": pos,
                         "actor_id": self.actor(actor)}
                    )  # fmt: skip
        for q in result.quotes:
            self._n["quote"] += 1
            self.sentence(q.doc, q.evidence)
            self.quotes[q.id] = {
                "id": q.id, "doc_id": q.doc, "text": q.text, "type": q.type,
                "speaker_id": self.actor(q.speaker), "cue": q.cue, **_evidence_cols(q.evidence),
            }  # fmt: skip
        for c in result.claims:
            self._n["claim"] += 1
            self.sentence(c.doc, c.evidence)
            fig = c.figure
            self.claims[c.id] = {
                "id": c.id, "doc_id": c.doc, "claimant_id": self.actor(c.claimant),
                "text": c.text, "stance": c.stance, "about": c.about,
                "figure_min": fig.min if fig else None, "figure_max": fig.max if fig else None,
                "figure_text": fig.text if fig else None, **_evidence_cols(c.evidence),
            }  # fmt: skip

    def add_failure(self, failure: Failure, run_id: int | None) -> None:
        self._n["failure"] += 1
        path, index = failure.origin.path, failure.origin.index
        key = stable_id("f", path, index, failure.stage, failure.reason)
        self.failures[key] = {
            "id": key, "path": path, "index": index, "stage": failure.stage,
            "reason": failure.reason, "run_id": run_id, "resolved": False,
        }  # fmt: skip

    def add_contradiction(self, x: Contradiction) -> None:
        self._n["contradiction"] += 1
        claims = list(x.claims)
        self.contradictions[x.id] = {
            "id": x.id, "claim_a": claims[0] if claims else "",
            "claim_b": claims[1] if len(claims) > 1 else None, "claims": claims,
            "basis": x.basis, "note": x.note,
        }  # fmt: skip


def metadata() -> Any:
    """The models' MetaData (what the migrations must produce)."""
    return Base.metadata
