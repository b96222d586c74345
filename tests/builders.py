"""Builders of invented records, shared by the store, CLI, API, UI, export and browser tests.

A few small functions (:func:`document`, :func:`event`, :func:`evidence`, :func:`actor`) fill the
fields every test repeats, and the named sets built on them (:func:`sample_results`,
:func:`third_report`, :func:`evil_report`, :func:`timeline_reports`) are the records the tests
assert on. Every article is invented.
"""

from __future__ import annotations

from typing import Any

from newsevents.records import (
    Actor,
    Caption,
    Claim,
    Contradiction,
    Count,
    DateValue,
    Document,
    DocumentResult,
    Event,
    Evidence,
    Location,
    Origin,
    Quote,
)

ARTICLE_A = (
    "Officials from Norway and Chile held talks in Oslo on Monday about fishing quotas.\n\n"
    "The talks ended without agreement, the Norwegian ministry said.\n\n"
    "Police in Valparaiso detained 14 protesters on Tuesday, a police spokesman said. "
    '"We acted within the law," the spokesman said.'
)
ARTICLE_B = (
    "An air strike on the village of Kafr Tala killed at least 9 people on Sunday.\n\n"
    "The army denied that its aircraft hit the village.\n\n"
    "Local medics said dozens were wounded."
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


# ---- building blocks ---------------------------------------------------------------------------


def actor(
    country: str | None = None,
    sector: str | None = None,
    role: str | None = None,
    name: str | None = None,
    anonymous: bool = False,
) -> Actor:
    return Actor(name, role, country, sector, anonymous)


def evidence(text: str, sentence: str, index: int = 0, trigger: str | None = None) -> Evidence:
    """Evidence for ``sentence`` (the ``index``-th sentence), with its offsets in ``text``."""
    start = text.index(sentence)
    return Evidence(index, start, start + len(sentence), sentence, trigger)


def document(
    id: str, text: str, title: str, source: str, published: str, path: str, index: int = 0,
    **fields: Any,
) -> Document:  # fmt: skip
    """A document published on a known day."""
    return Document(
        id=id, title=title, text=text, origin=Origin(path, index), source=source,
        published=published, published_precision="day", **fields,
    )  # fmt: skip


def event(
    id: str, doc: Document, type: str, sentence: str, trigger: str | None, index: int = 0,
    status: str = "asserted", **fields: Any,
) -> Event:  # fmt: skip
    """An event of ``doc`` whose evidence is ``sentence`` of its text (published as the doc)."""
    fields.setdefault("published", doc.published)
    fields.setdefault("confidence", 0.5)
    return Event(
        id=id, doc=doc.id, type=type, status=status,
        evidence=evidence(doc.text, sentence, index, trigger), **fields,
    )  # fmt: skip


# ---- named sets ----------------------------------------------------------------------------------


def sample_results() -> tuple[list[DocumentResult], list[Contradiction]]:
    """Two invented documents with events, quotes and claims, plus one contradiction."""
    doc_a = document(
        "d-aaaa000000000001", ARTICLE_A, "Norway and Chile talk fish", "Harbour Gazette",
        "2024-03-05", "inputs/a.txt", url="https://example.org/a", byline="By Ana Vik",
        dateline="OSLO, March 5", captions=[Caption("Boats in Oslo harbour.", "Photo/Ana Vik")],
    )  # fmt: skip
    doc_b = document(
        "d-bbbb000000000002", ARTICLE_B, "Strike on Kafr Tala", "Valley Post", "2024-03-11",
        "inputs/b.jsonl", 3,
    )  # fmt: skip
    a0, _a1, a2 = ARTICLE_A.split("\n\n")
    a2, a3 = a2[: a2.index(' "')], a2[a2.index(' "') + 1 :]
    b0, b1, b2 = ARTICLE_B.split("\n\n")
    nor, chl, army = actor("NOR", "GOV"), actor("CHL", "GOV"), actor("SYR", "MIL")
    police = actor("CHL", "COP", name="Valparaiso police")
    consult = event(
        "e-aaaa000000000001", doc_a, "CONSULT", a0, "held talks", mode="meeting",
        source_actors=[nor], target_actors=[chl],
        location=Location("Oslo", "NOR", "Oslo", 59.91, 10.75, "city"),
        date=DateValue("2024-03-04", "day", "on Monday"), confidence=0.8,
    )  # fmt: skip
    arrest = event(
        "e-aaaa000000000002", doc_a, "COERCE", a2, "detained", 2, "claimed", mode="arrest",
        source_actors=[police], target_actors=[actor("CHL", "CVL", "protesters")],
        location=Location("Valparaiso", "CHL", "Valparaiso", -33.05, -71.62, "city"),
        date=DateValue("2024-03-05", "day", "on Tuesday"), reported_by=police, confidence=0.7,
    )  # fmt: skip
    strike = event(
        "e-bbbb000000000001", doc_b, "ASSAULT", b0, "air strike", mode="aerial",
        source_actors=[army], target_actors=[actor("SYR", "CVL", "villagers")],
        location=Location("Kafr Tala", "SYR", "Hama", 35.1, 36.5, "point"),
        date=DateValue("2024-03-10", "day", "on Sunday"),
        fatalities=Count(9, None, "at least 9"), injuries=Count(24, None, "dozens"),
        confidence=0.9,
    )  # fmt: skip
    denied = event(
        "e-bbbb000000000002", doc_b, "ASSAULT", b1, "hit", 1, "denied", mode="aerial",
        source_actors=[army], confidence=0.4,
    )  # fmt: skip
    quote = Quote(
        id="q-aaaa000000000001", doc=doc_a.id, text="We acted within the law", type="direct",
        evidence=evidence(ARTICLE_A, a3, 3), cue="said",
        speaker=actor("CHL", "COP", "police spokesman", anonymous=True),
    )  # fmt: skip
    claim_1 = Claim(
        id="c-bbbb000000000001", doc=doc_b.id, claimant=army, text="its aircraft hit the village",
        stance="denies", evidence=evidence(ARTICLE_B, b1, 1, "denied"), about=strike.id,
    )  # fmt: skip
    claim_2 = Claim(
        id="c-bbbb000000000002", doc=doc_b.id, claimant=actor("SYR", "CVL", "medics"),
        text="dozens were wounded", stance="asserts", evidence=evidence(ARTICLE_B, b2, 2, "said"),
        figure=Count(24, None, "dozens"),
    )  # fmt: skip
    results = [
        DocumentResult(doc_a, [consult, arrest], [quote], []),
        DocumentResult(doc_b, [strike, denied], [], [claim_1, claim_2]),
    ]
    contradiction = Contradiction(
        id="x-bbbb000000000001", claims=[claim_1.id, claim_2.id], basis="explicit_denial"
    )
    return results, [contradiction]


def third_report() -> DocumentResult:
    """Another outlet's report of the Kafr Tala strike (same type, actors, place, next day)."""
    doc = document(
        "d-cccc000000000003", ARTICLE_C, "Bombs fall near Kafr Tala", "Hill Courier",
        "2024-03-11", "inputs/c.txt",
    )  # fmt: skip
    strike = event(
        "e-cccc000000000001", doc, "ASSAULT", ARTICLE_C.split("\n\n")[0], "bombed",
        mode="aerial", source_actors=[actor("SYR", "MIL")],
        target_actors=[actor("SYR", "CVL", "residents")],
        location=Location("Kafr Tala", "SYR", "Hama", 35.1, 36.5, "point"),
        date=DateValue("2024-03-10", "day", "on Sunday"), fatalities=Count(8, None, "eight"),
        confidence=0.8,
    )  # fmt: skip
    return DocumentResult(doc, [strike], [], [])


def evil_report() -> DocumentResult:
    """An article whose text and title hold markup that must never reach the page as markup."""
    doc = document(
        "d-eeee000000000001", ARTICLE_EVIL, 'March <script>alert("title")</script>',
        "Square <img src=x onerror=alert(1)> Times", "2024-02-20", "inputs/evil.html",
    )  # fmt: skip
    march = event(
        "e-eeee000000000001", doc, "PROTEST", ARTICLE_EVIL.split("\n\n")[0], "carried",
        mode="demo", source_actors=[actor("FRA", "CVL", name="<i>Square</i> protesters")],
        location=Location("Lyon <b>", "FRA", None, 45.76, 4.84, "city"),
        date=DateValue("2024-02-19", "day", "yesterday"), confidence=0.6,
    )  # fmt: skip
    return DocumentResult(doc, [march], [], [])


TIMELINE_PLACES = [
    ("Goma", "COD", -1.68, 29.22), ("Khartoum", "SDN", 15.5, 32.56),
    ("Kharkiv", "UKR", 49.99, 36.23), ("Mogadishu", "SOM", 2.04, 45.34),
    ("Caracas", "VEN", 10.48, -66.9), ("Dhaka", "BGD", 23.81, 90.41),
]  # fmt: skip
TIMELINE_KINDS = [("ASSAULT", "shelled"), ("PROTEST", "rallied"), ("CONSULT", "met"),
                  ("COERCE", "detained"), ("AID", "delivered")]  # fmt: skip


def timeline_reports(days: int = 12) -> list[DocumentResult]:
    """One invented document a day from 2024-03-01, so charts and maps have something to show."""
    results = []
    for i in range(days):
        name, country, lat, lon = TIMELINE_PLACES[i % len(TIMELINE_PLACES)]
        kind, verb = TIMELINE_KINDS[i % len(TIMELINE_KINDS)]
        day = f"2024-03-{i + 1:02d}"
        sentence = f"Officials said crowds in {name} {verb} on {day}, according to witnesses."
        doc = document(
            f"d-ffff{i:012d}", f"{sentence}\n\nMore details were not immediately available "
            f"from {name}.", f"Report {i + 1} from {name}", "Wire Digest", day, f"inputs/t{i}.txt",
        )  # fmt: skip
        report = event(
            f"e-ffff{i:012d}", doc, kind, sentence, verb, source_actors=[actor(country, "CVL")],
            location=Location(name, country, None, lat, lon, "city"),
            date=DateValue(day, "day", f"on {day}"),
        )  # fmt: skip
        results.append(DocumentResult(doc, [report], [], []))
    return results
