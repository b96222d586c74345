"""``newsevents serve``: the HTTP API and web UI over a store, with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from newsevents.serve.console import err
from newsevents.store import DEFAULT_URL, Store, StoreError


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""

    @app.command()
    def serve(
        db: Annotated[
            str,
            typer.Option(
                "--db",
                envvar="NEWSEVENTS_DB",
                help="Database URL (sqlite:///FILE or postgresql+psycopg://).",
            ),
        ] = DEFAULT_URL,
        host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
        log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
    ) -> None:
        """Serve the API (OpenAPI at /docs) and the web UI (search, timeline, map, records).

        Uploads (POST /api/documents) need NEWSEVENTS_API_TOKEN set and a matching bearer token.
        """
        import uvicorn

        from newsevents.serve.api import create_app

        try:  # fail early and cleanly on a bad URL or an unreachable server
            store = Store(db)
            store.migrate()
            store.close()
        except StoreError as exc:
            err.print(f"[red]error:[/] {escape(str(exc))}")
            raise typer.Exit(code=1) from exc
        err.print(f"serving [bold]{escape(db)}[/] on http://{escape(host)}:{port}/")
        uvicorn.run(create_app(db), host=host, port=port, log_level=log_level)
