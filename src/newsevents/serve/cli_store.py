"""Store commands: ingest, failures, retry, events, quotes, contradictions, show, export, demo.

Each command opens a ``Store``, makes one library call and renders with Rich: data to stdout,
progress and diagnostics to stderr. Article text is always escaped before it meets Rich markup.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsevents.records import Contradiction, Document, to_dict
from newsevents.serve.console import err, out
from newsevents.store import COUNTED_STATUSES, DEFAULT_URL, EventFilter, Store, StoreError

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="NEWSEVENTS_DB",
        help="Database URL (sqlite:///FILE or postgresql+psycopg://).",
    ),
]
TEXT_MIN = 28  # the evidence column never gets narrower (a 100-column terminal gives it 29)
LimitOption = Annotated[int, typer.Option(help="Most rows to return (capped at 1000).")]


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]


@contextmanager
def open_store(db: str, *, create: bool = False) -> Iterator[Store]:
    """The migrated store at ``db``, closed on the way out; problems are a clean exit 1.

    Read commands pass ``create=False``: a SQLite file that does not exist is an error (a typo
    in ``--db`` must not create a directory and an empty database). Write commands (ingest,
    retry, demo) create it. An existing database of an older schema is upgraded in place.
    """
    try:
        store = Store(db, create=create)
    except StoreError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(code=1) from exc
    try:
        try:
            store.migrate()
        except StoreError as exc:
            err.print(f"[red]error:[/] {escape(str(exc))}")
            raise typer.Exit(code=1) from exc
        yield store
    finally:
        store.close()


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]ingest[/]"), BarColumn(bar_width=20), MofNCompleteColumn(),
        TextColumn("files"),
        TextColumn("{task.fields[summary]}"), TimeElapsedColumn(), console=err, transient=False,
    )  # fmt: skip


def _summary(counts: Counter[str] | dict[str, int]) -> str:
    return ", ".join(f"{counts.get(k, 0)} {k}s" for k in ("document", "event", "failure"))


def _check_data() -> None:
    """Load the lexicon and gazetteer before any progress bar: a broken file is a clean exit 1."""
    from newsevents.pipeline import DataFileError, load_data
    from newsevents.serve.cli_extract import fail_run

    try:
        load_data()
    except DataFileError as exc:
        raise fail_run(exc) from exc


def _run_ingest(store: Store, paths: list[Path], workers: int, **kwargs: Any):
    from newsevents.ingest import count_files, ingest
    from newsevents.serve.cli_extract import RUN_ERRORS, fail_run

    with _progress() as bar:
        task = bar.add_task("ingest", total=count_files(paths) or None, summary="")

        def advance(files: int, counts: Counter[str]) -> None:
            bar.update(task, advance=files, summary=_summary(counts))

        try:
            report = ingest(store, paths, workers=workers, progress=advance, **kwargs)
        except RUN_ERRORS as exc:  # a broken data file, workers that cannot start
            raise fail_run(exc) from exc
        bar.update(task, completed=bar.tasks[0].total or 0)
    return report


def ingest_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories to ingest.")],
    db: DbOption = DEFAULT_URL,
    workers: Annotated[int, typer.Option(min=1, help="Extraction processes.")] = 1,
    batch_size: Annotated[
        int, typer.Option(min=1, help="Raw inputs per transaction (a kill loses at most one).")
    ] = 32,
    source: Annotated[str | None, typer.Option(help="Outlet, where the input lacks one.")] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD), where the input lacks one.")
    ] = None,
) -> None:
    """Extract records from PATHS and upsert them into the database; resumable.

    Example: newsevents ingest ../shared/seeds --db sqlite:///newsevents.db --workers 2
    """
    _check_data()  # before the database is created
    with open_store(db, create=True) as store:
        started = time.perf_counter()
        report = _run_ingest(
            store, paths, workers, source=source, published=published, raw_batch=batch_size
        )
        counts = store.counts()
        failures = [f for f in store.failures() if f.origin.path in report.failed_paths]
    err.print(
        f"[green]ingested[/] {report.inputs} inputs ({report.skipped} already stored) in "
        f"{time.perf_counter() - started:.1f}s, run {report.run_id}: {_summary(report.counts)}; "
        f"the database holds {counts['documents']} documents, {counts['events']} events"
    )
    if failures:
        from newsevents.serve.cli_extract import failure_table

        err.print(failure_table(failures))
        raise typer.Exit(code=1)


def failures_cmd(
    db: DbOption = DEFAULT_URL,
    all_: Annotated[bool, typer.Option("--all", help="Include resolved failures.")] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List the inputs that failed (path, index, stage, reason).

    Example: newsevents failures --db sqlite:///newsevents.db
    """
    with open_store(db) as store:
        failures = store.failures(include_resolved=all_)
    rows = [
        {"path": f.origin.path, "index": f.origin.index, "stage": f.stage, "reason": f.reason}
        for f in failures
    ]
    if fmt is OutputFormat.table:
        from newsevents.serve.cli_extract import failure_table

        out.print(failure_table(failures))
    else:
        _emit(rows, fmt)


