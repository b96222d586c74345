"""The ``newsevents`` command: a thin Typer skin over the library.

Each command group lives in its own module with a ``register(app)`` function; data goes to stdout,
progress and diagnostics to stderr (Rich), and a run that recorded failures exits with code 1.
"""

from __future__ import annotations

import logging

import typer

from newsevents.serve import cli_annotate, cli_bench, cli_extract, cli_serve, cli_store

app = typer.Typer(
    name="newsevents",
    help="Turn raw news into a sourced, queryable record of events, quotes and claims.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log debug messages."),
) -> None:
    """newsevents: who did what to whom, where and when, and who said so."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


for module in (cli_extract, cli_annotate, cli_store, cli_serve, cli_bench):
    module.register(app)
