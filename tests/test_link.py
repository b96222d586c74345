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


# ---- scaling: the incident index (claim records built directly, no parse) --------------------


def toll_claim(doc_id: str, n: int, place: str, toll: int, who: str = "a local official"):
    """A claim as extract_claims makes it from 'An air strike … in PLACE killed N people'."""
    from newsevents.records import Actor, Claim, Count, Evidence

    text = f"An air strike on a market in {place} on Monday killed {toll} people"
    return Claim(
        id=f"c-{doc_id}-{n}", doc=doc_id, claimant=Actor(role=who, country="SDN", sector="GOV"),
        text=text, stance="asserts", evidence=Evidence(n, 0, len(text), text, "said"),
        figure=Count(toll, None, f"{toll} people"),
    )  # fmt: skip


def count_candidates(monkeypatch, linker_module) -> list[int]:
    """Record every earlier claim a new claim is checked against (the time check comes first)."""
    calls: list[int] = []
    original = linker_module.Linker._close_in_time
    monkeypatch.setattr(
        linker_module.Linker,
        "_close_in_time",
        lambda self, one, other: calls.append(1) or original(self, one, other),
    )
    return calls


def bare_doc(name: str, published: str | None) -> Document:
    # distinct bodies: too short for MinHash, so never duplicates of each other
    return Document(id=name, title=name, text=name, origin=Origin(name, 0), published=published)


def test_far_apart_reports_are_never_compared(monkeypatch) -> None:
    """A new claim meets only the claims of its place within the day window."""
    import datetime

    import newsevents.link.linker as linker_module

    calls = count_candidates(monkeypatch, linker_module)
    linker = Linker()
    start = datetime.date(2024, 1, 1)
    for i in range(120):  # one report a week about the same town
        day = (start + datetime.timedelta(days=7 * i)).isoformat()
        linker.add(bare_doc(f"d{i}", day), [], [toll_claim(f"d{i}", 0, "Tawila", 10 + i)])
    assert calls == []  # no two reports share a window: nothing compared, nothing contradicts
    found = linker.add(bare_doc("late", "2024-01-03"), [], [toll_claim("late", 0, "Tawila", 99)])
    assert len(calls) == 1  # only the report of 2024-01-01, not the other 119
    assert [c.basis for c in found] == ["conflicting_figures"]


def test_undated_reports_meet_every_day_and_other_places_never(monkeypatch) -> None:
    import newsevents.link.linker as linker_module

    calls = count_candidates(monkeypatch, linker_module)
    linker = Linker()
    linker.add(bare_doc("a", "2024-03-01"), [], [toll_claim("a", 0, "Tawila", 12)])
    linker.add(bare_doc("b", "2024-09-01"), [], [toll_claim("b", 0, "Tawila", 14)])
    linker.add(bare_doc("c", "2024-09-01"), [], [toll_claim("c", 0, "Kassala", 20)])
    calls.clear()
    found = linker.add(bare_doc("u", None), [], [toll_claim("u", 0, "Tawila", 30)])
    assert len(calls) == 2  # both Tawila reports (an undated report may be either), not Kassala
    assert len(found) == 2


def test_an_add_costs_the_same_in_a_flood_of_reports(monkeypatch) -> None:
    """Hundreds of reports of one place on one day: each add compares a bounded number."""
    import newsevents.link.linker as linker_module

    calls = count_candidates(monkeypatch, linker_module)
    linker = Linker()
    per_add = []
    for i in range(400):
        before = len(calls)
        linker.add(bare_doc(f"d{i}", "2024-05-05"), [], [toll_claim(f"d{i}", 0, "Tawila", i)])
        per_add.append(len(calls) - before)
    assert max(per_add) <= linker_module.MAX_NEAR
    assert per_add[-1] == per_add[200] == linker_module.MAX_NEAR
    # memory: the index keeps the latest claims of the bucket, and only their documents' facts
    assert len(linker.claims) <= linker_module.MAX_BUCKET


# ---- events as the incident key and the topic of a denial -----------------------------------