def retry_cmd(
    db: DbOption = DEFAULT_URL,
    workers: Annotated[int, typer.Option(min=1, help="Extraction processes.")] = 1,
) -> None:
    """Re-run the inputs that failed; failures of inputs that now succeed are marked resolved.

    Example: newsevents retry --db sqlite:///newsevents.db
    """
    from newsevents.ingest import retry
    from newsevents.serve.cli_extract import RUN_ERRORS, fail_run

    _check_data()
    with open_store(db, create=True) as store, _progress() as bar:
        task = bar.add_task("retry", total=None, summary="")
        try:
            result = retry(
                store, workers=workers, progress=lambda n, c: bar.update(task, advance=n)
            )
        except RUN_ERRORS as exc:
            raise fail_run(exc) from exc
    err.print(
        f"retried {result['retried']} path(s): {result['resolved']} failure(s) resolved, "
        f"{len(result['still_failing'])} path(s) still failing"
    )
    for path in result["still_failing"]:
        err.print(f"  [red]still failing[/] {escape(path)}")
    if result["still_failing"]:
        raise typer.Exit(code=1)


# ---- output ------------------------------------------------------------------------------


def _emit(rows: list[dict[str, Any]], fmt: OutputFormat, table: Table | None = None) -> None:
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    elif fmt is OutputFormat.csv:
        fields = list(rows[0]) if rows else []
        writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    elif table is not None:
        out.print(table)


def _actors(actors) -> str:
    from newsevents.store.exports import actor_label

    return "; ".join(actor_label(a) for a in actors)


