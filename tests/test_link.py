"""Linking on invented articles: near-duplicates, denials, conflicting figures and accounts."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents.annotate.pipeline import annotate
from newsevents.extract.claims import extract_claims
from newsevents.extract.quotes import extract_quotes
from newsevents.link.duplicates import shingles
from newsevents.link.linker import Linker
from newsevents.records import Document, Origin
from newsevents.resolve.document import resolve_document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

STORY = (
    "Gunmen attacked a police post in the town of Dori in northern Burkina Faso on Thursday, "
    "killing six officers, a security source said.\n\n"
    "The attackers arrived on motorbikes before dawn and set fire to two vehicles, residents "
    "said.\n\n"
    "The government has extended a state of emergency in the Sahel region for six more months, "
    "and the army says it has retaken several villages from the militants this year."
)


def doc(text: str, name: str, published: str | None = None, source: str | None = None):
    return Document(
        id=f"d-{name}", title=name, text=text, origin=Origin(name, 0), published=published,
        source=source,
    )  # fmt: skip


def run(linker: Linker, document: Document):
    adoc = next(annotate([document]))
    resolution = resolve_document(adoc)
    quotes = extract_quotes(adoc, resolution)
    claims = extract_claims(adoc, resolution, [], quotes)
    return claims, linker.add(document, [], claims)


def test_a_republished_wire_story_points_at_the_earliest_copy() -> None:
    linker = Linker()
    first = doc(STORY, "wire", "2024-05-02", "Sahel Wire")
    rewritten = STORY.replace("Gunmen", "Armed men").replace(" this year", "")
    copy = doc(rewritten, "feed", "2024-05-03", "Ouaga Daily")
    other = doc(
        "Farmers in the region of Kaya said the harvest was the best in a decade after heavy "
        "rains in August, and traders expect millet prices to fall before the end of the year.",
        "other",
        "2024-05-03",
        "Sahel Wire",
    )
    run(linker, first)
    run(linker, copy)
    run(linker, other)
    assert copy.duplicate_of == first.id
    assert other.duplicate_of is None
    assert first.duplicate_of is None


def test_shingles_ignore_case_punctuation_and_quote_style() -> None:
    assert shingles("He said “we will win,” today") == shingles('he said "We will win" today.')


@pytest.mark.parametrize(
    ("text", "basis"),
    [
        (
            "The Chadian army said its jets had destroyed a rebel column near the town of Fada, "
            "killing 40 fighters.\n\n"
            "The rebel FACT group denied that any of its fighters had been killed near Fada.",
            "explicit_denial",
        ),
        (
            "Kinshasa accused Kampala of arming the militia.\n\n"
            "Uganda denied that its officers had supplied weapons to the militia.",
            "explicit_denial",
        ),
        (
            "A Kenyan police commander said militants had attacked a border post at Mandera "
            "overnight, killing seven officers.\n\n"
            "A local elder said the militants had killed 12 officers at the Mandera post.",
            "conflicting_figures",
        ),
    ],
)
def test_contradictions_inside_one_article(text: str, basis: str) -> None:
    _, found = run(Linker(), doc(text, "one"))
    assert [c.basis for c in found] == [basis]


def test_unrelated_claims_are_not_contradictions() -> None:
    text = (
        "The Ghanaian health ministry said 12 new clinics had opened in the north.\n\n"
        "The finance minister said the budget would not be cut this year."
    )
    _, found = run(Linker(), doc(text, "calm"))
    assert found == []


def test_two_reports_of_one_strike_with_different_tolls() -> None:
    linker = Linker()
    one = doc(
        "An air strike hit a market in the town of Tawila on Monday, killing 14 people, a local "
        "aid group said.",
        "first",
        "2024-06-04",
    )
    two = doc(
        "A drone strike on a crowded market in Tawila on Monday killed 31 people, the regional "
        "health ministry said.",
        "second",
        "2024-06-05",
    )
    run(linker, one)
    _, found = run(linker, two)
    assert [c.basis for c in found] == ["conflicting_figures"]


def test_seeded_claims_link_to_new_documents() -> None:
    first = doc(
        "An air strike hit a market in the town of Tawila on Monday, killing 14 people, a local "
        "aid group said.",
        "stored",
        "2024-06-04",
    )
    claims, _ = run(Linker(), first)
    linker = Linker()
    linker.seed([first], claims)
    second = doc(
        "A drone strike on a crowded market in Tawila on Monday killed 31 people, the regional "
        "health ministry said.",
        "new",
        "2024-06-05",
    )
    _, found = run(linker, second)
    assert len(found) == 1 and set(found[0].claims) & {c.id for c in claims}


@pytest.mark.skipif(not (SHARED / "seeds").exists(), reason="shared seeds not available")
def test_seed_al_watan_disputes_the_turkish_ministry() -> None:
    from newsevents.acquire.readers import read_paths
    from newsevents.clean.documents import documents_from_raw

    path = next((SHARED / "seeds").glob("*.txt"))
    raw = next(r for r in read_paths([path]) if hasattr(r, "content"))
    article = documents_from_raw(raw)[0]
    claims, found = run(Linker(), article)
    by_id = {c.id: c for c in claims}
    text = article.text
    al_watan = text.index("Syrian Al-Watan newspaper quoted")
    al_watan_end = text.index("\n", al_watan)
    ministry = text.index("In Ankara, the Turkish Ministry of Defense said")

    def in_sentence(claim, start: int, end: int) -> bool:
        return start <= claim.evidence.start < end

    assert any(
        c.basis == "explicit_denial"
        and any(in_sentence(by_id[i], al_watan, al_watan_end) for i in c.claims)
        and any(in_sentence(by_id[i], ministry, ministry + 300) for i in c.claims)
        for c in found
    )
    source = next(c for c in claims if "was false" in c.text)
    assert source.stance == "denies"
    assert source.claimant.country == "SYR" and source.claimant.anonymous
