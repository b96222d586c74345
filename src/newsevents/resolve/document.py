"""Resolve one annotated document: actors (with coreference), places and dates."""

from __future__ import annotations

from newsevents.annotate.pipeline import AnnotatedDocument
from newsevents.resolve.actors import find_hits, resolve_actors
from newsevents.resolve.gazetteer import load_gazetteer
from newsevents.resolve.mentions import Resolution


def resolve_document(adoc: AnnotatedDocument) -> Resolution:
    """Every actor, place and date mention of the body, sorted by start offset."""
    gaz = load_gazetteer()
    doc = adoc.doc
    hits = find_hits(gaz, doc)
    actors = resolve_actors(gaz, doc, hits)
    return Resolution(actors=actors)
