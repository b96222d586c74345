"""``POST /api/documents``: read one uploaded document, run the pipeline on it, store it.

The body is read with a size cap (413) before anything parses it; JSON, a multipart file upload,
or a bare text/HTML body are accepted, anything else is a 415. The pipeline entry point
(``pipeline.run_results``) does the work, with a linker seeded from the store on first use so a
new document is linked against what is stored; one lock serializes ingests (the linker is not
thread-safe, and SQLite has one writer anyway).
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from pathlib import PurePath
from typing import Any

from fastapi import HTTPException, Request, status
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from newsevents.acquire.decode import decode_bytes
from newsevents.acquire.htmlpage import raw_from_html
from newsevents.records import DocumentResult, Failure, Origin, RawDocument
from newsevents.serve.api.models import IngestJson, IngestResult
from newsevents.store import InputMark, Store

log = logging.getLogger(__name__)

MAX_BYTES_ENV = "NEWSEVENTS_MAX_UPLOAD"
DEFAULT_MAX_BYTES = 2_000_000
TEXT_TYPES = {"text/plain": "text", "text/html": "html", "application/xhtml+xml": "html"}
SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html"}


def max_bytes() -> int:
    try:
        return max(1, int(os.environ.get(MAX_BYTES_ENV, DEFAULT_MAX_BYTES)))
    except ValueError:
        return DEFAULT_MAX_BYTES


class Ingestor:
    """Runs the pipeline for the API, one document at a time, with a linker kept across calls."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.linkers: dict[int, Any] = {}  # by id(store): tests swap stores

    def _linker(self, store: Store) -> Any:
        from newsevents.ingest import make_linker, seed_linker

        key = id(store)
        if key not in self.linkers:
            linker = make_linker()
            seed_linker(linker, store)
            self.linkers[key] = linker
        return self.linkers[key]

    def run(self, store: Store, raw: RawDocument | Failure) -> IngestResult:
        from newsevents.ingest import raw_input_id
        from newsevents.pipeline import run_results

        with self.lock:
            linker = self._linker(store)
            results = list(run_results([raw], linker=linker))
            docs = [r for r in results if isinstance(r, DocumentResult)]
            failures = [r for r in results if isinstance(r, Failure)]
            others = [r for r in results if not isinstance(r, DocumentResult | Failure)]
            marks = []
            if isinstance(raw, RawDocument):
                marks = [InputMark(raw_input_id(raw), raw.origin.path, raw.origin.index)]
            run_id = store.start_run([raw.origin.path])
            try:
                counts = store.write_batch(docs, failures, others, run_id, marks)
            except Exception:
                store.finish_run(run_id, {}, "failed")
                raise
            store.finish_run(run_id, counts)
        return IngestResult(
            documents=[d.document.id for d in docs],
            counts={k: counts.get(k, 0) for k in ("document", "event", "quote", "claim")}
            | {k: v for k, v in counts.items() if k not in ("document", "event", "quote", "claim")},
            failures=[{"stage": f.stage, "reason": f.reason} for f in failures],
        )


async def read_capped(request: Request, cap: int) -> bytes:
    """The request body, or a 413 as soon as it passes ``cap`` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > cap:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, f"over {cap} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, f"over {cap} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _origin(content: str) -> Origin:
    """A stable origin from the content: posting the same document twice adds nothing."""
    return Origin(
        f"api/{hashlib.sha1(content.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}", 0
    )


def _raw(content: str, kind: str, meta: dict[str, Any], notes: list[str]) -> RawDocument | Failure:
    if not content.strip():
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "the document is empty")
    origin = _origin(content)
    fields = {k: v for k, v in meta.items() if v}
    if kind == "html":
        raw = raw_from_html(content, origin, url=fields.get("url"), notes=notes)
        if isinstance(raw, RawDocument):
            for key, value in fields.items():
                setattr(raw, key, value)
        return raw
    return RawDocument(origin=origin, content=content, notes=notes, **fields)


async def parse_upload(request: Request) -> RawDocument | Failure:
    """The uploaded document as a RawDocument (or the Failure of its HTML extraction)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in ("application/json", "multipart/form-data", *TEXT_TYPES):
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            "send application/json, multipart/form-data, text/plain or text/html",
        )
    body = await read_capped(request, max_bytes())
    if content_type == "application/json":
        try:
            data = IngestJson.model_validate_json(body)
        except ValidationError as exc:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                [{"loc": e["loc"], "msg": e["msg"]} for e in exc.errors()],
            ) from exc
        if bool(data.text) == bool(data.html):
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT, "give exactly one of text or html"
            )
        meta = data.model_dump(include={"title", "url", "source", "published"})
        return _raw(data.text or data.html or "", "text" if data.text else "html", meta, [])
    if content_type in TEXT_TYPES:
        text, notes = decode_bytes(body, request.headers.get("content-type"))
        return _raw(text, TEXT_TYPES[content_type], {}, notes)
    return await _multipart(request, body)


async def _multipart(request: Request, body: bytes) -> RawDocument | Failure:
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    form = await Request(request.scope, receive).form(max_files=1, max_fields=8)
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "no file field in the form")
    declared = (upload.content_type or "").split(";")[0].strip().lower()
    kind = TEXT_TYPES.get(declared)
    if kind is None and declared in ("", "application/octet-stream"):
        kind = SUFFIXES.get(PurePath(upload.filename or "").suffix.lower())
    if kind is None:
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            "upload a .txt or .html file (text/plain, text/html)",
        )
    data = await upload.read()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "the file is binary")
    text, notes = decode_bytes(data, upload.content_type)
    meta = {k: form.get(k) for k in ("title", "url", "source", "published")}
    meta = {k: v for k, v in meta.items() if isinstance(v, str) and v.strip()}
    try:
        checked = IngestJson(text="x", **meta)
    except ValidationError as exc:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            [{"loc": e["loc"], "msg": e["msg"]} for e in exc.errors()],
        ) from exc
    meta = checked.model_dump(include={"title", "url", "source", "published"})
    return _raw(text, kind, meta, notes)


async def ingest_request(request: Request, store: Store, ingestor: Ingestor) -> IngestResult:
    raw = await parse_upload(request)
    result = await run_in_threadpool(ingestor.run, store, raw)
    if not result.documents:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            {"message": "no document could be read", "failures": result.failures},
        )
    return result
