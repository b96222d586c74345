"""Claims on invented sentences: stance, casualty figures, running tolls and accusations."""

from __future__ import annotations

import pytest

from newsevents.annotate.pipeline import annotate
from newsevents.extract.claims import extract_claims
from newsevents.extract.figures import find_figures
from newsevents.extract.quotes import extract_quotes
from newsevents.records import Document, Origin
from newsevents.resolve.document import resolve_document


def claims_of(text: str):
    document = Document(id="d-claims", title="Test", text=text, origin=Origin("c.txt", 0))
    adoc = next(annotate([document]))
    resolution = resolve_document(adoc)
    quotes = extract_quotes(adoc, resolution)
    return extract_claims(adoc, resolution, [], quotes)


def claim_with(claims, needle: str):
    hits = [c for c in claims if needle in c.text]
    assert hits, [c.text for c in claims]
    return hits[0]


@pytest.mark.parametrize(
    ("text", "needle", "stance"),
    [
        (
            "The Malian army denied that its drones had hit a wedding.",
            "its drones had hit",
            "denies",
        ),
        (
            "A Libyan official said the report published by the coast guard was false.",
            "was false",
            "denies",
        ),
        (
            "The Indian navy said no vessel had been seized in the strait.",
            "no vessel had been seized",
            "denies",
        ),
        (
            "The Kenyan police said officers had arrested nine suspects in Nairobi.",
            "officers had arrested nine suspects",
            "asserts",
        ),
        (
            "“We have not given up and we never will,” said Omar Said, a farmer in Gedaref.",
            "We have not given up",
            "asserts",
        ),
    ],
)
def test_stance(text: str, needle: str, stance: str) -> None:
    assert claim_with(claims_of(text), needle).stance == stance


def test_casualty_figure_and_victims_each_make_a_claim() -> None:
    text = (
        "A strike on a clinic in Kadugli killed nine people, including four children, the "
        "Sudanese health ministry said."
    )
    claims = claims_of(text)
    figures = sorted((c.figure.min, c.figure.text) for c in claims if c.figure)
    assert figures == [(4, "four children"), (9, "nine people")]
    assert all(c.claimant.country == "SDN" for c in claims)


@pytest.mark.parametrize(
    ("text", "low", "high", "toll"),
    [
        ("killing between six and ten people", 6, 10, False),
        ("at least 2,310 people have been killed since March", 2310, None, True),
        ("up to 15 soldiers were killed", None, 15, False),
        ("dozens of civilians were killed", 24, None, False),
        ("more than 400 people have died so far this year", 400, None, True),
    ],
)
def test_figures(text: str, low: int | None, high: int | None, toll: bool) -> None:
    (figure,) = find_figures(text)
    assert (figure.count.min, figure.count.max, figure.toll) == (low, high, toll)


def test_years_and_percentages_are_not_figures() -> None:
    assert find_figures("The council said the party had won 54% of the vote in 2021.") == []


def test_an_accusation_is_a_claim_of_its_accuser() -> None:
    claims = claims_of("Addis Ababa accused Eritrea of arming the rebels.")
    claim = claim_with(claims, "accused Eritrea")
    assert claim.claimant.country == "ETH"
    assert claim.evidence.trigger == "accused"
    assert claim.stance == "asserts"
