"""What the linker needs to know about a claim, read from the claim record alone.

Claims loaded back from the store have no parse, so everything here works on the claim's text,
claimant, stance, figure and evidence: content words (with word classes from
``data/link_words.yaml``), the countries and organizations it names, whether it is negated, an
accusation or a running toll, and the places and weekdays that pin down an incident.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from newsevents.extract.claims import is_explicit_denial
from newsevents.extract.figures import TOLL, VICTIMS
from newsevents.records import Claim, Event
from newsevents.resolve.gazetteer import REGION, load_gazetteer

WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "link_words.yaml"
# Event types that are incidents (one place, one day) and the statuses of acts not yet real.
INCIDENT_TYPES = frozenset({"ASSAULT"})
PROSPECTIVE = frozenset({"hypothetical", "planned"})
# Acts that are a stance on what is to come ("would strike if …", "would not allow …"): a claim
# telling only of these (or of hypothetical and planned acts) says nothing a denial can deny.
STANCE_TYPES = frozenset({"THREATEN", "REJECT"})
# Resolved places precise enough to be an incident's (a town or a site, never a region).
PLACE_PRECISIONS = frozenset({"point", "city", None})
INCIDENT_DATE_WINDOW = 1  # days two reports' dates of one incident may differ (time zones)
DIRECTIONS = frozenset(
    {"northern", "southern", "eastern", "western", "central", "north", "south", "east", "west"}
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ACCUSE_TRIGGERS = re.compile(r"^(accus|blam)", re.I)
# A named place: capitalized words after a locative preposition ("in northern Omdurman",
# "the town of Balcad", "near Deir al-Balah").
PLACE = re.compile(
    r"\b(?:in|near|at|outside|around|of|from|into)\s+(?:the\s+)?"
    r"(?:(?:northern|southern|eastern|western|central|north|south|east|west)\s+)?"
    r"([A-Z][a-z]+(?:[ -](?:al-|el-|de |du )?[A-Z][a-z]+)*)"
)


@functools.lru_cache(maxsize=1)
def link_words() -> tuple[dict[str, str], frozenset[str]]:
    """(word -> class name, stopwords) from ``link_words.yaml``."""
    data = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    classes = {str(w).lower(): name for name, words in data["classes"].items() for w in words}
    return classes, frozenset(str(w).lower() for w in data["stopwords"])


@functools.lru_cache(maxsize=1)
def _site_pattern() -> tuple[re.Pattern[str], frozenset[str]]:
    """A capitalized name before a site noun ("Kuma market", "the Mugunga displacement
    camp"), and the capitalized words that are no names there."""
    data = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    nouns = "|".join(re.escape(str(w)) for w in data["place_nouns"])
    pattern = re.compile(
        rf"(?<![\w'’-])([A-Z][a-z]+(?:[ -](?:al-|el-)?[A-Z][a-z]+)*)"
        rf"(?:\s+[a-z]+)?\s+(?:{nouns})\b"
    )
    return pattern, frozenset(str(w).lower() for w in data["not_places"])


def place_names(text: str, exclude: set[str]) -> set[str]:
    """Named places of a claim: after a locative preposition ("in northern Omdurman") or
    before a site noun ("Kuma market"), never a state's own name or a weekday."""
    found = {m.group(1) for m in PLACE.finditer(text)}
    sites, not_places = _site_pattern()
    found |= {m.group(1) for m in sites.finditer(text) if m.group(1).lower() not in not_places}
    return {p for p in found if p not in exclude and p.lower() not in WEEKDAYS}


@functools.lru_cache(maxsize=1)
def _name_pattern() -> tuple[re.Pattern[str], dict[str, tuple[str, bool]]]:
    """One alternation of the resolver's names that carry a country (states, demonyms,
    capitals, seats of power, named bodies; not regions), longest first, with their country
    and whether the name is a state's own (a country, demonym or capital, never a place here)."""
    table: dict[str, tuple[str, bool]] = {}
    for surface, entries in load_gazetteer().surface.items():
        entry = next((e for e in entries if e.country and e.kind != REGION), None)
        if entry is not None and len(surface) > 1:
            state = entry.kind in ("country", "demonym", "capital")
            table[surface] = (entry.country, state)
    alternation = "|".join(re.escape(n) for n in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])"), table


