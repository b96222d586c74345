"""Event extraction: triggers + dependency patterns -> PLOVER events."""

from __future__ import annotations

from newsevents.annotate.pipeline import AnnotatedDocument
from newsevents.records import Event
from newsevents.resolve.mentions import Resolution


def extract_events(adoc: AnnotatedDocument, resolution: Resolution) -> list[Event]:
    return []
