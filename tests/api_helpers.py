"""Invented records for the API, UI and browser tests (on top of conftest's sample records)."""

from __future__ import annotations

from newsevents.pipeline import DocumentResult
from newsevents.records import (
    Actor,
    Count,
    DateValue,
    Document,
    Event,
    Evidence,
    Location,
    Origin,
)

ARTICLE_C = (
    "Government aircraft bombed the outskirts of Kafr Tala on Sunday, killing eight people, "
    "residents told the Hill Courier.\n\n"
    "Rescue teams searched the rubble until Monday morning."
)

ARTICLE_EVIL = (
    'Protesters carried a banner reading <script>alert("pwned")</script> through the square.\n\n'
    "Organisers said <b>thousands</b> joined the march & the rally that followed."
)


def _span(text: str, sentence: str) -> tuple[int, int]:
    start = text.index(sentence)
    return start, start + len(sentence)


def third_report() -> DocumentResult:
    """Another outlet's report of the Kafr Tala strike (same type, actors, place, next day)."""
    doc = Document(
        id="d-cccc000000000003", title="Bombs fall near Kafr Tala", text=ARTICLE_C,
        origin=Origin("inputs/c.txt", 0), source="Hill Courier", published="2024-03-11",
        published_precision="day",
    )  # fmt: skip
    sentence = ARTICLE_C.split("\n\n")[0]
    event = Event(
        id="e-cccc000000000001", doc=doc.id, type="ASSAULT", mode="aerial", status="asserted",
        evidence=Evidence(0, *_span(ARTICLE_C, sentence), sentence, "bombed"),
        source_actors=[Actor(None, None, "SYR", "MIL", False)],
        target_actors=[Actor(None, "residents", "SYR", "CVL", False)],
        location=Location("Kafr Tala", "SYR", "Hama", 35.1, 36.5, "point"),
        date=DateValue("2024-03-10", "day", "on Sunday"), fatalities=Count(8, None, "eight"),
        published="2024-03-11", confidence=0.8,
    )  # fmt: skip
    return DocumentResult(doc, [event], [], [])


def evil_report() -> DocumentResult:
    """An article whose text and title hold markup that must never reach the page as markup."""
    doc = Document(
        id="d-eeee000000000001", title='March <script>alert("title")</script>',
        text=ARTICLE_EVIL, origin=Origin("inputs/evil.html", 0),
        source='Square <img src=x onerror=alert(1)> Times', published="2024-02-20",
        published_precision="day",
    )  # fmt: skip
    sentence = ARTICLE_EVIL.split("\n\n")[0]
    event = Event(
        id="e-eeee000000000001", doc=doc.id, type="PROTEST", mode="demo", status="asserted",
        evidence=Evidence(0, *_span(ARTICLE_EVIL, sentence), sentence, "carried"),
        source_actors=[Actor("<i>Square</i> protesters", None, "FRA", "CVL", False)],
        location=Location("Lyon <b>", "FRA", None, 45.76, 4.84, "city"),
        date=DateValue("2024-02-19", "day", "yesterday"), published="2024-02-20",
        confidence=0.6,
    )  # fmt: skip
    return DocumentResult(doc, [event], [], [])


def timeline_reports(days: int = 12) -> list[DocumentResult]:
    """A few invented documents over several days, so charts and maps have something to show."""
    places = [
        ("Goma", "COD", -1.68, 29.22), ("Khartoum", "SDN", 15.5, 32.56),
        ("Kharkiv", "UKR", 49.99, 36.23), ("Mogadishu", "SOM", 2.04, 45.34),
        ("Caracas", "VEN", 10.48, -66.9), ("Dhaka", "BGD", 23.81, 90.41),
    ]  # fmt: skip
    kinds = [("ASSAULT", "shelled"), ("PROTEST", "rallied"), ("CONSULT", "met"),
             ("COERCE", "detained"), ("AID", "delivered")]  # fmt: skip
    results = []
    for i in range(days):
        name, country, lat, lon = places[i % len(places)]
        kind, verb = kinds[i % len(kinds)]
        day = f"2024-03-{i + 1:02d}"
        sentence = f"Officials said crowds in {name} {verb} on {day}, according to witnesses."
        text = f"{sentence}\n\nMore details were not immediately available from {name}."
        doc = Document(
            id=f"d-ffff{i:012d}", title=f"Report {i + 1} from {name}", text=text,
            origin=Origin(f"inputs/t{i}.txt", 0), source="Wire Digest", published=day,
            published_precision="day",
        )  # fmt: skip
        event = Event(
            id=f"e-ffff{i:012d}", doc=doc.id, type=kind, status="asserted",
            evidence=Evidence(0, 0, len(sentence), sentence, verb),
            source_actors=[Actor(None, None, country, "CVL", False)],
            location=Location(name, country, None, lat, lon, "city"),
            date=DateValue(day, "day", f"on {day}"), published=day, confidence=0.5,
        )  # fmt: skip
        results.append(DocumentResult(doc, [event], [], []))
    return results