def names_in(text: str) -> list[tuple[str, str, bool]]:
    """(name, iso3, is a state's own name) of every country-bearing name in a claim's text.

    Claims loaded back from the store have no parse, so this matches the resolver's gazetteer
    (``resolve.gazetteer``) on the plain text: exact case, the longest name at each place.
    """
    pattern, table = _name_pattern()
    return [(m.group(), *table[m.group()]) for m in pattern.finditer(text)]


def _stem(word: str) -> str:
    """A crude stem: enough to match "normalization"/"normalizing" or "fire"/"fired"."""
    for suffix in ("ization", "izing", "isation", "ising", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """A claim and what was read from it."""

    claim: Claim
    key: tuple  # who claims: name, role, country, sector
    words: frozenset[str]
    countries: frozenset[str]
    denial: bool  # stance denies, or a negated proposition
    explicit: bool  # a denial verb or a word of falsity
    accusation: bool
    places: frozenset[str]
    weekdays: frozenset[str]
    category: str | None
    toll: bool
    # from the document's events whose evidence overlaps the claim (empty for claims loaded back
    # from the store without their events): the types of the acts it reports as real (not
    # hypothetical or planned), whether it only tells of acts that did not happen yet (or of
    # threats and refusals), and the
    # day ordinals of those acts' day-precision dates
    types: frozenset[str] = frozenset()
    prospective: bool = False
    days: frozenset[int] = frozenset()


def overlapping_events(claim: Claim, events: Iterable[Event]) -> list[Event]:
    """The events a claim tells of: those of its document whose sentence overlaps the claim
    and whose trigger word is among the claim's words (a sentence may hold the speaker's own
    act too: "said P and urged Y to …" is not what P is about)."""
    start, end = claim.evidence.start, claim.evidence.end
    found = []
    for event in events:
        ev = event.evidence
        if event.doc != claim.doc or min(end, ev.end) <= max(start, ev.start):
            continue
        trigger = (ev.trigger or "").strip()
        if trigger and re.search(rf"(?<!\w){re.escape(trigger)}(?!\w)", claim.text, re.I):
            found.append(event)
    return found


def _event_day(event: Event) -> int | None:
    date = event.date
    if date is None or date.precision != "day" or not date.value:
        return None
    try:
        return datetime.date.fromisoformat(date.value[:10]).toordinal()
    except ValueError:
        return None


def _place_key(name: str) -> str:
    """A place name as the claim regex writes it ("Let Pan Hla"), without a direction word."""
    words = [w for w in name.split() if w.lower() not in DIRECTIONS]
    return " ".join(w[:1].upper() + w[1:] for w in words)


def facts_of(claim: Claim, events: Iterable[Event] = ()) -> ClaimFacts:
    """Read a claim's facts from its text and fields (and, when given, the events of its
    document: what acts it is about, their dates and resolved places)."""
    classes, stopwords = link_words()
    text = claim.text
    words: set[str] = set()
    for raw in re.findall(r"[A-Za-z][\w'-]*", text):
        word = raw.lower().strip("'")
        if word in stopwords or len(word) < 3:
            continue
        words.add(classes.get(word, _stem(word)))
    named = names_in(text)
    countries = {iso3 for _, iso3, _ in named}
    alias_words = {name for name, _, state in named if state}
    places = place_names(text, alias_words)
    actor = claim.claimant
    category = None
    if claim.figure is not None:
        for word in claim.figure.text.lower().split():
            category = VICTIMS.get(word.strip(",."), category)
    trigger = claim.evidence.trigger or ""
    told = overlapping_events(claim, events)
    real = [e for e in told if e.status not in PROSPECTIVE]
    facts = [e for e in real if e.type not in STANCE_TYPES]
    for event in real:
        location = event.location
        if (
            event.type in INCIDENT_TYPES
            and location is not None
            and location.name
            and location.precision in PLACE_PRECISIONS
        ):
            places.add(_place_key(location.name))
    days = {d for d in (_event_day(e) for e in real if e.type in INCIDENT_TYPES) if d}
    return ClaimFacts(
        claim=claim,
        key=(actor.name, actor.role, actor.country, actor.sector),
        words=frozenset(words),
        countries=frozenset(countries),
        denial=claim.stance == "denies",
        explicit=claim.stance == "denies" and is_explicit_denial(trigger, text),
        accusation=bool(ACCUSE_TRIGGERS.match(trigger)),
        places=frozenset(places),
        weekdays=frozenset(w for w in WEEKDAYS if w in text.lower()),
        category=category,
        toll=bool(TOLL.search(text)),
        types=frozenset(e.type for e in real),
        prospective=bool(told) and not facts,
        days=frozenset(days),
    )


def denial_score(denial: ClaimFacts, other: ClaimFacts) -> int:
    """How strongly a denial answers another claim: shared words and classes, plus bonuses when
    the other claim accuses someone or names the denier's country, or the denial names the
    other claimant's."""
    shared = len(denial.words & other.words)
    score = shared
    if other.accusation:
        score += 2
    if denial.claim.claimant.country and denial.claim.claimant.country in other.countries:
        score += 2
    claimant = other.claim.claimant.country
    named = claimant and claimant != denial.claim.claimant.country
    if denial.explicit and named and claimant in denial.countries:
        score += 1  # an explicit denial names whom it answers ("the Turkish statement was false")
    return score


def answerable(denial: ClaimFacts, other: ClaimFacts) -> bool:
    """Whether a denial can answer a claim at all: another side's account (not an accusation
    by the denier's own state and sector), of something said to have happened (not only a threat or
    a plan), on the same topic (a shared event type when the events of both are known)."""
    mine, theirs = denial.claim.claimant, other.claim.claimant
    if other.accusation and mine.country is not None:
        if (mine.country, mine.sector) == (theirs.country, theirs.sector):
            return False  # a state's body does not deny its own side's accusation
    if other.prospective and not denial.prospective:
        return False
    return not (denial.types and other.types and not denial.types & other.types)


def conflicting_figures(one: ClaimFacts, other: ClaimFacts) -> bool:
    """Two incident tolls of the same victims that differ."""
    first, second = one.claim.figure, other.claim.figure
    if first is None or second is None or one.toll or other.toll:
        return False
    if one.category is None or one.category != other.category:
        return False
    return (first.min, first.max) != (second.min, second.max)


INCIDENT_CLASSES = frozenset({"attack", "killing"})  # word classes of link_words.yaml


def _violent(fact: ClaimFacts) -> bool:
    return bool(INCIDENT_CLASSES & fact.words) or bool(INCIDENT_TYPES & fact.types)


def names_incident(fact: ClaimFacts) -> bool:
    """Whether a claim can tell of an incident: a named place (in its words or its event's
    resolved location) and attack or killing words or an attack event (the linker indexes only
    these for cross-document matching)."""
    return bool(fact.places) and _violent(fact)


def same_incident(one: ClaimFacts, other: ClaimFacts) -> bool:
    """Two claims about one incident: a shared place, no clashing weekday or event date (more
    than ``INCIDENT_DATE_WINDOW`` days apart), attack words or attack events on both sides."""
    if not one.places & other.places:
        return False
    if one.weekdays and other.weekdays and not one.weekdays & other.weekdays:
        return False
    if one.days and other.days:
        gap = min(abs(a - b) for a in one.days for b in other.days)
        if gap > INCIDENT_DATE_WINDOW:
            return False
    return _violent(one) and _violent(other)
