"""Turn one RawDocument into clean Documents (placeholder until the splitter lands)."""

from __future__ import annotations

from newsevents.records import Document, Origin, RawDocument, stable_id


def documents_from_raw(raw: RawDocument) -> list[Document]:
    text = raw.content.strip()
    title, _, body = text.partition("\n")
    origin = Origin(raw.origin.path, raw.origin.index or 0)
    doc_id = stable_id("d", origin.path, origin.index, title, body)
    return [Document(id=doc_id, title=title, text=body.strip(), origin=origin, source=raw.source)]
