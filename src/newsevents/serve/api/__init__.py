"""The HTTP API and web UI of newsevents: ``create_app(db_url)`` builds the FastAPI app."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsevents.serve.api.deps import TOKEN_ENV, get_store
from newsevents.serve.api.ingest import Ingestor
from newsevents.store import DEFAULT_URL, Store, StoreError

log = logging.getLogger(__name__)

__all__ = ["create_app", "get_store"]


def create_app(db_url: str = DEFAULT_URL, preload: bool = True, migrate: bool = True) -> FastAPI:
    """The app over the database at ``db_url``: API under ``/api``, UI at ``/``, docs at ``/docs``.

    ``lifespan`` opens the store (migrating it when ``migrate``) and, when ingest is enabled and
    ``preload`` is set, loads the spaCy model so the first upload does not pay for it.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = Store(db_url)
        if migrate:
            store.migrate()
        app.state.store = store
        if preload and os.environ.get(TOKEN_ENV):
            from newsevents.annotate.pipeline import load_nlp

            load_nlp()
        try:
            yield
        finally:
            store.close()

    app = FastAPI(
        title="newsevents",
        summary="Events, quotes, claims and contradictions from news, each with its sentence.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served below from vendored files: no CDN
        redoc_url=None,
    )
    app.state.ingestor = Ingestor()

    @app.exception_handler(StoreError)
    async def store_error(_request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        """JSON under /api (FastAPI's default); a page for the UI's routes."""
        if request.url.path.startswith(("/api/", "/static/", "/openapi")):
            return await http_exception_handler(request, exc)
        from newsevents.serve.ui import error_page

        return error_page(request, exc.status_code, exc.detail)

    from newsevents.serve import ui
    from newsevents.serve.api.routes import router

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="newsevents API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/swagger/favicon-32x32.png",
        )

    app.include_router(router)
    app.include_router(ui.router)
    static = resources.files("newsevents.serve") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app
