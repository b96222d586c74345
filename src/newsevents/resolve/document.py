"""Resolve one annotated document: actors (with coreference), places and dates."""

from __future__ import annotations

from newsevents.annotate.pipeline import AnnotatedDocument
from newsevents.resolve.mentions import Resolution


def resolve_document(adoc: AnnotatedDocument) -> Resolution:
    """Placeholder until the resolvers land: nothing resolved."""
    return Resolution()
