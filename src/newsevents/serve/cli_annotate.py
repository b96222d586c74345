"""``newsevents annotate FILE``: show each sentence with its resolved actors, places and dates.

A window on the resolvers for checking them by eye: acquire, clean, parse and resolve (no
extraction), then print every sentence of every body with what the resolvers found in it.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from newsevents.acquire.readers import read_paths
from newsevents.annotate.pipeline import annotate as annotate_documents
from newsevents.pipeline import clean_all
from newsevents.records import Actor, Document, Failure
from newsevents.resolve.document import resolve_document
from newsevents.resolve.mentions import Resolution
from newsevents.serve.console import err, out


def actor_label(actor: Actor) -> str:
    """ "TUR/GOV Foreign Minister Mevlut Cavusoglu (anonymous)" for one actor."""
    parts = [f"{actor.country or '-'}/{actor.sector or '-'}"]
    if actor.role:
        parts.append(actor.role)
    if actor.name:
        parts.append(actor.name)
    if actor.anonymous:
        parts.append("(anonymous)")
    return " ".join(parts)


def sentence_table(doc_number: int, document: Document, doc, resolution: Resolution) -> Table:  # noqa: ANN001
    """One Rich table: a row per sentence with its actors, places and dates."""
    title = f"[{doc_number}] {document.title or '(untitled)'}  published={document.published}"
    table = Table(title=title, title_justify="left", show_lines=True, expand=True)
    table.add_column("#", justify="right", width=3)
    table.add_column("sentence", ratio=3, overflow="fold")
    table.add_column("actors", ratio=3, overflow="fold")
    table.add_column("places / dates", ratio=2, overflow="fold")
    for number, sent in enumerate(doc.sents):
        start, end = sent.start_char, sent.end_char
        actors = Text()
        for mention in resolution.actors_within(start, end):
            line = f"{mention.text} → {actor_label(mention.actor)} [{mention.kind}]\n"
            actors.append(line, style="bold" if mention.kind != "country" else "")
        where = Text()
        for place in resolution.places_within(start, end):
            loc = place.location
            where.append(f"@ {place.text} → {loc.name}, {loc.country or '-'} ({loc.precision})\n")
        for date in resolution.dates_within(start, end):
            value = date.date
            where.append(f"⏱ {date.text} → {value.value} ({value.precision})\n", style="cyan")
        table.add_row(str(number), sent.text.strip(), actors, where)
    return table


def annotate_command(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories to read.")],
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD), where the input lacks one.")
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Outlet name, where the input lacks one.")
    ] = None,
) -> None:
    """Show each sentence with its actors (country/sector/role), places and dates.

    Example: newsevents annotate ../shared/seeds/000_e8cc6f06c8c1ee78.txt
    """
    documents: list[Document] = []
    failures: list[Failure] = []
    for item in clean_all(read_paths(paths, source=source, published=published)):
        (failures if isinstance(item, Failure) else documents).append(item)
    spent = 0.0
    for number, adoc in enumerate(annotate_documents(documents)):
        started = time.perf_counter()
        resolution = resolve_document(adoc)
        spent += time.perf_counter() - started
        out.print(sentence_table(number, adoc.document, adoc.doc, resolution))
    if documents:
        err.print(
            f"[green]{len(documents)} document(s)[/], resolution "
            f"{1000 * spent / len(documents):.1f} ms/doc"
        )
    for failure in failures:
        err.print(f"[red]failed[/] {failure.origin.path} ({failure.stage}): {failure.reason}")
    if failures:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("annotate")(annotate_command)
