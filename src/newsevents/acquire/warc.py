"""WARC archives (``.warc``, ``.warc.gz``): every HTML ``response`` record is one document.

A record's origin index is its position among the HTML responses of the file. The URL comes from
``WARC-Target-URI`` when the page gives no canonical URL; ``WARC-Date`` (the fetch date) fills the
publication date only when the page itself gives none. A truncated archive yields the records
read so far, then one Failure.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from newsevents.acquire import errors
from newsevents.acquire.decode import MAX_FILE_BYTES, decode_bytes
from newsevents.acquire.htmlpage import raw_from_html
from newsevents.records import Failure, Origin, RawDocument

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset=([\w.:-]+)", re.IGNORECASE)


def _is_html(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return any(kind in content_type for kind in HTML_TYPES)


def read_warc(path: Path) -> Iterator[RawDocument | Failure]:
    """One RawDocument (or Failure) per HTML response record, then a Failure if cut short."""
    name = str(path)
    position = 0
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if not _is_html(record):
                    continue
                index, position = position, position + 1
                data = record.content_stream().read(MAX_FILE_BYTES + 1)
                if len(data) <= MAX_FILE_BYTES and getattr(record.raw_stream, "limit", 0) > 0:
                    # the archive ended before the record did: a cut download or copy
                    log.warning("WARC %s cut inside HTML record %d", name, index)
                    yield errors.failure(
                        name, index, errors.TRUNCATED_WARC, f"record {index} is incomplete"
                    )
                    return
                yield _document(record, data, Origin(name, index))
    except FileNotFoundError:
        yield errors.failure(name, None, errors.NOT_FOUND)
    except OSError as exc:
        yield errors.failure(name, None, errors.UNREADABLE, f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # warcio/zlib/EOF errors on a cut or corrupt archive
        log.warning("WARC %s cut short after %d HTML records: %s", name, position, exc)
        yield errors.failure(
            name, position, errors.TRUNCATED_WARC, f"after {position} HTML records ({exc})"
        )
    else:
        if position == 0:
            log.info("WARC %s holds no HTML response records", name)


def _document(record, data: bytes, origin: Origin) -> RawDocument | Failure:
    notes: list[str] = []
    if len(data) > MAX_FILE_BYTES:
        data = data[:MAX_FILE_BYTES]
        notes.append(f"record truncated at {MAX_FILE_BYTES} bytes")
    if not data.strip():
        return errors.failure(origin.path, origin.index, errors.EMPTY, "empty WARC record")
    match = _CHARSET.search(record.http_headers.get_header("Content-Type") or "")
    text, decode_notes = decode_bytes(data, declared=match.group(1) if match else None)
    url = record.rec_headers.get_header("WARC-Target-URI")
    raw = raw_from_html(text, origin, url=url, notes=notes + decode_notes)
    if isinstance(raw, RawDocument) and not raw.published:
        raw.published = record.rec_headers.get_header("WARC-Date")
    return raw
