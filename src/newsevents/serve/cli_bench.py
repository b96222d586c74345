"""``newsevents bench``: throughput and memory of the pipeline beside the bare spaCy parse."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from newsevents.annotate.pipeline import BATCH_SIZE
from newsevents.bench import DEFAULT_ARTICLES, run_bench, write_summary
from newsevents.serve.console import err, out


def phase_table(summary: dict[str, Any]) -> Table:
    """One row per measured phase."""
    title = f"newsevents bench: {summary['articles']} articles, {summary['words']} words"
    table = Table(title=title)
    for column in ("phase", "articles", "seconds", "art/s", "words/s", "peak MB"):
        table.add_column(column, justify="left" if column == "phase" else "right")
    for name, phase in summary["phases"].items():
        table.add_row(
            name,
            str(phase["articles"]),
            f"{phase['seconds']:.2f}",
            f"{phase['articles_per_s']:.1f}",
            f"{phase['words_per_s']:.0f}",
            f"{phase['peak_rss_mb']:.0f}",
        )
    return table


def ratio_table(summary: dict[str, Any]) -> Table:
    table = Table(title="ratios")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("target", justify="right")
    rows = [
        ("ratio_vs_spacy", ">= 0.75"),
        ("rss_ratio_4x", "<= 1.2"),
        ("time_ratio_4x", "<= 4.4"),
        ("workers_speedup", ">= 1.6 (2 workers)"),
    ]
    for key, target in rows:
        if key in summary:
            value = summary[key]
            table.add_row(key, "n/a" if value is None else f"{value:.2f}", target)
    return table


def bench(
    articles: Annotated[
        int, typer.Option("--articles", "-n", min=2, help="Articles in the corpus (N).")
    ] = DEFAULT_ARTICLES,
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=1, help="Also time extract with W processes.")
    ] = 1,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per nlp.pipe batch.")] = (
        BATCH_SIZE
    ),
    scale: Annotated[bool, typer.Option(help="Also run extract over 4N articles.")] = True,
    out_path: Annotated[
        Path, typer.Option("--out", "-o", help="Where to write the JSON summary.")
    ] = Path(".bench/latest.json"),
) -> None:
    """Time the bare spaCy parse, extract, ingest and extract at 4N, each in a fresh process.

    Example: newsevents bench --articles 200 --workers 2 --out .bench/latest.json
    """

    def on_phase(name: str, phase: dict[str, Any]) -> None:
        err.print(
            f"[dim]{name}: {phase['articles']} articles in {phase['seconds']:.2f}s, "
            f"peak {phase['peak_rss_mb']:.0f} MB[/]"
        )

    try:
        summary = run_bench(
            articles=articles,
            workers=workers,
            batch_size=batch_size,
            scale=scale,
            on_phase=on_phase,
        )
    except ValueError as exc:
        err.print(f"[red]bench failed:[/] {exc}")
        raise typer.Exit(code=1) from exc
    write_summary(summary, out_path)
    out.print(phase_table(summary))
    out.print(ratio_table(summary))
    err.print(f"[green]wrote[/] {out_path}")


def register(app: typer.Typer) -> None:
    """Add ``bench`` to the app."""
    app.command()(bench)
