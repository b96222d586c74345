"""Resolve one annotated document: actors (with coreference), places and dates."""

from __future__ import annotations

from newsevents.annotate.pipeline import AnnotatedDocument
from newsevents.resolve.actors import ActorResolver, find_hits
from newsevents.resolve.dates import find_dates
from newsevents.resolve.frames import find_frame_places
from newsevents.resolve.gazetteer import load_gazetteer
from newsevents.resolve.mentions import Resolution
from newsevents.resolve.pairs import pair_mentions
from newsevents.resolve.places import resolve_places


def resolve_document(adoc: AnnotatedDocument) -> Resolution:
    """Every actor, place and date mention of the body, each list sorted by start offset."""
    gaz = load_gazetteer()
    doc = adoc.doc
    hits = find_hits(gaz, doc)
    resolver = ActorResolver(gaz, doc, hits)
    frames = find_frame_places(gaz, doc, resolver.hit_at)  # before actors: they skip these
    resolver.skip_places(frames)
    actors = resolver.resolve()
    pairs = pair_mentions(doc, actors)
    paired = {(m.start, m.end) for m in pairs}  # the two parties replace a generic reading
    actors = sorted(
        [*(m for m in actors if (m.start, m.end) not in paired), *pairs], key=lambda m: m.start
    )
    spans = {(m.start, m.end) for m in actors}
    places = resolve_places(gaz, doc, hits, spans, resolver.focus, frames)
    dates = find_dates(doc, adoc.document.published)
    return Resolution(actors=actors, places=places, dates=dates)