def events_cmd(
    db: DbOption = DEFAULT_URL,
    actor: Annotated[str | None, typer.Option(help="Actor name (part) or country code.")] = None,
    country: Annotated[str | None, typer.Option(help="Event country (ISO alpha-3).")] = None,
    sector: Annotated[str | None, typer.Option(help="Actor sector, e.g. GOV, MIL.")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="PLOVER type.")] = None,
    mode: Annotated[str | None, typer.Option(help="PLOVER mode.")] = None,
    status: Annotated[
        list[str] | None, typer.Option(help="Status (repeatable); default: every status.")
    ] = None,
    place: Annotated[str | None, typer.Option(help="Place or admin1 name (part).")] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date.")] = None,
    source: Annotated[str | None, typer.Option(help="Outlet name (part).")] = None,
    text: Annotated[str | None, typer.Option(help="Text in the evidence sentence.")] = None,
    limit: LimitOption = 50,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Query events: who did what to whom, where and when.

    Example: newsevents events --type ASSAULT --country LBN --since 2024-11-01 --format csv
    """
    from newsevents.store.exports import flat_event

    flt = EventFilter(
        actor=actor, country=country, sector=sector, type=type_, mode=mode,
        statuses=status or None, place=place, since=since, until=until, source=source, text=text,
        limit=limit,
    )  # fmt: skip
    with open_store(db) as store:
        events = store.events(flt)
    if fmt is OutputFormat.json:
        _emit([to_dict(e) for e in events], fmt)
        return
    if fmt is OutputFormat.csv:
        _emit([flat_event(e) for e in events], fmt)
        return
    out.print(events_table(events))


def events_table(events: list[Any]) -> Table:
    """Events as a table that stays readable in a 100-column terminal.

    Short fields share a cell, one per line (id over date, type over status, place over the
    dead), so the evidence text keeps a real width: ids and types never wrap, the text column
    takes the largest share of what is left and never drops below ``TEXT_MIN`` characters.
    """
    table = Table(
        title=f"{len(events)} event(s)", box=box.SIMPLE_HEAD, show_edge=False, expand=True
    )
    table.add_column("id / date", no_wrap=True)
    table.add_column("type / status", no_wrap=True)
    table.add_column("source → target", ratio=2, min_width=10, overflow="fold")
    table.add_column("place / killed", ratio=2, min_width=10, overflow="fold")
    table.add_column("text", ratio=5, min_width=TEXT_MIN, overflow="fold")
    for e in events:
        date = (e.date.value if e.date and e.date.value else None) or f"({e.published or '?'})"
        place = f"{e.location.name}, {e.location.country or '?'}" if e.location else ""
        killed = f"killed: {e.fatalities.text}" if e.fatalities else ""
        kind = e.type + (f"/{e.mode}" if e.mode else "")
        actors = _actors(e.source_actors) + (
            f" → {_actors(e.target_actors)}" if e.target_actors else ""
        )
        table.add_row(
            f"{e.id}\n[dim]{escape(date)}[/]", f"{escape(kind)}\n[dim]{e.status}[/]",
            escape(actors), escape("\n".join(x for x in (place, killed) if x)),
            escape(_clip(e.evidence.text)),
        )  # fmt: skip
    return table
    out.print(table)


def _clip(text: str, width: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def quotes_cmd(
    db: DbOption = DEFAULT_URL,
    speaker: Annotated[
        str | None, typer.Option(help="Speaker name/role (part) or country.")
    ] = None,
    text: Annotated[str | None, typer.Option(help="Text in the quote.")] = None,
    limit: LimitOption = 50,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Query quotes by speaker or text.

    Example: newsevents quotes --speaker "foreign minister" --format json
    """
    with open_store(db) as store:
        quotes = store.quotes(speaker=speaker, text=text, limit=limit)
    if fmt is OutputFormat.json:
        _emit([to_dict(q) for q in quotes], fmt)
        return
    if fmt is OutputFormat.csv:
        rows = [
            {"id": q.id, "doc": q.doc, "type": q.type,
             "speaker": _actors([q.speaker]) if q.speaker else "", "cue": q.cue or "",
             "text": q.text, "sentence": q.evidence.sentence}
            for q in quotes
        ]  # fmt: skip
        _emit(rows, fmt)
        return
    table = Table(title=f"{len(quotes)} quote(s)")
    for column in ("id", "speaker", "type", "text"):
        table.add_column(column, overflow="fold")
    for q in quotes:
        speaker_label = _actors([q.speaker]) if q.speaker else "?"
        table.add_row(q.id, escape(speaker_label), q.type, escape(_clip(q.text, 160)))
    out.print(table)


def contradictions_cmd(
    db: DbOption = DEFAULT_URL, limit: LimitOption = 50, fmt: FormatOption = OutputFormat.table
) -> None:
    """List contradictions with the claims that disagree.

    Example: newsevents contradictions --format json
    """
    with open_store(db) as store:
        found = store.contradictions(limit=limit)
        claims = {c.id: c for c in store.claims(ids=[i for x in found for i in x.claims])}
    if fmt is not OutputFormat.table:
        rows = []
        for x in found:
            row = to_dict(x)
            if fmt is OutputFormat.json:
                row["claim_records"] = [to_dict(claims[c]) for c in x.claims if c in claims]
            else:
                row["claims"] = " | ".join(x.claims)
                row["texts"] = " | ".join(claims[c].text for c in x.claims if c in claims)
            rows.append(row)
        _emit(rows, fmt)
        return
    table = Table(title=f"{len(found)} contradiction(s)", show_lines=True)
    for column in ("id", "basis", "claim", "versus"):
        table.add_column(column, overflow="fold")
    for x in found:
        sides = []
        for cid in x.claims[:2]:
            c = claims.get(cid)
            sides.append(
                f"{escape(_actors([c.claimant]))} {c.stance}: {escape(c.text)}" if c else cid
            )
        table.add_row(x.id, x.basis, *(sides + ["", ""])[:2])
    out.print(table)


