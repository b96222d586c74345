"""Claims: attributed propositions (and running tolls) with their claimant and stance."""

from __future__ import annotations

from newsevents.annotate.pipeline import AnnotatedDocument
from newsevents.records import Claim, Event, Quote
from newsevents.resolve.mentions import Resolution


def extract_claims(
    adoc: AnnotatedDocument, resolution: Resolution, events: list[Event], quotes: list[Quote]
) -> list[Claim]:
    return []
