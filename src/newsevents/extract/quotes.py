"""Quote extraction: direct, indirect and mixed quotes with their speakers."""

from __future__ import annotations

from newsevents.annotate.pipeline import AnnotatedDocument
from newsevents.records import Quote
from newsevents.resolve.mentions import Resolution


def extract_quotes(adoc: AnnotatedDocument, resolution: Resolution) -> list[Quote]:
    return []