def run_with_events(linker: Linker, document: Document):
    """Like :func:`run`, with the document's events (what claims are about, where, when)."""
    from newsevents.extract.events import extract_events

    adoc = next(annotate([document]))
    resolution = resolve_document(adoc)
    events = extract_events(adoc, resolution)
    quotes = extract_quotes(adoc, resolution)
    claims = extract_claims(adoc, resolution, events, quotes)
    return claims, linker.add(document, events, claims)


def paired_texts(claims, found) -> list[tuple[str, str]]:
    by_id = {c.id: c for c in claims}
    return [tuple(by_id[i].text for i in c.claims if i in by_id) for c in found]


def test_a_denial_answers_the_attack_not_a_threat() -> None:
    text = (
        "Ugandan jets bombed a market in the village of Kiri in Congo's Ituri province on "
        "Sunday, killing nine civilians, a Congolese government spokesman said.\n\n"
        "Uganda's foreign ministry denied that its aircraft had struck any target inside "
        "Congo.\n\n"
        "Congo's army warned that its forces would shoot down Ugandan aircraft if Uganda "
        "carried out further raids on its territory."
    )
    claims, found = run_with_events(Linker(), doc(text, "threat"))
    pairs = paired_texts(claims, found)
    assert any(any("jets bombed a market" in t for t in p) for p in pairs), pairs
    assert not any(any("would shoot down" in t for t in p) for p in pairs), pairs


def test_a_state_does_not_deny_its_own_sides_accusation() -> None:
    text = (
        "Armenia's prime minister accused Baku of “provoking” villagers in Tavush and ordered "
        "the army to raise its readiness.\n\n"
        "Armenia's defence ministry denied that any units had been moved toward the border."
    )
    _, found = run_with_events(Linker(), doc(text, "own"))
    assert found == []


def test_one_strike_told_without_a_preposition_before_its_place() -> None:
    # the second report names the place only as a modifier ("Kuma market"): its ASSAULT
    # event's resolved town and date tie the two reports together
    linker = Linker()
    one = doc(
        "An air strike on a market in the town of Kuma in Sudan's North Darfur state killed "
        "14 people on Tuesday, a local official said.",
        "kuma1",
        "2024-06-12",
    )
    two = doc(
        "Kuma market was hit by a drone strike on Tuesday that killed 22 people, medics at the "
        "Kuma hospital said.",
        "kuma2",
        "2024-06-12",
    )
    run_with_events(linker, one)
    _, found = run_with_events(linker, two)
    assert [c.basis for c in found] == ["conflicting_figures"]


def test_reports_of_one_place_a_week_apart_are_two_incidents() -> None:
    linker = Linker()
    one = doc(
        "An air strike on the town of Kuma in Sudan's North Darfur state killed 14 people on "
        "June 4, a local official said.",
        "early",
        "2024-06-12",
    )
    two = doc(
        "An air strike on the town of Kuma killed 22 people on June 11, a local official said.",
        "late",
        "2024-06-12",
    )
    run_with_events(linker, one)
    _, found = run_with_events(linker, two)
    assert found == []


def test_a_refusal_is_not_a_claim_a_denial_answers() -> None:
    text = (
        "Guatemala's president said his government would not allow Belize to take a single "
        "island of Guatemalan territory in the disputed bay.\n\n"
        "Belize's foreign ministry said the maritime accord did not take any island or "
        "territory from Guatemala in the bay."
    )
    _, found = run_with_events(Linker(), doc(text, "refusal"))
    assert found == []


def test_an_explicit_denial_answers_the_claimant_it_names() -> None:
    text = (
        "Chad's army said its troops had killed 30 rebels in clashes near the town of Faya on "
        "Monday.\n\n"
        "A French diplomat said that talks on security in Faya had made progress and that the "
        "clashes with the rebels had slowed.\n\n"
        "A rebel spokesman said the statement by the Chadian army on the clashes near Faya was "
        "false."
    )
    claims, found = run_with_events(Linker(), doc(text, "named"))
    pairs = paired_texts(claims, found)
    assert len(pairs) == 1, pairs
    assert any("killed 30 rebels" in t for t in pairs[0])