def paragraph_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the paragraph (blank-line separated) holding ``start``."""
    left = text.rfind("\n\n", 0, max(start, 0))
    left = 0 if left < 0 else left + 2
    right = text.find("\n\n", max(end, start))
    return left, len(text) if right < 0 else right


def highlighted(text: str, start: int, end: int) -> str:
    """Rich markup of the paragraph around [start, end) with that span highlighted, escaped."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    while end > start and text[end - 1].isspace():  # spans may carry the paragraph break
        end -= 1
    left, right = paragraph_of(text, start, end)
    return (
        escape(text[left:start])
        + "[bold reverse]"
        + escape(text[start:end])
        + "[/bold reverse]"
        + escape(text[end:right])
    )


def show_cmd(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="d-…, e-…, q-…, c-… or x-… id.")],
    db: DbOption = DEFAULT_URL,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table (text view) or json.")
    ] = OutputFormat.table,
) -> None:
    """Show one record with its sentence highlighted in its paragraph, and its document.

    Example: newsevents show e-3f2a9c0d1b2e4f56
    """
    with open_store(db) as store:
        record = store.get(record_id)
        if record is None:
            err.print(f"[red]no record with id[/] {escape(record_id)}")
            raise typer.Exit(code=1)
        parts: list[Any] = [record]
        if isinstance(record, Contradiction):
            parts += store.claims(ids=record.claims)
        docs = {}
        for part in parts:
            doc_id = getattr(part, "doc", None) or (part.id if isinstance(part, Document) else None)
            if doc_id and doc_id not in docs:
                docs[doc_id] = store.get(doc_id)
    if fmt is not OutputFormat.table:
        payload = {"record": to_dict(record), "related": [to_dict(p) for p in parts[1:]]}
        payload["documents"] = [_doc_meta(d) for d in docs.values() if d]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
        return
    out.print(f"[bold]{escape(record.kind)}[/] {escape(record.id)}")
    for part in parts:
        _show_part(part, docs)


def _doc_meta(doc: Document) -> dict[str, Any]:
    meta = to_dict(doc)
    meta.pop("text", None)
    return meta


def _show_part(part: Any, docs: dict[str, Document | None]) -> None:
    if isinstance(part, Document):
        _show_meta(part)
        out.print(escape(part.text))
        return
    if isinstance(part, Contradiction):
        out.print(f"basis: {escape(part.basis)}" + (f"; {escape(part.note)}" if part.note else ""))
        return
    fields = to_dict(part)
    fields.pop("evidence", None)
    summary = Table.grid(padding=(0, 2))
    for key, value in fields.items():
        if key in ("kind", "id") or value in (None, [], ""):
            continue
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value
        summary.add_row(f"[dim]{escape(key)}[/]", escape(str(shown)))
    out.print(summary)
    doc = docs.get(part.doc)
    if doc is None:
        out.print(escape(part.evidence.text))
        return
    ev = part.evidence
    out.print()
    out.print(highlighted(doc.text, ev.start, ev.end))
    out.print()
    _show_meta(doc)


def _show_meta(doc: Document) -> None:
    meta = Table.grid(padding=(0, 2))
    for key in ("id", "title", "source", "published", "url", "byline", "dateline"):
        value = getattr(doc, key)
        if value:
            meta.add_row(f"[dim]{key}[/]", escape(str(value)))
    meta.add_row("[dim]origin[/]", escape(f"{doc.origin.path} #{doc.origin.index}"))
    if doc.duplicate_of:
        meta.add_row("[dim]duplicate of[/]", escape(doc.duplicate_of))
    out.print(meta)


class ExportFormat(StrEnum):
    acled = "acled"
    plover = "plover"
    cameo = "cameo"
    geojson = "geojson"
    parquet = "parquet"
    jsonl = "jsonl"


