"""``newsevents extract``: run the pipeline over inputs and write contract records.

JSON Lines (the contract, streamed) by default; ``--format csv|parquet`` writes one table per
record kind into the ``--out`` directory (:mod:`newsevents.serve.record_tables`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from newsevents.acquire.readers import read_paths
from newsevents.parallel import WorkerStartError, run_parallel
from newsevents.pipeline import DataFileError, load_data, run_paths
from newsevents.records import Failure, Record, to_dict
from newsevents.serve.console import err
from newsevents.serve.record_tables import write_tables

RUN_ERRORS = (DataFileError, WorkerStartError)  # the run cannot go on: message, exit code 1


class OutputFormat(StrEnum):
    """How ``extract`` writes its records."""

    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


def fail_run(exc: Exception) -> typer.Exit:
    """Print why the run stopped (no traceback) and return the exit to raise."""
    err.print(f"[red]error:[/] {escape(str(exc))}")
    return typer.Exit(code=1)


def failure_table(failures: list[Failure]) -> Table:
    """A Rich table of failed inputs: path, position, stage and reason."""
    table = Table(title=f"{len(failures)} input(s) failed", title_style="bold red")
    table.add_column("path")
    table.add_column("index", justify="right")
    table.add_column("stage")
    table.add_column("reason", overflow="fold")
    for failure in failures:
        index = "" if failure.origin.index is None else str(failure.origin.index)
        table.add_row(failure.origin.path, index, failure.stage, failure.reason)
    return table


def extract(
    paths: Annotated[
        list[str], typer.Argument(help="Files, directories, or http(s) feed and page URLs.")
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="The JSON Lines file; with --format csv|parquet, a directory (one file per kind).",
        ),
    ],
    source: Annotated[
        str | None, typer.Option(help="Outlet name, where the input lacks one.")
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD), where the input lacks one.")
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=1, help="Processes to run the pipeline in.")
    ] = 1,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="jsonl (the record contract), csv or parquet."),
    ] = OutputFormat.jsonl,
) -> None:
    """Extract documents, events, quotes, claims and contradictions into FILE.jsonl.

    Example: newsevents extract ../shared/seeds https://example.org/feed.xml --out records.jsonl

    Tables: newsevents extract ../shared/seeds --format parquet --out records/  (event.parquet, ...)
    """
    counts: Counter[str] = Counter()
    failures: list[Failure] = []
    try:
        load_data()  # before the output file is touched
    except DataFileError as exc:
        raise fail_run(exc) from exc
    if output_format is not OutputFormat.jsonl and out.exists() and not out.is_dir():
        raise fail_run(
            ValueError(f"--format {output_format.value} writes a directory; {out} is a file")
        )
    records = (
        run_paths(paths, source=source, published=published)
        if workers <= 1
        else run_parallel(read_paths(paths, source=source, published=published), workers=workers)
    )
    try:
        if output_format is OutputFormat.jsonl:
            out.parent.mkdir(parents=True, exist_ok=True)
            with out.open("w", encoding="utf-8") as handle:
                for row in tally(records, counts, failures):
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            write_tables(tally(records, counts, failures), out, output_format.value)
    except RUN_ERRORS as exc:
        raise fail_run(exc) from exc
    summary = ", ".join(
        f"{counts[k]} {k}s" for k in ("document", "event", "quote", "claim", "contradiction")
    )
    err.print(f"[green]wrote[/] {out}: {summary}")
    if failures:
        err.print(failure_table(failures))
        raise typer.Exit(code=1)


def tally(
    records: Iterable[Record], counts: Counter[str], failures: list[Failure]
) -> Iterator[dict[str, Any]]:
    """Count records by kind and keep the failures while passing each on as a contract dict."""
    for record in records:
        counts[record.kind] += 1
        if isinstance(record, Failure):
            failures.append(record)
        yield to_dict(record)


def register(app: typer.Typer) -> None:
    app.command()(extract)