def export_cmd(
    as_: Annotated[ExportFormat, typer.Option("--as", help="Export format.")],
    out_path: Annotated[Path, typer.Option("--out", "-o", help="File to write.")],
    db: DbOption = DEFAULT_URL,
    all_statuses: Annotated[
        bool,
        typer.Option(
            help="Include planned, denied and hypothetical events (default: only "
            "asserted and claimed)."
        ),
    ] = False,
    type_: Annotated[str | None, typer.Option("--type", help="Only this PLOVER type.")] = None,
    country: Annotated[str | None, typer.Option(help="Only this event country.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date.")] = None,
) -> None:
    """Export events as ACLED CSV, PLOVER JSON, CAMEO TSV, GeoJSON, Parquet or JSON Lines.

    Example: newsevents export --as acled --out events.csv
    """
    from newsevents.store.exports import export

    flt = EventFilter(type=type_, country=country, since=since, until=until)
    with open_store(db) as store:
        try:
            n = export(store, as_.value, out_path, all_statuses=all_statuses, flt=flt)
        except OSError as exc:  # an unwritable place: /proc, a read-only disk, a directory
            reason = exc.strerror or str(exc)
            err.print(f"[red]error:[/] cannot write {escape(str(out_path))}: {escape(reason)}")
            raise typer.Exit(code=1) from exc
    which = "all statuses" if all_statuses else "/".join(COUNTED_STATUSES)
    err.print(f"[green]wrote[/] {escape(str(out_path))}: {n} events ({which})")


def stats_cmd(db: DbOption = DEFAULT_URL, fmt: FormatOption = OutputFormat.table) -> None:
    """Summarize the database: rows per table, events by type and country.

    Example: newsevents stats --format json
    """
    with open_store(db) as store:
        stats = store.stats()
    if fmt is not OutputFormat.table:
        sys.stdout.write(json.dumps(stats, ensure_ascii=False, indent=1) + "\n")
        return
    out.print(_stats_table(stats))


def _stats_table(stats: dict[str, Any]) -> Table:
    table = Table(title="newsevents database", show_header=False)
    table.add_column("what")
    table.add_column("n", justify="right")
    for name in ("documents", "events", "quotes", "claims", "contradictions", "actors",
                 "duplicates", "failures"):  # fmt: skip
        table.add_row(name, str(stats["counts"][name]))
    counted = "/".join(stats["counted_statuses"])
    for kind, n in stats["events_by_type"].items():
        table.add_row(f"  {kind} ({counted})", str(n))
    return table


def demo_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Inputs to ingest for the demo.")],
    db: DbOption = DEFAULT_URL,
    workers: Annotated[int, typer.Option(min=1, help="Extraction processes.")] = 1,
) -> None:
    """Ingest PATHS, then print a summary, a sample query and the URL serve would open.

    Example: newsevents demo ../shared/seeds ../shared/eval/dev/inputs
    """
    _check_data()
    with open_store(db, create=True) as store:
        started = time.perf_counter()
        report = _run_ingest(store, [p for p in paths if p.exists()], workers)
        stats = store.stats()
        sample = store.events(EventFilter(statuses=COUNTED_STATUSES, limit=5))
        quotes = store.quotes(limit=3)
    out.print(_stats_table(stats))
    out.print(
        f"ingest run {report.run_id}: {report.inputs} inputs ({report.skipped} already stored) "
        f"in {time.perf_counter() - started:.1f}s"
    )
    out.print("[bold]sample query[/]: newsevents events --status asserted --status claimed "
              "--limit 5")  # fmt: skip
    for e in sample:
        where = f" in {e.location.name}" if e.location else ""
        out.print(f"  {e.id} {e.type} {escape(_actors(e.source_actors))}{escape(where)}: "
                  f"{escape(_clip(e.evidence.text, 100))}")  # fmt: skip
    if not sample:
        out.print("  (no asserted or claimed events yet)")
    for q in quotes:
        who = _actors([q.speaker]) if q.speaker else "?"
        out.print(f"  {q.id} {escape(who)}: {escape(_clip(q.text, 100))}")
    out.print("newsevents serve would open http://127.0.0.1:8000/", markup=False)


def register(app: typer.Typer) -> None:
    """Add the store commands to the app."""
    app.command("ingest")(ingest_cmd)
    app.command("failures")(failures_cmd)
    app.command("retry")(retry_cmd)
    app.command("events")(events_cmd)
    app.command("quotes")(quotes_cmd)
    app.command("contradictions")(contradictions_cmd)
    app.command("show")(show_cmd)
    app.command("export")(export_cmd)
    app.command("stats")(stats_cmd)
    app.command("demo")(demo_cmd)
